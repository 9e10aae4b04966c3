"""A run as a pipeline of named steps: lock, read, select, execute, record, finish.

Each mode (next, run, gates, verify, done/fail/reset, journal) is a short function over the
steps in `selection`, `record` and `finish`, chosen by the type of the `Action`. Never prints,
never exits: the finish step builds the `Outcome` for the caller to show.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from runner.errors import (
    EXIT_FAILED,
    EXIT_MANUAL,
    NoTrackerError,
    PathError,
    PlanError,
    UnknownTaskError,
    UsageError,
)
from runner.plan import journal
from runner.plan.model import Status
from runner.plan.reading import Parsed, no_tracker_reason
from runner.run import record, selection
from runner.run.accept import accept
from runner.run.context import Context, Hooks, Outcome
from runner.run.execute import execute
from runner.run.finish import finish, first_reading, rested, settled, subject, wait_rested
from runner.run.options import (
    Accept,
    Action,
    Collect,
    Mark,
    Next,
    Note,
    Prove,
    RunGates,
    RunOptions,
    RunTasks,
    Verify,
)
from runner.workspace import planfile, state
from runner.workspace.paths import os_errors

if TYPE_CHECKING:
    from runner.plan.model import Plan
    from runner.workspace.layout import Workspace

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
        Prove: "loop",
        Collect: "ci collect",
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
    ctx = context(ws, plan_path, options, hooks)
    with path_errors(), state.lock(ctx.ws, plan_path, options.wait, f"plan {command_name(action)}"):
        return run_held(ctx, action)


def context(
    ws: Workspace, plan_path: Path, options: RunOptions, hooks: Hooks | None = None
) -> Context:
    """What every step of a run on this plan shares."""
    if options.allow_actions and not ws.settings.allow_actions:
        ws = replace(ws, settings=replace(ws.settings, allow_actions=True))
    elif ws.settings.allow_actions and not options.allow_actions and not _opt_in_committed(ws):
        # The opt-in is the user's: one a check wrote into the work tree (the sixteenth
        # pass: a task appended it, and the next run pushed a tag) is not honoured until a
        # person commits it.
        sys.stderr.write(
            "plan: [tool.plan] allow_actions = true is not in the committed pyproject.toml"
            " (a check may have written it): actions stay manual; commit it, or pass"
            " --allow-action\n"
        )
        ws = replace(ws, settings=replace(ws.settings, allow_actions=False))
    return Context(
        ws=ws,
        plan_path=plan_path,
        shown=ws.display(plan_path),
        options=options,
        hooks=hooks or Hooks(),
        clock=lambda: utc_now(),  # looked up at each call, so tests can replace it
        real=_real(plan_path, ws.display(plan_path)),
    )


def _opt_in_committed(ws: Workspace) -> bool:
    """Whether HEAD's pyproject.toml turns `allow_actions` on too (outside git: the file is
    the project's own, as there is nothing else to compare with)."""
    if ws.git_dir is None:
        return True
    from runner.vcs.history import committed_bytes
    from runner.workspace.config import settings_from

    path = ws.root / "pyproject.toml"
    try:
        return settings_from(committed_bytes(ws.root, "pyproject.toml"), path).allow_actions
    except PlanError:
        return False


def first_reading_after_rest(ctx: Context) -> Parsed:
    """The plan read again once it has not been written for a moment."""
    wait_rested(ctx)
    return planfile.read_plan(ctx.ws, ctx.plan_path)


def run_held(ctx: Context, action: Action) -> Outcome:
    """The pipeline for a caller that holds the plan's lock already (`plan loop`)."""
    with path_errors():
        state.clean_stale_temporaries(ctx.plan_path)
        first = first_reading(ctx)
        try:
            return dispatch(ctx, action, first)
        except (UnknownTaskError, NoTrackerError):
            if rested(ctx):
                raise
            # A task or table missing from a plan written just now: a save caught
            # half-way (its first part); once it has rested, read it again.
            return dispatch(ctx, action, first_reading_after_rest(ctx))


@contextmanager
def path_errors() -> Iterator[None]:
    """A path the system refuses (too long, a file where a folder should be, no
    permission) is the user's to fix, not a bug in plan (issue 11)."""
    try:
        yield
    except OSError as exc:
        if exc.filename is None:
            raise
        raise PathError.of(exc) from None


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
        case Next() | RunTasks() | Verify() | Prove():
            return tasks(ctx, action, first)
        case Accept():
            return accept(ctx, action, first)
        case Collect():
            from runner.run.collect import collect

            return collect(ctx, action, first)


def _need_tracker(ctx: Context, plan: Plan) -> None:
    if plan.tracker is None:
        raise NoTrackerError(path=ctx.shown, why=no_tracker_reason(plan))


NOTE_LIMIT = 4000


def note(ctx: Context, action: Note, first: Parsed) -> Outcome:
    """`plan journal TEXT`: one line in the current session."""
    _need_tracker(ctx, first.plan)
    if not action.text.strip():
        raise UsageError("the note is empty")
    if len(action.text) > NOTE_LIMIT:
        # A journal line is a line of the plan a person reads (issue 19: a 20 MB note was
        # committed); longer material belongs in a file the note names.
        raise UsageError(
            f"the note is {len(action.text):,} characters; a journal note is at most"
            f" {NOTE_LIMIT:,} (put longer text in a file and name it in the note)"
        )
    if ctx.options.dry_run:
        return settled(ctx, first.plan, planned=[f"would add to the journal: {action.text}"])
    rec = record.Record(journal.stamp(ctx.now()), entries=["note: " + action.text])
    return finish(ctx, rec, first, title="journal note", by_hand=False)


# At most this many task IDs are named to one `done`/`fail`/`reset` (issue 19 case 19: MCP's
# `done` took 200,000 IDs, held the plan's lock over a minute and committed a 12 MB plan).
IDS_LIMIT = 1000


def mark(ctx: Context, action: Mark, first: Parsed) -> Outcome:
    """`plan done|fail|reset IDS`: statuses set by hand. An ID named twice is marked (and
    journaled) once."""
    plan = first.plan
    _need_tracker(ctx, plan)
    if len(action.ids) > IDS_LIMIT:
        raise UsageError(
            f"{len(action.ids):,} task IDs named; at most {IDS_LIMIT:,} are marked at once"
        )
    action = replace(action, ids=tuple(dict.fromkeys(action.ids)))
    for task_id in action.ids:
        if plan.task(task_id) is None:
            raise UnknownTaskError(task_id=task_id, plan=ctx.shown)
    selection.refuse_duplicates(plan, list(action.ids), ctx.shown)
    for task_id in action.ids:
        selection.refuse_unknown([t for t in plan.tasks if t.id == task_id], ctx.shown)
        task = plan.task(task_id)
        if action.status is Status.PASSED and task is not None and task.open_part:
            from runner.errors import OpenPartError

            raise OpenPartError(
                task_id=task_id, part=task.open_part, path=ctx.shown, line=task.line
            )
    if ctx.options.dry_run:
        planned = [f"task {i}: would be marked {action.status.value}" for i in action.ids]
        return settled(ctx, plan, planned=planned)
    rec = record.Record(journal.stamp(ctx.now()))
    record.marks(rec, plan, action.ids, action.status)
    title = f"task {', '.join(action.ids)} marked {action.status.value}"
    return finish(ctx, rec, first, title=title, by_hand=True)


def gates(ctx: Context, action: RunGates, first: Parsed) -> Outcome:
    """`plan gates`: every Quality Gate (or the named ones); unchanged inputs are up to date."""
    plan = first.plan
    chosen = selection.choose_gates(plan, action.only, ctx.shown)
    if not chosen:
        # Nothing to do is success (docs/cli.md, exit 0); say so rather than stay silent.
        notice = f"{ctx.shown}: no Quality Gates table with gates; nothing to run"
        return settled(ctx, plan, notices=[notice], next_task=plan.next_task())
    sel = selection.select_gates(ctx, chosen)
    if ctx.options.dry_run:
        return dry_run(ctx, sel, plan)
    runs, signum, moved = execute(ctx, sel, keep_going=True)
    rec = record.Record(journal.stamp(ctx.now()), signum=signum)
    record.gates(rec, sel, runs, journal=True)
    record.busy(rec, sel, runs)
    record.moved(rec, moved)
    return finish(ctx, rec, first, title=subject(rec.results, "gates"), by_hand=False)


def tasks(ctx: Context, step: Next | RunTasks | Verify | Prove, first: Parsed) -> Outcome:
    """`plan next`, `plan run`, `plan verify`: tasks' commands (a Gate task's are the gates);
    and a step of `plan loop`, which proves the one task its agent worked on as `plan next`
    would, with no dependency run first."""
    action = RunTasks((step.task_id,), no_deps=True) if isinstance(step, Prove) else step
    plan = first.plan
    _need_tracker(ctx, plan)
    verify = isinstance(action, Verify)
    chosen = selection.pick_tasks(plan, action, ctx.shown)
    if not chosen and isinstance(action, Next):
        # Nothing is ready; a task waiting on a task the plan lacks must say so, not pass.
        chosen = selection.missing_dependencies(plan)[:1]
        if not chosen:
            # Nor can tasks that wait on each other ever be ready: the cycle is the answer
            # (exit 3, as `plan run` of one of them), never "nothing to do".
            open_tasks = [t for t in plan.tasks if t.status not in (Status.PASSED, Status.SKIPPED)]
            selection.dependency_order(plan, open_tasks)
    selection.refuse_duplicates(plan, [t.id for t in chosen], ctx.shown)
    if any(t.runs_gates for t in chosen):
        selection.refuse_duplicate_gates(plan, [g.name for g in plan.gates], ctx.shown)
    for t in chosen:
        if t.malformed and t.commands and not ctx.options.dry_run:
            # Its result could never be written: refuse before anything runs (issue 19).
            from runner.errors import MalformedRowError

            raise MalformedRowError(what=f"task '{t.id}'", path=ctx.shown, line=t.line)
    sel = selection.select_tasks(ctx, plan, chosen, verify=verify)
    named = isinstance(action, Next) or bool(action.ids)
    refused = any(named or t.id in sel.missing for t, _ in sel.not_ready)
    if ctx.options.dry_run:
        # The code the real run would end with, as far as it is known before anything runs
        # (F14a: a dry run of a manual task said 0, the run 4).
        would = (
            EXIT_FAILED if refused
            else EXIT_MANUAL if (named and not verify and sel.manual) or sel.for_person
            else None
        )  # fmt: skip
        return dry_run(ctx, sel, plan, marks=named and not verify, would_exit=would)
    keep_going = ctx.options.keep_going or verify
    # A person's `plan next` session is journaled as an agent's is: the files changed since
    # the session began (issue 21), measured from the work tree as it is before this run.
    base = _snapshot(ctx) if isinstance(action, Next) else None
    runs, signum, moved = execute(ctx, sel, keep_going=keep_going)
    # Named (or the next task), a manual task is marked in progress: someone is on it now,
    # and the run stops there (exit 4), as `plan next` does.
    rec = record.Record(
        journal.stamp(ctx.now()),
        signum=signum,
        manual=list(sel.manual),
        stops_at_manual=named,
        # A named task that did not run is never success (issue 11), nor is a task waiting
        # on one the plan does not have.
        refused=refused,
        # `run --all`: work a person's task holds up is not done, and not a failure (4).
        waits_for_person=bool(sel.for_person) and not verify,
        session_base=base,
    )
    record.gates(rec, sel, runs, journal=False)
    record.tasks(rec, sel, runs, verify=verify)
    record.busy(rec, sel, runs)
    # verify checks; it never marks a manual task in progress (nothing of it ran).
    record.manual(rec, sel, mark=named and not verify)
    if isinstance(action, Verify):
        for t in plan.tasks:
            if t.id in action.ids and t.manual and t.status is Status.PASSED:
                rec.notices.append(f"task {t.id} is manual, done by hand: nothing to verify")
    lines = {t.line for t in sel.tasks.values()}
    for problem in plan.problems:
        if problem.code == "P109" and problem.severity == "warning" and problem.line in lines:
            # A stated limit that could not be read is said, never dropped without a word
            # (the thirteenth pass: `Timeout: abc` ran under the default in silence).
            rec.notices.append(
                f"{ctx.shown}:{problem.line}: {problem.message}; the run's own limit applied"
            )
    record.not_ready(rec, sel)
    record.moved(rec, moved)
    if isinstance(step, Prove):
        record.agent_turn(rec, step)
    title = subject(rec.results, command_name(action))
    return finish(ctx, rec, first, title=title, by_hand=False)


def _snapshot(ctx: Context) -> str | None:
    from runner import vcs

    return vcs.snapshot(ctx.ws.root) if ctx.ws.git_dir is not None else None


def dry_run(
    ctx: Context,
    sel: selection.Selection,
    plan: Plan,
    *,
    marks: bool = True,
    would_exit: int | None = None,
) -> Outcome:
    """What a run would do, in words, in the plan's order; nothing runs and nothing changes.
    `marks`: the real run marks a manual task in progress (a task named, or `plan next`);
    `run --all` and `verify` leave it as it is, and the dry run says so (issue 19)."""
    order = {t.id: n for n, t in enumerate(plan.tasks)}
    said: list[tuple[int, str]] = []
    for j in sel.jobs:
        owner = next((i for i, keys in sel.gate_keys_for.items() if j.key in keys), None)
        task = next((t.id for t in sel.tasks.values() if j.label == f"task {t.id}"), owner)
        at = order.get(task, -1) if task is not None else -1
        said += [(at, f"{j.label}: would run `{c}`") for c in j.commands]
    for t in sel.manual:
        kind = f" ({t.type})" if t.type else ""
        what = "would be marked in progress" if marks else f"left as it is (`plan done {t.id}`)"
        said.append((order.get(t.id, -1), f"task {t.id}{kind}: manual, {what}"))
    said += [(order.get(t.id, -1), f"task {t.id}: not ready ({why})") for t, why in sel.not_ready]
    planned = [line for _, line in sorted(said, key=lambda p: p[0])] or ["nothing to do"]
    return settled(
        ctx,
        plan,
        planned=planned,
        manual=sel.manual,
        next_task=plan.next_task(),
        would_exit=would_exit,
    )
