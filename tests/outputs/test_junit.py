"""JUnit as CI systems read it, the GitHub step summary, CI logs and wall-time durations."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import PROJECT
from tests.helpers import plan, row, write_plan

SCHEMA = Path(__file__).with_name("junit.xsd")


def valid(path: Path) -> ET.Element:
    """The report, once it has passed the JUnit schema (and its counts add up)."""
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    doc = etree.parse(str(path))
    assert schema.validate(doc), schema.error_log
    root = ET.parse(path).getroot()
    for suite in root.iter("testsuite"):
        cases = suite.findall("testcase")
        assert suite.get("tests") == str(len(cases))
        assert suite.get("failures") == str(sum(c.find("failure") is not None for c in cases))
        assert suite.get("skipped") == str(sum(c.find("skipped") is not None for c in cases))
        for c in cases:
            assert c.find("failure") is None or c.find("skipped") is None
    return root


def outcomes(root: ET.Element) -> list[tuple[str, str, str]]:
    """(name, passed/failed/skipped, message) per testcase, in the file's order."""
    out = []
    for c in root.iter("testcase"):
        failure, skipped = c.find("failure"), c.find("skipped")
        if failure is not None:
            out.append((c.get("name") or "", "failed", failure.get("message") or ""))
        elif skipped is not None:
            out.append((c.get("name") or "", "skipped", skipped.get("message") or ""))
        else:
            out.append((c.get("name") or "", "passed", ""))
    return out


def mixed_plan(repo: Path) -> Path:
    """Every kind of task: done, runs, manual, waiting, a Gate task over a failing gate."""
    return write_plan(
        repo,
        [
            row("1", "`true`", status="X"),
            row("2", "`echo two`"),
            row("3", "", kind="Human"),
            row("4", "`true`", depends="3"),
            row("5", "", kind="Gate"),
        ],
        gates=["| Good | `true` | x |", "| Bad | `echo 'error: boom'; exit 2` | x |"],
    )


def test_run_all_is_schema_valid_in_run_order_and_counts_a_failing_gate_once(
    repo: Path,
) -> None:
    mixed_plan(repo)
    out = repo.parent / "run.xml"
    assert plan("run", "--all", "--keep-going", "--junit", str(out)).code == 1
    root = valid(out)
    assert outcomes(root) == [
        ("task 2", "passed", ""),
        ("gate Good", "passed", ""),
        ("gate Bad", "failed", "exit 2: error: boom"),
        ("task 3", "skipped", "manual: a person or agent does it, then `plan done 3`"),
        ("task 4", "skipped", "waits for 3"),
        ("task 1", "skipped", "already passed"),
    ]
    suite = root.find("testsuite")
    assert suite is not None
    assert suite.get("failures") == "1"  # the Gate task 5 is reported through its gates
    assert root.get("failures") == "1"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", suite.get("timestamp") or "")
    assert suite.get("hostname")
    bad = next(c for c in root.iter("testcase") if c.get("name") == "gate Bad")
    assert (bad.findtext("system-out") or "") == "error: boom\n"
    assert bad.find("system-err") is None  # no stderr of its own: one log holds both streams


def test_junitparser_reads_it_as_a_ci_consumer_would(repo: Path) -> None:
    from junitparser import Failure, JUnitXml, Skipped

    mixed_plan(repo)
    out = repo.parent / "run.xml"
    plan("run", "--all", "--keep-going", "--junit", str(out))
    suites = list(JUnitXml.fromfile(str(out)))
    assert len(suites) == 1
    suite = suites[0]
    assert (suite.tests, suite.failures, suite.errors, suite.skipped) == (6, 1, 0, 3)
    assert suite.timestamp
    assert suite.hostname
    kinds: dict[str, list[str]] = {}
    for case in suite:
        kinds[case.name] = [type(r).__name__ for r in case.result]
    assert kinds["gate Bad"] == [Failure.__name__]
    assert kinds["task 1"] == [Skipped.__name__]
    assert kinds["task 2"] == []
    two = next(c for c in suite if c.name == "task 2")
    assert "two" in (two.system_out or "")


def test_output_is_redacted_capped_and_xml_safe(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEPLOY_TOKEN", "hunter2-very-secret")
    write_plan(
        repo,
        [
            row("1", '`echo "token is $DEPLOY_TOKEN"; printf "\\033[31mred\\033[0m \\001\\n"`'),
            row("2", "`seq 1 30000`"),
        ],
    )
    out = repo.parent / "run.xml"
    assert plan("run", "--all", "--junit", str(out)).code == 0
    root = valid(out)
    cases = {c.get("name"): c for c in root.iter("testcase")}
    one = cases["task 1"].findtext("system-out") or ""
    assert "token is ***" in one
    assert "hunter2" not in out.read_text(encoding="utf-8")
    # Colour codes and control characters are removed (issue 11), not spelled out.
    assert "\nred \n" in one
    assert "\x01" not in one
    assert "\\x01" not in one
    two = cases["task 2"].findtext("system-out") or ""
    assert len(two.encode()) < 70 * 1024
    assert "bytes cut" in two
    assert "\n30000\n" in two
    assert "\n1\n2\n3\n" not in two


def test_reports_in_the_work_tree_do_not_make_gates_stale(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(repo / "reports" / "summary.md"))
    (repo / "reports").mkdir()
    write_plan(repo, [row("1", "`true`")], gates=["| A | `true` | x |", "| B | `true` | x |"])
    r = plan("gates", "--junit", "reports/gates.xml", "--json")
    assert [g["status"] for g in r.json()["results"]] == ["passed", "passed"]
    r = plan("gates", "--junit", "reports/gates.xml", "--json")
    assert [g["status"] for g in r.json()["results"]] == ["up_to_date", "up_to_date"]
    root = valid(repo / "reports" / "gates.xml")
    assert [o[1:] for o in outcomes(root)] == [
        ("skipped", "up to date: nothing changed since it last passed")
    ] * 2
    # Anything else new in the tree still counts.
    (repo / "reports" / "other.txt").write_text("x\n", encoding="utf-8")
    r = plan("gates", "--junit", "reports/gates.xml", "--json")
    assert [g["status"] for g in r.json()["results"]] == ["passed", "passed"]


def test_reports_written_earlier_do_not_make_gates_stale(repo: Path) -> None:
    (repo / "reports").mkdir()
    write_plan(repo, [row("1", "`true`")], gates=["| A | `true` | x |"])
    assert plan("gates", "--junit", "reports/gates.xml").code == 0
    assert plan("report", "-o", "reports/page.html").code == 0
    # Neither option is given now: the files are still the runner's own, not inputs.
    r = plan("gates", "--json")
    assert [g["status"] for g in r.json()["results"]] == ["up_to_date"]
    (repo / "reports" / "page.html").write_text("a person's edit\n", encoding="utf-8")
    assert plan("report", "-o", "reports/page.html").code == 0
    r = plan("gates", "--json")
    assert [g["status"] for g in r.json()["results"]] == ["up_to_date"]


def rendezvous_gates(repo: Path) -> list[str]:
    """Two gates that each wait for the other to start, then work a while: they can only
    pass by running together (one after the other, the first would give up)."""
    marks = repo.parent / "marks"
    marks.mkdir()
    wait_for = (
        "touch {me}; i=0; until [ -e {other} ]; do i=$((i+1)); [ $i -gt 500 ] && exit 9;"
        " sleep 0.02; done; sleep 0.6"
    )
    a = wait_for.format(me=marks / "a", other=marks / "b")
    b = wait_for.format(me=marks / "b", other=marks / "a")
    return [f"| A | `{a}` | x |", f"| B | `{b}` | x |"]


def test_durations_are_the_wall_time_of_gates_that_ran_together(repo: Path) -> None:
    path = write_plan(repo, [row("1", "`true`")], gates=rendezvous_gates(repo))
    out = repo.parent / "gates.xml"
    r = plan("gates", "-j", "2", "--junit", str(out), "--json")
    assert r.code == 0, r.out
    each = [g["duration_s"] for g in r.json()["results"]]
    line = next(ln for ln in path.read_text(encoding="utf-8").splitlines() if "gates: A" in ln)
    m = re.search(r" in (\d+\.\d)s$", line)
    assert m, line
    journal = float(m.group(1))
    assert journal < sum(each) - 0.1  # the sum is what it used to say
    assert journal >= round(max(each), 1) - 0.05
    suite = valid(out).find("testsuite")
    assert suite is not None
    assert float(suite.get("time") or 0) < sum(each)
    assert float(suite.get("time") or 0) >= max(each)


def test_a_gate_task_takes_the_wall_time_of_its_gates(repo: Path) -> None:
    write_plan(repo, [row("1", "", kind="Gate")], gates=rendezvous_gates(repo))
    r = plan("run", "1", "-j", "2", "--json")
    assert r.code == 0, r.out
    doc = r.json()
    task = next(x for x in doc["results"] if x.get("id") == "1")
    gates = [x["duration_s"] for x in doc["results"] if "name" in x]
    assert len(gates) == 2
    assert task["duration_s"] < sum(gates)


def test_step_summary_starts_on_a_fresh_line_and_renders_text_literally(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from markdown_it import MarkdownIt

    summary = repo.parent / "summary.md"
    summary.write_text("Earlier step said this", encoding="utf-8")  # no final newline
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    command = "echo 'error: *star* [link](x) <b>bold</b> a|b'; exit 1"
    cell = command.replace("|", "\\|")
    write_plan(repo, [row("1", "`true`")], gates=[f"| Odd | `{cell}` | x |"])
    assert plan("gates").code == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("Earlier step said this\n\n### plan gates: plans/0001-run.md\n")
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<em>" not in html
    assert "<a " not in html
    assert "<b>" not in html
    assert "error: *star* [link](x) &lt;b&gt;bold&lt;/b&gt; a|b" in html  # the explain line
    assert f"<code>{command.replace('<', '&lt;').replace('>', '&gt;')}</code>" in html
    assert html.count("<tr>") == 2  # the heading row and one result: no cell split by `|`
    plan("gates")  # a second run appends after a blank line, never glued to the table
    assert "\n\n\n### plan gates: " in summary.read_text(encoding="utf-8")


def run_cli(repo: Path, *args: str, env: dict[str, str], merged: bool) -> str:
    """`plan ARGS` in a subprocess, its stdout and stderr together (one pipe, or two)."""
    done = subprocess.run(
        [sys.executable, "-m", "runner", *args],
        cwd=repo,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT if merged else subprocess.PIPE,
        text=True,
        check=False,
    )
    return done.stdout + (done.stderr or "")


@pytest.mark.parametrize("ci", [False, True])
def test_each_result_prints_once_in_a_ci_log(repo: Path, ci: bool) -> None:
    write_plan(
        repo,
        [row("1", "`true`")],
        gates=["| Good | `true` | x |", "| Bad | `echo 'error: boom'; exit 2` | x |"],
    )
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PYTHONPATH"] = str(PROJECT)
    if ci:
        env["CI"] = "true"
    log = run_cli(repo, "gates", "-j", "2", env=env, merged=not ci)
    assert len(re.findall(r"gate Good passed", log)) == 1, log
    assert len(re.findall(r"gate Bad failed", log)) == 1, log
    assert len(re.findall(r"log: ", log)) == 1, log


def test_tasks_not_reached_after_a_failure_are_skipped_with_the_reason(repo: Path) -> None:
    write_plan(repo, [row("1", "`exit 4`"), row("2", "`true`")])
    out = repo.parent / "run.xml"
    assert plan("run", "--all", "--junit", str(out)).code == 1
    assert outcomes(valid(out)) == [
        ("task 1", "failed", "exit 4"),
        ("task 2", "skipped", "not reached (an earlier job failed; --keep-going runs the rest)"),
    ]


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
    assert failure.text == "$ echo 'error: boom'; exit 2\nerror: boom\n[exit code 2]"
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
