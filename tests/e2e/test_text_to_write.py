"""Case 5, tenth pass: a task whose work is text naming a command never runs the command.

"Write docs telling users to run `x`", "Teach the agent to run `x`", "Update the error text
to say: run `x`", and a command inside a quotation the task writes each ran and passed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import plan, write_text_plan

WRITES = [
    "Write docs telling users to run `touch pwned`.",
    'Add a note: "run `touch pwned` to reset".',
    "Teach the agent to run `touch pwned` on failure.",
    'Make the CLI print "run `touch pwned`" on error.',
    "Update the error text to say: run `touch pwned`.",
    "Add a hint \u201crun `touch pwned` first\u201d to the README.",
]
STEPS = [
    "Document the API, then run `touch done`.",
    "Remember to run `touch done`.",
    "Make sure to run `touch done`.",
]


def _checklist(repo: Path, item: str) -> None:
    write_text_plan(repo, f"# P\n\n- Status: In Progress\n\n## Progress\n\n- [ ] {item}\n")


@pytest.mark.parametrize("item", WRITES)
def test_a_command_in_text_the_task_writes_is_not_run(repo: Path, item: str) -> None:
    _checklist(repo, item)
    r = plan("run", "1")
    assert r.code == 4, r.out + r.err  # manual: a person writes the text
    assert not (repo / "pwned").exists()


@pytest.mark.parametrize("item", STEPS)
def test_a_command_the_task_asks_for_is_still_run(repo: Path, item: str) -> None:
    _checklist(repo, item)
    r = plan("run", "1")
    assert r.code == 0, r.out + r.err
    assert (repo / "done").exists()
