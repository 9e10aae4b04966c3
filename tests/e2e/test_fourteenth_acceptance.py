"""Issue 19, cases 6 and 14, the fourteenth pass (F6a, F14a-acc): acceptance that a run
cannot prove never makes a plan Complete.

A criterion that gives a person a step besides its command ("`true` then the PM confirms the
copy") was run and ticked on the command's exit code; a criterion whose words refuse it (a
check negated while it ran, "Do not run `x`") was left out of the count, and the plan became
Complete with its box open. Such a criterion is not run, and is met only when a person ticks
its box.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import plan, write_text_plan

HEAD = (
    "# Plan: acceptance\n\n- Status: In Progress\n\n## Progress\n\n- [x] T1. Run `true`.\n\n"
    "## Validation and Acceptance\n\n"
)


def status_line(path: Path) -> str:
    return next(ln for ln in path.read_text(encoding="utf-8").splitlines() if "Status:" in ln)


@pytest.mark.parametrize(
    "item",
    [
        "`true` then the PM confirms the copy",
        "`true`; a person checks the screenshots",
        "Run `true`, then ask the reviewer to approve.",
    ],
)
def test_a_persons_step_is_not_ticked_by_a_run(repo: Path, item: str) -> None:
    path = write_text_plan(repo, HEAD + f"- [ ] {item}\n- [ ] `true` second\n")
    r = plan("accept")
    assert r.code == 0, r.out + r.err
    assert "a person's step" in r.out + r.err
    text = path.read_text(encoding="utf-8")
    assert f"- [ ] {item}" in text
    assert "Complete" not in status_line(path)


def test_a_refused_criterion_with_an_open_box_keeps_the_plan_open(repo: Path) -> None:
    path = write_text_plan(repo, HEAD + "- [ ] Do not run `touch made`.\n- [ ] `true` second\n")
    plan("accept")
    assert not (repo / "made").exists()
    assert "Complete" not in status_line(path)


def test_a_persons_tick_completes_it(repo: Path) -> None:
    path = write_text_plan(
        repo, HEAD + "- [x] `true` then the PM confirms the copy\n- [ ] `true` second\n"
    )
    assert plan("accept").code == 0
    assert "Complete" in status_line(path)
