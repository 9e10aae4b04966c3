"""Issue 19, case 8, tenth pass: what the plan says to expect was read wrong. A value after
"output", an arrow typed `~>` or `-->`, or a span that "appears" was run as a command; "fails
with exit 2" was read as any failure; a gate's `exit 0 and prints `ok`` checked the exit code
only, and a bare `PASS` passed a run that printed FAIL. Plans of our own, through the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import plan, row, write_plan, write_text_plan

VALUES = [
    "`{cmd}`, output `touch pwned`",
    "`{cmd}` ~> `touch pwned`",
    "`{cmd}` --> `touch pwned`",
    "`{cmd}` ⟶ `touch pwned`",
    "`{cmd}`, then `touch pwned` appears",
    "`{cmd}` should output `touch pwned`",
]
PLAN = "plans/0001-run.md"


def _where(text: str) -> dict[str, tuple[str, str]]:
    """The same words as a Validation cell, a description, a task line and a criterion."""
    return {
        "cell": ("cell", text),
        "description": (
            "plan",
            "# P\n\n## Detailed Phase Task Steps\n\n| Status | ID | Description |\n"
            f"| --- | --- | --- |\n| | T1 | Run {text} |\n",
        ),
        "line": ("plan", f"# P\n\n## Progress\n\n- [ ] Do it.\n  - Run: {text}\n"),
        "criterion": ("accept", f"# P\n\n## Acceptance Criteria\n\n- [ ] {text}\n"),
    }


def _statuses(repo: Path, where: str, text: str) -> list[str]:
    kind, body = _where(text)[where]
    if kind == "cell":
        write_plan(repo, [row("T1", body)])
        return [r["status"] for r in plan("next", "--json").json()["results"]]
    write_text_plan(repo, body)
    command = ("accept", "--json") if kind == "accept" else ("next", "--json")
    return [r["status"] for r in plan(*command, "-p", PLAN).json()["results"]]


@pytest.mark.parametrize("where", ["cell", "description", "line", "criterion"])
@pytest.mark.parametrize("value", VALUES)
def test_a_value_after_its_command_is_output_never_a_command(
    repo: Path, where: str, value: str
) -> None:
    assert _statuses(repo, where, value.format(cmd="echo ok")) == ["failed"]
    assert not (repo / "pwned").exists()


@pytest.mark.parametrize("where", ["cell", "criterion"])
@pytest.mark.parametrize("value", VALUES[:5])
def test_a_value_after_its_command_met_passes(repo: Path, where: str, value: str) -> None:
    text = value.format(cmd="echo touch pwned").replace("`touch pwned`", "`pwned`")
    assert _statuses(repo, where, text) == ["passed"]


EXITS = [
    "fails with exit 2",
    "fails with exit code 2",
    "should fail (exit 2)",
    "fails (exit code 2)",
    "fails, returns 2",
    "exits with code 2",
]


@pytest.mark.parametrize("where", ["cell", "description", "line", "criterion"])
@pytest.mark.parametrize("said", EXITS)
def test_a_failure_with_its_code_asks_that_code(repo: Path, where: str, said: str) -> None:
    assert _statuses(repo, where, f"`sh -c 'exit 1'` {said}") == ["failed"]
    assert _statuses(repo, where, f"`sh -c 'exit 2'` {said}") == ["passed"]


def _gate(repo: Path, command: str, cell: str) -> list[str]:
    write_plan(repo, [row("T1", "`true`")], gates=[f"| G1 | `{command}` | {cell} |"])
    return [r["status"] for r in plan("gates", "--json").json()["results"]]


@pytest.mark.parametrize(
    ("command", "cell", "status"),
    [
        ("echo nope", "exit 0 and prints `ok`", "failed"),
        ("echo ok", "exit 0 and prints `ok`", "passed"),
        ("echo nope", 'exit 0; output is "ok"', "failed"),
        ("sh -c 'exit 1'", "fails with exit 2", "failed"),
        ("sh -c 'exit 1'", "should fail (exit 2)", "failed"),
        ("sh -c 'exit 2'", "should fail (exit 2)", "passed"),
        ("echo FAIL", "PASS", "failed"),
        ("echo '--- FAIL: TestX'", "passing", "failed"),
        ("echo PASS", "PASS", "passed"),
        ("true", "PASS", "passed"),
    ],
)
def test_a_gate_reads_every_part_of_its_expectation(
    repo: Path, command: str, cell: str, status: str
) -> None:
    assert _gate(repo, command, cell) == [status]


@pytest.mark.parametrize("cell", ["PASS", "pass", "passes"])
def test_a_bare_pass_in_an_expected_column_is_not_met_by_fail(repo: Path, cell: str) -> None:
    write_text_plan(
        repo,
        "# P\n\n## Detailed Phase Task Steps\n\n"
        "| Status | ID | Description | Validation | Expected |\n"
        "| ------ | -- | ----------- | ---------- | -------- |\n"
        f"|  | 1 | Do it. | `echo FAIL` | {cell} |\n",
    )
    assert [r["status"] for r in plan("next", "--json", "-p", PLAN).json()["results"]] == ["failed"]
