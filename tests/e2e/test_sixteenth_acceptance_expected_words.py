"""Issue 19, case 8, the sixteenth stop (attack16a F13): an `Expected:` line in words under
an acceptance criterion's command was dropped, and the criterion passed on exit 0 and was
ticked; the same lines under a `## Progress` task failed rightly. Acceptance reads them as the
task does: an Expected cell (`3`, `0 failures`, `no errors`, a tests-pass clause is "all tests
pass"); other words are shown "not checked", never a silent pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import plan, write_text_plan

HEAD = "# Plan: t\n\n- Status: In Progress\n\n## Progress\n\n- [x] one\n  - Verify: `true`\n\n"


@pytest.mark.parametrize(
    ("run", "expected"),
    [
        ("Run: `echo 4`", "Expected: 3"),
        ("Command: `echo '2 failed, 40 passed'`", "Expected: all tests pass"),
        ("Run: `echo 'error: x'`", "Expected result: no errors"),
        ("Run: `echo 'Failed!  - Failed: 2, Passed: 40'`", "Expected: unit tests pass."),
    ],
)
def test_expected_words_under_a_criterion_decide(repo: Path, run: str, expected: str) -> None:
    path = write_text_plan(
        repo, HEAD + f"## Acceptance Criteria\n\n- [ ] Count\n  - {run}\n  - {expected}\n"
    )
    r = plan("accept")
    assert r.code == 1, r.out + r.err
    assert "- [ ] Count" in path.read_text(encoding="utf-8")


def test_a_value_met_passes_and_ticks(repo: Path) -> None:
    path = write_text_plan(
        repo, HEAD + "## Acceptance Criteria\n\n- [ ] Count\n  - Run: `echo 3`\n  - Expected: 3\n"
    )
    assert plan("accept").code == 0
    assert "- [x] Count" in path.read_text(encoding="utf-8")


STEPS = """## Concrete Steps

1. Run unit tests.

   Command: `{command}`

   Expected result: {expected}
"""


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("echo 'Failed!  - Failed: 2, Passed: 40'", "validator and any new unit tests pass."),
        ("echo '2 failed, 40 passed'", "all tests pass."),
        ("echo 'error: x'", "no errors."),
        ("echo 4", "3"),
    ],
)
def test_the_cookbook_concrete_steps_layout_decides(
    repo: Path, command: str, expected: str
) -> None:
    write_text_plan(repo, HEAD + STEPS.format(command=command, expected=expected))
    r = plan("accept")
    assert r.code == 1, r.out + r.err


def test_other_words_are_shown_not_checked(repo: Path) -> None:
    said = "the project builds cleanly."
    write_text_plan(repo, HEAD + STEPS.format(command="echo 'Build succeeded'", expected=said))
    r = plan("accept")
    assert r.code == 0, r.out + r.err
    assert "not checked: 'the project builds cleanly.'" in r.out
