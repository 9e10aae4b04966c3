"""JUnit XML, the GitHub job summary, the pre-commit hook and live progress."""

from __future__ import annotations

import io
import json
import os
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from runner.outputs.progress import Progress
from runner.plan.results import ResultStatus
from runner.run.executor import Job, JobResult
from tests.conftest import FIXTURES, PROJECT
from tests.helpers import plan, row, write_plan

GATES = [
    "| Good | `true` | x |",
    "| Bad | `echo 'error: boom'; exit 2` | x |",
    "| Also good | `true` | x |",
]


def test_junit_marks_exactly_the_failing_gates(repo: Path) -> None:
    write_plan(repo, [row("1", "`true`")], gates=GATES)
    out = repo / "reports" / "gates.xml"
    # One at a time, so the run order (JUnit's order) is the table's.
    r = plan("gates", "-j", "1", "--junit", str(out))
    assert r.code == 1
    root = ET.parse(out).getroot()
    cases = root.findall(".//testcase")
    assert [c.get("name") for c in cases] == ["gate Good", "gate Bad", "gate Also good"]
    failing = [c.get("name") for c in cases if c.find("failure") is not None]
    assert failing == ["gate Bad"]
    failure = cases[1].find("failure")
    assert failure is not None
    assert "exit 2: error: boom" in (failure.get("message") or "")
    assert "log: " in (failure.text or "")
    assert root.find("testsuite") is not None


def test_run_junit_and_up_to_date_gates_are_skipped_cases(repo: Path) -> None:
    write_plan(repo, [row("1", "`true`"), row("2", "`false`")])
    out = repo / "run.xml"
    assert plan("run", "--all", "--keep-going", "--junit", str(out)).code == 1
    cases = ET.parse(out).getroot().findall(".//testcase")
    assert [(c.get("name"), c.find("failure") is not None) for c in cases] == [
        ("task 1", False),
        ("task 2", True),
    ]


def test_github_step_summary_gains_a_table(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = repo / "summary.md"
    summary.write_text("# Earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    write_plan(repo, [row("1", "`true`")], gates=GATES)
    plan("gates")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# Earlier step\n")
    assert "| | What | Result | Time | Detail |" in text
    assert "| ❌ | gate Bad | failed |" in text
    assert "| ✅ | gate Good | passed |" in text


def test_json_stays_clean_while_progress_runs(repo: Path) -> None:
    write_plan(repo, [row("1", "`true`")], gates=GATES)
    r = plan("gates", "-j", "3", "--json")
    doc = json.loads(r.out)
    assert len(doc["results"]) == 3
    assert "gate Good passed" in r.err  # plain progress lines, not a terminal


def test_progress_on_a_terminal_and_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    job = Job("g", "gate G", ("true",), 1.0)
    ok = JobResult("g", ResultStatus.PASSED, (), 0.5)

    def shown(color_env: bool) -> str:
        if color_env:
            monkeypatch.delenv("NO_COLOR", raising=False)
        else:
            monkeypatch.setenv("NO_COLOR", "1")
        stream = io.StringIO()
        progress = Progress(stream, tty=True, interval=0.01)
        progress.start(job)
        progress.done(job, ok)
        progress.close()
        return stream.getvalue()

    assert "\x1b[32m✔ gate G passed in 0.5s" in shown(True)
    plain = shown(False)
    assert "✔ gate G passed in 0.5s" in plain
    assert "\x1b[32m" not in plain
    stream = io.StringIO()
    progress = Progress(stream, tty=False)
    progress.start(job)
    progress.done(job, ok)
    progress.close()
    assert stream.getvalue() == "✔ gate G passed in 0.5s\n"


def hook() -> dict[str, object]:
    import yaml

    hooks = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (found,) = [h for h in hooks if h["id"] == "plan-lint"]
    return dict(found)


def test_pre_commit_hook_flags_a_broken_plan_and_passes_a_clean_one(repo: Path) -> None:
    import re

    spec = hook()
    folder = repo / "plans"
    folder.mkdir()
    (folder / "0001-clean.md").write_text(
        (PROJECT / "plans" / "0001-plan-core-read-check-show.md")
        .read_text(encoding="utf-8")
        .split("## Context & Orientation")[0]
        + "## Detailed Phase Task Steps\n\n"
        "| Status | Task |\n|---|---|\n| X | done |\n\n## Progress Per Session\n\n"
        "## Surprises & Discoveries\n\n## Decision Log\n\n## Outcomes & Retrospective\n",
        encoding="utf-8",
    )
    shutil.copy(FIXTURES / "canonical.md", folder / "0002-broken.md")
    (folder / "README.md").write_text("# About these plans\n", encoding="utf-8")
    # Every Markdown file reaches the hook; it keeps the plans of the plans folder itself.
    files = [
        p
        for p in ["plans/0001-clean.md", "plans/0002-broken.md", "plans/README.md", "README.md"]
        if re.search(str(spec["files"]), p)
    ]
    assert files == ["plans/0001-clean.md", "plans/0002-broken.md", "plans/README.md", "README.md"]
    # What pre-commit runs: the entry, with the matching changed files appended.
    entry = shlex.split(str(spec["entry"]))
    assert entry[0] == "plan"
    command = [sys.executable, "-m", "runner", *entry[1:]]
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    clean = subprocess.run(
        [*command, files[0], *files[2:]], cwd=repo, capture_output=True, text=True, env=env
    )
    assert clean.returncode == 0, clean.stdout + clean.stderr
    broken = subprocess.run(
        [*command, *files[1:]], cwd=repo, capture_output=True, text=True, env=env
    )
    assert broken.returncode == 1
    assert "README" not in broken.stdout
    assert "plans/0002-broken.md:27: P101" in broken.stdout
