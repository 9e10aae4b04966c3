"""Issue 19, cases 8 and 5, left open after the fifteenth stop: what the plan says decides.

"Do not expect `x` to print 3" read `x` as the output a command must show (a false fail, and
a false pass had the output held it), and "and look for errors" passed with no word that
nothing was checked. A negated expectation names neither a command nor output now, and a
look a reader is asked to take is said as not checked.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_thirteenth_reading import one


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
    assert isinstance(commands, list) and len(commands) == 1
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
