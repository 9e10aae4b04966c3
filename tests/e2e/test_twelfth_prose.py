"""Issue 19, case 5, the lead's pass of the twelfth stop: a step the words put off or turn
down is not run.

Before, each of these ran its command: "Resist the urge to run `x`", "Steer clear of `x`",
"In a follow-up PR, run `x`", "After the release ships, run `x`", "Once the PR merges, run
`x`". A step later in this same session still runs: "After the build finishes, run `x`",
"In the next step, run `x`". (The thirteenth stop: "Once the server is up, run `x`" waits
for a state the run does not bring about, as "When the server is up" does: a person's step,
tests/e2e/test_thirteenth_reading.py.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import plan, write_text_plan

HEAD = "# Plan: prose\n\n## Progress\n\n"
OTHER = "- [ ] T2. Run `true`.\n"  # two items: their IDs are read as IDs


def ran(repo: Path, item: str) -> bool:
    write_text_plan(repo, HEAD + f"- [ ] T1. {item}\n{OTHER}")
    plan("run", "T1")
    return (repo / "made").exists()


@pytest.mark.parametrize(
    "item",
    [
        "Resist the urge to run `touch made`.",
        "Steer clear of `touch made`.",
        "Abstain from running `touch made`.",
        "In a follow-up PR, run `touch made`.",
        "In a separate pull request, run `touch made`.",
        "After the release ships, run `touch made`.",
        "Once the PR merges, run `touch made`.",
        "Once the change is deployed, run `touch made`.",
        "Post-release: `touch made`.",
    ],
)
def test_a_step_put_off_or_turned_down_is_not_run(repo: Path, item: str) -> None:
    assert not ran(repo, item)


@pytest.mark.parametrize(
    "item",
    [
        "After the build finishes, run `touch made`.",
        "In the next step, run `touch made`.",
    ],
)
def test_a_later_step_of_this_session_still_runs(repo: Path, item: str) -> None:
    assert ran(repo, item)
