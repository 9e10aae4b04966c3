"""Issue 19, cases 3 and 9, the fourteenth stop: a threshold that is a regular expression.

A gate written `output matches /^ok \\d+$/` (or `=~ /ok/i`, `matches regex \\`ok \\d+\\``) was
"not machine-readable", so the exit code alone passed it whatever the output said; the
backtick form was read as literal text and failed every output. Each is a pattern now that
some output line must match, matched within the run's time bound like a `(re)` line; a
pattern that is no pattern, or one that could run for ever, fails saying so.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import plan, row, write_plan

PATTERNS = [
    "output matches /^ok [0-9]+$/",
    "matches `^ok [0-9]+$`",
    "=~ /OK \\d+/i",
    "output matches regex `ok \\d+`",
    "the output should match /ok \\d/",
    "matches the pattern /^ok/",
]


@pytest.mark.parametrize("cell", PATTERNS)
def test_a_gate_pattern_passes_when_a_line_matches(repo: Path, cell: str) -> None:
    write_plan(repo, [row("T1", "`true`")], gates=[f"| G1 | `printf 'x\\nok 5\\ny\\n'` | {cell} |"])
    r = plan("gates")
    assert r.code == 0, r.out + r.err
    assert "not checked" not in r.out + r.err


@pytest.mark.parametrize("cell", PATTERNS)
def test_a_gate_pattern_fails_when_no_line_matches(repo: Path, cell: str) -> None:
    write_plan(repo, [row("T1", "`true`")], gates=[f"| G1 | `echo nope` | {cell} |"])
    r = plan("gates")
    assert r.code == 1, r.out + r.err
    assert "a line matching /" in r.out + r.err
    assert "got 'nope'" in r.out + r.err + r.err


def test_a_pattern_needs_a_clean_exit(repo: Path) -> None:
    write_plan(repo, [row("T1", "`true`")], gates=["| G1 | `echo ok 5; false` | matches /ok/ |"])
    r = plan("gates")
    assert r.code == 1
    assert "expected exit 0, got exit 1" in r.out + r.err


@pytest.mark.parametrize(
    ("cell", "why"),
    [
        ("matches /ok [/", "not a valid pattern"),
        ("output matches /(a+)+$/", "could run for ever"),
    ],
)
def test_a_pattern_it_will_not_run_fails(repo: Path, cell: str, why: str) -> None:
    write_plan(repo, [row("T1", "`true`")], gates=[f"| G1 | `echo ok 5` | {cell} |"])
    r = plan("gates")
    assert r.code == 1, r.out + r.err
    assert why in r.out + r.err


def test_a_pattern_beside_a_validation_command(repo: Path) -> None:
    write_plan(repo, [row("T1", "`echo ok 5` (matches /ok 6/)"), row("T2", "`true`")])
    r = plan("run", "T1")
    assert r.code == 1, r.out + r.err
    assert "a line matching /ok 6/" in r.out + r.err


def test_every_part_of_a_compound_cell_is_checked(repo: Path) -> None:
    write_plan(
        repo, [row("T1", "`true`")], gates=["| G1 | `echo ok 5` | exit 0; output matches /ok 6/ |"]
    )
    r = plan("gates")
    assert r.code == 1
    assert "a line matching /ok 6/" in r.out + r.err


def test_the_missed_line_is_masked(repo: Path) -> None:
    write_plan(
        repo,
        [row("T1", "`true`")],
        gates=["| G1 | `echo password=hunter$((6 * 7))hunter` | matches /ok/ |"],
    )
    r = plan("gates", "--json")
    assert r.code == 1
    text = (repo / "plans" / "0001-run.md").read_text(encoding="utf-8")
    assert "got 'password=***'" in r.out + r.err
    assert "hunter42hunter" not in text + r.out  # stderr: the command's own live output


def test_show_says_what_is_checked(repo: Path) -> None:
    write_plan(repo, [row("T1", "`true`")], gates=["| G1 | `echo ok` | output matches /^ok$/ |"])
    problems = plan("lint", "--json").json()["problems"]
    notes = {p["message"] for p in problems if p["code"] == "P502"}
    assert "gate 'G1': threshold checked: exit 0, a line of the output matches /^ok$/" in notes


@pytest.mark.parametrize(
    ("command", "cell"),
    [
        ("printf 'throughput: 1200 req/s\\n'", "throughput >= 1000 req/s"),
        ("printf 'score: 10/10\\n'", "score 10/10"),
        ("printf 'change: 2%%\\n'", "no regression (change >= 0%)"),
        ("printf 'time: 1.2s\\n'", "under 2 s"),
        ("printf 'latency: 100 ms\\n'", "<= 500 ms"),
        ("printf 'coverage: 95%%\\n'", "coverage: 90%"),
    ],
)
def test_a_bound_it_cannot_read_fails_the_gate(repo: Path, command: str, cell: str) -> None:
    # The fourteenth pass (F9a, F9b): each passed on the exit code, "not checked", whatever
    # the output said (here it meets the bound as a person reads it: still not a pass).
    write_plan(repo, [row("T1", "`true`")], gates=[f"| G1 | `{command}` | {cell} |"])
    r = plan("gates")
    assert r.code == 1, r.out + r.err
    assert "every threshold of the cell checked" in r.out + r.err


@pytest.mark.parametrize("cell", ["errors must be 0", "error count 0", "errors = 0"])
def test_none_of_a_noun_said_as_its_value(repo: Path, cell: str) -> None:
    write_plan(repo, [row("T1", "`true`")], gates=[f"| G1 | `printf 'errors: 2\\n'` | {cell} |"])
    assert plan("gates").code == 1
    write_plan(repo, [row("T1", "`true`")], gates=[f"| G1 | `printf 'errors: 0\\n'` | {cell} |"])
    assert plan("gates").code == 0


def test_a_prose_cell_is_still_said_not_checked(repo: Path) -> None:
    write_plan(repo, [row("T1", "`true`")], gates=["| G1 | `echo ok` | No drift |"])
    r = plan("gates")
    assert r.code == 0
    assert "not checked" in r.out + r.err
