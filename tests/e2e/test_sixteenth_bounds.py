"""Issue 19, sixteenth pass: bounds. A threshold over one long line of numbers was read in
time quadratic in its numbers (a coverage.py JSON report of 17 KB: 14 s, passed past its
Timeout, a Ctrl-C lost); a counting pipeline's exit 1 hid its producer's failure; MCP and
CLI lists and titles had no bound; `open(` in interpreter code was read as the `open`
command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import git
from tests.helpers import plan, row, write_plan

# One line of a coverage.py-style JSON report: 3,000 numbers (about 17 KB).
COVERAGE_JSON = json.dumps(
    {
        "totals": {"percent_covered": 95.1},
        "coverage": "95%",
        "files": {"a.py": {"executed_lines": list(range(1, 3000))}},
    }
)


def test_a_threshold_over_a_long_json_line_is_read(repo: Path) -> None:
    (repo / "cov.json").write_text(COVERAGE_JSON + "\n", encoding="utf-8")
    write_plan(repo, [row("T1", "`cat cov.json` coverage >= 90%", timeout="30s")])
    doc = plan("run", "T1", "--json").json()
    assert [r["status"] for r in doc["results"]] == ["passed"]
    (repo / "cov.json").write_text(COVERAGE_JSON.replace("95%", "85%") + "\n", encoding="utf-8")
    doc = plan("run", "T1", "--json").json()
    assert [r["status"] for r in doc["results"]] == ["failed"]
    assert "85%" in doc["results"][0]["commands"][0]["mismatch"]


# Every number of this line is read before the label (the worst case): seconds, where the
# old reading took hours.
DENSE = "python3 -c \"print('1 ' * 500000 + 'coverage 95%')\""


def test_reading_a_long_line_ends_with_the_commands_timeout(repo: Path) -> None:
    write_plan(repo, [row("T1", f"`{DENSE}` coverage >= 90%")])
    doc = plan("run", "T1", "--timeout", "1s", "--json").json()
    (only,) = doc["results"]
    assert only["status"] == "failed"  # never a pass past the limit
    said = only["commands"][0]["mismatch"]
    assert "not checked: reading the output ran over the command's limit of 1 s" in said


# Case 13: a counting pipeline's exit 1 is grep's "no match" only when grep gave it (its
# count is then 0); an earlier stage's exit 1 is that stage failing (`wc` never exits 1).
FAILING = 'echo "3 failed"; exit 1\n'


@pytest.mark.parametrize(
    "cell",
    [
        "`sh failing.sh | grep -c failed` returns 1",
        "`sh failing.sh | grep -c failed` returns 1 match",
        "`sh failing.sh | wc -l` returns 1",
        "`sh failing.sh | wc -l` returns 1 line",
        "`sh failing.sh | grep -c nothing` returns 0",
    ],
)
def test_a_counting_pipeline_never_hides_its_producers_failure(repo: Path, cell: str) -> None:
    (repo / "failing.sh").write_text(FAILING, encoding="utf-8")
    write_plan(repo, [row("T1", cell)])
    doc = plan("run", "T1", "--json").json()
    assert [r["status"] for r in doc["results"]] == ["failed"], doc["results"]


@pytest.mark.parametrize(
    "cell",
    [
        "`grep -c nothing words.txt` returns 0",
        "`cat words.txt | grep -c nothing` returns 0",
        "`grep -c one words.txt` returns 1",
        "`cat words.txt | wc -l` returns 2",
    ],
)
def test_a_count_of_nothing_found_still_passes(repo: Path, cell: str) -> None:
    (repo / "words.txt").write_text("one\ntwo\n", encoding="utf-8")
    write_plan(repo, [row("T1", cell)])
    doc = plan("run", "T1", "--json").json()
    assert [r["status"] for r in doc["results"]] == ["passed"], doc["results"]


# Case 19: an ID named twice is marked and journaled once; the IDs and a title are bounded.


def test_an_id_named_twice_is_marked_once(repo: Path) -> None:
    path = write_plan(repo, [row("T1", "`true`")])
    result = plan("done", "T1", "T1", "T1")
    assert result.code == 0, result.err
    text = path.read_text(encoding="utf-8")
    assert text.count("marked done by hand") == 1
    subject = git(repo, "log", "-1", "--format=%s")
    assert "T1, T1" not in subject


def test_too_many_ids_are_a_usage_error(repo: Path) -> None:
    path = write_plan(repo, [row("T1", "`true`")])
    before = path.read_text(encoding="utf-8")
    result = plan("done", *(["T1"] * 1001))
    assert result.code == 2
    assert "1,001 task IDs named; at most 1,000" in result.err
    assert path.read_text(encoding="utf-8") == before


def test_a_title_is_bounded(repo: Path) -> None:
    result = plan("new", "T" * 1001)
    assert result.code == 2
    assert "the title is 1,001 characters" in result.err
    assert not list((repo / "plans").glob("*.md")) if (repo / "plans").exists() else True
    assert plan("new", "T" * 1000).code == 0


# Rule 6: `open(` inside double-quoted interpreter code is a file read, not the `open`
# command that shows a person a window; the gate runs.


@pytest.mark.parametrize(
    ("gate", "status"),
    [
        (
            '`python3 -c "import sys; sys.exit(open(\\".env\\").read().strip()!=\\"ok\\")"`',
            "passed",
        ),
        ("`python3 -c \"import sys; sys.exit(open('.env').read().strip()!='ok')\"`", "passed"),
        ("`python3 -c \"import sys; sys.exit(open('.env').read().strip()!='no')\"`", "failed"),
    ],
)
def test_open_in_interpreter_code_is_a_read(repo: Path, gate: str, status: str) -> None:
    (repo / ".env").write_text("ok\n", encoding="utf-8")
    write_plan(repo, [row("T1", "`true`")], gates=[f"| Env | {gate} | passes |"])
    doc = plan("gates", "--json").json()
    assert [g["status"] for g in doc["results"]] == [status], doc
    # The `open` command itself is still no check.
    write_plan(
        repo, [row("T1", "`true`")], gates=["| Look | `open http://localhost:8000` | opens |"]
    )
    doc = plan("gates", "--json").json()
    assert [g["status"] for g in doc["results"]] != ["passed"], doc
