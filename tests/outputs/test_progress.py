"""Live progress while several tasks or gates run, and --json kept clean meanwhile."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from runner.outputs.progress import Progress
from runner.plan.results import ResultStatus
from runner.run.executor import Job, JobResult
from tests.helpers import plan, row, write_plan

GATES = [
    "| Good | `true` | x |",
    "| Bad | `echo 'error: boom'; exit 2` | x |",
    "| Also good | `true` | x |",
]


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
