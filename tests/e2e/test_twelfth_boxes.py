"""Issue 19, case 10, the lead's pass of the twelfth stop: an open item whose old instruction
is struck through and a new one written after it is outstanding, not skipped.

`- [ ] D10. ~~Run `touch old`~~ Run `touch new`.` read as skipped (a struck item is dropped
whatever its box says), so the plan counted it done and its command never ran. A strike
followed by a command is edit history: the item stands, and what is struck is not run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import plan, write_text_plan

HEAD = "# Plan: boxes\n\n## Progress\n\n"


@pytest.mark.parametrize("box", [" ", "x"])
def test_a_struck_old_instruction_before_a_new_one_leaves_the_item_standing(
    repo: Path, box: str
) -> None:
    write_text_plan(
        repo, HEAD + f"- [{box}] T1. ~~Run `touch old`~~ Run `touch new`.\n- [ ] T2. Run `true`.\n"
    )
    (task, _) = plan("status", "--json").json()["tasks"]
    assert task["status"] == ("outstanding" if box == " " else "passed")
    assert task["commands"] == ["touch new"]
    if box == " ":
        assert plan("run", "T1").code == 0
        assert (repo / "new").exists()
        assert not (repo / "old").exists()


@pytest.mark.parametrize(
    "item",
    ["~~Run `touch old`~~", "~~Run `touch old`~~ (dropped)", "~~old step~~ no longer needed"],
)
def test_an_item_struck_whole_is_still_dropped(repo: Path, item: str) -> None:
    write_text_plan(repo, HEAD + f"- [ ] T1. {item}\n- [ ] T2. Run `true`.\n")
    (task, _) = plan("status", "--json").json()["tasks"]
    assert task["status"] == "skipped"
