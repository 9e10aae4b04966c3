"""Issue 19, case 14, the thirteenth pass (F14a): a person's step beside a command.

A Validation cell or a checklist item that pairs a command with a person's step ("`true`
then ask the reviewer", "`true`; reviewer signs off in the PR") passed on the command's exit
0 with no note, where "`true` + manual review" waited for a person. The task is done only
when the person has done their part: it is manual (exit 4), and nothing is ticked.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import plan, row, write_plan, write_text_plan


@pytest.mark.parametrize(
    "cell",
    [
        "`true` then ask the reviewer",
        "`true`, then ask the reviewer to approve",
        "`true`; then have the reviewer approve it",
        "`true`, then get a teammate to sign off",
        "`true`; a person confirms the UI by hand",
        "`true` and then a human checks the screenshots",
        "`true`; reviewer signs off in the PR",
        "`true` and have QA sign off",
    ],
)
def test_a_persons_step_in_a_validation_cell_waits_for_them(repo: Path, cell: str) -> None:
    write_plan(repo, [row("T1", cell), row("T2", "`true`")])
    r = plan("run", "T1")
    assert r.code == 4, r.out + r.err
    text = (repo / "plans" / "0001-run.md").read_text(encoding="utf-8")
    assert "| X      | 1       | T1" not in text


@pytest.mark.parametrize(
    "cell",
    ["`true`", "`pytest -q tests/test_review.py || true`", "`grep -c reviewer notes.txt || true`"],
)
def test_commands_that_only_name_a_review_still_run(repo: Path, cell: str) -> None:
    write_plan(repo, [row("T1", cell), row("T2", "`true`")])
    assert plan("run", "T1").code == 0


def test_a_persons_step_in_a_checklist_item_waits_for_them(repo: Path) -> None:
    write_text_plan(
        repo,
        "# Plan\n\n## Progress\n\n- [ ] T1. Run `touch ran`, then ask the reviewer to approve.\n"
        "- [ ] T2. Run `true`.\n",
    )
    r = plan("run", "T1")
    assert r.code == 4, r.out + r.err
    assert not (repo / "ran").exists()
    assert "- [ ] T1." in (repo / "plans" / "0001-run.md").read_text(encoding="utf-8")
