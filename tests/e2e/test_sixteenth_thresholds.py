"""Issue 19, case 9, the sixteenth stop (attack16a F4, F5, F6): thresholds that passed an
output that misses them.

F4: `no warnings`, `no errors` and `0 errors` passed lines that report a warning or an error
without a count (`Compiled with warnings.`, `a.js: line 3, col 1, Warning - x`, `TypeError:
x`, `panic: ...`, `ERR! code E404`) or a count written as people write it (`found twelve
errors`, `Total errors — 3`, `errors 3/10`). F5: an exit clause before a threshold (`exit 0,
0 errors`, `exits 0 with coverage >= 90%`) checked the exit code alone. F6: `p95 &lt; 500
ms` (an HTML entity), `latency ≦ 500 ms`, `clean (0 errors)` and `must pass with 0 errors`
were "not machine-readable" and passed. Each wording is checked through the CLI against an
output that meets it and one that misses it; clean output stays clean.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import plan, row, write_plan, write_text_plan


def _gate(repo: Path, command: str, cell: str) -> dict[str, object]:
    write_plan(repo, [row("T1", "`true`")], gates=[f"| G1 | `{command}` | {cell} |"])
    (only,) = plan("gates", "--json").json()["results"]
    assert isinstance(only, dict)
    return only


def _said(text: str) -> str:
    return f"printf '{text}\\n'"


# F4: a line that names a warning as what it reports, with no count.
WARNING_LINES = [
    "a.js: line 3, col 1, Warning - no-unused-vars",
    "Compiled with warnings.",
    "Build succeeded with warnings",
    "Warning! unused variable x",
    "Warning (from warnings module): deprecated",
    "W: unused",
    "a dozen warnings",
    "found twelve warnings",
    "finished with 2 compiler warnings",
]
ERROR_LINES = [
    "a.js: line 3, col 1, Error - no-undef",
    "TypeError: x is not a function",
    'Traceback (most recent call last):\\n  File "a.py", line 1\\nValueError: bad',
    "panic: runtime error",
    "FATAL: disk full",
    "npm ERR! code E404",
    "Exception in thread main java.lang.NullPointerException",
    "ld: undefined reference to foo",
    "E   AssertionError",
    "Uncaught ReferenceError: y is not defined",
    "Build finished with errors.",
]
COUNTED_ERRORS = [
    "found twelve errors",
    "Total errors \u2014 3",
    "errors\u20263",
    "errors 3/10",
    "Errors ........ 3",
    "a dozen errors",
]
# Output a clean run prints: none of these reports a warning or an error.
CLEAN_WARNINGS = [
    "0 warnings",
    "no warnings found",
    "warnings: 0",
    "Compiled successfully with no warnings.",
    "Build succeeded with 0 warnings",
    "checked warnings.py",
    "Warning handling tests passed",
    "Found 0 errors, 3 files checked",
]
CLEAN_ERRORS = [
    "0 errors",
    "no errors found",
    "errors: 0",
    "checked errors.py",
    "Error handling tests passed",
    "test_raises_TypeError PASSED",
    "Found 0 errors in 3 files",
    "0 errors \u2014 3 warnings",
    "Total errors: 0 (3 files)",
    "Build succeeded without errors",
    "Success: no issues found in 3 source files",
]


@pytest.mark.parametrize("line", WARNING_LINES)
def test_a_warning_without_a_count_misses_no_warnings(repo: Path, line: str) -> None:
    failed = _gate(repo, _said(line), "no warnings")
    assert failed["status"] == "failed", failed


@pytest.mark.parametrize("line", ERROR_LINES)
def test_an_error_without_a_count_misses_no_errors(repo: Path, line: str) -> None:
    failed = _gate(repo, _said(line), "no errors")
    assert failed["status"] == "failed", failed


@pytest.mark.parametrize("line", COUNTED_ERRORS)
def test_a_count_as_people_write_it_misses_0_errors(repo: Path, line: str) -> None:
    failed = _gate(repo, _said(line), "0 errors")
    assert failed["status"] == "failed", failed


@pytest.mark.parametrize("line", CLEAN_WARNINGS)
def test_clean_output_meets_no_warnings(repo: Path, line: str) -> None:
    passed = _gate(repo, _said(line), "no warnings")
    assert passed["status"] == "passed", passed


@pytest.mark.parametrize("line", CLEAN_ERRORS)
def test_clean_output_meets_no_errors(repo: Path, line: str) -> None:
    passed = _gate(repo, _said(line), "0 errors")
    assert passed["status"] == "passed", passed


# F5: an exit clause before a threshold; every part is checked.
EXIT_THEN = [
    ("exit 0, 0 errors", "errors: 0", "errors: 3"),
    ("exits 0, 0 errors", "errors: 0", "errors: 3"),
    ("returns 0, 0 errors", "errors: 0", "errors: 3"),
    ("exit 0 with 0 errors", "errors: 0", "errors: 3"),
    ("exit 0 / 0 errors", "errors: 0", "errors: 3"),
    ("exits 0 with no errors", "errors: 0", "errors: 3"),
    ("exit code 0, 0 errors", "errors: 0", "errors: 3"),
    ("returns 0, 0 warnings", "warnings: 0", "warnings: 2"),
    ("exit 0 and coverage >= 90%", "coverage: 95%", "coverage: 80%"),
    ("exits 0; coverage >= 90%", "coverage: 95%", "coverage: 80%"),
    ("exits 0 with coverage >= 90%", "coverage: 95%", "coverage: 80%"),
    ("exit 0, coverage >= 90%", "coverage: 95%", "coverage: 80%"),
]


def _task(repo: Path, validation: str) -> str:
    write_plan(repo, [row("T1", validation), row("T2", "`true`")])
    r = plan("run", "T1", "--json")
    return str(json.loads(r.out)["results"][0]["status"])


@pytest.mark.parametrize(("words", "met", "missed"), EXIT_THEN)
def test_an_exit_clause_before_a_threshold_in_a_validation_cell(
    repo: Path, words: str, met: str, missed: str
) -> None:
    assert _task(repo, f"`echo '{missed}'` {words}") == "failed"
    assert _task(repo, f"`echo '{met}'` {words}") == "passed"


@pytest.mark.parametrize(("words", "met", "missed"), EXIT_THEN)
def test_an_exit_clause_before_a_threshold_in_a_gate(
    repo: Path, words: str, met: str, missed: str
) -> None:
    assert _gate(repo, f"echo '{missed}'", words)["status"] == "failed"
    assert _gate(repo, f"echo '{met}'", words)["status"] == "passed"


def test_an_exit_code_other_than_0_before_a_threshold_never_passes(repo: Path) -> None:
    assert _task(repo, "`sh -c 'echo errors: 3; exit 1'` exits 1, 0 errors") == "failed"


ACCEPT_HEAD = (
    "# Plan: acceptance\n\n- Status: In Progress\n\n## Progress\n\n- [x] T1. Run `true`.\n\n"
    "## Validation and Acceptance\n\n"
)


@pytest.mark.parametrize(("words", "met", "missed"), EXIT_THEN[:3])
def test_an_exit_clause_before_a_threshold_in_an_acceptance_item(
    repo: Path, words: str, met: str, missed: str
) -> None:
    path = write_text_plan(repo, ACCEPT_HEAD + f"- [ ] `echo '{missed}'` {words}\n")
    plan("accept")
    assert "- [ ] `echo" in path.read_text(encoding="utf-8")
    path = write_text_plan(repo, ACCEPT_HEAD + f"- [ ] `echo '{met}'` {words}\n", "0002-b.md")
    assert plan("accept", "plans/0002-b.md").code == 0
    assert "- [x] `echo" in path.read_text(encoding="utf-8")


# F6: a threshold whose number is plain but was not read.
PLAIN = [
    ("p95 &lt; 500 ms", "p95: 200 ms", "p95: 900 ms"),
    ("errors &lt; 1", "errors: 0", "errors: 3"),
    ("coverage &gt; 90%", "coverage: 95%", "coverage: 80%"),
    ("latency \u2266 500 ms", "latency: 200 ms", "latency: 900 ms"),
    ("latency \u2a7d 500 ms", "latency: 200 ms", "latency: 900 ms"),
    ("coverage \u2a7e 90%", "coverage: 95%", "coverage: 80%"),
    ("clean (0 errors)", "errors: 0", "errors: 3"),
    ("must pass with 0 errors", "errors: 0", "errors: 3"),
    ("passes with no warnings", "warnings: 0", "warnings: 2"),
]


@pytest.mark.parametrize(("cell", "met", "missed"), PLAIN)
def test_a_plain_threshold_is_read(repo: Path, cell: str, met: str, missed: str) -> None:
    failed = _gate(repo, f"echo '{missed}'", cell)
    assert failed["status"] == "failed", failed
    passed = _gate(repo, f"echo '{met}'", cell)
    assert passed["status"] == "passed", passed


HEAD = "# Plan: said after\n\n## Progress\n\n"
OTHER = "- [ ] T2. Run `true`.\n"  # two items: their IDs are read as IDs


def _item(repo: Path, item: str) -> str:
    write_text_plan(repo, HEAD + f"- [ ] T1. {item}\n{OTHER}")
    r = plan("run", "T1", "--json")
    return str(json.loads(r.out)["results"][0]["status"])


@pytest.mark.parametrize(
    "item",
    [
        "Run `echo '{out}'`; it exits 0 with 0 errors.",
        "Run `echo '{out}'`. It should exit 0 with no errors.",
        "Run `true`.\n  - Verify: `echo '{out}'` exits 0, 0 errors",
    ],
)
def test_an_exit_clause_before_a_threshold_in_a_description(repo: Path, item: str) -> None:
    assert _item(repo, item.format(out="errors: 3")) == "failed"
    assert _item(repo, item.format(out="errors: 0")) == "passed"


def test_a_threshold_in_the_next_sentence_is_checked(repo: Path) -> None:
    item = "Run `echo 'coverage: {n}%'`. Coverage should be at least 80%."
    assert _item(repo, item.format(n=3)) == "failed"
    assert _item(repo, item.format(n=95)) == "passed"
