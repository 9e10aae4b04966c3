"""A run as a pipeline of named steps: lock, read, select, execute, record, finish.

Each mode (next, run, gates, verify, done/fail/reset, journal) is a short function over the
steps in `selection`, `record` and `finish`, chosen by the type of the `Action`. Never prints,
never exits: it returns an `Outcome` for the caller to show.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from runner import errors
from runner.errors import UnusablePlanError, UsageError
from runner.plan import journal
from runner.plan.reading import Parsed
from runner.plan.results import ResultStatus
from runner.run import record, selection
from runner.run.context import Context, Hooks, Outcome
from runner.run.finish import finish, subject
from runner.run.options import (
    Accept,
    Action,
    Mark,
    Next,
    Note,
    RunGates,
    RunOptions,
    RunTasks,
    Verify,
)
from runner.workspace import state
from runner.workspace.paths import os_errors

if TYPE_CHECKING:
    from runner.plan.model import Plan
    from runner.run.executor import JobResult
    from runner.workspace.planfile import Workspace

__all__ = ["Hooks", "Outcome", "run", "utc_now"]


def utc_now() -> datetime:
    """The clock (tests replace it)."""
    return datetime.now(UTC)


def command_name(action: Action) -> str:
    """The command an action stands for, as the lock file names its holder."""
    names: dict[type, str] = {
        Next: "next",
        RunTasks: "run",
        RunGates: "gates",
        Verify: "verify",
        Mark: "mark",
        Note: "note",
        Accept: "accept",
    }
    return names[type(action)]


def run(
    action: Action,
    ws: Workspace,
    plan_path: Path,
    options: RunOptions,
    hooks: Hooks | None = None,
) -> Outcome:
    """The whole pipeline, under the plan's lock."""
    ctx = Context(
        ws=ws,
        plan_path=plan_path,
        shown=ws.display(plan_path),
        options=options,
        hooks=hooks or Hooks(),
        clock=lambda: utc_now(),  # looked up at each call, so tests can replace it
        real=_real(plan_path, ws.display(plan_path)),
    )
    try:
        with state.lock(ws, plan_path, options.wait, f"plan {command_name(action)}"):
            state.clean_stale_temporaries(plan_path)
            return dispatch(ctx, action, ws.read(plan_path))
    except OSError as exc:
        # A path the system refuses (too long, a file where a folder should be, no
        # permission) is the user's to fix, not a bug in plan (issue 11).
        if exc.filename is None:
            raise
        raise errors.path_error(exc) from None


def _real(plan_path: Path, shown: str) -> Path:
    """The plan's real file (symlinks followed) as the run begins."""
    with os_errors(shown):
        return plan_path.resolve()


def dispatch(ctx: Context, action: Action, first: Parsed) -> Outcome:
    """The mode the action's type names."""
    match action:
        case Note():
            return note(ctx, action, first)
        case Mark():
            return mark(ctx, action, first)
        case RunGates():
            return gates(ctx, action, first)
        case Next() | RunTasks() | Verify():
            return tasks(ctx, action, first)
        case Accept():
            from runner.run.accept import accept

            return accept(ctx, action, first)


def _need_tracker(ctx: Context, plan: Plan) -> None:
    if plan.tracker is None:
        raise UnusablePlanError(
            "P002 no task table: no status table and no Progress checklist", path=ctx.shown
        )


def note(ctx: Context, action: Note, first: Parsed) -> Outcome:
    """`plan journal TEXT`: one line in the current session."""
    _need_tracker(ctx, first.plan)
    outcome = Outcome(plan=first.plan, shown=ctx.shown)
    if not action.text.strip():
        raise UsageError("the note is empty")
    if ctx.options.dry_run:
        outcome.planned.append(f"would add to the journal: {action.text}")
        return outcome
    rec = record.Record(journal.stamp(ctx.now()), entries=["note: " + action.text])
    return finish(ctx, outcome, rec, first, title="journal note", by_hand=False)


def mark(ctx: Context, action: Mark, first: Parsed) -> Outcome:
    """`plan done|fail|reset IDS`: statuses set by hand."""
    plan = first.plan
    _need_tracker(ctx, plan)
    outcome = Outcome(plan=plan, shown=ctx.shown)
    for task_id in action.ids:
        if plan.task(task_id) is None:
            raise UsageError(f"no task '{task_id}' in {ctx.shown}")
    selection.refuse_duplicates(plan, list(action.ids), ctx.shown)
    for task_id in action.ids:
        selection.refuse_unknown([t for t in plan.tasks if t.id == task_id], ctx.shown)
        outcome.planned.append(f"task {task_id}: would be marked {action.status.value}")
    if ctx.options.dry_run:
        return outcome
    outcome.planned = []
    rec = record.Record(journal.stamp(ctx.now()))
    record.marks(rec, plan, action.ids, action.status)
    title = f"task {', '.join(action.ids)} marked {action.status.value}"
    return finish(ctx, outcome, rec, first, title=title, by_hand=True)


def gates(ctx: Context, action: RunGates, first: Parsed) -> Outcome:
    """`plan gates`: every Quality Gate (or the named ones); unchanged inputs are up to date."""
    plan = first.plan
    outcome = Outcome(plan=plan, shown=ctx.shown)
    chosen = selection.choose_gates(plan, action.only, ctx.shown)
    if not chosen:
        # Nothing to do is success (CLI.md, exit 0); say so rather than stay silent.
        outcome.notices.append(f"{ctx.shown}: no Quality Gates table with gates; nothing to run")
        outcome.next_task = plan.next_task()
        return outcome
    sel = selection.select_gates(ctx, chosen)
    if ctx.options.dry_run:
        return dry_run(outcome, sel, plan)
    runs, signum = execute(ctx, sel, keep_going=True)
    rec = record.Record(journal.stamp(ctx.now()))
    record.gates(rec, sel, runs, journal=True)
    return conclude(ctx, outcome, rec, first, signum, manual_stops=False, fallback="gates")


def tasks(ctx: Context, action: Next | RunTasks | Verify, first: Parsed) -> Outcome:
    """`plan next`, `plan run`, `plan verify`: tasks' commands (a Gate task's are the gates)."""
    plan = first.plan
    _need_tracker(ctx, plan)
    outcome = Outcome(plan=plan, shown=ctx.shown)
    verify = isinstance(action, Verify)
    chosen = selection.pick_tasks(plan, action, ctx.shown)
    if not chosen and isinstance(action, Next):
        # Nothing is ready; a task waiting on a task the plan lacks must say so, not pass.
        chosen = selection.missing_dependencies(plan)[:1]
    selection.refuse_duplicates(plan, [t.id for t in chosen], ctx.shown)
    sel = selection.select_tasks(ctx, plan, chosen, verify=verify)
    outcome.manual = sel.manual
    if ctx.options.dry_run:
        return dry_run(outcome, sel, plan)
    keep_going = ctx.options.keep_going or verify
    runs, signum = execute(ctx, sel, keep_going=keep_going)
    rec = record.Record(journal.stamp(ctx.now()))
    record.gates(rec, sel, runs, journal=False)
    record.tasks(rec, sel, runs, verify=verify)
    # Named (or the next task), a manual task is marked in progress: someone is on it now.
    named = isinstance(action, Next) or bool(action.ids)
    record.manual(rec, sel, mark=named)
    record.not_ready(rec, sel)
    stops = isinstance(action, Next)
    name = command_name(action)
    # A named task that did not run is never success (issue 11), nor is a task waiting on
    # one the plan does not have.
    refused = any(named or t.id in sel.missing for t, _ in sel.not_ready)
    return conclude(
        ctx, outcome, rec, first, signum, manual_stops=stops, fallback=name, refused=refused
    )


def dry_run(outcome: Outcome, sel: selection.Selection, plan: Plan) -> Outcome:
    """What a run would do, in words; nothing runs and nothing changes."""
    for j in sel.jobs:
        for c in j.commands:
            outcome.planned.append(f"{j.label}: would run `{c}`")
    for t in sel.manual:
        kind = f" ({t.type})" if t.type else ""
        outcome.planned.append(f"task {t.id}{kind}: manual, would be marked in progress")
    for t, why in sel.not_ready:
        outcome.planned.append(f"task {t.id}: not ready ({why})")
    if not outcome.planned:
        outcome.planned.append("nothing to do")
    outcome.next_task = plan.next_task()
    return outcome


def execute(
    ctx: Context, sel: selection.Selection, *, keep_going: bool
) -> tuple[dict[str, JobResult], int]:
    """Run the selected jobs on the executor: their results by key, and the signal that
    stopped them (0 if none)."""
    if not sel.jobs:
        return {}, 0
    from runner.run import executor
    from runner.run.commands import Stop

    if ctx.hooks.on_total:
        ctx.hooks.on_total(len(sel.jobs))
    opts = executor.Options(
        root=ctx.ws.root,
        db=state.doit_db(ctx.ws, ctx.plan_path),
        log_dir=state.log_dir(ctx.ws, ctx.plan_path),
        parallel=max(1, ctx.options.jobs),
        keep_going=keep_going,
        force=ctx.options.force,
        echo=ctx.hooks.echo,
        prefix=ctx.options.jobs > 1 and len(sel.jobs) > 1,
        on_start=ctx.hooks.on_start,
        on_done=ctx.hooks.on_done,
        stop=ctx.hooks.stop or Stop(),
    )
    runs = {r.key: r for r in executor.execute(sel.jobs, opts)}
    return runs, opts.stop.signum


def conclude(
    ctx: Context,
    outcome: Outcome,
    rec: record.Record,
    first: Parsed,
    signum: int,
    *,
    manual_stops: bool,
    fallback: str,
    refused: bool = False,
) -> Outcome:
    """The exit code of a run that executed, then the finish step; `refused`: a task asked
    for was set aside (exit 1)."""
    outcome.results = rec.results
    if signum:
        outcome.exit_code = errors.exit_for_signal(signum)
    elif refused or any(r.failed for r in rec.results):
        outcome.exit_code = errors.EXIT_FAILED
    elif manual_stops and any(r.outcome is ResultStatus.MANUAL for r in rec.results):
        outcome.exit_code = errors.EXIT_MANUAL
    title = subject(rec.results, fallback)
    return finish(ctx, outcome, rec, first, title=title, by_hand=False)
