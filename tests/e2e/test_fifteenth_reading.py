"""Issue 19, cases 8 and 9, the fifteenth stop: what the plan says to expect decides.

The fourteenth pass's late findings. Passed on a clean exit with no word: "Run `echo 4` (see 3
in output)", "and check for 3 in the output"; said "not checked" and passed: "(3 expected)",
"— output is expected to be `3`". A gate printing `Found 1.2k errors`, `1e3 errors`, `3.0
errors` or `2K warnings` passed `0 errors` / `no warnings` (the count was not read as one).
Gate thresholds `output: goodbye`, `matches ^bye$`, `regex: bye`, `output ~ /bye/` passed as
"not machine-readable". A value the words after a command name ("greets the user with
`hi`") was listed, and would have run, as a command of its own.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.test_thirteenth_reading import HEAD, OTHER, one
from tests.helpers import plan, row, write_plan, write_text_plan


@pytest.mark.parametrize(
    ("item", "status"),
    [
        ("Run `echo 4` (see 3 in output).", "failed"),
        ("Run `echo 3` (see 3 in output).", "passed"),
        ("Run `echo 4` and check for 3 in the output.", "failed"),
        ("Run `echo 3` and check for 3 in the output.", "passed"),
        ("Run `echo 4` (3 expected).", "failed"),
        ("Run `echo 3` (3 expected).", "passed"),
        ("Run `echo 4` — output is expected to be `3`.", "failed"),
        ("Run `echo 3` — output is expected to be `3`.", "passed"),
        ("Run `echo ok` and look for `nope` on stdout.", "failed"),
        ("Run `echo ok` and look for `ok` on stdout.", "passed"),
        ("Run `echo ok` (`nope` expected).", "failed"),
        ("Run `echo 4`; the count is expected to be 3.", "failed"),
        ("Run `echo 3`; the count is supposed to be 3.", "passed"),
        ("Run `echo 'Found 1.2k errors'`; expect no errors.", "failed"),
        ("Run `echo 'Found 2K warnings'`; there should be no warnings.", "failed"),
        # The command named again in a later sentence, without a run cue (attack14a's open
        # "Run `x`. Later, `x` should print 3.").
        ("Run `echo 4`. Later, `echo 4` should print 3.", "failed"),
        ("Run `echo 3`. Later, `echo 3` should print 3.", "passed"),
        ("Run `echo 4`. The output of `echo 4` should be 3.", "failed"),
        ("Run `echo 3`. The output of `echo 3` should be 3.", "passed"),
        ("Run `echo 4`. Running `echo 4` again should print 3.", "failed"),
        ("Run `echo 4`, it should be 3.", "failed"),
        # The lead's own pass of this stop.
        ("Run `echo 4` — the answer should come out as 3.", "failed"),
        ("Run `echo 4`; 3 should be printed.", "failed"),
        ("Run `echo 4`; you'll see 3.", "failed"),
        ("Run `echo 4` and the terminal shows 3.", "failed"),
        ("Run `echo 4`; we expect to see 3.", "failed"),
        ("Run `echo 4`; we expect 3 to be printed.", "failed"),
        ("Run `echo 4` and confirm 3 is printed.", "failed"),
        ("Run `echo 4` to print 3.", "failed"),
        ("Run `echo 4`; look for 3.", "failed"),
        ("Run `echo 3`; look for 3.", "passed"),
        ("Run `echo 'coverage: 85%'`; target: 90% coverage.", "failed"),
        ("Run `echo 'coverage: 95%'`; target: 90% coverage.", "passed"),
        ("Run `echo 'coverage: 85%'` — needs 90%+ coverage.", "failed"),
        ("Run `echo '3 failed, 10 passed'` and make sure everything passes.", "failed"),
        ("Run `echo '10 passed'` and make sure everything passes.", "passed"),
        ("Run `echo hi`; needs the network.", "passed"),
        # Words of the sentence are no value.
        ("Run `echo hi` to see help.", "passed"),
        ("Run `echo hi` and you'll see the dashboard.", "passed"),
        ("Run `echo hi`; a summary is printed.", "passed"),
        # A condition is no expectation: `echo 4` passes on its clean exit.
        ("Run `echo 4`. If `echo 4` prints 3 failures, fix them.", "passed"),
        ("Run `echo 4`. When `echo 4` prints 3, stop.", "passed"),
    ],
)
def test_the_stated_value_decides(repo: Path, item: str, status: str) -> None:
    got = one(repo, item)
    assert got["status"] == status, got
    if status == "passed":
        assert "not checked" not in json.dumps(got), got


@pytest.mark.parametrize(
    "printed", ["Found 1.2k errors", "Found 1e3 errors", "3.0 errors", "errors: 1.5M"]
)
def test_a_count_as_tools_print_it_misses_zero_errors(repo: Path, printed: str) -> None:
    write_plan(repo, [row("T1", "`true`")], gates=[f"| G1 | `echo '{printed}'` | 0 errors |"])
    r = plan("gates")
    assert r.code == 1, r.out + r.err
    assert "expected no errors" in r.out + r.err


@pytest.mark.parametrize("printed", ["Found 0 errors", "0.0 errors", "Python 3.11 ok"])
def test_zero_written_any_way_is_zero(repo: Path, printed: str) -> None:
    write_plan(repo, [row("T1", "`true`")], gates=[f"| G1 | `echo '{printed}'` | 0 errors |"])
    r = plan("gates")
    assert r.code == 0, r.out + r.err


@pytest.mark.parametrize(
    ("cell", "said"),
    [
        ("output: goodbye", "output containing 'goodbye'"),
        ('expected output: "goodbye"', "output containing 'goodbye'"),
        ("stdout = goodbye", "output containing 'goodbye'"),
        ("matches ^bye$", "a line matching /^bye$/"),
        ("regex: bye", "a line matching /bye/"),
        ("pattern: `^bye`", "a line matching /^bye/"),
        ("output ~ /bye/", "a line matching /bye/"),
        ("stdout: empty", "no output"),
    ],
)
def test_a_stated_output_in_a_gate_is_checked(repo: Path, cell: str, said: str) -> None:
    write_plan(repo, [row("T1", "`true`")], gates=[f"| G1 | `echo hello` | {cell} |"])
    r = plan("gates")
    assert r.code == 1, r.out + r.err
    assert f"expected {said}" in r.out + r.err
    write_plan(repo, [row("T1", "`true`")], gates=[f"| G1 | `echo bye; echo goodbye` | {cell} |"])
    if cell != "stdout: empty":
        r = plan("gates")
        assert r.code == 0, r.out + r.err
        assert "not checked" not in r.out + r.err


def test_prose_after_matches_is_no_pattern(repo: Path) -> None:
    """`matches the spec` is words: said not checked, never a pattern every output fails."""
    write_plan(repo, [row("T1", "`true`")], gates=["| G1 | `echo hello` | matches the spec |"])
    r = plan("gates")
    assert r.code == 0, r.out + r.err
    assert "not checked" in r.out + r.err


def test_a_value_named_after_a_command_is_not_a_command(repo: Path) -> None:
    item = "- [ ] T1. Run `echo hi` — it greets the user with `hi`.\n"
    write_text_plan(repo, HEAD + item + OTHER)
    doc = json.loads(plan("status", "--json").out)
    assert doc["tasks"][0]["commands"] == ["echo hi"], doc["tasks"][0]
    r = plan("run", "T1", "--json")
    assert r.code == 0, r.out + r.err
    commands = json.loads(r.out)["results"][0]["commands"]
    assert [c["command"] for c in commands] == ["echo hi"]


@pytest.mark.parametrize(
    "item",
    [
        "(Old) Run `touch x`.",
        "[deprecated] Run `touch x`.",
        "(retired): run `touch x`.",
        "[Do not run] Run `touch x`.",
        "(legacy) Execute `touch x`.",
    ],
)
def test_a_step_labelled_stale_never_runs(repo: Path, item: str) -> None:
    """Case 5, the lead's pass: "(Old) Run `touch x`." ran and passed."""
    one(repo, item)
    assert not (repo / "x").exists()


@pytest.mark.parametrize(("printed", "code"), [("coverage: 95%", 0), ("coverage: 85%", 1)])
def test_a_percentage_before_coverage_is_at_least(repo: Path, printed: str, code: int) -> None:
    """A gate cell `90% coverage` failed every run as "not machine-readable"."""
    write_plan(repo, [row("T1", "`true`")], gates=[f"| G1 | `echo '{printed}'` | 90% coverage |"])
    r = plan("gates")
    assert r.code == code, r.out + r.err


@pytest.mark.parametrize(
    ("cell", "status"),
    [
        ("`echo FAIL` passing", "failed"),
        ("`echo '--- FAIL: TestX'` passes", "failed"),
        ("`echo '1 failed'` pass", "failed"),
        ("`echo ok` passes", "passed"),
        ("`echo '3 passed'` passes", "passed"),
    ],
)
def test_a_bare_pass_word_after_a_command_reads_as_the_gates_do(
    repo: Path, cell: str, status: str
) -> None:
    """attack15b: the gate cell `passing` failed on a printed FAIL; the same word after the
    command in a Validation cell passed on exit 0."""
    write_plan(repo, [row("T1", cell), row("T2", "`true`")])
    r = plan("run", "T1", "--json")
    assert json.loads(r.out)["results"][0]["status"] == status, r.out + r.err


@pytest.mark.parametrize(
    "cell",
    [
        "`rsync -a . ~/backup/`",
        "`rsync -a --delete src/ /srv/www/`",
        "`unison . ssh://h//x -batch`",
    ],
)
def test_a_sync_that_writes_outside_is_no_check(repo: Path, cell: str) -> None:
    """attack15a (rule 6): rsync to a folder outside the work tree and unison ran as checks."""
    write_plan(repo, [row("T1", cell), row("T2", "`true`")])
    assert plan("run", "T1").code == 4
