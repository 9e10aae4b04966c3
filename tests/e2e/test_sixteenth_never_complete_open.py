"""Issue 19, case 10, the sixteenth stop (attack16a F20, F21): never Complete while an item
is open or was not read.

F20: in `## Acceptance Criteria`, boxes `[?]`, `[/]`, `[!]`, `[~]`, `[>]`, `[✓]` were dropped:
not run, no P106, `plan accept` "1 passed" and the plan written Complete. They are read as a
`## Progress` item's box is: unknown marks are P106 (`plan accept` refuses, exit 3), a box in
progress is run and ticked when proved, `[✓]` is ticked (unticked when disproved), and the plan
is not Complete while one is open.

F21: open items in a second Progress block (`## Progress (phase 2)`, or a second `## Progress`)
were left out (P110) and the plan written Complete. An open item the runner did not read keeps
the plan from Complete.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import plan, write_text_plan

HEAD = "# Plan: t\n\n- Status: In Progress\n\n## Progress\n\n- [x] one\n  - Verify: `true`\n\n"


def _status(path: Path) -> str:
    line = next(ln for ln in path.read_text(encoding="utf-8").splitlines() if "Status:" in ln)
    return line.split("Status:", 1)[1].strip()


@pytest.mark.parametrize("box", ["?", "!", "?!"])
def test_an_unknown_box_in_acceptance_is_p106_refused_and_never_complete(
    repo: Path, box: str
) -> None:
    path = write_text_plan(
        repo, HEAD + f"## Acceptance Criteria\n\n- [x] `true` works\n- [{box}] `false` works\n"
    )
    lint = plan("lint", "--json")
    p106 = [p for p in lint.json()["problems"] if p["code"] == "P106"]
    assert [p["line"] for p in p106] == [13], lint.out
    r = plan("accept")
    assert r.code == 3, r.out + r.err
    assert f"'[{box}]'" in r.err
    assert plan("verify").code == 0
    assert _status(path) == "In Progress"


@pytest.mark.parametrize("box", ["/", "~", ">"])
def test_a_box_in_progress_in_acceptance_runs_and_holds_the_plan(repo: Path, box: str) -> None:
    path = write_text_plan(
        repo, HEAD + f"## Acceptance Criteria\n\n- [x] `true` works\n- [{box}] `exit 4` works\n"
    )
    r = plan("accept")
    assert r.code == 1, r.out + r.err
    assert "exit 4" in r.out
    assert plan("verify").code == 0
    assert _status(path) == "In Progress"
    assert f"- [{box}] `exit 4` works" in path.read_text(encoding="utf-8")


def test_a_box_in_progress_proved_is_ticked_and_the_plan_completes(repo: Path) -> None:
    path = write_text_plan(
        repo, HEAD + "## Acceptance Criteria\n\n- [x] `true` works\n- [/] `true` too\n"
    )
    assert plan("accept").code == 0
    text = path.read_text(encoding="utf-8")
    assert "- [x] `true` too" in text
    assert _status(path) == "Complete"


def test_a_checked_mark_in_acceptance_is_run_and_unticked_when_disproved(repo: Path) -> None:
    path = write_text_plan(
        repo, HEAD + "## Acceptance Criteria\n\n- [x] `true` works\n- [\u2713] `exit 4` works\n"
    )
    r = plan("accept")
    assert r.code == 1, r.out + r.err
    assert "- [ ] `exit 4` works" in path.read_text(encoding="utf-8")
    assert _status(path) == "In Progress"


def test_a_box_in_progress_without_a_command_holds_the_plan(repo: Path) -> None:
    path = write_text_plan(
        repo, HEAD + "## Acceptance Criteria\n\n- [x] `true` works\n- [/] The docs read well\n"
    )
    assert plan("accept").code == 0
    assert _status(path) == "In Progress"
    codes = [p["code"] for p in plan("lint", "--json").json()["problems"]]
    assert "P112" in codes


@pytest.mark.parametrize("second", ["## Progress (phase 2)", "## Progress"])
def test_an_open_item_in_a_second_progress_block_keeps_the_plan_open(
    repo: Path, second: str
) -> None:
    path = write_text_plan(repo, HEAD + f"{second}\n\n- [?] three\n- [ ] four\n")
    assert plan("run", "--all").code == 0
    assert plan("verify").code == 0
    assert _status(path) == "In Progress"
    out = plan("status").out
    assert "2 of them open: the plan is not Complete" in out


def test_done_items_in_a_second_block_and_follow_ups_let_the_plan_complete(repo: Path) -> None:
    path = write_text_plan(
        repo,
        HEAD + "## Progress (phase 2)\n\n- [x] three\n- [-] four\n\n## Follow-ups\n\n- [ ] later\n",
    )
    assert plan("verify").code == 0
    assert _status(path) == "Complete"
