"""Issue 19, case 14, the fifteenth stop (the fourteenth pass's F14c, left open): a person's
step under a labelled command, naming a team or a role, or asking for a sign-off.

"Also ask security to review", "Get sign-off from the PM", "Have QA sign off", "Confirm with
the team on Slack" passed on the item's check; the item is manual now. Work in the tree
("Update the changelog") and plain checks ("Check the output is sorted") are not a person's.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import plan, row, write_plan, write_text_plan


def item(repo: Path, step: str) -> int:
    write_text_plan(
        repo,
        f"# Plan: t\n\n## Progress\n\n- [ ] Check the build.\n  - Check: `true`\n  - {step}\n"
        "- [ ] Run `true`.\n",
    )
    return plan("run", "1").code


@pytest.mark.parametrize(
    "step",
    [
        "Also ask security to review",
        "Ask security to review",
        "Get sign-off from the PM",
        "Have QA sign off",
        "Security reviews the change",
        "Confirm with the team on Slack",
        "Wait for approval from legal",
        "The code owners approve",
    ],
)
def test_a_persons_step_makes_the_item_manual(repo: Path, step: str) -> None:
    assert item(repo, step) == 4


@pytest.mark.parametrize(
    "step", ["Update the changelog", "Check the output is sorted", "Ensure the client builds"]
)
def test_work_in_the_tree_is_not_a_persons_step(repo: Path, step: str) -> None:
    assert item(repo, step) == 0


def test_a_validation_cell_naming_a_team_is_manual(repo: Path) -> None:
    write_plan(repo, [row("T1", "`true`, then ask security to review"), row("T2", "`true`")])
    r = plan("run", "T1")
    assert r.code == 4, r.out + r.err
