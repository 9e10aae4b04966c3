"""`plan report`: one self-contained HTML page (inline CSS and SVG, nothing loaded); pure
rendering from `pagedata`, plus `write_report` that gathers, renders and writes it."""

from __future__ import annotations

from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any

from runner.errors import NoPlansError
from runner.markdown.html import markdown, markdown_inline
from runner.outputs.page.data import (
    ORDER,
    Failure,
    GateRow,
    JournalLine,
    PlanPage,
    ReportData,
    TaskRow,
)
from runner.plan.words import plural

SYMBOLS = {
    "passed": "✓",
    "failed": "✗",
    "in_progress": "◐",
    "outstanding": "○",
    "blocked": "⊘",
    "skipped": "↷",
    "unknown": "?",
}
# Nothing on the page may load anything: the browser is told so as well.
CSP = "default-src 'none'; style-src 'unsafe-inline'"


def word(status: str) -> str:
    """`in_progress` -> `in progress`."""
    return status.replace("_", " ")


def status_html(status: str | None) -> str:
    """A status by symbol, word and colour (never colour alone)."""
    key = status if status in SYMBOLS else "unknown"
    shown = word(status) if status else "unknown"
    return (
        f'<span class="st s-{key}"><span class="sym" aria-hidden="true">{SYMBOLS[key]}</span>'
        f"{escape(shown)}</span>"
    )


def when_html(iso_time: str | None) -> str:
    """`<time>` shown as `2026-11-25 17:30:05 UTC`."""
    if not iso_time:
        return '<span class="when">—</span>'
    shown = iso_time.replace("T", " ")[:19] + " UTC"
    return f'<time class="when" datetime="{escape(iso_time)}">{escape(shown)}</time>'


def _plan_time(text: str) -> str:
    """A time the plan wrote (a gate's Last Run), as a `<time>` when it reads as one."""
    from runner.outputs.page.data import iso

    moment = iso(text.strip())
    return when_html(moment) if moment else escape(text) or "—"


def counts_words(counts: dict[str, int]) -> str:
    """`3 passed, 1 failed, 2 outstanding`."""
    return ", ".join(f"{n} {word(k)}" for k, n in counts.items() if n) or "no tasks"


def progress_bar(counts: dict[str, int]) -> str:
    """Segments in a fixed order; the words are its text alternative and sit beside it."""
    total = sum(counts.values())
    spans = "".join(
        f'<span class="s-{k}" style="width:{counts[k] / total * 100:.2f}%"></span>'
        for k in ORDER
        if counts.get(k)
    )
    label = escape(counts_words(counts))
    return f'<div class="bar" role="img" aria-label="{label}">{spans}</div>'


def _anchor(n: int) -> str:
    return f"plan-{n + 1}"


def overview(data: ReportData) -> str:
    """Every plan on one table: status, progress, gates, last activity, next task."""
    rows = []
    for n, p in enumerate(data.plans):
        gates = " ".join(
            f'<span class="st s-{g.status}" title="{escape(g.name)}: {word(g.status)}">'
            f'<span class="sym" aria-hidden="true">{SYMBOLS.get(g.status, "?")}</span>'
            f'{escape(g.name)}<span class="sr"> {word(g.status)}</span></span>'
            for g in p.gates
        )
        nxt = f"<code>{escape(p.next_task)}</code>" if p.next_task else "—"
        total = sum(p.counts.values())
        done = p.counts.get("passed", 0) + p.counts.get("skipped", 0)
        rows.append(
            f'<tr><th scope="row"><a href="#{_anchor(n)}">{markdown_inline(p.title)}</a></th>'
            f"<td>{escape(p.status) or '—'}</td>"
            f'<td>{progress_bar(p.counts)}<span class="meta">{done} of {total} done:'
            f" {escape(counts_words(p.counts))}</span></td>"
            f"<td>{gates or '—'}</td><td>{when_html(p.last_activity)}</td><td>{nxt}</td></tr>"
        )
    head = "".join(
        f'<th scope="col">{h}</th>'
        for h in ("Plan", "Status", "Progress", "Gates", "Last activity", "Next task")
    )
    return (
        '<section aria-labelledby="overview"><h2 id="overview">Overview</h2>'
        f"<table><caption>{plural(len(data.plans), 'plan')}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>{legend()}</section>"
    )


def _why(text: str) -> str:
    return escape(text) if text else "—"


def legend() -> str:
    """What each symbol and colour means."""
    items = "".join(f"<li>{status_html(k)}</li>" for k in ORDER)
    return f'<ul class="legend" aria-label="Legend">{items}</ul>'


def task_table(tasks: tuple[TaskRow, ...]) -> str:
    """The tasks with their status and last result."""
    if not tasks:
        return '<p class="note">This plan has no tasks.</p>'
    head = "".join(
        f'<th scope="col">{h}</th>'
        for h in ("ID", "Status", "Type", "Description", "Last result", "When", "Took", "Reason")
    )
    rows = "".join(
        f'<tr><th scope="row"><code>{escape(t.id)}</code></th><td>{status_html(t.status)}</td>'
        f"<td>{escape(t.type)}</td><td>{markdown_inline(t.description)}</td>"
        f"<td>{status_html(t.last_result) if t.last_result else '—'}</td>"
        f"<td>{when_html(t.last_time)}</td>"
        f'<td class="num">{f"{t.duration_s:.1f} s" if t.duration_s is not None else "—"}</td>'
        f"<td>{_why(t.reason)}</td></tr>"
        for t in tasks
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def gate_strip(gates: tuple[GateRow, ...]) -> str:
    """Each gate's recent runs, oldest first, as symbols with their words for readers."""
    if not gates:
        return '<p class="note">This plan has no Quality Gates.</p>'
    rows = []
    for g in gates:
        runs = "".join(
            f'<li class="s-{r.result if r.result in SYMBOLS else "unknown"}"'
            f' title="{escape(r.time)} {escape(word(r.result))}">'
            f'<span aria-hidden="true">{SYMBOLS.get(r.result, "?")}</span>'
            f'<span class="sr">{escape(word(r.result))} at {escape(r.time)}</span></li>'
            for r in g.runs
        )
        strip = (
            f'<ol class="strip" aria-label="last {plural(len(g.runs), "run")}, oldest first">'
            f"{runs}</ol>"
            if g.runs
            else '<span class="note">no recorded runs</span>'
        )
        rows.append(
            f'<tr><th scope="row">{escape(g.name)}</th><td>{status_html(g.status)}</td>'
            f"<td>{_plan_time(g.last_run)}</td><td>{strip}</td><td>{_why(g.reason)}</td></tr>"
        )
    head = "".join(
        f'<th scope="col">{h}</th>' for h in ("Gate", "Status", "Last run", "Recent runs", "Reason")
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def failure_html(f: Failure | None) -> str:
    """What failed last, why, and the end of its log."""
    if f is None:
        return '<p class="note">Nothing has failed.</p>'
    since = " It has passed since." if f.since_passed else ""
    parts = [
        f"<p>{status_html('failed')} {escape(f.kind)} <code>{escape(f.name)}</code>,"
        f" {when_html(f.time)}.{since}</p>"
    ]
    if f.reason:
        parts.append(f"<p>{escape(f.reason)}</p>")
    if f.log:
        parts.append(f'<p class="meta">Log: <code>{escape(f.log)}</code></p>')
    if f.log_tail:
        parts.append(f'<p class="meta">The end of its output:</p><pre>{escape(f.log_tail)}</pre>')
    return "".join(parts)


def journal_html(items: tuple[JournalLine, ...]) -> str:
    """The current session, nested as in the plan: a nested list sits inside its parent's
    `<li>` (a `<ul>` directly in a `<ul>` is not a list a screen reader can follow)."""
    if not items:
        return '<p class="note">The journal has no sessions yet.</p>'
    out: list[str] = ["<ul>"]
    state = "none"  # what is open after the last item: "none", "top" (an <li>), "child"
    for item in items:
        if item.depth and state == "none":
            out.append("<li><ul>")  # a nested item before any top one: an empty parent
            state = "child"
        elif item.depth and state == "top":
            out.append("<ul>")
            state = "child"
        elif not item.depth and state == "child":
            out.append("</ul></li>")
            state = "none"
        elif not item.depth and state == "top":
            out.append("</li>")
            state = "none"
        if item.depth:
            out.append(f"<li>{markdown_inline(item.text)}</li>")
        else:
            out.append(f"<li>{markdown_inline(item.text)}")
            state = "top"
    out.append({"none": "", "top": "</li>", "child": "</ul></li>"}[state] + "</ul>")
    return f'<div class="journal">{"".join(out)}</div>'


def plan_section(n: int, p: PlanPage) -> str:
    """One plan: progress, burn-up, gates, tasks, last failure, journal, then its purpose."""
    from runner.outputs.page import chart as pagechart

    ident = _anchor(n)
    head = (
        f'<section class="plan" id="{ident}" aria-labelledby="{ident}-h">'
        f'<h2 id="{ident}-h">{markdown_inline(p.title)}</h2>'
        f'<p class="meta"><code>{escape(p.path)}</code>'
        + (f" · Status: {escape(p.status)}" if p.status else "")
        + f" · last activity {when_html(p.last_activity)}</p>"
    )
    if p.error:
        return head + f'<p class="error">Cannot read this plan: {escape(p.error)}</p></section>'
    nxt = (
        f"Next: <code>{escape(p.next_task)}</code> {markdown_inline(p.next_description)}"
        if p.next_task
        else "Nothing is next."
    )
    chart = (
        pagechart.burnup(p.burnup, ident, p.title)
        if p.burnup
        else f'<p class="note">{escape(p.burnup_note)}</p>'
    )
    return (
        head + f"{progress_bar(p.counts)}<p>{plural(sum(p.counts.values()), 'task')}:"
        f" {escape(counts_words(p.counts))}. {nxt}</p>"
        + f"<h3>Burn-up</h3>{chart}"
        + f"<h3>Gates</h3>{gate_strip(p.gates)}"
        + f"<h3>Tasks</h3>{task_table(p.tasks)}"
        + f'<div class="keep"><h3>Last failure</h3>{failure_html(p.failure)}</div>'
        + f"<h3>Current session</h3>{journal_html(p.journal)}"
        + (f"<h3>Purpose</h3>{markdown(p.purpose)}" if p.purpose else "")
        + "</section>"
    )


def render(data: ReportData) -> str:
    """The whole page."""
    from runner.outputs.page.style import CSS
    from runner.plan.redact import for_html

    where = f" on <code>{escape(data.branch)}</code>" if data.branch else ""
    body = overview(data) + "".join(plan_section(n, p) for n, p in enumerate(data.plans))
    return for_html(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Plans of {escape(data.project)}</title><style>{CSS}</style></head>"
        f"<body><header><h1>Plans of {escape(data.project)}</h1>"
        f'<p class="meta">Report made {when_html(data.generated)}{where} by'
        " <code>plan report</code>.</p></header>"
        f"<main>{body}</main></body></html>\n"
    )


def plan_paths(ws: Any, names: list[str]) -> list[Path]:
    """The plans named, else every plan in the plans folder."""
    from runner.workspace.config import plan_files, resolve_plan
    from runner.workspace.layout import for_plan
    from runner.workspace.paths import lexical, os_errors

    with os_errors(", ".join(names) or ws.display(ws.plans_dir)):
        if names:
            files = [lexical(resolve_plan(name, ws.cwd, ws.plans_dir)) for name in names]
        else:
            files = plan_files(ws.plans_dir)
    if not files:
        raise NoPlansError(looked_in=ws.looked_in())
    for path in files if names else ():
        for_plan(ws, path)  # a plan named that resolves outside its repository: exit 2
    return files


def build(ws: Any, names: list[str], now: datetime) -> ReportData:
    """The report's data for the named plans (or all of them)."""
    from runner.outputs.page import data as pagedata

    return pagedata.gather(ws, plan_paths(ws, names), now)


def write_report(
    ws: Any, names: list[str], output: Path | None, now: datetime
) -> tuple[Path, ReportData]:
    """Gather, render and write the page (default: the state folder); its path and data."""
    from runner.errors import UsageError
    from runner.workspace import state

    if output is not None:
        state.check_output_target(ws, output, "the report")
    data = build(ws, names, now)
    page = render(data)
    path = output or ws.state / "report.html"
    try:
        # A device, FIFO or `/dev/stdout` is written through, a symlink keeps its link.
        state.write_output(path, page.encode("utf-8"), inside=ws.root)
    except OSError as exc:
        raise UsageError(f"cannot write the report: {exc.strerror}", path=str(path)) from None
    state.remember_output(ws, path)
    return path, data


def open_in_browser(path: Path) -> bool:
    """Open the page in the user's web browser; False when there is none."""
    import webbrowser

    return webbrowser.open(path.resolve().as_uri())
