"""Issue 19, cases 8 and 5, left open after the fifteenth stop: what the plan says decides.

"Do not expect `x` to print 3" read `x` as the output a command must show (a false fail, and
a false pass had the output held it), and "and look for errors" passed with no word that
nothing was checked. A negated expectation names neither a command nor output now, and a
look a reader is asked to take is said as not checked.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_thirteenth_reading import HEAD, OTHER, one
from tests.helpers import plan, row, write_plan, write_text_plan


@pytest.mark.parametrize(
    ("item", "status", "command"),
    [
        ("Run `echo 4`. Do not expect `echo 4` to print 3.", "passed", "echo 4"),
        ("Run `echo 4`. Don't expect `echo 4` to print 3.", "passed", "echo 4"),
        ("Run `echo 4`; never expect `3` here.", "passed", "echo 4"),
        ("Run `echo 4` but do not expect `make check` to pass.", "passed", "echo 4"),
        # what is expected, not negated, still decides
        ("Run `echo 4`; it should not fail, and expect `5`.", "failed", "echo 4"),
        ("Run `echo 4` and expect `4`.", "passed", "echo 4"),
    ],
)
def test_a_negated_expectation_is_no_output_and_no_command(
    repo: Path, item: str, status: str, command: str
) -> None:
    result = one(repo, item)
    assert result["status"] == status, result
    commands = result["commands"]
    assert isinstance(commands, list)
    assert [c["command"] for c in commands] == [command]


@pytest.mark.parametrize(
    ("item", "said"),
    [
        ("Run `echo hi` and look for errors.", "look for errors"),
        ("Run `echo hi`, then check the log for warnings.", "check the log for warnings"),
        ("Run `echo hi`; watch out for deprecation warnings.", "watch out for deprecation"),
        ("Run `echo hi` and scan the output for stack traces.", "scan the output for"),
    ],
)
def test_a_look_the_reader_takes_is_said_as_not_checked(repo: Path, item: str, said: str) -> None:
    result = one(repo, item)
    assert result["status"] == "passed", result
    commands = result["commands"]
    assert isinstance(commands, list)
    assert len(commands) == 1
    expectation = commands[0]["expectation"]
    assert expectation["checked"] is False
    assert said in expectation["text"]


@pytest.mark.parametrize(
    ("item", "status"),
    [
        ("Run `echo hi` and look for `nope`.", "failed"),
        ("Run `echo 3` and look for 3 in the output.", "passed"),
        ("Run `echo 4` and look for 3 in the output.", "failed"),
    ],
)
def test_a_value_to_look_for_is_still_checked(repo: Path, item: str, status: str) -> None:
    assert one(repo, item)["status"] == status


@pytest.mark.parametrize(
    "line",
    [
        "Evidence: the previous run `touch acted` timed out.",
        "Validation: the previous run `touch acted` timed out; retry later.",
        "Evidence: last run of `touch acted` failed with exit 2.",
        "Evidence: last run: `touch acted` failed",
        "Validation: the run `touch acted` timed out",
        "Evidence: our last attempt `touch acted` timed out",
        "Evidence: the 2026-11-30 run of `touch acted` timed out",
        "Evidence: yesterday's run `touch acted` crashed",
        "Evidence: the previous run `touch acted` (on CI) was killed",
    ],
)
def test_a_run_that_happened_is_history_on_a_labelled_line(repo: Path, line: str) -> None:
    write_text_plan(repo, HEAD + f"- [ ] T1. Step one.\n  - {line}\n{OTHER}")
    r = plan("run", "T1", "--json")
    assert not (repo / "acted").exists(), line
    assert r.code == 4, r.out + r.err  # nothing left to run: a person's task


@pytest.mark.parametrize(
    "cell",
    [
        "the previous run `touch acted` timed out",
        "last run: `touch acted` failed",
        "the 2026-11-30 run of `touch acted` timed out",
    ],
)
def test_a_run_that_happened_is_history_in_a_validation_cell(repo: Path, cell: str) -> None:
    write_plan(repo, [row("T1", cell)])
    r = plan("run", "T1")
    assert not (repo / "acted").exists(), cell
    assert r.code == 4, r.out + r.err


@pytest.mark.parametrize(
    "line",
    ["Validation: the test run `touch acted` should pass", "Evidence: run `touch acted`"],
)
def test_a_run_to_do_still_runs(repo: Path, line: str) -> None:
    write_text_plan(repo, HEAD + f"- [ ] T1. Step one.\n  - {line}\n{OTHER}")
    assert plan("run", "T1").code == 0
    assert (repo / "acted").exists()
