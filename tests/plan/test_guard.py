"""An agent cannot write its own pass: `restore_marks` puts back every status an agent wrote
and keeps everything else it wrote (issue 21)."""

from __future__ import annotations

import pytest

from runner.plan.guard import restore_marks
from tests.helpers import TABLE, row

BEFORE = TABLE.format(
    rows="\n".join([row("T1", "`true`"), row("T2", "`true`", status="X")]),
    gates="| Ok | `true` | passes |",
)


def test_a_plan_the_agent_did_not_touch_is_left_as_it_is() -> None:
    assert restore_marks(BEFORE, BEFORE).text == BEFORE
    assert restore_marks(BEFORE, BEFORE).undone == ()


def test_status_cells_and_the_plan_status_are_put_back_and_the_rest_kept() -> None:
    after = (
        BEFORE.replace("|        | 1       | T1", "| X      | 1       | T1")
        .replace("| X      | 1       | T2", "| !      | 1       | T2")
        .replace("- Status: Proposed", "- Status: Complete")
        .replace("## Decision Log\n", "## Decision Log\n\n- Decision: keep it small.\n")
        .replace("Run things.", "Run things, and say so.")
    )
    guarded = restore_marks(BEFORE, after)
    expected = BEFORE.replace(
        "## Decision Log\n", "## Decision Log\n\n- Decision: keep it small.\n"
    ).replace("Run things.", "Run things, and say so.")
    assert guarded.text == expected
    assert guarded.undone == (
        "task T1 status 'X' (was '')",
        "task T2 status '!' (was 'X')",
        "plan Status 'Complete' (was 'Proposed')",
    )


def test_a_gate_result_written_by_the_agent_is_put_back() -> None:
    before = BEFORE.replace(
        "| Gate | Command | Threshold / Expectation |\n"
        "| ---- | ------- | ----------------------- |\n"
        "| Ok | `true` | passes |",
        "| Gate | Command | Threshold / Expectation | Status | Last Run |\n"
        "| ---- | ------- | ----------------------- | ------ | -------- |\n"
        "| Ok | `true` | passes |  |  |",
    )
    after = before.replace("| Ok | `true` | passes |  |  |", "| Ok | `true` | passes | X | today |")
    guarded = restore_marks(before, after)
    assert guarded.text == before
    assert len(guarded.undone) == 2


CHECKLIST = """# Plan

## Progress

- [ ] (2026-01-01) Write the parser. Run `true`.
- [x] Read the code.
- [ ] Add tests.

## Success Criteria

- [ ] It parses.
"""


@pytest.mark.parametrize(
    ("agent_wrote", "undone"),
    [
        ("- [x] (2026-01-01) Write the parser. Run `true`.", 1),
        ("- [ ] Read the code.", 1),
        ("- [x] It parses.", 1),
    ],
)
def test_every_checkbox_the_agent_changed_is_put_back(agent_wrote: str, undone: int) -> None:
    words = agent_wrote.split("] ", 1)[1]
    line = next(li for li in CHECKLIST.splitlines() if li.endswith(words))
    after = CHECKLIST.replace(line, agent_wrote) + "\nA note of the agent's.\n"
    guarded = restore_marks(CHECKLIST, after)
    assert guarded.text == CHECKLIST + "\nA note of the agent's.\n"
    assert len(guarded.undone) == undone


def test_a_box_ticked_on_a_line_the_agent_also_reworded_is_put_back() -> None:
    after = CHECKLIST.replace("- [ ] Add tests.", "- [x] Add tests for the parser.")
    guarded = restore_marks(CHECKLIST, after)
    assert "- [ ] Add tests for the parser." in guarded.text


def test_an_item_the_agent_added_is_kept_as_written() -> None:
    after = CHECKLIST.replace("- [ ] Add tests.\n", "- [ ] Add tests.\n- [x] Noticed a bug.\n")
    assert restore_marks(CHECKLIST, after).text == after


def test_the_checks_an_agent_changed_or_removed_are_named() -> None:
    after = BEFORE.replace("| Task T1. | `true` |", "| Task T1. | `echo ok` |")
    after = after.replace("| Ok | `true` | passes |", "| Ok | `true` | anything |")
    assert restore_marks(BEFORE, after).checks == ("task T1", "gate Ok")
    gone = "\n".join(li for li in BEFORE.splitlines() if "| T2 " not in li) + "\n"
    assert restore_marks(BEFORE, gone).checks == ("task T2 (removed)",)
    prose = BEFORE.replace("Run things.", "Run things well.")
    assert restore_marks(BEFORE, prose).checks == ()


def test_an_item_the_agent_added_with_a_command_holds_no_result() -> None:
    added = "- [ ] Add tests.\n- [x] Ship it. Run `false`.\n"
    after = CHECKLIST.replace("- [ ] Add tests.\n", added)
    guarded = restore_marks(CHECKLIST, after)
    assert "- [ ] Ship it. Run `false`." in guarded.text
    assert guarded.undone == ("task 4 checkbox '[x]' (a task it added)",)
