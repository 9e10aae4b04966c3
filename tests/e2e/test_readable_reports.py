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


def test_junit_reads_as_pytest_writes_it(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from junitparser import Failure, JUnitXml
    from lxml import etree

    monkeypatch.setenv("DEPLOY_TOKEN", "hunter2-very-secret")
    script = "echo step one; echo token $DEPLOY_TOKEN; echo 'error: boom' >&2; exit 2"
    write_plan(
        repo,
        [row("P1.T1", f"`{script}`"), row("P1.T2", "`sleep 5`", timeout="1s")],
        name="0001-v1.2-x.md",
    )
    xml = repo.parent / "run.xml"
    assert plan("run", "--all", "--keep-going", "--junit", str(xml)).code == 1
    text = xml.read_text(encoding="utf-8")
    schema = etree.XMLSchema(etree.parse(str(Path(__file__).parent.parent / "outputs/junit.xsd")))
    assert schema.validate(etree.parse(str(xml))), schema.error_log
    assert ".git/plan/logs" not in text  # CI has no such path
    assert "log: " not in text
    assert "hunter2" not in text
    assert "None" not in text
    suite = next(iter(JUnitXml.fromfile(str(xml))))
    cases = {c.name: c for c in suite}
    # Jenkins splits a classname at its last dot: package `plans`, class `0001-v1_2-x`.
    assert {c.classname for c in suite} == {"plans.0001-v1_2-x"}
    one = cases["task P1.T1"]
    failure = one.result[0]
    assert isinstance(failure, Failure)
    assert failure.message == "exit 2: error: boom"
    assert failure.text == f"$ {script}\nstep one\ntoken ***\nerror: boom\n[exit code 2]"
    # The output streams, not the command or the runner's notes.
    assert one.system_out == "step one\ntoken ***\nerror: boom\n"
    assert one.system_err is None
    slow = cases["task P1.T2"].result[0]
    assert isinstance(slow, Failure)
    assert slow.message == "timed out after 1.0s: sleep 5"
    assert (slow.text or "").endswith("[timed out after 1s]")


def test_step_summaries_of_run_and_gates_are_told_apart(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from markdown_it import MarkdownIt

    summary = repo.parent / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    write_plan(repo, [row("1", "`true`")], gates=["| A | `true` | x |", "| B | `true` | x |"])
    assert plan("run", "1").code == 0
    assert plan("gates").code == 0
    html = MarkdownIt("commonmark").enable("table").render(summary.read_text(encoding="utf-8"))
    assert "<h3>plan run: plans/0001-run.md</h3>" in html
    assert "<h3>plan gates: plans/0001-run.md</h3>" in html
    assert "<p>1 result, 0 failed, in " in html
    assert "<p>2 results, 0 failed, in " in html
