"""Issue 19, cases 5 and 14, the fourteenth pass (F5a, F14c, F14g): a step beside the
commands that no check does.

An act after the command ("`true`, then commit the regenerated files", "and open a PR",
"; attach the report to the ticket") passed on the command's exit code, and so did a
person's step under a labelled command (`- Check: \\`true\\`` then `- then a human verifies
the UI`) and in a gate's cells ("`true`, then the lead approves"). Tasks are manual now;
a gate (which has no manual state) says "not checked" beside its pass, naming the step.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import plan, row, write_plan, write_text_plan


@pytest.mark.parametrize(
    "cell",
    [
        "`true`, then commit the regenerated files",
        "`true` then push the branch",
        "`true` and open a PR",
        "`true`, then tag the release",
        "`true`; attach the report to the ticket",
        "`true` and record the timings in the ticket",
        "`true`; notify #releases in Slack",
        "`true`; paste the output into the PR description",
    ],
)
def test_an_act_after_the_command_makes_the_task_manual(repo: Path, cell: str) -> None:
    write_plan(repo, [row("T1", cell), row("T2", "`true`")])
    r = plan("run", "T1")
    assert r.code == 4, r.out + r.err


@pytest.mark.parametrize(
    "tail",
    [
        "  - then a human verifies the UI",
        "  - Then: the PM approves",
        "  - Finally, commit the result",
    ],
)
def test_a_step_under_a_labelled_command_makes_the_item_manual(repo: Path, tail: str) -> None:
    write_text_plan(
        repo,
        f"# Plan: t\n\n## Progress\n\n- [ ] Check the build.\n  - Check: `true`\n{tail}\n"
        "- [ ] Run `true`.\n",
    )
    assert plan("run", "1").code == 4


def test_an_expectation_under_a_labelled_command_still_decides(repo: Path) -> None:
    write_text_plan(
        repo,
        "# Plan: t\n\n## Progress\n\n- [ ] Count.\n  - Check: `echo 4`\n  - Expected: 3\n"
        "- [ ] Run `true`.\n",
    )
    assert plan("run", "1").code == 1


@pytest.mark.parametrize(
    ("command", "threshold"),
    [
        ("`true`, then the lead approves", "exit 0"),
        ("`true` and have QA sign off", "exit 0"),
        ("`true`", "exit 0, then a person confirms the dashboard"),
    ],
)
def test_a_gates_person_step_is_said_not_checked(repo: Path, command: str, threshold: str) -> None:
    write_plan(repo, [row("T1", "`true`")], gates=[f"| G1 | {command} | {threshold} |"])
    r = plan("gates")
    assert r.code == 0, r.out + r.err
    assert "not checked" in r.out + r.err


def test_a_gates_threshold_still_decides_beside_a_person_step(repo: Path) -> None:
    write_plan(
        repo,
        [row("T1", "`true`")],
        gates=["| G1 | `echo 'coverage: 85%'` | coverage >= 90%, then a person confirms it |"],
    )
    assert plan("gates").code == 1
