"""What `plan report` shows, as data: plans, their last results and their git history.

Everything the page draws comes from here, and `plan report --json` prints the same
document, so people who draw their own charts see exactly what the page saw.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from runner.errors import PlanError
from runner.markdown.patterns import later
from runner.plan.model import Plan, Status
from runner.plan.redact import redact

SCHEMA = 1
# Parsing one version of a plan takes a few milliseconds; a burn-up drawn from at most
# this many evenly spaced versions looks the same and keeps a long history under 2 s.
MOST_VERSIONS = 120
GATE_RUNS = 20
ORDER = ("passed", "failed", "in_progress", "outstanding", "blocked", "skipped", "unknown")

_SESSION = later(r"^[-*+] \(\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?Z\) plan session ")
_ITEM = later(r"^(?P<indent>\s*)(?:[-*+]|\d+[.)])\s+(?P<text>.*)$")


@dataclass(frozen=True)
class TaskRow:
    """One task: what the plan says now and the last time it ran."""

    id: str
    phase: str
    type: str
    description: str
    status: str
    last_result: str | None
    last_time: str | None
    duration_s: float | None
    reason: str = ""  # why it last failed (or was not run), as recorded


@dataclass(frozen=True)
class GateRun:
    """One recorded result of a gate (from a commit's trailers)."""

    time: str
    result: str
    commit: str


@dataclass(frozen=True)
class GateRow:
    """A gate, its status in the plan and its recent runs, oldest first."""

    name: str
    status: str
    last_run: str
    runs: tuple[GateRun, ...]
    reason: str = ""  # why it last failed, as recorded


@dataclass(frozen=True)
class Point:
    """One moment of the burn-up: tasks done (passed or skipped) and tasks in total."""

    time: str
    done: int
    total: int


@dataclass(frozen=True)
class Failure:
    """The last failure: what failed, when, why and the end of its log."""

    kind: str
    name: str
    time: str
    reason: str
    log: str | None
    log_tail: str
    since_passed: bool


@dataclass(frozen=True)
class JournalLine:
    """One item of the current session of the journal (depth 0 is top level)."""

    depth: int
    text: str


@dataclass(frozen=True)
class PlanPage:
    """Everything the page shows about one plan."""

    path: str
    title: str
    status: str
    counts: dict[str, int]
    next_task: str | None
    next_description: str
    last_activity: str | None
    purpose: str
    tasks: tuple[TaskRow, ...]
    gates: tuple[GateRow, ...]
    burnup: tuple[Point, ...]
    burnup_note: str
    versions: int
    failure: Failure | None
    journal: tuple[JournalLine, ...]
    error: str = ""


@dataclass(frozen=True)
class ReportData:
    """The whole report: when it was made, where, and one entry per plan."""

    generated: str
    project: str
    branch: str | None
    plans: tuple[PlanPage, ...]


def iso(text: str | None) -> str | None:
    """A git or journal time as ISO 8601 in UTC (`2026-11-25T17:30:00Z`); None if unreadable."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def to_json(data: ReportData) -> dict[str, Any]:
    """The report as the `--json` document."""
    return {"schema": SCHEMA, **asdict(data)}


def gather(ws: Any, paths: list[Path], now: datetime) -> ReportData:
    """Read every plan and its history; a plan that cannot be read gets a page saying why."""
    from runner import vcs
    from runner.workspace.layout import for_plan

    pages = []
    for path in paths:
        try:
            # One of all the plans that resolves outside the repository (a link out) gets a
            # page saying so; the others are still shown (the seventh pass: none were).
            for_plan(ws, path)
            pages.append(plan_page(_own_workspace(ws, path), path, now))
        except PlanError as exc:
            pages.append(_unreadable(ws.display(path), exc.render()))
    return ReportData(
        generated=iso(now.isoformat()) or "",
        project=project_name(ws.root),
        branch=vcs.branch(ws.root),
        plans=tuple(pages),
    )


def _own_workspace(ws: Any, path: Path) -> Any:
    """The workspace of the plan's own repository (docs/cli.md), shown relative to ws's folder."""
    from dataclasses import replace

    from runner.workspace import layout

    if path.resolve().is_relative_to(ws.root):
        return ws
    return replace(layout.workspace(path.resolve().parent), cwd=ws.cwd)


def project_name(root: Path) -> str:
    """`[project] name` from pyproject.toml, else the folder's name."""
    try:
        raw = (root / "pyproject.toml").read_bytes()
        if b"[project]" in raw:
            import tomllib

            name = tomllib.loads(raw.decode("utf-8")).get("project", {}).get("name")
            if isinstance(name, str) and name.strip():
                return name
    except (OSError, ValueError, RecursionError):
        pass  # no pyproject, or one that cannot be read: the folder names the project
    return root.name


def _unreadable(shown: str, why: str) -> PlanPage:
    return PlanPage(
        shown, shown, "", {}, None, "", None, "", (), (), (), "", 0, None, (), error=why
    )


def plan_page(ws: Any, path: Path, now: datetime) -> PlanPage:
    """One plan's page: the plan now, its last results and its history."""
    from runner import vcs
    from runner.workspace import planfile, state

    parsed = planfile.read_plan(ws, path)
    plan: Plan = parsed.plan
    last = state.last_results(ws, path)
    records = vcs.history(ws.root, path) if ws.git_dir is not None else []
    burnup, note, versions = _burnup(ws, path, plan, now)
    nxt = plan.next_task()
    times = [p.time for p in burnup[:-1]] + [iso(v.get("when")) or "" for v in _entries(last)]
    if not times:
        updated = plan.metadata.get("lastupdated")
        times.append((iso(updated.value) if updated else None) or "")
    counts = plan.counts()
    return PlanPage(
        path=ws.display(path),
        title=plan.title or path.stem,
        status=plan.status,
        counts={k: counts[k] for k in ORDER if k in counts},
        next_task=nxt.id if nxt else None,
        next_description=nxt.description if nxt else "",
        last_activity=max((t for t in times if t), default=None),
        purpose=_purpose(parsed),
        tasks=_tasks(plan, last, records),
        gates=_gates(plan, last, records),
        burnup=burnup,
        burnup_note=note,
        versions=versions,
        failure=_failure(last, records),
        journal=_journal(parsed),
    )


def _entries(last: dict[str, Any]) -> list[dict[str, Any]]:
    return [v for v in last.values() if isinstance(v, dict)]


def _status(s: Status | None) -> str:
    return s.value if s else "unknown"


def done_and_total(plan: Plan) -> tuple[int, int]:
    """Tasks passed or skipped, and all tasks."""
    return sum(1 for t in plan.tasks if t.status is not None and t.status.done), len(plan.tasks)


def _burnup(ws: Any, path: Path, plan: Plan, now: datetime) -> tuple[tuple[Point, ...], str, int]:
    """Points over real time, the sentence shown instead when there are none, versions seen."""
    from runner import vcs
    from runner.plan.reading import parse
    from runner.workspace import layout

    if ws.git_dir is None:
        return (), "No chart: this plan is not in a git repository, so it has no history.", 0
    versions = vcs.plan_versions(ws.root, path)
    if not versions:
        return (), "No chart: the plan has not been committed yet, so it has no history.", 0
    step = max(1, -(-len(versions) // MOST_VERSIONS))
    chosen = versions[::step]
    if chosen[-1] is not versions[-1]:
        chosen.append(versions[-1])
    texts = vcs.blob_texts(ws.root, [v.blob for v in chosen])
    opts = layout.options(ws.settings)
    points: list[Point] = []
    for v in chosen:
        try:
            done, total = done_and_total(parse(texts[v.blob], opts))
        except (PlanError, KeyError):
            continue  # a version that cannot be read leaves a gap, not an error
        points.append(Point(iso(v.when) or v.when, done, total))
    done, total = done_and_total(plan)
    points.append(Point(iso(now.isoformat()) or "", done, total))
    return tuple(points), "", len(versions)


def _tasks(plan: Plan, last: dict[str, Any], records: list[Any]) -> tuple[TaskRow, ...]:
    latest = {r.name: r for r in records if r.kind == "task"}
    rows = []
    for t in plan.tasks:
        got = last.get(f"task:{t.id}")
        why = ""
        if isinstance(got, dict):
            result, when, took = got.get("status"), iso(got.get("when")), got.get("duration_s")
            why = _reason(got)
        elif t.id in latest:
            result, when, took = latest[t.id].result, iso(latest[t.id].when), None
        else:
            result, when, took = None, None, None
        rows.append(
            TaskRow(
                id=t.id,
                phase=t.phase,
                type=t.type,
                description=t.description,
                status=_status(t.status),
                last_result=str(result) if result else None,
                last_time=when,
                duration_s=float(took) if isinstance(took, int | float) else None,
                reason=why,
            )
        )
    return tuple(rows)


def _reason(entry: Any) -> str:
    """A kept result's reason when it failed or was not run (masked), else ""."""
    if entry.get("status") not in ("failed", "not_run"):
        return ""
    return redact(str(entry.get("reason") or ""), os.environ)


def _gates(plan: Plan, last: dict[str, Any], records: list[Any]) -> tuple[GateRow, ...]:
    runs: dict[str, list[GateRun]] = {}
    for r in records:
        if r.kind == "gate":
            runs.setdefault(r.name, []).append(GateRun(iso(r.when) or r.when, r.result, r.sha))
    rows = []
    for g in plan.gates:
        got = last.get(f"gate:{g.name}")
        why = _reason(got) if isinstance(got, dict) and g.status is Status.FAILED else ""
        recent = tuple(runs.get(g.name, [])[-GATE_RUNS:])
        rows.append(GateRow(g.name, _status(g.status), g.last_run, recent, why))
    return tuple(rows)


def _failure(last: dict[str, Any], records: list[Any]) -> Failure | None:
    """The newest failure still standing in the state folder, else the newest in history."""
    failed = [
        (iso(v.get("when")) or "", n, k, v)
        for n, (k, v) in enumerate(last.items())
        if isinstance(v, dict) and v.get("status") == "failed"
    ]
    if failed:
        # The newest; of those in the same second, the one recorded last (the file keeps
        # results in the order they were recorded).
        when, _, key, entry = max(failed, key=lambda f: (f[0], f[1]))
        kind, _, name = key.partition(":")
        log = entry.get("log") if isinstance(entry.get("log"), str) else None
        # The page may leave the machine (a CI artifact): it shows only what was cleaned at
        # run time (the kept reason and tail), never the raw log, whose secrets the
        # environment of a later report may not know.
        reason = redact(str(entry.get("reason") or ""), os.environ)
        tail = str(entry.get("tail") or "")
        return Failure(kind, name, when, reason, log, redact(tail, os.environ), False)
    for i in range(len(records) - 1, -1, -1):
        r = records[i]
        if r.result == "failed":
            later = [x.result for x in records[i + 1 :] if x.name == r.name and x.kind == r.kind]
            return Failure(r.kind, r.name, iso(r.when) or r.when, "", None, "", "passed" in later)
    return None


def _section(parsed: Any, test: Any) -> list[str]:
    """The own text of the first heading `test` accepts (up to the next heading)."""
    heads = parsed.structure.headings
    for n, h in enumerate(heads):
        if test(h.text.strip().lower()):
            end = heads[n + 1].line if n + 1 < len(heads) else len(parsed.doc.lines)
            return list(parsed.doc.lines[h.line + 1 : end])
    return []


def _purpose(parsed: Any) -> str:
    """The Markdown of the Purpose section, as written."""
    return "\n".join(_section(parsed, lambda t: t.startswith("purpose"))).strip()


def _journal(parsed: Any) -> tuple[JournalLine, ...]:
    """The current session: from the last `plan session` item (else the last item) on."""
    from runner.plan.journal import journal_span

    span = journal_span(parsed.doc, parsed.structure.blocks)
    lines = list(parsed.doc.lines[span[0] : span[1]]) if span else []
    tops = [i for i, ln in enumerate(lines) if _ITEM.match(ln) and not ln[:1].isspace()]
    sessions = [i for i in tops if _SESSION.match(lines[i])]
    start = sessions[-1] if sessions else (tops[-1] if tops else len(lines))
    items: list[JournalLine] = []
    for ln in lines[start:]:
        m = _ITEM.match(ln)
        if m:
            depth = 1 if m.group("indent") else 0
            items.append(JournalLine(depth, m.group("text").strip()))
        elif ln.strip() and items:
            last = items[-1]
            items[-1] = JournalLine(last.depth, f"{last.text} {ln.strip()}")
    return tuple(items)
