"""Issue 19, case 8 (and 9), the fourteenth stop: what the plan says to expect, as teams
write it, decides.

Dropped silently before (the run passed on a clean exit, nothing said): "which ought to print
3", ". You should see 3 in the output.", "; expect exit code 2", "; no vulnerabilities
allowed", ". Output should contain goodbye." (now said "not checked"); read as "not checked"
only: "; the number printed must equal 3", "; warnings must be zero".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_thirteenth_reading import HEAD, OTHER, one
from tests.helpers import plan, row, write_plan, write_text_plan


@pytest.mark.parametrize(
    ("item", "status"),
    [
        ("Run `echo 4`, which ought to print 3.", "failed"),
        ("Run `echo 3`, which ought to print 3.", "passed"),
        ("Run `echo 4`, which is supposed to print 3.", "failed"),
        ("Run `echo 4`. You should see 3 in the output.", "failed"),
        ("Run `echo 3`. You should see 3 in the output.", "passed"),
        ("Run `echo 4`; the number printed must equal 3.", "failed"),
        ("Run `echo 3`; the number printed must equal 3.", "passed"),
        ("Run `exit 0`; expect exit code 2.", "failed"),
        ("Run `exit 2`; expect exit code 2.", "passed"),
        ("Run `echo 'warnings: 3'`; warnings must be zero.", "failed"),
        ("Run `echo 'warnings: 0'`; warnings must be zero.", "passed"),
        ("Run `echo 'found 2 vulnerabilities'`; no vulnerabilities allowed.", "failed"),
        ("Run `echo 'found 0 vulnerabilities'`; no vulnerabilities allowed.", "passed"),
        ("Run `echo 'error: x'`; no errors expected.", "failed"),
        ("Run `echo 4`. Then run `echo 4` again and expect 3.", "failed"),
        ("Run `echo 'Found 3 issues'`; there must not be any issues.", "failed"),
        ("Run `echo 'Found 0 issues'`; there must not be any issues.", "passed"),
        ("Run `echo '3 passed, 1 failed'`; 100% pass rate.", "failed"),
        ("Run `echo '4 passed'`; 100% pass rate.", "passed"),
    ],
)
def test_the_stated_value_decides(repo: Path, item: str, status: str) -> None:
    got = one(repo, item)
    assert got["status"] == status, got


@pytest.mark.parametrize(
    "item",
    [
        "Run `echo hello`. Output should contain goodbye.",
        "Run `echo hello`; the result must be correct.",
    ],
)
def test_a_statement_it_cannot_read_is_said(repo: Path, item: str) -> None:
    got = one(repo, item)
    assert got["status"] == "passed", got
    shown = plan("show", "T1").out
    assert "not checked" in shown, shown


def test_a_threshold_marked_required_is_checked(repo: Path) -> None:
    write_plan(
        repo,
        [row("T1", "`echo 'coverage: 80%'` (coverage >= 90% required)"), row("T2", "`true`")],
    )
    r = plan("run", "T1")
    assert r.code == 1, r.out + r.err
    assert "coverage >= 90%" in r.out + r.err


@pytest.mark.parametrize(
    "item",
    [
        "Wait for the team's approval, then run `touch ran`.",
        "Get the DBA's sign-off, then run `touch ran`.",
        "After the security team's approval, run `touch ran`.",
        "Await a reviewer's OK and run `touch ran`.",
    ],
)
def test_an_approval_waited_for_is_a_persons_step(repo: Path, item: str) -> None:
    got = one(repo, item)
    assert got["code"] == 4, got
    assert not (repo / "ran").exists()


@pytest.mark.parametrize(
    "cell", ["100% pass rate", "pass rate: 100%", "100% of tests pass", "pass rate of 100%"]
)
def test_a_gate_pass_rate_written_either_way_is_checked(repo: Path, cell: str) -> None:
    write_plan(
        repo, [row("T1", "`true`")], gates=[f"| G1 | `echo '3 passed, 1 failed'` | {cell} |"]
    )
    r = plan("gates")
    assert r.code == 1, r.out + r.err
    assert "not checked" not in r.out + r.err


@pytest.mark.parametrize("cell", ["pass rate >= 95%", "95% success rate", "pass rate of 95%"])
def test_a_gate_pass_rate_below_its_bound_fails(repo: Path, cell: str) -> None:
    write_plan(
        repo, [row("T1", "`true`")], gates=[f"| G1 | `echo '9 passed, 1 failed'` | {cell} |"]
    )
    r = plan("gates")
    assert r.code == 1, r.out + r.err


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("`echo 4` # 3", 1),
        ("`echo 3` # 3", 0),
        ("`echo 4` [expect 3]", 1),
        ("`echo 3` [expect 3]", 0),
        ("`echo 4` # see issue 3", 0),  # a remark, not a value
    ],
)
def test_a_value_in_a_comment_or_brackets_decides(repo: Path, cell: str, code: int) -> None:
    write_plan(repo, [row("T1", cell), row("T2", "`true`")])
    r = plan("run", "T1")
    assert r.code == code, r.out + r.err


@pytest.mark.parametrize(
    ("item", "status"),
    [
        ('Run `echo "1 failed, 43 passed"` (44 passed).', "failed"),
        ('Run `echo "1 failed, 43 passed"` → 44 passed', "failed"),
        ('Run `echo "FAILED x"; echo "3 passed"` (3 tests passed).', "failed"),
        ('Run `echo "53 passed, 2 skipped"` (52 passed, 2 skipped)', "passed"),
        ("Run `echo 3 passed` (3 passed in 0.2s)", "passed"),
    ],
)
def test_a_noted_pass_count_asks_the_tests_to_pass(repo: Path, item: str, status: str) -> None:
    # The count is that day's record, not a bound (a test added since passes); a failure
    # counted in the output misses it.
    got = one(repo, item)
    assert got["status"] == status, got


@pytest.mark.parametrize(
    ("item", "status"),
    [
        ("Verify with `echo 4`: expected 3", "failed"),
        ("Run `echo 4` and compare with 3.", "failed"),
        ("Run `echo 4` and assert it equals 3.", "failed"),
        ("Run `echo 4` and assert the output is 3.", "failed"),
        ("Run `echo 3` and assert the output is 3.", "passed"),
    ],
)
def test_assert_and_compare_state_the_value(repo: Path, item: str, status: str) -> None:
    got = one(repo, item)
    assert got["status"] == status, got


def test_a_comparison_with_a_file_is_said_not_checked(repo: Path) -> None:
    got = one(repo, "Run `echo 4` and compare with `expected.txt`.")
    assert got["status"] == "passed", got
    assert "not checked" in plan("show", "T1").out


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("`echo 4` -- prints 3", 1),
        ("`echo 4`: 3", 1),
        ("`echo 4` counts 3", 1),
        ("`echo 4` is 3", 1),
        ("`echo 3` is 3", 0),
        ("`echo 4`: see the docs", 0),
    ],
)
def test_a_value_after_a_dash_colon_or_is_decides(repo: Path, cell: str, code: int) -> None:
    # The fourteenth pass (F8a): each passed silently on exit 0.
    write_plan(repo, [row("T1", cell), row("T2", "`true`")])
    r = plan("run", "T1")
    assert r.code == code, r.out + r.err


@pytest.mark.parametrize(
    "lead",
    [
        "We used to run:",
        "This no longer works:",
        "Avoid:",
        "What NOT to run:",
        "For reference only:",
        "Until v2 we ran:",
        "This caused the outage:",
        "Run (optional):",
        "Should you need to reset, run:",
        "Wrong:",
        "Instead of this:",
    ],
)
def test_a_block_its_lead_in_refuses_is_not_run(repo: Path, lead: str) -> None:
    # The fourteenth pass (F5b): each block ran and the item was ticked.
    write_text_plan(
        repo, f"{HEAD}- [ ] Step.\n\n  {lead}\n\n  ```bash\n  touch ran\n  ```\n{OTHER}"
    )
    r = plan("run", "1")
    assert r.code == 4, r.out + r.err
    assert not (repo / "ran").exists()


@pytest.mark.parametrize(
    "lead", ["Run the tests:", "Check that it works:", "Make sure nothing is broken:"]
)
def test_a_block_its_lead_in_asks_for_runs(repo: Path, lead: str) -> None:
    write_text_plan(
        repo, f"{HEAD}- [ ] Step.\n\n  {lead}\n\n  ```bash\n  touch ran\n  ```\n{OTHER}"
    )
    r = plan("run", "1")
    assert r.code == 0, r.out + r.err
    assert (repo / "ran").exists()


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("`echo 4` — it should not print 4", 1),
        ("`echo 3` — it should not print 4", 0),
        ("`echo 4`; output must not contain 4", 1),
        ("`echo 4` does not print 4", 1),
        ("`echo hi` without output", 1),
        ("`true` without output", 0),
        ("`echo error: x` and confirm there are no errors", 1),
        ("`echo hi` and confirm there are no errors", 0),
        ('`echo "1 failed"` and verify every test passes', 1),
        ("`exit 0` and confirm the exit code is 3", 1),
        ("`exit 3` and confirm the exit code is 3", 0),
    ],
)
def test_negated_and_confirmed_statements_decide(repo: Path, cell: str, code: int) -> None:
    # The fourteenth pass (F8c, F8d): each passed on exit 0, silently or "not checked".
    write_plan(repo, [row("T1", cell), row("T2", "`true`")])
    r = plan("run", "T1")
    assert r.code == code, r.out + r.err


@pytest.mark.parametrize(
    "nested",
    [
        "  - Then: `echo lines: 4` prints `3`",
        "  - Finally: `echo lines: 4` -> `3`",
        "  - Also: `echo lines: 4` outputs `3`",
        "  - Afterwards `echo lines: 4` prints `3`",
    ],
)
def test_a_nested_line_naming_the_same_command_decides(repo: Path, nested: str) -> None:
    # The fourteenth pass (F7a): the later expectation was dropped when the first command
    # was on the item's own line; the item was ticked.
    write_text_plan(repo, f"{HEAD}- [ ] B. Run: `echo lines: 4`\n{nested}\n{OTHER}")
    r = plan("run", "1")
    assert r.code == 1, r.out + r.err


def test_a_nested_line_that_agrees_passes(repo: Path) -> None:
    write_text_plan(
        repo,
        f"{HEAD}- [ ] B. Run: `echo lines: 4`\n"
        f"  - Then: `echo lines: 4` prints `lines: 4`\n{OTHER}",
    )
    assert plan("run", "1").code == 0
