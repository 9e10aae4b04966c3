"""What CI systems, browsers and people read of a run (issue 20): the plan's own names, JUnit
as pytest writes it, step summaries told apart, results stamped to the second."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import plan, row, write_plan


def chained(repo: Path) -> Path:
    """P1.T3 fails; P2.T1 depends on it."""
    return write_plan(
        repo,
        [row("P1.T3", "`echo out; exit 2`"), row("P2.T1", "`true`", depends="P1.T3")],
    )


def test_a_task_whose_dependency_failed_names_it_by_its_id_everywhere(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = repo.parent / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    path = chained(repo)
    xml = repo.parent / "run.xml"
    r = plan("run", "--all", "--keep-going", "--junit", str(xml))
    assert r.code == 1
    said = "depends on P1.T3, which did not pass"
    assert f"task P2.T1 not run: {said}" in r.out
    journal = path.read_text(encoding="utf-8")
    assert f"task P2.T1 (Code) not run: {said}" in journal
    assert said in xml.read_text(encoding="utf-8")
    assert said in summary.read_text(encoding="utf-8")
    git_reset = plan("reset", "P1.T3", "P2.T1")
    assert git_reset.code == 0
    doc = plan("run", "--all", "--keep-going", "--json").json()
    reasons = [x.get("reason", "") for x in doc["results"] if x.get("id") == "P2.T1"]
    assert reasons == [said]
    everything = r.out + r.err + journal + xml.read_text(encoding="utf-8")
    everything += json.dumps(doc["results"], indent=1)
    everything += summary.read_text(encoding="utf-8")
    # Log files are named by job; what a person reads never is.
    shown = [ln for ln in everything.splitlines() if ".log" not in ln]
    assert not [ln for ln in shown if "task-P1_T3" in ln]
    assert "***" not in everything
