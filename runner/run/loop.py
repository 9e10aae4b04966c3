"""`plan loop --agent CMD` (issue 21): the plan carried by a coding agent, each task proved by
the plan's own validation.

For each next task: the brief is written to a file and given to the agent on stdin; the agent
runs through the shell in the repository, in its own process group, under its time limit;
every status it wrote in the plan is put back (`runner.plan.guard`: an agent cannot write its
own pass); then the task is proved through the same pipeline as `plan next`
(`workflow.tasks`), recorded and committed, with the files the agent changed when it passed.
A failure gives the agent another attempt with the failure added to its brief. The loop
holds the plan's lock throughout, and stops at a manual task, after a task fails all its
attempts, at its budget, on Ctrl-C, or when the plan is done (its gates and acceptance checks
run and passed).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from runner.errors import (
    EXIT_FAILED,
    EXIT_GIT,
    EXIT_MANUAL,
    EXIT_OK,
    NoTrackerError,
    UnknownTaskError,
    UnusablePlanError,
    UsageError,
    exit_for_signal,
)
from runner.plan import journal
from runner.plan.acceptance import acceptance_checks
from runner.plan.guard import restore_marks
from runner.plan.model import Task
from runner.plan.reading import Parsed, no_tracker_reason
from runner.plan.redact import clean
from runner.plan.results import ResultStatus
from runner.plan.words import plural, short
from runner.run import workflow
from runner.run.commands import Stop, catch_signals, run_command
from runner.run.context import Context, Hooks, Outcome
from runner.run.finish import finish, first_reading, saved_bytes, write_plan
from runner.run.options import Accept, LoopOptions, Next, Prove, RunGates, RunOptions
from runner.run.record import Record
from runner.run.selection import run_env
from runner.workspace import planfile, state
from runner.workspace.config import Settings, load_settings
from runner.workspace.names import safe_name

if TYPE_CHECKING:
    from runner.workspace.layout import Workspace

# The brief of a task for the agent (`plan brief ID`'s text), given the plan and the task ID.
Briefer = Callable[[Path, str], str]


GUARD_ATTEMPTS = 10  # reads of a plan that keeps changing before the loop gives up


@dataclass(frozen=True)
class Turn:
    """One agent run and the proof that followed it."""

    task_id: str
    attempt: int
    exit_code: int | None  # None: stopped (its time limit, or Ctrl-C)
    duration_s: float
    timed_out: bool
    changes: str  # the files it changed, as `git diff --stat` sums them up
    undone: tuple[str, ...]  # the statuses it wrote itself, put back
    result: str  # the validation's result: passed, failed, not_run, interrupted
    reason: str = ""  # why it failed
    log: str = ""  # the agent's output, kept whole in the state folder
    commit: str | None = None

    def json(self) -> dict[str, object]:
        """The turn's object in `plan loop --json`'s `turns`."""
        return {
            "task": self.task_id,
            "attempt": self.attempt,
            "agent_exit_code": self.exit_code,
            "agent_duration_s": round(self.duration_s, 3),
            "agent_timed_out": self.timed_out,
            "changes": self.changes,
            "undone": list(self.undone),
            "result": self.result,
            "reason": self.reason,
            "log": self.log,
            "commit": self.commit,
        }


@dataclass
class LoopOutcome:
    """The whole loop: each turn, every run it recorded, why it stopped and its exit code."""

    shown: str
    turns: list[Turn] = field(default_factory=list)
    runs: list[Outcome] = field(default_factory=list)
    stopped: str = ""  # done, failed, manual, budget, until, interrupted, stuck, git, checks
    summary: str = ""  # the journal's session summary line
    notices: list[str] = field(default_factory=list)
    signum: int = 0
    proven: int = 0
    failed: int = 0
    elapsed_s: float = 0.0
    # The agent changed git's own setup: nothing more is committed (its hooks would run).
    no_commit: bool = False

    @property
    def exit_code(self) -> int:
        """A signal, then a failure, then git's refusal, then a manual task; else 0."""
        if self.signum:
            return exit_for_signal(self.signum)
        codes = [o.exit_code for o in self.runs]
        # Only why it stopped says failed: an attempt that failed and was then passed by a
        # retry is part of the work, not the loop's result (exit 4 at the manual task after).
        if self.stopped in ("failed", "checks"):
            return EXIT_FAILED
        if EXIT_GIT in codes:
            return EXIT_GIT
        if self.stopped == "manual":
            return EXIT_MANUAL
        return EXIT_OK


def loop(
    ws: Workspace,
    plan_path: Path,
    options: LoopOptions,
    run_options: RunOptions,
    hooks: Hooks,
    brief: Briefer,
    shown: Callable[[Outcome], None] | None = None,
) -> LoopOutcome:
    """Carry the plan with the agent, under the plan's lock, until it stops; `shown` is
    called with each run as it is recorded (the CLI prints its result lines then)."""
    stop = hooks.stop or Stop()
    ctx = workflow.context(ws, plan_path, run_options, replace(hooks, stop=stop))
    out = LoopOutcome(ctx.shown)
    began = time.monotonic()
    with (
        workflow.path_errors(),
        state.lock(ws, plan_path, run_options.wait, "plan loop"),
        catch_signals(stop),
    ):
        _Loop(ctx, options, brief, stop, out, shown).carry()
        out.elapsed_s = time.monotonic() - began
        _summarise(ctx, out, stop)
    out.signum = out.signum or stop.signum
    return out


class _Loop:
    def __init__(
        self,
        ctx: Context,
        options: LoopOptions,
        brief: Briefer,
        stop: Stop,
        out: LoopOutcome,
        shown: Callable[[Outcome], None] | None,
    ) -> None:
        self.shown = shown
        self.ctx = ctx
        self.options = options
        self.brief = brief
        self.stop = stop
        self.out = out

    def carry(self) -> None:
        """Task after task, until something stops the loop."""
        first = first_reading(self.ctx)  # a plan half saved is waited for
        if first.plan.tracker is None:
            raise NoTrackerError(path=self.ctx.shown, why=no_tracker_reason(first.plan))
        until = self.options.until
        if until is not None and first.plan.task(until) is None:
            raise UnknownTaskError(
                task_id=until, plan=self.ctx.shown, known=[t.id for t in first.plan.tasks]
            )
        named = first.plan.task(until) if until is not None else None
        if named is not None and named.status is not None and named.status.done:
            # Already done: there is nothing to carry up to it.
            self.out.notices.append(f"task {until} is already done: nothing to do")
            self.out.stopped = "until"
            return
        while not self.stop.event.is_set():
            if self.options.max_tasks is not None and self.out.proven >= self.options.max_tasks:
                self.out.stopped = "budget"
                return
            plan = planfile.read_plan(self.ctx.ws, self.ctx.plan_path).plan
            task = plan.next_task()
            if task is None:
                self._finish_plan(all(t.status is not None and t.status.done for t in plan.tasks))
                return
            if task.manual:
                # As `plan next` does: marked in progress, shown, exit 4.
                self._record(workflow.run_held(self.ctx, Next()))
                self.out.stopped = "manual"
                return
            if not self._task(task):
                return
            if until == task.id:
                self.out.stopped = "until"
                return
        self.out.stopped = "interrupted"

    def _record(self, outcome: Outcome) -> Outcome:
        self.out.runs.append(outcome)
        if self.shown is not None:
            self.shown(outcome)
        if outcome.signum:
            self.out.signum = outcome.signum
        return outcome

    def _finish_plan(self, done: bool) -> None:
        """No task is ready: the plan is done when its gates and acceptance pass; otherwise
        `plan next` says why nothing is ready (a blocked task, a missing dependency)."""
        if not done:
            outcome = self._record(workflow.run_held(self.ctx, Next()))
            self.out.stopped = "stuck" if outcome.exit_code == EXIT_OK else "failed"
            self.out.notices.append("no task is ready, and the plan is not done")
            return
        parsed = planfile.read_plan(self.ctx.ws, self.ctx.plan_path)
        ran: list[Outcome] = []
        if parsed.plan.gates:
            ran.append(self._record(workflow.run_held(self.ctx, RunGates())))
        if not self.stop.event.is_set() and acceptance_checks(parsed):
            ran.append(self._record(workflow.run_held(self.ctx, Accept())))
        if self.stop.event.is_set():
            self.out.stopped = "interrupted"
        elif any(o.exit_code != EXIT_OK for o in ran):
            self.out.stopped = "failed"
        else:
            self.out.stopped = "done"

    def _task(self, task: Task) -> bool:
        """The agent's attempts at one task; True when it passed."""
        failure = ""
        for attempt in range(1, self.options.attempts + 1):
            turn = self._turn(task, attempt, failure)
            self.out.turns.append(turn)
            if self.out.runs and self.out.runs[-1].not_committed:
                # git refused the record (a hook, no identity): going on would pile up work
                # nobody committed; the run's notice says why (exit 6).
                self.out.stopped = "git"
                self.out.proven += turn.result == ResultStatus.PASSED.value
                return False
            if turn.result == ResultStatus.PASSED.value:
                self.out.proven += 1
                return True
            if self.out.stopped == "checks":
                return False
            if turn.result != ResultStatus.FAILED.value or self.stop.event.is_set():
                self.out.stopped = "interrupted" if self.stop.event.is_set() else "failed"
                return False
            failure = turn.reason
        self.out.failed += 1
        self.out.stopped = "failed"
        return False

    def _turn(self, task: Task, attempt: int, failure: str) -> Turn:
        from runner import vcs

        ctx = self.ctx
        root, path = ctx.ws.root, ctx.plan_path
        text = self.brief(path, task.id)
        if failure:
            text += (
                f"\n\n## Attempt {attempt} of {self.options.attempts}\n\n"
                f"The last attempt did not pass its validation: {failure}\n"
            )
        folder = state.log_dir(ctx.ws, path)
        folder.mkdir(parents=True, exist_ok=True)
        name = safe_name(task.id)
        brief_file = folder / f"brief-{name}.md"
        brief_file.write_text(text, encoding="utf-8")
        before = path.read_bytes()
        settings = _settings(root)
        setup = vcs.git_setup(root)
        tree = vcs.snapshot(root)
        env = {
            **os.environ,
            **run_env(path),
            "PLAN_FILE": str(path),
            "PLAN_TASK": task.id,
            "PLAN_BRIEF": str(brief_file),
            "PLAN_ATTEMPT": str(attempt),
        }
        stamp = ctx.now().strftime("%Y%m%dT%H%M%S")
        log = folder / f"{stamp}-agent-{name}-{attempt}.log"
        k = 1
        while log.exists():  # a loop run again within the second keeps the earlier log
            k += 1
            log = folder / f"{stamp}.{k}-agent-{name}-{attempt}.log"
        ran = run_command(
            self.options.agent,
            cwd=root,
            env=env,
            timeout=self.options.agent_timeout,
            log_path=log,
            echo=ctx.hooks.echo,
            stop=self.stop,
            stdin=brief_file,
            # An agent does the work, and acts: what it detaches (an editor saving the plan
            # in parts) is its own, and the loop's guard waits for the plan to settle.
            stop_detached=False,
        )
        changed = vcs.changes(root, tree, vcs.snapshot(root))
        undone, checks = self._guard(before)
        if _settings(root) != settings:
            # The runner's settings are the user's (README: the opt-in to act is never the
            # plan's or the agent's): an agent that changed them proves nothing this turn.
            checks = (*checks, SETTINGS)
        if vcs.git_setup(root) != setup:
            # git's own hooks, config and attributes run in the runner's commit: an agent
            # that changed them (a hook writing a pass, a clean filter) proves nothing.
            checks = (*checks, GIT_SETUP)
        rel = os.path.relpath(path, root)
        work = tuple(p for p in changed.paths if p != rel) if self.options.commit_work else ()
        line = self._account(task, attempt, ran.exit_code, ran.duration_s, ran.timed_out)
        summary = changed.summary() if tree is not None else "not known outside git"
        line += f"; files changed: {summary}"
        if undone:
            line += f"; its own marks undone: {', '.join(undone)}"
        turn = Turn(
            task.id,
            attempt,
            ran.exit_code,
            ran.duration_s,
            ran.timed_out,
            summary,
            undone,
            ResultStatus.INTERRUPTED.value,
            log=ran.log,
        )
        if self.stop.event.is_set():
            self.out.notices.append(f"{line}; interrupted, nothing recorded")
            return turn
        if checks:
            return self._not_proved(task, turn, line, checks)
        outcome = self._record(workflow.run_held(ctx, Prove(task.id, line, work)))
        result = next((r for r in outcome.results if r.is_task and r.name == task.id), None)
        if result is None:
            return replace(turn, result=ResultStatus.NOT_RUN.value, commit=outcome.commit)
        return replace(
            turn, result=result.outcome.value, reason=result.reason, commit=outcome.commit
        )

    def _account(
        self, task: Task, attempt: int, code: int | None, seconds: float, timed_out: bool
    ) -> str:
        """`loop: agent `codex exec` on task T1, attempt 1 of 2: exit 0 after 12.3s`."""
        command = short(clean(self.options.agent, os.environ, one_line=True), 80)
        if timed_out:
            ended = f"stopped at its limit after {seconds:.1f}s"
        elif code is None:
            ended = f"stopped after {seconds:.1f}s"
        else:
            ended = f"exit {code} after {seconds:.1f}s"
        return (
            f"loop: agent `{command}` on task {task.id}, attempt {attempt} of"
            f" {self.options.attempts}: {ended}"
        )

    def _guard(self, before: bytes) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Put back every status the agent wrote in the plan: what it undid, and the checks
        (tasks' commands and expected output, gates) the agent changed."""
        ctx = self.ctx
        found: tuple[tuple[str, ...], tuple[str, ...]]
        for _ in range(GUARD_ATTEMPTS):
            now = saved_bytes(ctx, before)  # a save in progress is waited for, never taken half
            if now == before:
                return (), ()
            try:
                guarded = restore_marks(before.decode("utf-8"), now.decode("utf-8"))
            except UnicodeDecodeError:
                # Not UTF-8 any more: the plan as it was, whole (the proof then reads it).
                data, found = before, (("the plan, which the agent left unreadable",), ())
            else:
                if not guarded.undone:
                    return guarded.undone, guarded.checks
                data, found = guarded.text.encode("utf-8"), (guarded.undone, guarded.checks)
            try:
                # A compare-and-swap: a person's save meanwhile is read again, never lost.
                write_plan(ctx, data, now)
            except state.ChangedMeanwhile:
                continue
            return found
        raise UnusablePlanError(
            "the plan kept changing while the loop put back what the agent wrote; nothing"
            " was written: run again when it is quiet",
            path=ctx.shown,
        )

    def _not_proved(self, task: Task, turn: Turn, line: str, checks: tuple[str, ...]) -> Turn:
        """The agent changed what proves the work: nothing is proved by checks it wrote.
        The turn is journaled and the loop stops for a person to review the change."""
        ctx = self.ctx
        own = [c for c in checks if c not in (SETTINGS, GIT_SETUP)]
        what = [f"the checks of {', '.join(own)}"] if own else []
        if SETTINGS in checks:
            what.append(SETTINGS + " (left uncommitted)")
        if GIT_SETUP in checks:
            # Its hooks and filters would run in this very commit: nothing is committed.
            what.append(GIT_SETUP + "; the plan is written, not committed")
            ctx = replace(ctx, options=replace(ctx.options, commit=False))
            self.out.no_commit = True
        why = (
            f"the agent changed {' and '.join(what)}; review that change, then"
            " run `plan next` or `plan loop` again"
        )
        first = planfile.read_plan(ctx.ws, ctx.plan_path)
        rec = Record(journal.stamp(ctx.now()), entries=[f"{line}; not proved: {why}"])
        outcome = finish(ctx, rec, first, title=f"loop: task {task.id} not proved", by_hand=False)
        self._record(outcome)
        self.out.notices.append(f"task {task.id} not proved: {why}")
        self.out.stopped = "checks"
        return replace(turn, result=ResultStatus.NOT_RUN.value, reason=why, commit=outcome.commit)


SETTINGS = "the runner's settings ([tool.plan] in pyproject.toml)"
GIT_SETUP = "git's own setup (its hooks, config or attributes under .git/)"


def _settings(root: Path) -> Settings | str:
    """The runner's settings as they read now (what stops them reading, if anything)."""
    try:
        return load_settings(root)
    except UsageError as exc:
        return str(exc)


def _summarise(ctx: Context, out: LoopOutcome, stop: Stop) -> None:
    """The session summary line, journaled and committed with the plan."""
    why = {
        "done": "the plan is done",
        "failed": "a task did not pass",
        "manual": "a manual task is next",
        "budget": "--max-tasks reached",
        "until": "--until reached",
        "interrupted": "interrupted",
        "stuck": "no task is ready",
        "git": "git refused the commit",
        "checks": "the agent changed a check",
    }.get(out.stopped or ("interrupted" if stop.event.is_set() else ""), out.stopped)
    out.summary = (
        f"loop stopped ({why}): {plural(out.proven, 'task')} proven, {out.failed} failed,"
        f" {plural(len(out.turns), 'agent run')}, {out.elapsed_s:.1f}s"
    )
    if not out.turns and (out.stopped in ("done", "manual") or not out.runs):
        return  # nothing the loop did needs a summary beyond what its runs recorded
    if out.no_commit:
        ctx = replace(ctx, options=replace(ctx.options, commit=False))
    first: Parsed = planfile.read_plan(ctx.ws, ctx.plan_path)
    rec = Record(journal.stamp(ctx.now()), entries=[out.summary])
    out.runs.append(finish(ctx, rec, first, title=out.summary, by_hand=False))


__all__ = ["Briefer", "LoopOutcome", "Turn", "loop"]
