"""Expected output and thresholds checked in real runs; failure summaries where results are
written; commands' output streamed where the run is; failed checklist tasks read failed."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import PROJECT, git
from tests.helpers import plan, write_plan

WC = 'import sys\nn = sum(1 for _ in open(sys.argv[1]))\nprint(f"lines: {n}")\n'

# A canonical plan whose one task's command is inferred from its Description, with the
# output it must show written after it.
WC_PLAN = """# ExecPlan: Count lines

- Status: Proposed
- Last Updated: 2026-01-01T00:00Z

## Detailed Phase Task Steps

| Status | Phase # | Task # | ID | Task Type | Description |
| ------ | ------- | ------ | -- | --------- | ----------- |
|        | 1       | 1      | 1  | Code      | Run `python wc.py sample.txt` and expect `3`. |

## Progress Per Session

- (2026-01-01T00:00Z) Started.
"""


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    from runner.run import workflow

    monkeypatch.setattr(workflow, "utc_now", lambda: datetime(2026, 2, 3, 4, 5, tzinfo=UTC))


def _wc_repo(repo: Path, lines: int) -> Path:
    (repo / "wc.py").write_text(WC, encoding="utf-8")
    (repo / "sample.txt").write_text("".join(f"{n}\n" for n in range(lines)), encoding="utf-8")
    (repo / "plans").mkdir()
    path = repo / "plans" / "wc.md"
    path.write_text(WC_PLAN, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "wc")
    return path


def _seconds(text: str) -> str:
    """Durations vary from run to run; everything else is compared byte for byte."""
    return re.sub(r"\b\d+\.\ds\b", "N.Ns", text)


def _after(status: str, entry: str) -> str:
    return (
        WC_PLAN.replace("- Status: Proposed", f"- Status: {status}")
        .replace("2026-01-01T00:00Z\n\n## Detailed", "2026-02-03T04:05Z\n\n## Detailed")
        .replace(
            "|        | 1       | 1", f"| {'X' if status == 'Complete' else '!'}      | 1       | 1"
        )
        + "- (2026-02-03T04:05:00Z) plan session on `main`\n"
        + f"  - (2026-02-03T04:05:00Z) {entry}\n"
    )


def test_wc_expectation_met_runs_one_command_and_passes(repo: Path, clock: None) -> None:
    path = _wc_repo(repo, 3)
    r = plan("next", "--json")
    assert r.code == 0, r.out + r.err
    result = r.json()["results"][0]
    assert [c["command"] for c in result["commands"]] == ["python wc.py sample.txt"]
    assert result["status"] == "passed"
    want = _after("Complete", "task 1 (Code) passed in N.Ns")
    assert _seconds(path.read_text(encoding="utf-8")) == want


def test_wc_expectation_missed_fails_with_the_difference(repo: Path, clock: None) -> None:
    path = _wc_repo(repo, 4)
    r = plan("next", "--json")
    assert r.code == 1
    result = r.json()["results"][0]
    assert len(result["commands"]) == 1
    assert result["commands"][0]["exit_code"] == 0
    assert result["reason"] == "expected '3', got 'lines: 4' (line 1)"
    entry = "task 1 (Code) failed in N.Ns: expected '3', got 'lines: 4' (line 1)"
    assert _seconds(path.read_text(encoding="utf-8")) == _after("In Progress", entry)
    message = git(repo, "log", "-1", "--format=%B")
    assert message.startswith("plan(wc): task 1 failed")
    assert "Plan-Result: failed" in message


def test_plan_show_and_lint_list_what_is_checked(repo: Path) -> None:
    _wc_repo(repo, 3)
    shown = plan("show", "1", "-p", "plans/wc.md").out
    assert "python wc.py sample.txt  (checks: output contains '3')" in shown
    problems = plan("lint", "plans/wc.md", "--json").json()["problems"]
    notes = [p["message"] for p in problems if p["code"] == "P503"]
    assert notes == ["task 1: checks `python wc.py sample.txt` output contains '3'"]


GATES = [
    "| Exit | `true` | exit 0 |",
    "| Fails on purpose | `exit 1` | exit 1 |",
    "| Says hello | `echo hello world` | contains `hello` |",
    "| Coverage | `printf 'TOTAL   120   9   87%%\\n'` | coverage >= 85% |",
    "| Coverage low | `echo 'coverage: 80%'` | coverage >= 85% |",
    "| Quiet | `true` | no output |",
    "| Chatty | `echo noise` | no output |",
    "| Prose | `true` | No drift |",
]


def test_gate_thresholds_are_checked(repo: Path) -> None:
    path = write_plan(repo, [], GATES)
    r = plan("gates", "--json")
    assert r.code == 1
    got = {x["name"]: (x["status"], x.get("reason", "")) for x in r.json()["results"]}
    assert got == {
        "Exit": ("passed", ""),
        "Fails on purpose": ("passed", ""),
        "Says hello": ("passed", ""),
        "Coverage": ("passed", ""),
        "Coverage low": ("failed", "expected coverage >= 85%, got coverage 80%"),
        "Quiet": ("passed", ""),
        "Chatty": ("failed", "expected no output, got noise (line 1)"),
        "Prose": ("passed", ""),
    }
    rows = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.startswith("| C")]
    assert [ln.split("|")[4].strip() for ln in rows] == ["X", "!", "!"]
    problems = plan("lint", "--json").json()["problems"]
    notes = {p["message"] for p in problems if p["code"] == "P502"}
    assert "gate 'Fails on purpose': threshold checked: exit 1" in notes
    assert "gate 'Prose': threshold not checked: 'No drift' is not machine-readable" in notes
    status = plan("status").out
    assert "exit 0, coverage >= 85%" in status


def test_a_changed_threshold_reruns_an_up_to_date_gate(repo: Path) -> None:
    path = write_plan(repo, [], ["| Hello | `echo hello` | contains `hello` |"])
    assert plan("gates", "--json").json()["results"][0]["status"] == "passed"
    assert plan("gates", "--json").json()["results"][0]["status"] == "up_to_date"
    text = path.read_text(encoding="utf-8").replace("contains `hello`", "contains `bye`")
    path.write_text(text, encoding="utf-8")
    r = plan("gates", "--json", "--no-commit")
    assert r.code == 1
    assert r.json()["results"][0]["reason"] == "expected output containing 'bye', got 'hello'"


FAILING_TESTS = """
def test_a():
    assert 1 == 1


def test_b():
    assert 1 == 2
"""


def test_pytest_failure_summary_in_the_journal_and_commit(repo: Path) -> None:
    (repo / "test_x.py").write_text(FAILING_TESTS, encoding="utf-8")
    command = "python -m pytest -q -p no:cacheprovider -p no:randomly test_x.py"
    path = write_plan(repo, [f"|  | 1 | 1 | 1 | Test | Tests. | `{command}` |  |  |"])
    r = plan("next", "--json")
    assert r.code == 1
    reason = r.json()["results"][0]["reason"]
    assert re.fullmatch(
        r"exit 1: 1 failed, 1 passed in \d+\.\d+s; first: FAILED test_x\.py::test_b - "
        r"assert 1 == 2",
        reason,
    ), reason
    journal = [ln for ln in path.read_text(encoding="utf-8").splitlines() if "task 1" in ln]
    assert journal
    assert journal[-1].endswith(reason)
    body = git(repo, "log", "-1", "--format=%b")
    assert body.startswith(f"task 1 failed: {reason}\n\nPlan-File: plans/0001-run.md\n")
    assert [h["result"] for h in plan("history", "1", "--json").json()["history"]] == ["failed"]


def _cli(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`plan ARGS` as a separate process: stdout and stderr are pipes, never terminals."""
    return subprocess.run(
        [sys.executable, "-m", "runner", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
        check=False,
    )


def _two_tasks(repo: Path) -> None:
    one = "`printf 'one-a\\n'; printf 'one-'; sleep 0.2; printf 'b'`"
    two = "`printf 'two-a\\n'; sleep 0.1; printf 'two-b\\n'`"
    write_plan(
        repo,
        [
            f"|  | 1 | 1 | 1 | Code | One. | {one} |  |  |",
            f"|  | 1 | 2 | 2 | Code | Two. | {two} |  |  |",
        ],
    )


def test_output_streamed_when_stdout_is_a_pipe(repo: Path) -> None:
    _two_tasks(repo)
    r = _cli(repo, "next")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    # The command's own lines, unprefixed, its last partial line ended, before the result.
    assert lines[:3] == ["one-a", "one-b", lines[2]]
    assert lines[2].startswith("task 1 passed in ")


def test_output_prefixed_when_jobs_run_at_once(repo: Path) -> None:
    _two_tasks(repo)
    r = _cli(repo, "run", "--all", "-j", "2")
    assert r.returncode == 0, r.stderr
    echoed = [ln for ln in r.stdout.splitlines() if ln.startswith("[task ")]
    assert sorted(echoed) == [
        "[task 1] one-a",
        "[task 1] one-b",
        "[task 2] two-a",
        "[task 2] two-b",
    ]
    assert echoed.index("[task 1] one-a") < echoed.index("[task 1] one-b")


def test_output_hidden_with_quiet_and_on_stderr_with_json(repo: Path) -> None:
    _two_tasks(repo)
    quiet = _cli(repo, "next", "-q")
    assert quiet.returncode == 0
    assert "one-a" not in quiet.stdout + quiet.stderr
    r = _cli(repo, "next", "--json")
    assert r.returncode == 0
    assert json.loads(r.stdout)["results"][0]["id"] == "2"
    assert "two-a\ntwo-b\n" in r.stderr


CHECKLIST = """# ExecPlan: Checklist

- Status: In Progress

## Progress

- [ ] Run `test -f ready.txt`.
- [ ] Write the docs.
"""


def test_failed_checklist_task_shows_failed_until_it_passes(repo: Path) -> None:
    (repo / "plans").mkdir()
    path = repo / "plans" / "list.md"
    path.write_text(CHECKLIST, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "plan")
    assert plan("next").code == 1
    assert "- [ ] Run `test -f ready.txt`." in path.read_text(encoding="utf-8")
    doc = plan("status", "--json").json()
    assert [t["status"] for t in doc["tasks"]] == ["failed", "outstanding"]
    assert doc["counts"]["failed"] == 1
    assert "failed" in plan("status").out.split("\n")[4]
    assert plan("show", "1", "--json").json()["task"]["status"] == "failed"
    (repo / "ready.txt").write_text("", encoding="utf-8")
    r = plan("next", "--json")
    assert r.code == 0
    assert [t["status"] for t in plan("status", "--json").json()["tasks"]] == [
        "passed",
        "outstanding",
    ]


def test_a_failure_is_not_inherited_by_an_item_that_moved(repo: Path) -> None:
    (repo / "plans").mkdir()
    path = repo / "plans" / "list.md"
    path.write_text(CHECKLIST, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "plan")
    assert plan("next").code == 1
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("- [ ] Run `test", "- [ ] A new first item.\n- [ ] Run `test"))
    statuses = [t["status"] for t in plan("status", "--json").json()["tasks"]]
    assert statuses == ["outstanding", "outstanding", "outstanding"]
