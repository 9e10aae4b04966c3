"""The named steps of a run: lock, read, pick, execute, re-read, apply, write, commit.

Never prints, never exits: it returns an `Outcome` for the CLI to show.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from runner import errors, journal, state
from runner.errors import UnusablePlanError, UsageError
from runner.executor import Job, JobResult, safe_name
from runner.model import Gate, Plan, Status, Task, normalise_plan_status
from runner.plandoc import (
    Edit,
    Parsed,
    SetGateResult,
    SetMeta,
    SetTaskStatus,
    apply_document,
    parse_document,
)
from runner.planfile import Workspace, remember
from runner.redact import redact


def utc_now() -> datetime:
    """The clock (tests replace it)."""
    return datetime.now(UTC)


@dataclass
class Request:
    """What the user asked for."""

    ws: Workspace
    plan_path: Path
    shown: str
    mode: str  # next | run | gates | verify | mark | note
    ids: list[str] = field(default_factory=list)
    all: bool = False
    phase: str | None = None
    only: list[str] = field(default_factory=list)
    parallel: int = 1
    keep_going: bool = False
    force: bool = False
    timeout: float | None = None
    dry_run: bool = False
    commit: bool = True
    no_verify: bool = False
    wait: float = 0.0
    new_session: bool = False
    mark: Status | None = None
    note: str = ""
    echo: IO[bytes] | None = None
    on_start: Callable[[Job], None] | None = None
    on_done: Callable[[Job, JobResult], None] | None = None
    clock: Callable[[], datetime] | None = None

    def now(self) -> datetime:
        """The time, from the injected clock or the module's (which tests replace)."""
        return self.clock() if self.clock else utc_now()


@dataclass
class Outcome:
    """What happened, for the CLI to print and turn into an exit code."""

    results: list[dict[str, Any]] = field(default_factory=list)
    commit: str | None = None
    next_task: Task | None = None
    plan: Plan | None = None
    exit_code: int = errors.EXIT_OK
    notices: list[str] = field(default_factory=list)
    planned: list[str] = field(default_factory=list)
    manual: list[Task] = field(default_factory=list)
    written: bool = False


# --- pick --------------------------------------------------------------------------------


def phase_number(phase: str) -> str:
    """`4 - Git hooks` -> `4`."""
    m = re.match(r"\s*([\w.]+)", phase)
    return m.group(1) if m else phase.strip()


def _select_tasks(plan: Plan, req: Request) -> list[Task]:
    if req.mode == "next":
        t = plan.next_task()
        return [t] if t else []
    if req.mode == "verify":
        chosen = [t for t in plan.tasks if t.status is Status.PASSED and not t.manual]
        if req.ids:
            chosen = [t for t in chosen if t.id in req.ids]
        return chosen
    if req.ids:
        out: list[Task] = []
        for task_id in req.ids:
            t = plan.task(task_id)
            if t is None:
                raise UsageError(f"no task '{task_id}' in {req.shown}")
            if t not in out:
                out.append(t)
        return _dependency_order(plan, out)
    pending = [
        t for t in plan.tasks if t.status in (Status.OUTSTANDING, Status.IN_PROGRESS, Status.FAILED)
    ]
    if req.phase is not None:
        pending = [t for t in pending if phase_number(t.phase) == req.phase]
        if not pending and not any(phase_number(t.phase) == req.phase for t in plan.tasks):
            raise UsageError(f"no phase '{req.phase}' in the plan")
    return _dependency_order(plan, pending)


def _dependency_order(plan: Plan, tasks: list[Task]) -> list[Task]:
    chosen = {t.id for t in tasks}
    order: list[Task] = []
    seen: set[str] = set()

    def visit(t: Task, stack: tuple[str, ...]) -> None:
        if t.id in seen:
            return
        if t.id in stack:
            raise UnusablePlanError("dependency cycle: " + " -> ".join((*stack, t.id)), line=t.line)
        for d in t.depends:
            dep = plan.task(d)
            if dep is not None and dep.id in chosen:
                visit(dep, (*stack, t.id))
        seen.add(t.id)
        order.append(t)

    for t in tasks:
        visit(t, ())
    return order


# --- the run -----------------------------------------------------------------------------


def _task_key(t: Task) -> str:
    return "task-" + safe_name(t.id)


def _gate_key(g: Gate) -> str:
    return "gate-" + safe_name(g.name)


def _timeout(req: Request, own: float | None) -> float:
    # The plan's Timeout column speaks for its task; --timeout for the rest.
    if own:
        return own
    return req.timeout if req.timeout else req.ws.settings.timeout


def run(req: Request) -> Outcome:
    """The whole pipeline, under the plan's lock."""
    with state.lock(req.ws, req.plan_path, req.wait, f"plan {req.mode}"):
        state.clean_stale_temporaries(req.plan_path)
        return _locked(req)


def _locked(req: Request) -> Outcome:
    from runner import executor, vcs

    parsed = req.ws.read(req.plan_path)
    plan = parsed.plan
    if plan.tracker is None and req.mode != "gates":
        raise UnusablePlanError(
            "P002 no task table: no status table and no Progress checklist", path=req.shown
        )
    outcome = Outcome(plan=plan)
    now = req.now()
    edits: list[Edit] = []
    entries: list[str] = []
    recorded: list[tuple[str, str, str]] = []  # (kind, name, result) for the commit trailers

    if req.mode == "note":
        if not req.note.strip():
            raise UsageError("the note is empty")
        if req.dry_run:
            outcome.planned.append(f"would add to the journal: {req.note}")
            return outcome
        entries.append("note: " + req.note)
        return _finish(
            req, outcome, edits, entries, recorded, now, subject="journal note", first=parsed
        )

    if req.mode == "mark":
        assert req.mark is not None
        for task_id in req.ids:
            t = plan.task(task_id)
            if t is None:
                raise UsageError(f"no task '{task_id}' in {req.shown}")
            if req.dry_run:
                outcome.planned.append(f"task {t.id}: would be marked {req.mark.value}")
                continue
            edits.append(SetTaskStatus(t.id, req.mark, journal.stamp(now)))
            word = {
                Status.PASSED: "done",
                Status.FAILED: "failed",
                Status.OUTSTANDING: "reset",
            }.get(req.mark, req.mark.value)
            entries.append(f"task {t.id}{_type(t)} marked {word} by hand")
            recorded.append(("task", t.id, req.mark.value))
            outcome.results.append({"id": t.id, "status": req.mark.value, "commands": []})
        if req.dry_run:
            return outcome
        subject = f"task {', '.join(req.ids)} marked {req.mark.value}"
        return _finish(req, outcome, edits, entries, recorded, now, subject=subject, first=parsed)

    jobs: list[Job] = []
    gate_jobs: dict[str, Gate] = {}
    task_jobs: dict[str, Task] = {}
    gate_runs_for: dict[str, list[str]] = {}
    not_ready: list[tuple[Task, str]] = []
    fingerprint_cache: list[str | None] = []

    def gate_job(g: Gate, after: tuple[str, ...] = ()) -> Job:
        key = _gate_key(g)
        if key not in gate_jobs:
            if not fingerprint_cache:
                fingerprint_cache.append(vcs.fingerprint(req.ws.root, req.plan_path))
            gate_jobs[key] = g
            jobs.append(
                Job(
                    key,
                    f"gate {g.name}",
                    g.commands,
                    _timeout(req, None),
                    env=_env(req, gate=g.name),
                    after=after,
                    fingerprint=fingerprint_cache[0],
                )
            )
        return next(j for j in jobs if j.key == key)

    if req.mode == "gates":
        chosen = list(plan.gates)
        if req.only:
            names = {g.name.lower(): g for g in plan.gates}
            missing = [n for n in req.only if n.lower() not in names]
            if missing:
                known = ", ".join(g.name for g in plan.gates) or "none"
                raise UsageError(f"no gate {', '.join(missing)} (gates: {known})")
            chosen = [names[n.lower()] for n in req.only]
        if not chosen:
            # Nothing to do is success (CLI.md, exit 0); say so rather than stay silent.
            outcome.notices.append(
                f"{req.shown}: no Quality Gates table with gates; nothing to run"
            )
            outcome.next_task = plan.next_task()
            return outcome
        for g in chosen:
            if not g.commands:
                raise UnusablePlanError(
                    f"gate '{g.name}' has no command", path=req.shown, line=g.line
                )
            gate_job(g)
    else:
        tasks = _select_tasks(plan, req)
        selected = {t.id for t in tasks}
        # Selected tasks that will not be complete when this run ends: manual ones, and
        # those waiting on them. Their dependents wait too (tasks come in dependency order).
        waiting: set[str] = set()
        for t in tasks:
            unmet = [
                d
                for d in t.depends
                if d in waiting
                or (
                    d not in selected
                    and not ((dep := plan.task(d)) and dep.status and dep.status.done)
                )
            ]
            if unmet and req.mode != "verify":
                not_ready.append((t, "waits for " + ", ".join(unmet)))
                waiting.add(t.id)
                continue
            if t.never_runs or t.manual:
                outcome.manual.append(t)
                waiting.add(t.id)
                continue
            after = tuple(
                key
                for d in t.depends
                if d in selected
                for key in (gate_runs_for.get(d) or [_task_key(plan.task(d) or t)])
            )
            if t.runs_gates:
                usable = [g for g in plan.gates if g.commands]
                if not usable:
                    raise UnusablePlanError(
                        f"task {t.id} runs the Quality Gates, and the plan"
                        " has no gate with a command",
                        path=req.shown,
                        line=t.line,
                    )
                gate_runs_for[t.id] = [gate_job(g, after).key for g in usable]
                task_jobs[t.id] = t
                continue
            key = _task_key(t)
            jobs.append(
                Job(
                    key,
                    f"task {t.id}",
                    t.commands,
                    _timeout(req, t.timeout),
                    env=_env(req, task=t.id),
                    after=after,
                )
            )
            task_jobs[t.id] = t

    if req.dry_run:
        for j in jobs:
            for c in j.commands:
                outcome.planned.append(f"{j.label}: would run `{c}`")
        for t in outcome.manual:
            outcome.planned.append(f"task {t.id}{_type(t)}: manual, would be marked in progress")
        for t, why in not_ready:
            outcome.planned.append(f"task {t.id}: not ready ({why})")
        if not outcome.planned:
            outcome.planned.append("nothing to do")
        outcome.next_task = plan.next_task()
        return outcome

    results: dict[str, JobResult] = {}
    if jobs:
        opts = executor.Options(
            root=req.ws.root,
            # Per plan, because the lock is: runs on two plans may overlap.
            db=req.ws.state
            / "doit"
            / f"{safe_name(os.path.relpath(req.plan_path, req.ws.root))}.json",
            parallel=max(1, req.parallel),
            log_dir=req.ws.state / "logs" / safe_name(req.plan_path.stem),
            keep_going=req.keep_going or req.mode in ("gates", "verify"),
            force=req.force,
            echo=req.echo,
            on_start=req.on_start,
            on_done=req.on_done,
        )
        for r in executor.execute(jobs, opts):
            results[r.key] = r
        if opts.stop.signum:
            outcome.exit_code = 128 + opts.stop.signum
    stamp_now = journal.stamp(req.now())

    # Gates: their own table, whoever asked for them.
    gate_summary: list[str] = []
    for key, g in gate_jobs.items():
        r = results[key]
        outcome.results.append(_result_json("name", g.name, r, g.status))
        if r.status in ("passed", "failed"):
            status = Status.PASSED if r.status == "passed" else Status.FAILED
            edits.append(SetGateResult(g.name, status, stamp_now))
            recorded.append(("gate", g.name, r.status))
        gate_summary.append(_gate_words(g.name, r))

    for task_id, t in task_jobs.items():
        if t.runs_gates:
            parts = [results[k] for k in gate_runs_for[task_id]]
            statuses = {p.status for p in parts}
            if "interrupted" in statuses:
                status_word = "interrupted"
            elif statuses <= {"passed", "up_to_date"}:
                status_word = "passed"
            else:
                status_word = "failed"
            merged = JobResult(
                task_id,
                status_word,
                tuple(c for p in parts for c in p.commands),
                sum(p.duration_s for p in parts),
            )
        else:
            merged = results[_task_key(t)]
        outcome.results.append(_result_json("id", t.id, merged, t.status))
        _record_task(req, t, merged, edits, entries, recorded, stamp_now)

    if gate_summary and req.mode == "gates":
        ran = [r for k, r in results.items() if k in gate_jobs and r.status != "up_to_date"]
        if ran:
            total = sum(r.duration_s for r in ran)
            entries.append("gates: " + ", ".join(gate_summary) + f" in {total:.1f}s")
    for t in outcome.manual:
        # JSON statuses are meanings (CLI.md); `manual` says nothing was run.
        shown_status = t.status.value if t.status else None
        if (req.mode == "next" or req.ids) and t.status is not Status.IN_PROGRESS:
            # Marked once; asking again only shows it (no new journal line, no commit).
            edits.append(SetTaskStatus(t.id, Status.IN_PROGRESS))
            entries.append(
                f"task {t.id}{_type(t)} is manual: in progress; mark it with plan done {t.id}"
            )
            recorded.append(("task", t.id, "in_progress"))
            shown_status = Status.IN_PROGRESS.value
        outcome.results.append({"id": t.id, "status": shown_status, "manual": True, "commands": []})
    for t, why in not_ready:
        outcome.results.append(
            {
                "id": t.id,
                "status": t.status.value if t.status else None,
                "not_run": True,
                "reason": why,
                "commands": [],
            }
        )

    if outcome.exit_code == 0:
        if any(r["status"] == "failed" for r in outcome.results):
            outcome.exit_code = errors.EXIT_FAILED
        elif any(r.get("manual") for r in outcome.results) and req.mode == "next":
            outcome.exit_code = errors.EXIT_MANUAL
    subject = _subject(req, outcome)
    return _finish(req, outcome, edits, entries, recorded, now, subject=subject, first=parsed)


def _type(t: Task) -> str:
    return f" ({t.type})" if t.type else ""


def _env(req: Request, *, task: str | None = None, gate: str | None = None) -> dict[str, str]:
    env = {"PLAN_FILE": str(req.plan_path)}
    if sys.prefix != sys.base_prefix:
        # Run from a virtualenv, commands see its tools first: `python`, `pytest`, `doit`
        # mean the ones installed beside `plan`, as if the environment were activated.
        bin_dir = str(Path(sys.executable).parent)
        path = os.environ.get("PATH", "")
        if path.split(os.pathsep)[:1] != [bin_dir]:
            env["PATH"] = bin_dir + os.pathsep + path
    if task is not None:
        env["PLAN_TASK_ID"] = task
    if gate is not None:
        env["PLAN_GATE"] = gate
    return env


def _gate_words(name: str, r: JobResult) -> str:
    if r.status == "failed":
        return f"{name} failed ({r.explain()})"
    return f"{name} {r.status.replace('_', ' ')}"


def _record_task(
    req: Request,
    t: Task,
    r: JobResult,
    edits: list[Edit],
    entries: list[str],
    recorded: list[tuple[str, str, str]],
    stamp_now: str,
) -> None:
    label = f"task {t.id}{_type(t)}"
    if r.status == "interrupted":
        entries.append(f"{label} interrupted after {r.duration_s:.1f}s; nothing recorded")
        return
    if r.status == "not_run":
        entries.append(f"{label} not run: {r.reason}")
        return
    if req.mode == "verify":
        if r.status == "failed":
            edits.append(SetTaskStatus(t.id, Status.FAILED, stamp_now))
            entries.append(f"verify: {label} no longer passes: {r.explain()}")
            recorded.append(("task", t.id, "failed"))
        else:
            entries.append(f"verify: {label} still passes ({r.duration_s:.1f}s)")
        return
    status = Status.PASSED if r.status == "passed" else Status.FAILED
    edits.append(SetTaskStatus(t.id, status, stamp_now))
    recorded.append(("task", t.id, r.status))
    how = f"{r.status} in {r.duration_s:.1f}s"
    entries.append(f"{label} {how}" + (f": {r.explain()}" if r.status == "failed" else ""))


def _result_json(key: str, name: str, r: JobResult, current: Status | None) -> dict[str, Any]:
    """A result in CLI.md's keys. `status` is always a meaning (or `up_to_date`): a job that
    was not run or was interrupted keeps the status it had, flagged `not_run`/`interrupted`."""
    status: str | None = r.status
    if r.status in ("not_run", "interrupted"):
        status = current.value if current else None
    doc: dict[str, Any] = {
        key: name,
        "status": status,
        "duration_s": round(r.duration_s, 3),
        "commands": [
            {
                "command": c.command,
                "exit_code": c.exit_code,
                "duration_s": round(c.duration_s, 3),
                "timed_out": c.timed_out,
                "log": c.log,
            }
            for c in r.commands
        ],
    }
    if r.status in ("not_run", "interrupted"):
        doc[r.status] = True
    if r.status in ("failed", "not_run"):
        doc["reason"] = r.explain()
    return doc


def _subject(req: Request, outcome: Outcome) -> str:
    """`task P1.T2 passed`, `gates: 3 passed, 1 failed`, `5 tasks: 4 passed, 1 failed; ...`."""
    from runner.report import result_word

    def counted(results: list[dict[str, Any]]) -> str:
        counts: dict[str, int] = {}
        for r in results:
            counts[result_word(r)] = counts.get(result_word(r), 0) + 1
        return ", ".join(f"{n} {word}" for word, n in counts.items())

    tasks = [r for r in outcome.results if "id" in r]
    gates = [r for r in outcome.results if "name" in r]
    parts = []
    if len(tasks) <= 3:
        parts += [f"task {r['id']} {result_word(r)}" for r in tasks]
    else:
        parts.append(f"{len(tasks)} tasks: {counted(tasks)}")
    if gates:
        parts.append(f"gates: {counted(gates)}")
    return "; ".join(parts) or req.mode


def _finish(
    req: Request,
    outcome: Outcome,
    edits: list[Edit],
    entries: list[str],
    recorded: list[tuple[str, str, str]],
    now: datetime,
    *,
    subject: str,
    first: Parsed,
) -> Outcome:
    """Re-read, apply, write, commit."""
    from runner import vcs

    if not edits and not entries:
        fresh = _reread(req, first)
        outcome.plan = fresh.plan
        outcome.next_task = fresh.plan.next_task()
        return outcome
    if outcome.results and not req.dry_run:
        state.remember_results(
            req.ws,
            req.plan_path,
            outcome.results,
            journal.stamp(req.now()),
            by_hand=req.mode == "mark",
        )
    # Re-read: a person may have edited the plan while the commands ran.
    fresh = _reread(req, first)
    doc = fresh.doc
    before = doc.text()
    moment = req.now()
    apply_document(doc, [*edits, *_metadata_edits(fresh.plan, edits, moment)], fresh)
    journal.add(
        doc,
        [journal.Entry(redact(text, os.environ)) for text in entries],
        now=moment,
        branch=vcs.branch(req.ws.root),
        gap=timedelta(seconds=req.ws.settings.session_gap),
        new_session=req.new_session,
        blocks=fresh.structure.blocks,
    )
    after = doc.text()
    final = parse_document(doc, options=fresh.options)
    outcome.plan = final.plan
    outcome.next_task = final.plan.next_task()
    if after == before:
        return outcome
    data = after.encode("utf-8")
    state.write_atomic(req.plan_path, data, req.shown)
    outcome.written = True
    if final.structure.blocks is not None:
        remember(req.ws.cache, req.plan_path, data, final.structure.blocks)
    if not (req.commit and req.ws.settings.commit):
        return outcome
    trailers = [("Plan-File", os.path.relpath(req.plan_path, req.ws.root))]
    for kind, name, result in recorded:
        trailers.append(("Plan-Task" if kind == "task" else "Plan-Gate", name))
        trailers.append(("Plan-Result", result))
    msg = redact(vcs.message(req.plan_path.stem, subject, trailers), os.environ)
    done = vcs.commit_plan(req.ws.root, req.plan_path, msg, no_verify=req.no_verify)
    outcome.commit = done.sha
    if done.notice:
        outcome.notices.append(done.notice)
    if done.problem:
        outcome.notices.append(f"not committed: {done.problem}")
        if outcome.exit_code in (errors.EXIT_OK, errors.EXIT_MANUAL):
            outcome.exit_code = errors.EXIT_GIT
    return outcome


def _reread(req: Request, first: Parsed) -> Parsed:
    """The plan as it is on disk now; the first reading when nobody has changed it."""
    try:
        unchanged = req.plan_path.read_bytes() == first.doc.text().encode("utf-8")
    except OSError:
        unchanged = False
    return first if unchanged else req.ws.read(req.plan_path)


def _metadata_edits(plan: Plan, edits: list[Edit], moment: datetime) -> list[Edit]:
    """Last Updated, and Status moved as FORMAT.md says, judged on the plan after `edits`."""
    tasks = {t.id: t.status for t in plan.tasks}
    gates = {g.name: g.status for g in plan.gates}
    for e in edits:
        if isinstance(e, SetTaskStatus) and e.task_id in tasks:
            tasks[e.task_id] = e.status
        elif isinstance(e, SetGateResult):
            gates[e.name] = e.status
    out: list[Edit] = [SetMeta("Last Updated", _like(plan, "lastupdated", moment))]
    field_ = plan.metadata.get("status")
    if field_ is None:
        return out
    current = normalise_plan_status(field_.value)
    complete = (
        bool(tasks)
        and all(s is not None and s.done for s in tasks.values())
        and all(s is Status.PASSED for s in gates.values())
    )
    target = None
    if current != "Blocked":
        if complete:
            target = "Complete"
        elif current == "Proposed":
            target = "In Progress"
    if target and target != current:
        out.append(SetMeta("Status", target.lower() if field_.value.islower() else target))
    return out


def _like(plan: Plan, key: str, moment: datetime) -> str:
    """The new Last Updated, in the shape the plan already uses (date only, or with time)."""
    old = plan.metadata.get(key)
    if old is not None and re.fullmatch(r"\d{4}-\d\d-\d\d", old.value.strip()):
        return moment.strftime("%Y-%m-%d")
    return journal.stamp(moment)
