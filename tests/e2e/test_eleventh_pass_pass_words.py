"""Issue 19, case 9, eleventh pass: pass words never outweigh a counted failure. A task's
"`cmd` (all tests pass)" was checked by its exit code alone, and a nested `- Expected: 0
failures` (words, no code span) under a `Run:` bullet was dropped unread: output `2 failing`
or `2 failures; all tests pass` passed. Plans of our own, through the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import plan, write_text_plan


def _task(repo: Path, lines: str) -> tuple[str, str]:
    write_text_plan(repo, f"# PW\n\n- Status: In Progress\n\n## Progress\n\n- [ ] one\n{lines}\n")
    r = plan("run", "1")
    (result,) = plan("status", "--json").json()["tasks"]
    return str(result["status"]), r.out + r.err


@pytest.mark.parametrize(
    "lines",
    [
        "  - Run: `echo '2 failures; all tests pass'` (all tests pass)",
        "  - Run: `echo '3 failed, all green otherwise'` — all tests pass",
        "  - Run: `printf 'all pass\\n2 tests failing\\n'` (100% passing)",
        "  - Run: `printf 'all green\\n2 failing\\n'`\n  - Expected: no failures",
        "  - Run: `printf 'all green\\n2 failing\\n'`\n  - Expected: 0 failures",
        "  - Run: `echo 'no failing tests, 1 failed'`\n  - Expected: all tests pass",
        "  - Run: `echo 4`\n  - Expected: 3",
    ],
)
def test_pass_words_never_outweigh_a_counted_failure(repo: Path, lines: str) -> None:
    status, said = _task(repo, lines)
    assert status == "failed", said


@pytest.mark.parametrize(
    "lines",
    [
        "  - Run: `echo '5 passed'` (all tests pass)",
        "  - Run: `echo 'all green, no failing tests'`\n  - Expected: no failures",
        "  - Run: `echo 3`\n  - Expected: 3",
        "  - Run: `echo 'ERROR: simulated'` should pass",
    ],
)
def test_the_same_pass_when_met(repo: Path, lines: str) -> None:
    status, said = _task(repo, lines)
    assert status == "passed", said


def test_words_it_cannot_read_are_said_not_checked(repo: Path) -> None:
    status, said = _task(repo, "  - Run: `true`\n  - Expected: the usual banner appears")
    assert status == "passed"
    assert "not checked" in said, said
