"""Issue 19, case 9, tenth pass: thresholds. Numbers as people and programs print them (`1'200`,
`1 200` with a thin or no-break space, `–7.5%` with an en dash, `−7.5%`, `1.2e3ms`, JSON
`{"errors": 12}`, "4 out of 10 passed"), "not below 90%", and cells of several thresholds
joined by `&`, `+`, `<br>`, "as well as" were misread or not checked: false passes. A part
that states a number the runner cannot read fails. Plans of our own, through the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import plan, row, write_plan


def _gate(repo: Path, command: str, cell: str) -> str:
    write_plan(repo, [row("T1", "`true`")], gates=[f"| G1 | `{command}` | {cell} |"])
    (only,) = plan("gates", "--json").json()["results"]
    return str(only["status"])


MISSES = [
    # the output's number, misread before (each passed)
    ('echo "errors: 1\'200"', "errors <= 100"),
    ("echo 'errors: 1\u2009200'", "errors <= 100"),
    ("echo 'errors: 1\u202f200'", "errors <= 100"),
    ("echo 'errors: 1\u00a0200'", "errors <= 100"),
    ("echo 'margin: \u20137.5%'", "margin >= -5%"),
    ("echo 'p95=1.2e3ms'", "p95 < 200 ms"),
    ("echo '{\"errors\": 12}'", "0 errors"),
    ("echo 'E: 12'", "0 errors"),
    ("echo 'Sum E: 0 W: 4'", "0 warnings"),
    ("echo 'coverage 50%'", "coverage not below 90%"),
    ("echo 'coverage 50%'", "coverage is not below 90%"),
    ("echo 'warnings: 5'", "warnings not above 3"),
    ("echo '4 out of 10 passed'", "100% passing"),
    ("echo '4/10 passed'", "95% passing"),
    # the threshold's number, not read before (each passed "not checked")
    ("echo 'errors: 1200'", "errors <= 1'000"),
    ("echo 'errors: 1200'", "errors <= 1\u2009000"),
    ("echo 'margin: -7%'", "margin >= \u20135%"),
    ("echo 'margin: -7%'", "margin >= \u22125%"),
    # a grouping it cannot read is no number: never a pass
    ('echo "errors: 1\'2000"', "errors >= 1"),
]


@pytest.mark.parametrize(("command", "cell"), MISSES)
def test_a_number_in_any_form_is_read_as_written(repo: Path, command: str, cell: str) -> None:
    assert _gate(repo, command, cell) == "failed"


MET = [
    ('echo "errors: 1\'200"', "errors >= 1000"),
    ("echo 'errors: 1\u2009200'", "errors >= 1000"),
    ("echo 'margin: \u22124%'", "margin >= -5%"),
    ("echo 'p95=1.2e2ms'", "p95 < 200 ms"),
    ("echo '{\"errors\": 0}'", "0 errors"),
    ("echo 'E: 0'", "0 errors"),
    ("echo 'coverage 95%'", "coverage not below 90%"),
    ("echo '10 out of 10 passed'", "100% passing"),
    ("echo '19/20 passed'", "95% passing"),
    ("echo 'errors: 900'", "errors <= 1'000"),
]


@pytest.mark.parametrize(("command", "cell"), MET)
def test_the_same_forms_pass_when_met(repo: Path, command: str, cell: str) -> None:
    assert _gate(repo, command, cell) == "passed"


JOINED = [
    "coverage >= 90% & branches >= 80%",
    "coverage >= 90% + branches >= 80%",
    "coverage >= 90%<br>branches >= 80%",
    "coverage >= 90%; branches >= 80%",
    "coverage >= 90% and branches >= 80%",
    "coverage >= 90% as well as branches >= 80%",
    "coverage >= 90% plus branches >= 80%",
]


@pytest.mark.parametrize("cell", JOINED)
def test_every_joined_threshold_is_checked(repo: Path, cell: str) -> None:
    assert _gate(repo, "echo coverage 95% branches 10%", cell) == "failed"
    assert _gate(repo, "echo coverage 95% branches 85%", cell) == "passed"


def test_a_joined_part_it_cannot_read_fails_naming_it(repo: Path) -> None:
    write_plan(
        repo,
        [row("T1", "`true`")],
        gates=["| G1 | `echo coverage 95%` | coverage >= 90% and ≥ 80% |"],
    )
    result = plan("gates")
    assert result.code == 1, result.out
    said = result.out + result.err
    assert "'≥ 80%' names no label to find the number by" in said, said


def test_a_task_threshold_reads_the_same_forms(repo: Path) -> None:
    write_plan(repo, [row("T1", '`echo "errors: 1\'200"` errors <= 100')])
    assert [r["status"] for r in plan("next", "--json").json()["results"]] == ["failed"]
