"""The record step of a run: the executor's results become typed `Result`s, edits to the
plan, journal lines and commit trailers. No processes, no files."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from runner.plan.acceptance import Tick
from runner.plan.edits import Edit, SetGateResult, SetTaskStatus
from runner.plan.model import Gate, Plan, Status, Task
from runner.plan.results import EXECUTED, Kind, Result, ResultStatus, not_checked, wall_time
from runner.plan.words import short
from runner.run.executor import JobResult
from runner.run.options import Prove
from runner.run.selection import Selection, task_key

_RAN = (ResultStatus.PASSED, ResultStatus.FAILED)
_MARK_WORDS = {Status.PASSED: "done", Status.FAILED: "failed", Status.OUTSTANDING: "reset"}


@dataclass
class Record:
    """What a run leaves behind, before it is written."""

    stamp: str  # when the results were recorded, for the Status cells
    results: list[Result] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)
    entries: list[str] = field(default_factory=list)  # journal lines
    trailers: list[tuple[str, str, str]] = field(default_factory=list)  # kind, name, result
    ticks: list[Tick] = field(default_factory=list)  # acceptance criteria items proved or not
    announced: list[str] = field(default_factory=list)  # manual tasks just marked in progress
    manual: list[Task] = field(default_factory=list)  # manual tasks the run reached
    notices: list[str] = field(default_factory=list)  # for the user, not the plan
    signum: int = 0  # the signal that stopped the commands, if one did
    refused: bool = False  # a task asked for was set aside
    withdrew: bool = False  # a result was withdrawn: its row changed while it ran
    # Other checks of the plan that changed while the run went on: its passes are
    # withdrawn and the plan is written, not committed.
    rewritten: tuple[str, ...] = ()
    stops_at_manual: bool = False  # reaching a manual task ends the run with exit 4
    waits_for_person: bool = False  # work set aside waiting on a manual task: exit 4
    entry_of: dict[str, int] = field(default_factory=dict)  # task ID -> its result's line
    # The gates' journal line: where it is and each gate's words, so a result withdrawn
    # afterwards is said there too, never left reading "passed".
    gates_line: int = -1
    gate_words: dict[str, str] = field(default_factory=dict)
    gates_total: float = 0.0
    # Files committed with the plan: the work of an agent that `plan loop` proved.
    commit_also: tuple[str, ...] = ()
    # `plan next`: the work tree before its commands ran (a git tree), so the journal can say
    # which files changed since the session began.
    session_base: str | None = None
    # The run's busy stretches (`executor.Busy`): the results (kind, name) whose commands
    # ran in each, and the plan's bytes as it began and ended. None: not known, and every
    # result of the run is taken to have been running whenever the plan changed.
    busy: list[tuple[frozenset[tuple[str, str]], bytes | None, bytes | None]] | None = None

    def trailer(self, kind: Kind, name: str, result: Status | ResultStatus) -> None:
        """A `Plan-Task`/`Plan-Gate` and `Plan-Result` pair for the commit."""
        self.trailers.append((kind.value, name, result.value))


def job_result(kind: Kind, name: str, run: JobResult, current: Status | None) -> Result:
    """A job's run as a `Result`; `current` is the status the plan held before it."""
    status = {ResultStatus.PASSED: Status.PASSED, ResultStatus.FAILED: Status.FAILED}
    explained = run.status in (ResultStatus.FAILED, ResultStatus.NOT_RUN)
    return Result(
        kind,
        name,
        run.status,
        status.get(run.status, current),
        run.commands,
        run.duration_s,
        run.explain() if explained else "",
        started=run.started,
        ended=run.ended,
    )


def _type(t: Task) -> str:
    return f" ({t.type})" if t.type else ""


def gates(rec: Record, sel: Selection, runs: dict[str, JobResult], *, journal: bool) -> None:
    """Each gate's result into its row of the Quality Gates table (and, asked, the journal)."""
    words: dict[str, str] = {}
    for key, g in sel.gates.items():
        run = runs[key]
        rec.results.append(job_result(Kind.GATE, g.name, run, g.status))
        if run.status in _RAN:
            status = Status.PASSED if run.status is ResultStatus.PASSED else Status.FAILED
            rec.edits.append(SetGateResult(g.name, status, rec.stamp))
            rec.trailer(Kind.GATE, g.name, run.status)
        words[g.name] = _gate_words(g, run)
    ran = [runs[k] for k in sel.gates if runs[k].status is not ResultStatus.UP_TO_DATE]
    if journal and ran:
        # Wall time: gates run with -j N together take less than the sum of their durations.
        rec.gates_total = wall_time([(r.started, r.ended) for r in ran if r.status in EXECUTED])
        rec.gates_line, rec.gate_words = len(rec.entries), words
        rec.entries.append(gates_entry(rec))


def busy(rec: Record, sel: Selection, runs: dict[str, JobResult]) -> None:
    """The run's busy stretches, said with the results' kinds and names (a Gate task is in
    each stretch one of its gates ran in). A job that passed in none is not accounted for:
    then none are known."""
    covered = {k for b in sel.busy or () for k in b.keys}
    passed = {k for k, r in runs.items() if r.status is ResultStatus.PASSED}
    if sel.busy is None or not passed <= covered:
        rec.busy = None
        return
    out = []
    for b in sel.busy:
        names = {("gate", g.name) for k, g in sel.gates.items() if k in b.keys}
        for t in sel.tasks.values():
            keys = sel.gate_keys_for.get(t.id) or [task_key(t)]
            if any(k in b.keys for k in keys):
                names.add(("task", t.id))
        out.append((frozenset(names), b.before, b.after))
    rec.busy = out


def moved(rec: Record, why: str) -> None:
    """HEAD moved while the commands ran (`why`, from `execute`): every result is withdrawn
    already (not run, with the reason); the run says so once and exits 1, as it does for a
    command edited while it ran."""
    if not why:
        return
    rec.withdrew = rec.refused = True
    rec.notices.append(why)
    if why not in rec.entries and not any(why in e for e in rec.entries):
        rec.entries.append(why)


def gates_entry(rec: Record) -> str:
    """The gates' journal line, from each gate's words."""
    return "gates: " + ", ".join(rec.gate_words.values()) + f" in {rec.gates_total:.1f}s"


def _gate_words(g: Gate, run: JobResult) -> str:
    if run.status is ResultStatus.FAILED:
        return f"{g.name} failed ({run.explain()})"
    if run.status is ResultStatus.NOT_RUN and run.reason.startswith("not a check"):
        return f"{g.name} not run ({run.reason})"
    said = not_checked(run.commands) if run.status is ResultStatus.PASSED else ""
    return f"{g.name} {run.status.value.replace('_', ' ')}{said}"


def merged(task_id: str, parts: list[JobResult]) -> JobResult:
    """A Gate task's result: its gates' results as one."""
    statuses = {p.status for p in parts}
    if ResultStatus.INTERRUPTED in statuses:
        status = ResultStatus.INTERRUPTED
    elif statuses <= {ResultStatus.PASSED, ResultStatus.UP_TO_DATE}:
        status = ResultStatus.PASSED
    else:
        status = ResultStatus.FAILED
    commands = tuple(c for p in parts for c in p.commands)
    spans = [(p.started, p.ended) for p in parts if p.status in EXECUTED]
    ended = max((p.ended for p in parts), default=0.0)
    started = min((p.started for p in parts if p.ended), default=0.0)
    return JobResult(task_id, status, commands, wall_time(spans), "", started, ended)


def tasks(rec: Record, sel: Selection, runs: dict[str, JobResult], *, verify: bool) -> None:
    """Each task's result into its Status cell and the journal."""
    for task_id, t in sel.tasks.items():
        if t.runs_gates:
            run = merged(task_id, [runs[k] for k in sel.gate_keys_for[task_id]])
        else:
            run = runs[task_key(t)]
        result = job_result(Kind.TASK, t.id, run, t.status)
        if t.runs_gates:
            names = tuple(sel.gates[k].name for k in sel.gate_keys_for[task_id])
            result = replace(result, gates=names)
        rec.results.append(result)
        if verify:
            _verified(rec, t, run)
        else:
            _ran(rec, t, run)


def _ran(rec: Record, t: Task, run: JobResult) -> None:
    label = f"task {t.id}{_type(t)}"
    if run.status is ResultStatus.INTERRUPTED:
        rec.entries.append(f"{label} interrupted after {run.duration_s:.1f}s; nothing recorded")
        return
    if run.status is ResultStatus.NOT_RUN:
        rec.entries.append(f"{label} not run: {run.reason}")
        return
    status = Status.PASSED if run.status is ResultStatus.PASSED else Status.FAILED
    _set_status(rec, t, status)
    rec.trailer(Kind.TASK, t.id, run.status)
    how = f"{run.status.value} in {run.duration_s:.1f}s"
    failed = run.status is ResultStatus.FAILED
    said = not_checked(run.commands)
    rec.entry_of[t.id] = len(rec.entries)
    rec.entries.append(
        f"{label} {how}" + (f": {run.explain()}" if failed else "") + said + _unheld(t)
    )


def _set_status(rec: Record, t: Task, status: Status) -> None:
    """The task's status into the plan, when the plan has a place for it; a `### Task N:`
    section has none: its result is in the journal and the state folder (`remembered`)."""
    if t.status_holder:
        rec.edits.append(SetTaskStatus(t.id, status, rec.stamp))


def _unheld(t: Task) -> str:
    """Said in the journal when the plan cannot hold the task's status."""
    return "" if t.status_holder else " (no status box in the plan: kept in the state folder)"


def _verified(rec: Record, t: Task, run: JobResult) -> None:
    label = f"task {t.id}{_type(t)}"
    if t.status is not Status.PASSED:
        _ran(rec, t, run)  # a task named that had not passed: recorded like `plan run`
        return
    if run.status not in _RAN:
        _ran(rec, t, run)  # interrupted or not run: nothing recorded
    elif run.status is ResultStatus.FAILED:
        _set_status(rec, t, Status.FAILED)
        rec.entry_of[t.id] = len(rec.entries)
        rec.entries.append(f"verify: {label} no longer passes: {run.explain()}{_unheld(t)}")
        rec.trailer(Kind.TASK, t.id, Status.FAILED)
    else:
        rec.entry_of[t.id] = len(rec.entries)
        rec.entries.append(f"verify: {label} still passes ({run.duration_s:.1f}s)")


def agent_turn(rec: Record, step: Prove) -> None:
    """`plan loop`: the agent's turn joins the proved task's journal line; a pass commits the
    agent's work with the plan (a failure leaves it in the work tree for the next attempt)."""
    at = rec.entry_of.get(step.task_id)
    if step.agent:
        if at is None:
            rec.entries.insert(0, step.agent)
            rec.entry_of = {k: v + 1 for k, v in rec.entry_of.items()}
        else:
            rec.entries[at] = f"{step.agent}; validation: {rec.entries[at]}"
    passed = any(
        r.is_task and r.name == step.task_id and r.outcome is ResultStatus.PASSED
        for r in rec.results
    )
    if passed:
        rec.commit_also = step.work


def manual(rec: Record, sel: Selection, *, mark: bool) -> None:
    """Manual tasks: marked in progress once when asked for by name or by `next`."""
    for t in sel.manual:
        # JSON statuses are meanings (docs/cli.md); `manual` says nothing was run.
        shown = t.status
        if t.status in (Status.PASSED, Status.SKIPPED):
            # Done (or dropped) by hand: a person's mark is never taken back (issue 19).
            word = "done" if t.status is Status.PASSED else "skipped"
            rec.notices.append(f"task {t.id} is manual and already {word}: nothing to do")
            continue
        if mark and t.status not in (Status.IN_PROGRESS, Status.BLOCKED) and t.status_holder:
            # Marked once; asking again only shows it (no new journal line, no commit).
            rec.edits.append(SetTaskStatus(t.id, Status.IN_PROGRESS))
            rec.entries.append(
                f"task {t.id}{_type(t)} is manual{_acts(t)}: in progress;"
                + (
                    f" its sub-item on line {t.open_part} is open: do or tick it, then"
                    if t.open_part
                    else ""
                )
                + f" mark it with plan done {t.id}"
            )
            rec.trailer(Kind.TASK, t.id, Status.IN_PROGRESS)
            rec.announced.append(t.id)  # kept, for a checkbox cannot say in progress
            shown = Status.IN_PROGRESS
        reason = f"not a check: {t.acting[0].describe()}" if t.acting else ""
        if t.open_part:
            reason = f"its sub-item on line {t.open_part} is open"
        rec.results.append(
            Result(Kind.TASK, t.id, ResultStatus.MANUAL, shown, reason=reason, set_aside=True)
        )


def _acts(t: Task) -> str:
    """` (`git push` acts: pushes to a remote)`: why a task with commands is manual."""
    if not t.acting:
        return ""
    a = t.acting[0]
    more = f" and {len(t.acting) - 1} more" if len(t.acting) > 1 else ""
    return f" (`{short(a.command, 60)}` acts: {a.reason}{more})"


def not_ready(rec: Record, sel: Selection) -> None:
    """Tasks waiting on a task that is not done: not run, and why."""
    for t, why in sel.not_ready:
        rec.results.append(
            Result(Kind.TASK, t.id, ResultStatus.NOT_RUN, t.status, reason=why, set_aside=True)
        )


def marks(rec: Record, plan: Plan, ids: tuple[str, ...], status: Status) -> None:
    """`plan done|fail|reset`: the status set by hand, journaled."""
    for task_id in ids:
        t = plan.task(task_id)
        assert t is not None  # checked by the caller
        _set_status(rec, t, status)
        word = _MARK_WORDS.get(status, status.value)
        rec.entries.append(f"task {t.id}{_type(t)} marked {word} by hand{_unheld(t)}")
        rec.trailer(Kind.TASK, t.id, status)
        rec.results.append(Result(Kind.TASK, t.id, ResultStatus.MARKED, status))


# What `_ran`, `_verified` and `marks` journal for a task, read back (the merge driver reads
# a checklist task's result there: its box says only done or not done). An agent's turn may
# stand before it (`...; validation: task 1 passed`).
_JOURNALED = re.compile(
    r"^\s*(?:[-*+]|\d+[.)])\s+\((?P<stamp>\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d)?Z?)\)\s+"
    r"(?:.*?; validation: )?(?:verify: )?task (?P<id>.+?)(?: \([^()]*\))? "
    r"(?P<word>passed in|failed in|no longer passes|still passes"
    r"|marked (?:done|failed|reset) by hand)\b"
)
_JOURNALED_STATUS = {
    "passed in": Status.PASSED,
    "still passes": Status.PASSED,
    "marked done by hand": Status.PASSED,
    "failed in": Status.FAILED,
    "no longer passes": Status.FAILED,
    "marked failed by hand": Status.FAILED,
    "marked reset by hand": Status.OUTSTANDING,
}


def journaled(line: str) -> tuple[str, str, Status] | None:
    """The stamp, task ID and status a journal line in the runner's words records for a
    task (a run, a verify, a mark by hand); None for any other line."""
    m = _JOURNALED.match(line)
    if m is None:
        return None
    return m.group("stamp").replace(" ", "T"), m.group("id"), _JOURNALED_STATUS[m.group("word")]
