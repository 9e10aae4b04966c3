"""Issue 19, case 8, tenth pass: what a code block says to expect, and criteria `plan accept`
missed. A command line's own comment (`$ echo 4  # expect 3`, `echo 4 # => 3`) was not
read; an interpreter session (`>>> f()`, then `3`) was run as shell lines; an indented
block under "Run:", a criterion opened by a label of its own words (`Count:`, `AC1 —`) and
"Verified by `x` printing `3`" gave no check at all. Plans of our own, through the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import plan, write_text_plan

PLAN = "plans/0001-run.md"
FENCE = "```"

BLOCKS = [
    f"{FENCE}console\n$ echo {{n}}  # expect 3\n{FENCE}",
    f"{FENCE}console\n$ echo {{n}} # => 3\n{FENCE}",
    f"{FENCE}bash\necho {{n}} # => 3\n{FENCE}",
    f"{FENCE}bash\necho {{n}}  # expect 3\n{FENCE}",
    f"{FENCE}sh\necho {{n}}  # prints 3\n{FENCE}",
]


def _accept(repo: Path, body: str) -> list[str | None]:
    write_text_plan(repo, f"# P\n\n## Acceptance Criteria\n\n{body}\n")
    return [r["status"] for r in plan("accept", "--json", "-p", PLAN).json()["results"]]


def _task(repo: Path, body: str) -> tuple[list[str], list[list[str]]]:
    write_text_plan(repo, f"# P\n\n## Progress\n\n- [ ] Do it.\n\n  Run:\n\n{body}\n")
    results = plan("next", "--json", "-p", PLAN).json()["results"]
    tasks = plan("status", "--json", "-p", PLAN).json()["tasks"]
    return [r["status"] for r in results], [t["commands"] for t in tasks]


def _indent(block: str) -> str:
    return "\n".join("  " + line for line in block.splitlines())


@pytest.mark.parametrize("block", BLOCKS)
def test_a_comment_on_the_command_line_decides_in_accept(repo: Path, block: str) -> None:
    assert _accept(repo, block.format(n=4)) == ["failed"]
    assert _accept(repo, block.format(n=3)) == ["passed"]


@pytest.mark.parametrize("block", BLOCKS)
def test_a_comment_on_the_command_line_decides_in_a_task(repo: Path, block: str) -> None:
    assert _task(repo, _indent(block.format(n=4)))[0] == ["failed"]
    assert _task(repo, _indent(block.format(n=3)))[0] == ["passed"]


SESSIONS = [
    f"{FENCE}python\n>>> print(4)\n3\n{FENCE}",
    f"{FENCE}\n>>> print(4)\n3\n{FENCE}",
    f"{FENCE}console\n>>> print(4)\n3\n{FENCE}",
]


@pytest.mark.parametrize("block", SESSIONS)
def test_an_interpreter_session_is_never_run_as_shell(repo: Path, block: str) -> None:
    statuses, commands = _task(repo, _indent(block))
    assert commands == [[]]  # neither `>>> print(4)` nor `3` is a command
    assert statuses != ["failed"]
    write_text_plan(repo, f"# P\n\n## Acceptance Criteria\n\n{block}\n")
    doc = plan("accept", "--json", "-p", PLAN).json()
    assert [r["status"] for r in doc["results"]] == [None]  # not checked, and said so
    assert "not checked" in plan("accept", "--dry-run", "-p", PLAN).out


@pytest.mark.parametrize(
    "body",
    [
        "Run:\n\n    echo {n} | grep -x 3\n",
        "**Commands:**\n\n    echo {n} | grep -x 3\n",
        "- [ ] Count: `echo {n}` prints `3`",
        "- [ ] AC1 — `echo {n}` prints `3`",
        "- [ ] AC1 – `echo {n}` prints `3`",
        "- [ ] Verified by `echo {n}` printing `3`",
        "- [ ] Checked with `echo {n}` showing `3`",
    ],
)
def test_accept_finds_labelled_and_indented_checks(repo: Path, body: str) -> None:
    assert _accept(repo, body.format(n=4)) == ["failed"]
    assert _accept(repo, body.format(n=3)) == ["passed"]


@pytest.mark.parametrize(
    "body",
    ["- [ ] Someday: `touch m`", "- [ ] TBD: `touch m`", "- [ ] Example: `touch m`"],
)
def test_a_label_that_puts_it_off_is_still_no_check(repo: Path, body: str) -> None:
    _accept(repo, body)
    assert not (repo / "m").exists()
