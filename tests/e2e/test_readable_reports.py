"""What CI systems, browsers and people read of a run (issue 20): the plan's own names, JUnit
as pytest writes it, step summaries told apart, results stamped to the second."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
from datetime import UTC, datetime
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PROJECT, DemoRun, git
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
    # The time it ran before it was stopped: its 1 s limit, and a little more on a loaded
    # machine (the exact "1.0s" failed once at load 9, reading 1.1s).
    took = re.fullmatch(r"timed out after (\d+\.\d)s: sleep 5", slow.message or "")
    assert took is not None, slow.message
    assert 1.0 <= float(took.group(1)) < 5.0
    assert re.search(r"\[timed out after [1-4]s\]$", slow.text or ""), slow.text


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


# --- the report page ----------------------------------------------------------------------


def freeze(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    """The runner's clock stands at `moment`."""
    from runner.run import workflow

    monkeypatch.setattr(workflow, "utc_now", lambda: moment)


def report_json(repo: Path) -> dict[str, Any]:
    r = plan("report", "--json")
    assert r.code == 0, r.err
    doc: dict[str, Any] = r.json()
    return doc


def test_last_failure_is_the_newest_even_at_one_time(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_plan(repo, [row("A", "`echo a-broke; exit 1`"), row("B", "`echo b-broke; exit 2`")])
    freeze(monkeypatch, datetime(2026, 3, 1, 10, 0, 5, tzinfo=UTC))
    assert plan("run", "A").code == 1
    assert plan("run", "B").code == 1  # the same time: recorded later, so newer
    page = report_json(repo)["plans"][0]
    assert page["failure"]["name"] == "B"
    assert plan("run", "A").code == 1  # A again: now A is the newest
    page = report_json(repo)["plans"][0]
    assert page["failure"]["name"] == "A"
    assert page["failure"]["reason"] == "exit 1: a-broke"
    # Every failure's reason is on the page, not only the last one's.
    reasons = {t["id"]: t["reason"] for t in page["tasks"]}
    assert reasons == {"A": "exit 1: a-broke", "B": "exit 2: b-broke"}
    assert plan("report").code == 0
    html = (repo / ".git" / "plan" / "report.html").read_text(encoding="utf-8")
    assert '<th scope="col">Reason</th>' in html
    assert "<td>exit 2: b-broke</td>" in html


def test_a_failing_gates_reason_is_in_its_row(repo: Path) -> None:
    write_plan(repo, [row("1", "`true`")], gates=["| Bad | `echo 'nope'; exit 4` | x |"])
    assert plan("gates").code == 1
    gates = report_json(repo)["plans"][0]["gates"]
    assert [(g["name"], g["reason"]) for g in gates] == [("Bad", "exit 4: nope")]


def test_report_and_junit_are_readable_by_others(repo: Path) -> None:
    write_plan(repo, [row("1", "`true`")])
    old = os.umask(0o022)
    try:
        assert plan("run", "1", "--junit", "reports/run.xml").code == 0
        assert plan("report", "-o", "site/index.html").code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((repo / "site" / "index.html").stat().st_mode) == 0o644
    assert stat.S_IMODE((repo / "reports" / "run.xml").stat().st_mode) == 0o644
    # A file the user made private stays private when written again.
    (repo / "site" / "index.html").chmod(0o600)
    assert plan("report", "-o", "site/index.html").code == 0
    assert stat.S_IMODE((repo / "site" / "index.html").stat().st_mode) == 0o600


class Lists(HTMLParser):
    """Where each list element sits, and which `<pre>` carry an aria-label."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        parent = self.stack[-1] if self.stack else ""
        if tag in ("ul", "ol") and parent in ("ul", "ol"):
            self.bad.append(f"<{tag}> directly in <{parent}>")
        if tag == "pre" and any(k == "aria-label" for k, _ in attrs):
            self.bad.append("<pre aria-label>")
        if tag not in ("meta", "br", "hr", "img", "input", "link", "circle", "line", "path"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass


def nested_journal(repo: Path) -> None:
    write_plan(repo, [row("A", "`echo broke; exit 1`"), row("B", "`true`")])
    assert plan("run", "B").code == 0
    assert plan("journal", "looked at A").code == 0
    assert plan("run", "A").code == 1


def test_the_page_reads_right_to_assistive_technology_and_in_print(repo: Path) -> None:
    nested_journal(repo)
    assert plan("report").code == 0
    html = (repo / ".git" / "plan" / "report.html").read_text(encoding="utf-8")
    lists = Lists()
    lists.feed(html)
    assert lists.bad == []
    assert '<div class="journal"><ul><li>' in html
    assert "<caption>1 plan</caption>" in html
    # In print, "Last failure" stays with what it heads.
    assert '<div class="keep"><h3>Last failure</h3>' in html
    assert re.search(r"@media print \{[^@]*\.keep \{ break-inside: avoid;", html)
    assert re.search(r"@media print \{[^@]*h3 \{ break-after: avoid;", html)
    write_plan(repo, [row("C", "`true`")], name="0002-more.md")
    assert plan("report").code == 0
    html = (repo / ".git" / "plan" / "report.html").read_text(encoding="utf-8")
    assert "<caption>2 plans</caption>" in html


def test_the_last_x_axis_label_ends_inside_the_chart(repo: Path) -> None:
    nested_journal(repo)
    assert plan("report").code == 0
    html = (repo / ".git" / "plan" / "report.html").read_text(encoding="utf-8")
    chart = html[html.index('<svg class="burnup"') : html.index("</svg>")]
    ticks = re.findall(r'<text class="tick" x="([\d.]+)" y="(\d+)" text-anchor="(\w+)">', chart)
    bottom = [t for t in ticks if t[1] == str(max(int(t[1]) for t in ticks if t[2] != "start"))]
    assert bottom[-1][2] == "end"  # drawn leftwards from the right edge of the plot
    assert all(a == "middle" for _, _, a in bottom[:-1])


def axe_script() -> Path:
    """axe-core's script: $AXE_CORE_JS, else node_modules/ of the project (`.ci/run` puts it
    there with npm); skip (fail in CI) when there is none."""
    given = os.environ.get("AXE_CORE_JS")
    found = Path(given) if given else PROJECT / "node_modules" / "axe-core" / "axe.min.js"
    if found.is_file():
        return found
    why = f"no axe-core at {found}; `npm install --no-save axe-core@4` in the project to run it"
    if os.environ.get("CI"):
        pytest.fail(why + " (CI is set: .ci/run installs it, so this is an error)")
    pytest.skip(why)


def axe_violations(report: Path, tmp: Path) -> list[dict[str, Any]]:
    """What axe-core finds on the page in headless Chromium: the page with axe added (and the
    page's script-blocking policy left out, for this copy only), its findings written into
    the DOM that Chromium dumps."""
    from tests.outputs.test_page import browser

    script = axe_script()
    text = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", report.read_text())
    run = (
        "axe.run(document, {resultTypes: ['violations']}).then(function (r) {"
        " var out = document.createElement('pre'); out.id = 'axe-out';"
        " out.textContent = JSON.stringify(r.violations.map(function (v) {"
        " return {id: v.id, impact: v.impact, nodes: v.nodes.map(function (n) {"
        " return n.html; })}; })); document.body.appendChild(out); });"
    )
    body = f"<script>{script.read_text(encoding='utf-8')}</script><script>{run}</script>"
    checked = tmp / "axe.html"
    checked.write_text(text.replace("</body>", body + "</body>"), encoding="utf-8")
    done = subprocess.run(
        [
            browser(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            f"--user-data-dir={tmp / 'profile'}",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--virtual-time-budget=30000",
            "--dump-dom",
            checked.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    m = re.search(r'<pre id="axe-out">(.*?)</pre>', done.stdout.decode("utf-8"), re.DOTALL)
    assert m, "axe-core did not finish"
    found: list[dict[str, Any]] = json.loads(unescape(m.group(1)))
    return found


def test_axe_core_finds_nothing_serious_on_the_demos_report(
    tmp_path: Path, demo_run: DemoRun
) -> None:
    assert demo_run.returncode == 0, demo_run.stderr
    report = demo_run.target / ".git" / "plan" / "report.html"
    found = axe_violations(report, tmp_path)
    assert [v for v in found if v["impact"] in ("serious", "critical")] == []


def test_axe_core_would_see_a_list_nested_wrongly(tmp_path: Path) -> None:
    # The check above can fail: the old journal's shape is caught.
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><main>'
        "<ul><li>a</li><ul><li>b</li></ul></ul></main></body></html>",
        encoding="utf-8",
    )
    found = axe_violations(bad, tmp_path)
    assert ("list", "serious") in [(v["id"], v["impact"]) for v in found]


def test_results_are_stamped_to_the_second_and_minute_stamps_still_read(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_plan(
        repo,
        [row("A", "`echo a-broke; exit 1`"), row("B", "`echo b-broke; exit 2`")],
        gates=["| Ok | `true` | passes | | 2026-02-28T09:00Z |"],
    )
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "| Threshold / Expectation |\n", "| Threshold / Expectation | Status | Last Run |\n"
    )
    text = text.replace(
        "| ----------------------- |\n", "| ----------------------- | ------ | -------- |\n"
    )
    # A session an older runner began, to the minute, in this same hour: it goes on.
    text = text.replace(
        "- (2026-01-01T00:00Z) Hand-written line.\n",
        "- (2026-01-01T00:00Z) Hand-written line.\n- (2026-03-01T09:50Z) plan session on `main`\n"
        "  - (2026-03-01T09:50Z) task A (Code) not run: waiting\n",
    )
    path.write_text(text, encoding="utf-8")
    git(repo, "commit", "-qam", "older stamps")
    freeze(monkeypatch, datetime(2026, 3, 1, 10, 0, 5, tzinfo=UTC))
    assert plan("run", "B").code == 1
    freeze(monkeypatch, datetime(2026, 3, 1, 10, 0, 40, tzinfo=UTC))
    assert plan("run", "A").code == 1
    assert plan("gates").code == 0
    text = path.read_text(encoding="utf-8")
    assert text.count("plan session on `main`") == 1
    assert "  - (2026-03-01T10:00:05Z) task B (Code) failed in " in text
    assert "  - (2026-03-01T10:00:40Z) task A (Code) failed in " in text
    assert "| Ok | `true` | passes | X | 2026-03-01T10:00:40Z |" in text
    page = report_json(repo)["plans"][0]
    assert (page["failure"]["name"], page["failure"]["time"]) == ("A", "2026-03-01T10:00:40Z")
    times = {t["id"]: t["last_time"] for t in page["tasks"]}
    assert times == {"A": "2026-03-01T10:00:40Z", "B": "2026-03-01T10:00:05Z"}
    assert plan("report").code == 0
    html = (repo / ".git" / "plan" / "report.html").read_text(encoding="utf-8")
    assert '<time class="when" datetime="2026-03-01T10:00:40Z">2026-03-01 10:00:40 UTC' in html
    history = plan("history", "--json").json()["history"]
    assert history
    seconds = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d"
    assert all(re.fullmatch(seconds, h["time"]) for h in history)


def test_one_of_a_thing_is_said_in_the_singular(repo: Path) -> None:
    write_plan(repo, [row("1", "`true`")], gates=["| A | `true` | x |"])
    assert plan("gates").code == 0
    status = plan("status")
    assert "1 task: 1 outstanding" in status.out
    assert "1 tasks" not in status.out
    assert plan("report").code == 0
    html = (repo / ".git" / "plan" / "report.html").read_text(encoding="utf-8")
    assert "<p>1 task: 1 outstanding." in html
    assert 'aria-label="last 1 run, oldest first"' in html
    for wrong in ("1 tasks", "1 runs", "1 recorded versions", "1 plans"):
        assert wrong not in html
