"""Issue 19, case 9, thirteenth pass: thresholds as people write them. `warnings: none`, `0
errors, 0 warnings`, `warning-free`, `no errors or warnings`, `minimum coverage 90%`, `90%+
coverage` and `lines >= 90% / branches >= 80%` were "not checked"; a number labelled with a
word that elsewhere marks a change (`change: 3%`, `loss: 0.3`) was never read, a false fail;
`errors: 1.024` (a thousands dot or a decimal point) was read one way only. Each wording
checked through the CLI against an output that meets it and one that misses it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import plan, row, write_plan


def _gate(repo: Path, command: str, cell: str) -> dict[str, object]:
    write_plan(repo, [row("T1", "`true`")], gates=[f"| G1 | `{command}` | {cell} |"])
    (only,) = plan("gates", "--json").json()["results"]
    assert isinstance(only, dict)
    return only


SLASHED = "lines >= 90% / branches >= 80%"
ISTANBUL = "printf 'Statements : 95%%\\nBranches : {b}%%\\nLines : {l}%%\\n'"

# (cell, an output that meets it, an output that misses it)
CASES = [
    # none of a noun, said as a value, an adjective or a list
    ("warnings: none", "echo 'All checks passed'", "echo 'warning: unused x'"),
    ("warnings: 0", "echo 'Found 0 warnings'", "echo '2 warnings'"),
    ("errors = none", "echo ok", "echo 'error: missing file'"),
    ("warning-free", "echo 'Found 0 warnings'", "echo '3 warnings'"),
    ("error-free", "echo ok", "echo '1 error'"),
    ("free of warnings", "echo ok", "echo '3 warnings'"),
    ("without warnings", "echo ok", "echo 'warning: unused x'"),
    ("0 errors, 0 warnings", "echo 'Found 0 errors, 0 warnings'", "echo '0 errors, 2 warnings'"),
    ("0 errors, 0 warnings", "echo 'Found 0 errors, 0 warnings'", "echo '1 error, 0 warnings'"),
    ("no errors or warnings", "echo clean", "echo '1 warning'"),
    ("no errors or warnings", "echo clean", "echo 'error: bad'"),
    ("no errors and no warnings", "echo clean", "echo '1 warning'"),
    ("no errors/warnings", "echo clean", "echo '1 warning'"),
    ("zero errors, warnings or failures", "echo clean", "echo '2 failed'"),
    ("errors: 0, warnings: 0", "echo 'Found 0 errors, 0 warnings'", "echo '0 errors, 2 warnings'"),
    ("no errors or warnings (strict)", "echo clean", "echo '1 warning'"),
    ("no type errors", "echo 'Success: no issues found'", "echo 'a.py:3: error: bad type'"),
    ("no compiler warnings or errors", "echo 'Build succeeded'", "echo 'a.c:3: warning: x'"),
    # a comparison with its word before the label, or after the number
    ("minimum coverage 90%", "echo 'coverage: 95%'", "echo 'coverage: 85%'"),
    ("min. coverage: 90%", "echo 'coverage: 95%'", "echo 'coverage: 85%'"),
    ("maximum p95 200 ms", "echo 'p95: 150 ms'", "echo 'p95: 250 ms'"),
    ("90%+ coverage", "echo 'coverage: 95%'", "echo 'coverage: 85%'"),
    ("coverage 90%+", "echo 'coverage: 95%'", "echo 'coverage: 85%'"),
    ("coverage: 90% or more", "echo 'coverage: 95%'", "echo 'coverage: 85%'"),
    ("coverage 90% minimum", "echo 'coverage: 95%'", "echo 'coverage: 85%'"),
    ("p95 200 ms or less", "echo 'p95: 150 ms'", "echo 'p95: 250 ms'"),
    ("coverage at least 90%", "echo 'coverage: 95%'", "echo 'coverage: 85%'"),
    ("90% coverage or better", "echo 'coverage: 95%'", "echo 'coverage: 85%'"),
    ("no more than 5 warnings", "echo '3 warnings'", "echo '12 warnings'"),
    ("fewer than 5 warnings", "echo '3 warnings'", "echo '5 warnings'"),
    ("no fewer than 100 tests", "echo 'tests: 120'", "echo 'tests: 80'"),
    # two comparisons across a slash: each against its own label
    ("lines >= 90% / branches >= 80%", ISTANBUL.format(b=85, l=95), ISTANBUL.format(b=75, l=95)),
    ("lines >= 90% / branches >= 80%", ISTANBUL.format(b=85, l=95), ISTANBUL.format(b=85, l=85)),
    ("lines >= 90%/branches >= 80%", ISTANBUL.format(b=85, l=95), ISTANBUL.format(b=75, l=95)),
    # a label that is a word which elsewhere marks a change or a start
    ("change <= 5%", "echo 'change: 3%'", "echo 'change: 7%'"),
    ("delta <= 5%", "echo 'delta: 3%'", "echo 'delta: 7%'"),
    ("loss < 0.5", "echo 'epoch 3 loss: 0.31'", "echo 'epoch 3 loss: 0.62'"),
    ("size increase <= 10 KB", "echo 'size increase: 4 KB'", "echo 'size increase: 12 KB'"),
    ("baseline >= 100", "echo 'baseline: 120'", "echo 'baseline: 80'"),
]


@pytest.mark.parametrize(("cell", "met", "missed"), CASES)
def test_each_wording_is_checked_both_ways(repo: Path, cell: str, met: str, missed: str) -> None:
    passed = _gate(repo, met, cell)
    assert passed["status"] == "passed", passed
    failed = _gate(repo, missed, cell)
    assert failed["status"] == "failed", failed
    lint = plan("lint", "--json")
    assert "not checked" not in lint.out, lint.out


@pytest.mark.parametrize(
    ("cell", "met", "missed"),
    [
        ("warnings: none", "echo 'All checks passed'", "echo 'warning: unused x'"),
        ("no errors or warnings", "echo clean", "echo '1 warning'"),
        ("minimum coverage 90%", "echo 'coverage: 95%'", "echo 'coverage: 85%'"),
        ("90%+ coverage", "echo 'coverage: 95%'", "echo 'coverage: 85%'"),
        (SLASHED, ISTANBUL.format(b=85, l=95), ISTANBUL.format(b=75, l=95)),
        ("change <= 5%", "echo 'change: 3%'", "echo 'change: 7%'"),
    ],
)
def test_a_task_reads_the_same_wordings(repo: Path, cell: str, met: str, missed: str) -> None:
    write_plan(repo, [row("T1", f"`{met}` {cell}"), row("T2", f"`{missed}` {cell}")])
    (first,) = plan("run", "T1", "--json").json()["results"]
    assert first["status"] == "passed", first
    (second,) = plan("run", "T2", "--json").json()["results"]
    assert second["status"] == "failed", second


def test_a_change_is_still_not_the_result_of_another_label(repo: Path) -> None:
    """The label's own word is read; a change beside another label is still not its value."""
    changed = _gate(repo, "echo 'coverage 85% (change: +95%)'", "coverage >= 90%")
    assert changed["status"] == "failed"
    other = _gate(repo, "echo 'coverage change: 95%'", "coverage >= 90%")
    assert other["status"] == "failed"


# `errors: 1.024`: a decimal point or a thousands dot. (cell, command, passes)
MARKS = [
    # the threshold's own number shows the decimal mark
    ("errors <= 10.0", "echo 'errors: 1.024'", True),
    ("errors <= 1.0", "echo 'errors: 1.024'", False),
    ("errors <= 10,5", "echo 'errors: 1.024'", False),
    ("errors <= 2000,5", "echo 'errors: 1.024'", True),
    ("requests >= 1,000", "echo 'requests: 1,024'", True),
    ("requests >= 1000,0", "echo 'requests: 1,024'", False),
    ("p95 <= 0,5 s", "echo 'p95: 1.200 ms'", False),
    ("p95 <= 1,5 s", "echo 'p95: 1,200 ms'", True),
    # else the output's other numbers, when they all show one
    ("errors <= 10", "printf 'errors: 1.024\\ntook 0.52 s\\n'", True),
    ("errors <= 10", "printf 'errors: 1.024\\ntook 0,52 s\\n'", False),
    # a bare number shows no mark: it may be a version
    ("errors <= 10", "printf 'mypy 1.11\\nerrors: 1.024\\n'", False),
    # both readings meet it, or both miss it
    ("errors <= 2000", "echo 'errors: 1.024'", True),
    ("errors <= 0.5", "echo 'errors: 1.024'", False),
    # a measure with a unit is read as programs print it (`1.200 ms` is 1.2 ms)
    ("p95 <= 500 ms", "echo 'p95: 1.200 ms'", True),
    ("p95 <= 500 ms", "echo 'p95: 1,200 ms'", False),
]


@pytest.mark.parametrize(("cell", "command", "passes"), MARKS)
def test_a_number_that_may_group_thousands_is_read_by_the_marks(
    repo: Path, cell: str, command: str, passes: bool
) -> None:
    assert _gate(repo, command, cell)["status"] == ("passed" if passes else "failed")


@pytest.mark.parametrize(
    ("cell", "command"),
    [
        ("errors <= 10", "echo 'errors: 1.024'"),
        ("errors <= 10", "echo 'errors: 1,024'"),
        ("requests >= 1000", "echo 'requests: 1,024'"),
    ],
)
def test_an_ambiguous_number_fails_and_says_so(repo: Path, cell: str, command: str) -> None:
    write_plan(repo, [row("T1", f"`{command}` {cell}")], gates=[f"| G1 | `{command}` | {cell} |"])
    gates = plan("gates")
    assert gates.code == 1
    # (the test's own folder is named "ambiguous": the readings are what is looked for)
    assert "(ambiguous: 1.024 or 1024;" in gates.out + gates.err, gates.out + gates.err
    run = plan("run", "T1")
    assert run.code == 1
    assert "(ambiguous: 1.024 or 1024;" in run.out + run.err, run.out + run.err


@pytest.mark.parametrize("cell", ["coverage: 90%", "coverage 90%"])
def test_a_number_without_a_comparison_is_refused_saying_how(repo: Path, cell: str) -> None:
    """`coverage: 90%` may mean at least, at most or exactly: not checked, and lint says
    what to write; never passed as if it were checked."""
    write_plan(repo, [row("T1", "`true`")], gates=[f"| G1 | `echo 'coverage: 95%'` | {cell} |"])
    lint = plan("lint")
    assert "names no comparison" in lint.out + lint.err, lint.out + lint.err
