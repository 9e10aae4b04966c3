"""Issue 19, case 8, tenth pass: what the plan says to expect decides, wherever it is written.
An Expected column of a criteria table or of the tracker, "exits 0 and prints `3`", output in
«», „“ or 「」 quotes, and a threshold after an acceptance command were checked by the exit
code alone (false passes); "returns 3" read as a count in a task but as the exit code in a
gate. Plans of our own, through the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import plan, row, write_plan, write_text_plan

ACCEPT = """# P

## Purpose / Big Picture

Check things.

## Acceptance Criteria

{body}
"""

PLAN = "plans/0001-run.md"

TABLES = [
    "| Criterion | Verification | Expected |\n| --- | --- | --- |\n| Four | `{cmd}` | `3` |",
    "| # | Check | Expected result |\n| - | ----- | ------ |\n| 1 | `{cmd}` | prints `3` |",
    "| Criterion | Command | Verification |\n| --- | --- | --- |\n| Four | `{cmd}` | `3` |",
    "| Criterion | Verification |\n| --- | --- |\n| Four | `{cmd}` prints `3` |",
    "| Check | Pass condition |\n| --- | --- |\n| `{cmd}` | 3 |",
    "| Check | Should print |\n| --- | --- |\n| `{cmd}` | “3” |",
]


def _accept(repo: Path, body: str) -> list[str]:
    write_text_plan(repo, ACCEPT.format(body=body))
    return [r["status"] for r in plan("accept", "--json", "-p", PLAN).json()["results"]]


@pytest.mark.parametrize("table", TABLES)
def test_an_expected_column_of_a_criteria_table_decides(repo: Path, table: str) -> None:
    assert _accept(repo, table.format(cmd="echo 4")) == ["failed"]


@pytest.mark.parametrize("table", TABLES)
def test_an_expected_column_met_passes(repo: Path, table: str) -> None:
    assert _accept(repo, table.format(cmd="echo 3")) == ["passed"]


QUOTED = ["«3»", "„3“", "“3”", "‘3’", "「3」", "『3』", "‹3›"]


@pytest.mark.parametrize("quoted", QUOTED)
def test_output_in_any_quotes_is_checked(repo: Path, quoted: str) -> None:
    assert _accept(repo, f"- [ ] `echo 4` prints {quoted}") == ["failed"]


@pytest.mark.parametrize("quoted", QUOTED)
def test_output_in_any_quotes_met_passes(repo: Path, quoted: str) -> None:
    assert _accept(repo, f"- [ ] `echo 3` prints {quoted}") == ["passed"]


@pytest.mark.parametrize(
    "item",
    [
        "- [ ] `echo coverage 50%` coverage >= 90%",
        "- [ ] Run `echo coverage 50%`; coverage should be at least 90%",
        "- [ ] `echo 2 errors` reports 0 errors",
    ],
)
def test_a_threshold_after_an_acceptance_command_is_checked(repo: Path, item: str) -> None:
    assert _accept(repo, item) == ["failed"]


@pytest.mark.parametrize(
    "item",
    [
        "- [ ] Coverage >= 90%: `echo coverage {n}%`",
        "- [ ] Coverage >= 90% (`echo coverage {n}%`)",
        "- [ ] Coverage must be at least 90% — run `echo coverage {n}%`",
    ],
)
def test_a_threshold_before_an_acceptance_command_is_checked(repo: Path, item: str) -> None:
    assert _accept(repo, item.format(n=50)) == ["failed"]
    assert _accept(repo, item.format(n=95)) == ["passed"]


def test_a_threshold_after_an_acceptance_command_met_passes(repo: Path) -> None:
    assert _accept(repo, "- [ ] `echo coverage 95%` coverage >= 90%") == ["passed"]


def _task(repo: Path, validation: str, expected: str = "") -> str:
    write_text_plan(
        repo,
        "# P\n\n## Detailed Phase Task Steps\n\n"
        "| Status | ID | Description | Validation | Expected |\n"
        "| ------ | -- | ----------- | ---------- | -------- |\n"
        f"|  | 1 | Do it. | {validation} | {expected} |\n",
    )
    results = plan("next", "--json", "-p", PLAN).json()["results"]
    return str(results[0]["status"])


@pytest.mark.parametrize("expected", ["`3`", "3", "prints `3`", "Expected: `3`"])
def test_an_expected_column_of_the_tracker_decides(repo: Path, expected: str) -> None:
    assert _task(repo, "`echo 4`", expected) == "failed"


def test_an_expected_column_of_the_tracker_met_passes(repo: Path) -> None:
    assert _task(repo, "`echo 3`", "`3`") == "passed"


@pytest.mark.parametrize(
    "validation",
    [
        "`echo 4` exits 0 and prints `3`",
        "`echo 4` exit code 0 and prints `3`",
        "`echo 4` exits 0, then prints 3",
        "`echo 4` returns 0 and prints “3”",
    ],
)
def test_an_exit_clause_before_the_output_does_not_hide_it(repo: Path, validation: str) -> None:
    assert _task(repo, validation) == "failed"
    assert _task(repo, validation.replace("echo 4", "echo 3")) == "passed"


@pytest.mark.parametrize(
    ("command", "status"), [("echo 3", "failed"), ("sh -c 'exit 3'", "passed")]
)
def test_returns_n_is_the_exit_status_in_a_task(repo: Path, command: str, status: str) -> None:
    # `echo 3` prints 3 and exits 0: "returns 3" asks for exit 3, as a gate's cell does.
    write_plan(repo, [row("T1", f"`{command}` returns 3")])
    assert [r["status"] for r in plan("next", "--json").json()["results"]] == [status]


def test_returns_n_is_the_exit_status_in_a_gate(repo: Path) -> None:
    write_plan(repo, [row("T1", "`true`")], gates=["| G1 | `echo 3` | returns 3 |"])
    assert [r["status"] for r in plan("gates", "--json").json()["results"]] == ["failed"]


def test_returns_n_lines_counts_output(repo: Path) -> None:
    write_plan(repo, [row("T1", "`printf 'a\\nb\\n'` returns 3 lines")])
    assert [r["status"] for r in plan("next", "--json").json()["results"]] == ["failed"]


@pytest.mark.parametrize(
    ("validation", "status"),
    [
        ("`echo 3` exits 1 and prints `3`", "failed"),  # exit 0: the exit code was dropped
        ("`sh -c 'echo 4; exit 1'` exits 1 and prints `3`", "failed"),  # output dropped
        ("`sh -c 'echo 4; exit 1'` exits 1 and prints 3", "failed"),
        ("`sh -c 'echo 4; exit 1'` fails and prints “3”", "failed"),
        ("`sh -c 'echo 3; exit 1'` exits 1 and prints `3`", "passed"),
    ],
)
def test_an_exit_code_and_an_output_are_both_checked(
    repo: Path, validation: str, status: str
) -> None:
    assert _task(repo, validation) == status


THRESHOLD_TABLE = "| Check | Threshold |\n| --- | --- |\n| `{cmd}` | coverage >= 90% |"


@pytest.mark.parametrize(
    ("item", "status"),
    [
        ("- [ ] `echo 3` exits 1 and prints `3`", "failed"),
        ("- [ ] `sh -c 'echo 4; exit 1'` exits 1 and prints `3`", "failed"),
        ("- [ ] `sh -c 'echo 3; exit 1'` exits 1 and prints `3`", "passed"),
        ("- [ ] `echo coverage 50%` shows coverage >= 90%", "failed"),
        ("- [ ] `echo coverage 95%` shows coverage >= 90%", "passed"),
        (THRESHOLD_TABLE.format(cmd="echo coverage 50%"), "failed"),
        (THRESHOLD_TABLE.format(cmd="echo coverage 95%"), "passed"),
    ],
)
def test_accept_checks_exit_and_output_and_thresholds(repo: Path, item: str, status: str) -> None:
    assert _accept(repo, item) == [status]
