"""The finish step of a run: re-read the plan, apply the recorded edits and journal lines,
write it atomically, remember the results and commit the plan with its trailers."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from runner import errors
from runner.errors import UnusablePlanError
from runner.markdown.doc import Document
from runner.plan import journal
from runner.plan.acceptance import (
    Tick,
    acceptance_checks,
    accepted,
    apply_ticks,
    box_open,
    open_criteria,
)
from runner.plan.edits import Edit, SetGateResult, SetMeta, SetTaskStatus
from runner.plan.model import Plan, Status, Task, normalise_plan_status
from runner.plan.reading import Parsed
from runner.plan.redact import clean
from runner.plan.results import Kind, Result, ResultStatus
from runner.plan.stamps import find_stamp, render, restamp, slashed_order
from runner.plan.words import result_word
from runner.run.context import Context, Outcome
from runner.run.record import Record, gates_entry
from runner.workspace import planfile, state
from runner.workspace.planfile import remember
from runner.workspace.remembered import remember_announced, with_failures


def subject(results: list[Result], fallback: str) -> str:
    """`task P1.T2 passed`, `gates: 3 passed, 1 failed`, `5 tasks: 4 passed, 1 failed; ...`."""

    def counted(group: list[Result]) -> str:
        counts: dict[str, int] = {}
        for r in group:
            counts[result_word(r)] = counts.get(result_word(r), 0) + 1
        return ", ".join(f"{n} {word}" for word, n in counts.items())

    tasks = [r for r in results if r.is_task]
    gates = [r for r in results if not r.is_task]
    parts = []
    if len(tasks) <= 3:
        parts += [f"task {r.name} {result_word(r)}" for r in tasks]
    else:
        parts.append(f"{len(tasks)} tasks: {counted(tasks)}")
    if gates:
        parts.append(f"gates: {counted(gates)}")
    return "; ".join(parts) or fallback


def settled(
    ctx: Context,
    plan: Plan,
    *,
    planned: list[str] | None = None,
    notices: list[str] | None = None,
    manual: list[Task] | None = None,
    next_task: Task | None = None,
    would_exit: int | None = None,
) -> Outcome:
    """The outcome of a run that ran nothing and wrote nothing: a dry run, nothing to do."""
    return Outcome(
        shown=ctx.shown,
        plan=plan,
        planned=tuple(planned or ()),
        notices=tuple(notices or ()),
        manual=tuple(manual or ()),
        next_task=next_task,
        would_exit=would_exit,
    )


def finish(ctx: Context, rec: Record, first: Parsed, *, title: str, by_hand: bool) -> Outcome:
    """Re-read, apply, write, commit; `title` is the commit's subject. The run's `Outcome`."""
    origin = first.doc.text()  # the plan as the run began: what no run-time edit may pass
    if not rec.edits and not rec.entries:
        return _outcome(ctx, rec, reread(ctx, first).plan)
    withdraw(rec, reread(ctx, first).plan, first.plan)  # before the results are remembered
    if rec.results:
        when = journal.stamp(ctx.now())
        described = {t.id: t.description for t in first.plan.tasks}
        state.remember_results(ctx.ws, ctx.plan_path, rec.results, when, by_hand, described)
        remember_announced(ctx.ws, ctx.plan_path, first, rec.announced, when)
    final, data = _apply(ctx, rec, first, _snapshot_now(ctx, rec), origin)
    if data is not None and rec.rewritten:
        note = (
            f"not committed: the plan's checks ({', '.join(rec.rewritten)}) changed while"
            " the run went on; review them (`git diff`) and commit them yourself"
        )
        if note not in rec.notices:
            rec.notices.append(note)
    if data is None or not (ctx.options.commit and ctx.ws.settings.commit) or rec.rewritten:
        _settle(ctx, rec, data)
        return _outcome(ctx, rec, final, written=data is not None)
    if rec.withdrew:  # the subject says what the results now are ("task T1 not run")
        title = subject(rec.results, title)
    sha, notices, refused = _commit(ctx, rec, title, data)
    _settle(ctx, rec, data)
    return _outcome(
        ctx, rec, final, written=True, commit=sha, notices=notices, not_committed=refused
    )


def _settle(ctx: Context, rec: Record, written: bytes | None = None) -> None:
    """Lines appended to the old plan file after the write replaced it (and after the
    write's own looks): joined to the plan now, as a person's edit, left uncommitted. A
    save written over the old file in place is put back whole, left uncommitted."""
    try:
        late = state.settle_late(ctx.plan_path, watch=written is not None)
        if written is not None and not late:
            _last_look_at_exit(ctx, written)
    except state.RewrittenMeanwhile as saved:
        if written is not None and put_back(ctx, saved.whole, written):
            rec.notices.append(
                "the plan was saved by something else while the runner replaced it: that"
                " save is kept in the work tree (uncommitted); the run's lines are in the"
                " commit"
            )
        return
    if not late:
        return
    for _ in range(APPEND_MERGES):
        try:
            now = ctx.plan_path.read_bytes()
            state.write_atomic(
                ctx.plan_path, now + late, ctx.shown, root=ctx.ws.root, real=ctx.real, expect=now
            )
        except state.AppendedMeanwhile as more:
            late = more.tail
            continue
        except state.RewrittenMeanwhile as saved:
            put_back(ctx, saved.whole, now + late)
            break
        except (state.ChangedMeanwhile, OSError):
            continue
        try:
            late = state.settle_late(ctx.plan_path)
        except state.RewrittenMeanwhile as saved:
            put_back(ctx, saved.whole, now + late)
            break
        if not late:
            break
    rec.notices.append(
        "lines appended to the plan while the runner replaced it were added back after"
        " the commit (left uncommitted, as a person's edit)"
    )


def _last_look_at_exit(ctx: Context, written: bytes) -> None:
    """When the runner ends, the plan's replaced file is looked at once more: a save written
    into it after the commit's own look (by a program that held the plan open) is put back
    in place of the runner's bytes, left uncommitted, and said on stderr."""
    import atexit

    if not _REGISTERED:
        atexit.register(_look_at_exit)
        _REGISTERED.append(True)
    _AT_EXIT.clear()  # the last run's only, in a server that runs many (one file is watched)
    _AT_EXIT[ctx.plan_path] = (ctx, written)


_AT_EXIT: dict[Path, tuple[Context, bytes]] = {}
_REGISTERED: list[bool] = []


def _look_at_exit() -> None:
    for ctx, written in _AT_EXIT.values():
        saved = state.last_look(ctx.plan_path)
        if saved is not None and saved != written and put_back(ctx, saved, written):
            sys.stderr.write(
                f"plan: {ctx.shown} was saved by something else as the runner finished: that"
                " save is kept in the work tree (uncommitted); the run's lines are in the"
                " commit\n"
            )


def _outcome(
    ctx: Context,
    rec: Record,
    plan: Plan,
    *,
    written: bool = False,
    commit: str | None = None,
    notices: list[str] | None = None,
    not_committed: bool = False,
) -> Outcome:
    return Outcome(
        shown=ctx.shown,
        plan=plan,
        results=tuple(rec.results),
        commit=commit,
        next_task=plan.next_task(),
        notices=tuple(rec.notices + (notices or [])),
        manual=tuple(rec.manual),
        written=written,
        signum=rec.signum,
        refused=rec.refused,
        stops_at_manual=rec.stops_at_manual,
        waits_for_person=rec.waits_for_person,
        not_committed=not_committed,
    )


WRITE_ATTEMPTS = 8


def _snapshot_now(ctx: Context, rec: Record) -> str | None:
    """The work tree now, when the run journals the files changed since its session began."""
    from runner import vcs

    return vcs.snapshot(ctx.ws.root) if rec.session_base is not None else None


def _since_session(
    ctx: Context, rec: Record, session: tuple[str, bool] | None, now: str | None
) -> tuple[list[str], str | None]:
    """`files changed since the session began: ...`, and the snapshot the session began
    with (the one remembered for it, else, when this run starts it, this run's first)."""
    from runner import vcs

    if session is None or now is None or rec.session_base is None:
        return [], None
    line, starts = session
    kept = None if starts else state.session_base(ctx.ws, ctx.plan_path, line)
    base = kept or rec.session_base
    rel = os.path.relpath(ctx.plan_path, ctx.ws.root)
    changed = vcs.changes(ctx.ws.root, base, now, leave_out=rel)
    if not changed.paths:
        return [], base  # nothing to say: a line per run saying so would be noise
    return [f"files changed since the session began: {changed.summary()}"], base


def _apply(
    ctx: Context, rec: Record, first: Parsed, now: str | None = None, origin: str | None = None
) -> tuple[Plan, bytes | None]:
    """The edits and journal lines applied to the plan as it is now, and written as a
    compare-and-swap on its bytes: a person's edit that lands between the re-read and the
    write is never overwritten; the write starts again from the plan as it then is (issue
    19). Returns the plan as it now reads and the new bytes (None when nothing changed)."""
    seen = first
    for _ in range(WRITE_ATTEMPTS):
        try:
            return _apply_once(ctx, rec, seen, now, origin)
        except state.ChangedMeanwhile:
            seen = reread(ctx, seen)  # a finished save, never one caught half-way
    raise UnusablePlanError(
        f"the plan changed {WRITE_ATTEMPTS} times while the runner wrote it; nothing was"
        " written (run again when it is quiet)",
        path=ctx.shown,
    )


def _apply_once(
    ctx: Context, rec: Record, first: Parsed, now: str | None = None, origin: str | None = None
) -> tuple[Plan, bytes | None]:
    from runner import vcs
    from runner.plan.edits import apply_document
    from runner.plan.reading import parse_document

    # Re-read: a person may have edited the plan while the commands ran.
    fresh = reread(ctx, first)
    _refuse_unknown_cells(ctx, rec, fresh.plan)
    before = fresh.doc.text()
    if origin is not None and origin != before:
        fresh = _claims_put_back(rec, fresh, origin)
    doc = fresh.doc
    withdraw(rec, fresh.plan, first.plan)  # again: an edit may have landed meanwhile
    moment = ctx.now()
    accepted = acceptance_passed(ctx, fresh, rec.ticks)
    edits = rec.edits
    apply_document(
        doc, [*edits, *metadata_edits(fresh.plan, edits, moment, accepted, doc.lines)], fresh
    )
    apply_ticks(doc, rec.ticks)
    # The branch is journaled with a session's line: asked only when there is one to write.
    needed = rec.session_base is not None or bool(rec.entries)
    branch = vcs.branch(ctx.ws.root) if needed else None
    if branch is not None:
        # A branch name is bytes anyone chose (`x\u202eevil`): the journal shows it on one
        # line, without controls or characters that hide or reorder text (fourteenth pass).
        from runner.plan.redact import for_markdown_line

        branch = for_markdown_line(branch).replace("`", "'")
    gap = timedelta(seconds=ctx.ws.settings.session_gap)
    session = None
    if rec.session_base is not None:
        session = journal.session_for(
            doc,
            now=moment,
            branch=branch,
            gap=gap,
            new_session=ctx.options.new_session,
            blocks=fresh.structure.blocks,
        )
    since, base = _since_session(ctx, rec, session, now)
    journal.add(
        doc,
        [journal.Entry(clean(text, os.environ, one_line=True)) for text in rec.entries + since],
        now=moment,
        branch=branch,
        gap=gap,
        new_session=ctx.options.new_session,
        blocks=fresh.structure.blocks,
    )
    if ctx.options.evidence or ctx.ws.settings.evidence:
        _evidence(doc, rec, fresh)
    after = doc.text()
    final = with_failures(
        parse_document(doc, options=fresh.options), state.last_results(ctx.ws, ctx.plan_path)
    )
    if after == before:
        return final.plan, None
    data = after.encode("utf-8")
    written = write_plan(ctx, data, before.encode("utf-8"))
    if session is not None and base is not None:
        state.remember_session(ctx.ws, ctx.plan_path, session[0], base)
    if written == data and final.structure.blocks is not None:
        remember(ctx.ws.cache, ctx.plan_path, data, final.structure.blocks)
    return final.plan, written


def _evidence(doc: Document, rec: Record, fresh: Parsed) -> None:
    """Each task that passed in this run: its last output lines, masked, as its block under
    `Artifacts & Notes` (runner.plan.evidence), replacing the block an earlier pass left."""
    from runner.plan import evidence
    from runner.plan.reading import parse_document

    passed = [
        r for r in rec.results if r.is_task and r.outcome is ResultStatus.PASSED and r.commands
    ]
    for r in passed:
        text = "\n".join(state.log_tail(c.log) for c in r.commands if c.log)
        lines = clean(text, os.environ).splitlines()
        now = parse_document(doc, options=fresh.options)  # each block moves what follows
        evidence.put(doc, now.structure, r.name, rec.stamp, lines)


def _claims_put_back(rec: Record, fresh: Parsed, origin: str) -> Parsed:
    """`fresh` with every pass written into the plan while the run went on put back (see
    `guard.restore_claims`), and a journal line and notice saying which."""
    from runner.plan.guard import restore_claims
    from runner.plan.reading import parse_document

    guarded = restore_claims(origin, fresh.doc.text())
    if not guarded.undone:
        return fresh
    note = (
        "put back what was written into the plan while the run went on: "
        + "; ".join(guarded.undone)
        + " (a pass is recorded by a run or `plan done`, never by an edit meanwhile)"
    )
    if note not in rec.entries:
        rec.entries.append(note)
        rec.notices.append(note)
    return parse_document(Document.from_text(guarded.text), options=fresh.options)


APPEND_MERGES = 50


def write_plan(ctx: Context, data: bytes, before: bytes) -> bytes:
    """Write `data` (computed from `before`) if the plan still holds `before`; lines a person
    appended meanwhile are kept after it (the common edit: a note at the end), any other
    change raises ChangedMeanwhile for the caller to start again from. The bytes written."""
    expect, ours = before, data
    for _ in range(APPEND_MERGES):
        try:
            state.write_atomic(
                ctx.plan_path, ours, ctx.shown, root=ctx.ws.root, real=ctx.real, expect=expect
            )
            return ours
        except state.AppendedMeanwhile as late:
            # Ours is in place; what was appended to the old file joins it (again a CAS).
            expect, ours = ours, ours + late.tail
            continue
        except state.RewrittenMeanwhile as saved:
            # Ours went in, then a save went into the file it replaced: that save is put
            # back and the write starts again from it.
            put_back(ctx, saved.whole, ours)
            raise state.ChangedMeanwhile(ctx.shown) from None
        except state.ChangedMeanwhile:
            try:
                now = ctx.plan_path.read_bytes()
            except OSError:
                raise state.ChangedMeanwhile(ctx.shown) from None
            if not now.startswith(expect) or not now.endswith(b"\n"):
                raise  # not whole lines appended: start again from a finished save
            expect, ours = now, ours + now[len(expect) :]
    raise state.ChangedMeanwhile(ctx.shown)


def put_back(ctx: Context, saved: bytes, ours: bytes) -> bool:
    """Put a person's save that went into a replaced file back in place of `ours` (what
    the runner wrote), unless the plan has changed again since; True when it is in place."""
    for _ in range(APPEND_MERGES):
        try:
            state.write_atomic(
                ctx.plan_path, saved, ctx.shown, root=ctx.ws.root, real=ctx.real, expect=ours
            )
            return True
        except state.AppendedMeanwhile as late:
            ours, saved = saved, saved + late.tail
        except state.RewrittenMeanwhile as again:
            ours, saved = saved, again.whole  # a newer save, into the file just replaced
        except (state.ChangedMeanwhile, OSError, UnusablePlanError):
            return False
    return False


def _gates_edited(rec: Record, plan: Plan, before: Plan) -> dict[str, str]:
    """Gates whose commands or threshold were edited while they ran (gate name -> the
    journal line)."""
    now = {g.name: tuple(g.commands) for g in plan.gates}
    then = {g.name: g.threshold for g in before.gates}
    out: dict[str, str] = {}
    for g in plan.gates:
        r = next((r for r in rec.results if r.kind is Kind.GATE and r.name == g.name), None)
        if r is None or r.outcome is ResultStatus.NOT_RUN or g.name not in then:
            continue
        if g.threshold != then[g.name]:
            out[g.name] = (
                f"gate {g.name}: its threshold changed while it ran (was `{then[g.name]}`,"
                f" now `{g.threshold}`); the result is withdrawn, run it again"
            )
    for r in rec.results:
        if r.kind is not Kind.GATE or not r.commands or r.outcome is ResultStatus.NOT_RUN:
            continue
        ran = tuple(c.command for c in r.commands)
        held = now.get(r.name)
        covers = held is not None and (
            held == ran if r.outcome is ResultStatus.PASSED else held[: len(ran)] == ran
        )
        if not covers and r.name not in out:
            shown = "; ".join(held) if held else "none"
            out[r.name] = (
                f"gate {r.name}: its command changed while it ran (ran `{'; '.join(ran)}`,"
                f" now `{shown}`); the result is withdrawn, run it again"
            )
    return out


def _checks_rewritten(
    rec: Record, plan: Plan, before: Plan, tasks: dict[str, str], gates: dict[str, str]
) -> None:
    """Other checks of the plan that changed while this run went on (issue 19, F6c: a check
    that rewrites the commands that prove the rest of the work has acted; whoever made the
    change, no run saw the plan it now shows): the plan is not committed
    (`rec.rewritten`), and each pass whose commands were running when they changed is
    withdrawn, saying which (the runner cannot tell a check's write from a person's made
    then). A pass whose commands ran wholly before or after the change stands: no process
    of it was alive to make it (issue 19, case 6: a person's edit cost every pass)."""
    from runner.plan.guard import changed_checks

    every = changed_checks(before, plan)
    suspects = _alive_when_changed(rec)
    # A row's own edit withdraws its own result (above); what else changed is this. Its own
    # only if nothing else ran while it changed: a row another check rewrote is not.
    own = all((kind == "task" and name in tasks) or (kind == "gate" and name in gates)
              for kind, name, _text in every)  # fmt: skip
    if not every or (own and not suspects):
        return
    rec.rewritten = tuple(text for _kind, _name, text in every)
    which = ", ".join(rec.rewritten)
    for r in rec.results:
        if r.outcome is not ResultStatus.PASSED:
            continue
        into = tasks if r.is_task else gates if r.kind is Kind.GATE else None
        if into is None or r.name in into:
            continue
        if suspects is not None and ("task" if r.is_task else "gate", r.name) not in suspects:
            continue
        into[r.name] = (
            f"{'task' if r.is_task else 'gate'} {r.name}: the plan's other checks ({which})"
            " changed while it ran; a check may not rewrite what proves the work, so the"
            " pass is withdrawn (review the change, then run it again)"
        )


def _alive_when_changed(rec: Record) -> set[tuple[str, str]] | None:
    """The results (kind, name) whose commands ran in a busy stretch of the run in which a
    check of the plan changed, other than the row of the one job that ran alone in it
    (None: every result, the stretches not being known)."""
    from runner.plan.guard import changed_checks
    from runner.plan.reading import parse_document

    if rec.busy is None:
        return None
    out: set[tuple[str, str]] = set()
    for names, began, ended in rec.busy:
        if began is None or ended is None:
            return None  # the plan could not be read then: any of them may have changed it
        if began == ended:
            continue
        try:
            old, new = (
                parse_document(Document.from_text(b.decode("utf-8", "replace"))).plan
                for b in (began, ended)
            )
        except errors.PlanError:
            out |= names  # caught unreadable (half saved): taken as changed
            continue
        if any({(kind, name)} != names for kind, name, _text in changed_checks(old, new)):
            out |= names
    return out


def withdraw(rec: Record, plan: Plan, before: Plan) -> None:
    """A task whose commands were edited while they ran has no result: the run did not run
    what the row now says. Its result becomes `not_run` with the reason, in every output
    (the journal line in place of its result's, the outcome and `--json`, the notices, the
    state folder, exit 1); its status edit and commit trailer are dropped. Idempotent."""
    withdrawn = _edited_meanwhile(rec, plan, before)
    gates = _gates_edited(rec, plan, before)
    _checks_rewritten(rec, plan, before, withdrawn, gates)
    if not withdrawn and not gates:
        return
    rec.withdrew = True
    held = {g.name: g.status for g in plan.gates}
    for i, r in enumerate(rec.results):
        line = (withdrawn if r.is_task else gates if r.kind is Kind.GATE else {}).get(r.name)
        if line is None:
            continue
        task = plan.task(r.name) if r.is_task else None
        status = task.status if task else held.get(r.name)
        rec.results[i] = replace(r, outcome=ResultStatus.NOT_RUN, status=status, reason=line)
        at = rec.entry_of.get(r.name) if r.is_task else None
        if r.kind is Kind.GATE and r.name in rec.gate_words and rec.gates_line >= 0:
            rec.gate_words[r.name] = f"{r.name} withdrawn"
            rec.entries[rec.gates_line] = gates_entry(rec)
        if at is None:
            rec.entries.append(line)
        else:
            rec.entries[at] = line
        rec.notices.append(line)
    rec.trailers[:] = [
        t
        for t in rec.trailers
        if not ((t[0] == "task" and t[1] in withdrawn) or (t[0] == "gate" and t[1] in gates))
    ]
    rec.edits[:] = [
        e
        for e in rec.edits
        if not (isinstance(e, SetTaskStatus) and e.task_id in withdrawn)
        and not (isinstance(e, SetGateResult) and e.name in gates)
    ]
    rec.refused = True  # what was asked for has no result: exit 1


def _done(plan: Plan, task_id: str) -> bool:
    task = plan.task(task_id)
    return task is not None and task.status is not None and task.status.done


def _claimed(old: Task, new: Task) -> bool:
    """The task's row was marked passed meanwhile by an edit that claims a pass no run made
    (what `guard.restore_claims` puts back)."""
    return new.status is Status.PASSED and old.status is not Status.PASSED and not new.manual


def _edited_meanwhile(rec: Record, plan: Plan, before: Plan) -> dict[str, str]:
    """Tasks whose commands were edited while they ran, or whose row now says something
    else (another description under the same ID: a row inserted above one numbered by its
    place; another expected output): their result is not the result of what the row now
    says, so it is withdrawn (task ID -> the journal line saying so)."""
    out: dict[str, str] = {}
    passed = {r.name for r in rec.results if r.is_task and r.outcome is ResultStatus.PASSED}
    for r in rec.results:
        if not r.is_task or r.outcome is ResultStatus.NOT_RUN:
            continue
        old, new = before.task(r.name), plan.task(r.name)
        if old is None or new is None:
            continue
        # A pass written by hand meanwhile is put back (`_claims_put_back`), and this run's
        # own result is the one recorded (the seventh pass of issue 19: the journal said the
        # mark was kept, then that it was put back, and the failure was recorded nowhere).
        if (
            new.status is not None
            and old.status is not new.status
            and not new.malformed
            and not _claimed(old, new)
        ):
            # (An unknown key written meanwhile is refused whole, exit 3: _refuse_unknown.)
            word = new.status.value
            out[r.name] = (
                f"task {r.name}: its status was set to {word} while it ran; that mark is"
                " kept and this result withdrawn"
            )
        elif old.description != new.description:
            out[r.name] = (
                f"task {r.name}: its row changed while it ran (it said '{old.description}',"
                f" now '{new.description}'); the result is withdrawn, run it again"
            )
        elif old.commands == new.commands and old.expects != new.expects:
            out[r.name] = (
                f"task {r.name}: its expected output changed while it ran; the result is"
                " withdrawn, run it again"
            )
        elif added := [d for d in new.depends if d not in old.depends and not _done(plan, d)]:
            # A dependency a person added meanwhile, not done yet: the plan now says this
            # task could not have run (fifth pass of issue 19).
            out[r.name] = (
                f"task {r.name}: it was made to depend on {', '.join(added)} while it ran,"
                " which is not done; the result is withdrawn"
            )
        elif undone := [
            d
            for d in new.depends
            if d in old.depends and _done(before, d) and not _done(plan, d) and d not in passed
        ]:
            # A dependency that was done when it began and is not now (its status set to
            # failed, blocked or blank meanwhile, F6a): the plan no longer lets it run.
            out[r.name] = (
                f"task {r.name}: {', '.join(undone)}, which it depends on, is no longer done"
                " (its status changed while it ran); the result is withdrawn"
            )
        elif (
            r.outcome is ResultStatus.PASSED
            and new.timeout
            and new.timeout != old.timeout
            and (slow := max((c.duration_s for c in r.commands), default=0.0)) > new.timeout
        ):
            out[r.name] = (
                f"task {r.name}: its Timeout was set to {new.timeout:g}s while it ran, and a"
                f" command took {slow:.1f}s; the result is withdrawn, run it again"
            )
    for r in rec.results:
        if not r.is_task or not r.commands or r.gates or r.outcome is ResultStatus.NOT_RUN:
            continue  # a Gate task's commands are its gates'; a withdrawn result is done with
        task = plan.task(r.name)
        if task is not None and task.runs_gates:
            continue
        ran = tuple(c.command for c in r.commands)
        # A pass covers every command the row holds; a failure, those up to the failing one.
        covers = task is not None and (
            task.commands == ran if r.outcome is ResultStatus.PASSED
            else task.commands[: len(ran)] == ran
        )  # fmt: skip
        if not covers and r.name not in out:
            now = "; ".join(task.commands) if task is not None and task.commands else "none"
            out[r.name] = (
                f"task {r.name}: its command changed while it ran (ran `{'; '.join(ran)}`,"
                f" now `{now}`); the result is withdrawn, run it again"
            )
    return out


def _refuse_unknown_cells(ctx: Context, rec: Record, plan: Plan) -> None:
    """A cell edited into an unknown key while the commands ran is not written over
    (selection checked the cells before the run; this is the plan as it is now)."""
    from runner.run.selection import refuse_duplicate_gates, refuse_duplicates, refuse_unknown

    tasks = {e.task_id for e in rec.edits if isinstance(e, SetTaskStatus)}
    gates = {e.name for e in rec.edits if isinstance(e, SetGateResult)}
    # A row given the ID of one the run ran or writes (F6b): which row is its? Refused as
    # at the start of a run, before anything is written. So is a gate renamed meanwhile to
    # the name of one the run ran or writes: its result would land on whichever came first.
    ran = {r.name for r in rec.results if r.is_task}
    refuse_duplicates(plan, sorted(tasks | ran), ctx.shown)
    gates_ran = {r.name for r in rec.results if r.kind is Kind.GATE}
    refuse_duplicate_gates(plan, sorted(gates | gates_ran), ctx.shown)
    refuse_unknown([t for t in plan.tasks if t.id in tasks], ctx.shown)
    refuse_unknown([g for g in plan.gates if g.name in gates], ctx.shown)


def _commit(
    ctx: Context, rec: Record, title: str, data: bytes | None = None
) -> tuple[str | None, list[str], bool]:
    """Commit the plan: its sha, git's notices, and whether git refused (a notice and exit
    code 6, `Outcome.exit_code`; never an exception)."""
    from runner import vcs

    rel = os.path.relpath(ctx.plan_path, ctx.ws.root)
    text = vcs.message(ctx.plan_path.stem, title, vcs.trailers(rel, rec.trailers))
    body = "\n".join(f"{r.kind.value} {r.name} failed: {r.reason}" for r in rec.results if r.failed)
    if body:
        # Why it failed, above the trailers (which stay the last paragraph).
        subject_line, _, rest = text.partition("\n\n")
        text = f"{subject_line}\n\n{body}\n\n{rest}"
    msg = clean(text, os.environ)
    try:
        done = vcs.commit_plan(
            ctx.ws.root,
            ctx.plan_path,
            msg,
            no_verify=ctx.options.no_verify,
            also=rec.commit_also,
            data=data,
        )
    except errors.VcsError as exc:
        return None, [f"not committed: {exc.message}"], True
    return done.sha, [done.notice] if done.notice else [], False


# How long a run waits for a save in progress (the plan emptied, or cut short) to finish
# before it gives up without writing.
SAVE_WAIT = 5.0
SAVE_POLL = 0.02
# A changed plan is taken once it has stayed the same this long (or the later read only
# adds whole lines): an editor that writes in parts, pausing between them, is waited for.
SETTLE = 0.1
# A plan that lost its final newline is a person's edit once it has stayed so this long.
KEPT_WITHOUT_NEWLINE = 1.0


def reread(ctx: Context, first: Parsed) -> Parsed:
    """The plan as it is on disk now; the first reading when nobody has changed it. A plan
    caught in the middle of a save is waited for (`saved_bytes`)."""
    old = first.doc.text().encode("utf-8")
    now = saved_bytes(ctx, old)
    return first if now == old else planfile.read_plan_bytes(ctx.ws, ctx.plan_path, now)


def saved_bytes(ctx: Context, old: bytes) -> bytes:
    """The plan's bytes now, once any save in progress is done (`old`: what it held when
    last read). A plan caught in the middle of a save (many editors empty the file, then
    write it, some in parts) is waited for; one still cut short after SAVE_WAIT is refused,
    exit 3, nothing written: writing the run's lines onto it would commit a plan without
    its title and tables, and a half taken as the plan loses what the save's other half
    held (the seventh and eighth passes of issue 19)."""
    import time

    state.unmoved(ctx.ws.root, ctx.plan_path, ctx.real, ctx.shown)
    deadline = time.monotonic() + SAVE_WAIT
    last, since = b"", -1.0
    while True:
        try:
            now = ctx.plan_path.read_bytes()
        except OSError:
            now = b""
        if now == old and _rested(ctx.plan_path):
            return old
        moment = time.monotonic()
        if since < 0 or now != last:
            appended = since >= 0 and now.startswith(last) and last.endswith(b"\n")
            if appended and mid_save(old, last) is None and (last != old or _rested(ctx.plan_path)):
                # Whole lines appended since the last read: an append goes on (a log
                # written into the plan); the write joins what follows.
                return last
            last, since = now, moment
        why = mid_save(old, now)
        steady = moment - since
        if why is None and steady >= SETTLE:
            return now
        if why == _NO_NEWLINE and steady >= KEPT_WITHOUT_NEWLINE:
            return now
        if moment >= deadline:
            raise UnusablePlanError(
                f"the plan is being written by something else ({why or 'it keeps changing'});"
                " nothing was written: run again when the save is done",
                path=ctx.shown,
            )
        time.sleep(SAVE_POLL)


def _rested(path: Path) -> bool:
    """Whether the plan has not been written for SETTLE: the same bytes written again just
    now may be the first part of an editor's save in parts (the first reading too may have
    been such a part; the ninth pass of issue 19 lost 145 of 175 lines so)."""
    import time

    try:
        return time.time() - path.stat().st_mtime >= SETTLE
    except OSError:
        return False


def first_reading(ctx: Context) -> Parsed:
    """The plan as a run begins on it. One that looks cut (no tasks, or no end of line at
    its end) and was written just now is an editor's save caught half-way: it is read
    again once it has rested (up to SAVE_WAIT). The ninth pass of issue 19 had `plan loop`
    say "the plan is done" and `plan run --all` run nothing on a plan half saved."""

    first = planfile.read_plan(ctx.ws, ctx.plan_path)
    cut = not first.plan.tasks or not first.doc.text().endswith("\n")
    if not cut or _rested(ctx.plan_path):
        return first
    wait_rested(ctx)
    return planfile.read_plan(ctx.ws, ctx.plan_path)


def wait_rested(ctx: Context) -> None:
    """Wait (up to SAVE_WAIT) until the plan has not been written for a moment."""
    import time

    deadline = time.monotonic() + SAVE_WAIT
    while not _rested(ctx.plan_path) and time.monotonic() < deadline:
        time.sleep(SAVE_POLL)


def rested(ctx: Context) -> bool:
    """Whether the plan has not been written for a moment (see `_rested`)."""
    return _rested(ctx.plan_path)


_NO_NEWLINE = "it ends in the middle of a line"


def mid_save(old: bytes, now: bytes) -> str | None:
    """Why `now` looks like a save caught half-way (None: a plan as a person left it): empty,
    the start of what it held, or cut in the middle of a line where it ended with one (an
    editor writing a longer plan in parts is caught so too)."""
    if not now.strip():
        return "it is empty"
    if len(now) < len(old) and old.startswith(now):
        return f"it holds only the first {len(now)} of its {len(old)} bytes"
    if old.endswith(b"\n") and not now.endswith(b"\n"):
        return _NO_NEWLINE
    return None


def acceptance_passed(
    ctx: Context, parsed: Parsed, ticked: list[Tick] | None = None
) -> bool | None:
    """Did the plan's acceptance checks pass at their last run (None: it has none)? A
    criterion in progress (`[/]`) or with a box nobody defines (`[?]`) holds the plan back
    as a Progress item's would (issue 19 case 10), unless this run ticks it (`ticked`)."""
    done = {t.text for t in ticked or () if t.box == "x"}
    if any(parsed.doc.lines[i] not in done for i, _ in open_criteria(parsed)):
        return False
    checks = acceptance_checks(parsed)
    if not checks:
        return None
    if not accepted(checks, state.last_acceptance(ctx.ws, ctx.plan_path)):
        return False
    # A criterion the runner does not run (its words refuse it, a person's step, a server
    # started) is met only when its box is ticked: the fourteenth pass made a plan Complete
    # with such a box open (a check negated while it ran, a criterion a person signs off).
    return not any(box_open(parsed.doc, c.item) for c in checks if c.step and c.item is not None)


def metadata_edits(
    plan: Plan,
    edits: list[Edit],
    moment: datetime,
    accepted: bool | None = None,
    lines: Sequence[str] = (),
) -> list[Edit]:
    """Last Updated, and Status moved as docs/format.md says, judged on the plan after `edits`;
    Complete also needs the acceptance checks passed when the plan has any (`accepted`).
    `lines`, the plan's text, says whether its slashed dates are day first."""
    order = slashed_order(lines)
    tasks = {t.id: t.status for t in plan.tasks}
    gates = {g.name: g.status for g in plan.gates}
    for e in edits:
        if isinstance(e, SetTaskStatus) and e.task_id in tasks:
            tasks[e.task_id] = e.status
        elif isinstance(e, SetGateResult):
            gates[e.name] = e.status
    out: list[Edit] = [SetMeta("Last Updated", _like(plan, "lastupdated", moment, order))]
    # Every Last Updated the plan writes (front matter and a bullet), each in its own form.
    more = sorted(k for k in plan.metadata if re.fullmatch(r"lastupdated\d+", k))
    out += [SetMeta(k, _like(plan, k, moment, order)) for k in more]
    field_ = plan.metadata.get("status")
    if field_ is None:
        return out
    if _spelt(field_.value) not in _RUNNERS_WORDS:
        # `active`, `parked`, `abandoned`, `PARKED (2026-03-09) - ...`: the project's own
        # vocabulary, which the runner does not speak; never overwritten.
        return out
    current = normalise_plan_status(field_.value)
    complete = (
        bool(tasks)
        and all(s is not None and s.done for s in tasks.values())
        and all(s is Status.PASSED for s in gates.values())
        and accepted is not False
        # An item the tracker did not read (a second `## Progress (phase 2)` block) that is
        # still open keeps the plan from Complete (issue 19 case 10).
        and not (plan.tracker is not None and plan.tracker.left_open)
    )
    target = None
    if current != "Blocked":
        if complete:
            target = "Complete"
        elif current == "Proposed":
            target = "In Progress"
        elif current == "Complete":
            # A plan that says Complete with a task not done or a gate not passed is not
            # (issue 18: a failure recorded in it; the sixth pass of 19: a run recorded while
            # another task stayed failed committed "Complete").
            target = "In Progress"
    if target and target != current:
        out.append(SetMeta("Status", target))
    return out


# The plan statuses the runner moves (docs/format.md section 1), in the spellings it recognises.
_RUNNERS_WORDS = {"proposed", "draft", "planned", "inprogress", "complete", "completed"}


def _spelt(value: str) -> str:
    return re.sub(r"[^a-z]", "", value.lower())


def _like(plan: Plan, key: str, moment: datetime, order: bool | None = None) -> str:
    """The new Last Updated, in the shape the plan already uses (date only, or with time)."""
    old = plan.metadata.get(key)
    if old is not None and re.fullmatch(r"\d{4}-\d\d-\d\d", old.value.strip()):
        return moment.strftime("%Y-%m-%d")
    if old is not None:
        # The author's own shape (`2026-01-01 10:00Z`, `2026-01-01T10:00-08:00`), new time.
        found = find_stamp(f"({old.value.strip()})")
        if found is not None and found.end == len(old.value.strip()) + 2:
            return render(moment, found.format)
        # Or with a note after it, quotes around it, a month's name, a named zone (issue 19).
        kept = restamp(old.value, moment, order)
        if kept is not None:
            return kept
        if not _BLANK_DATE.match(old.value.strip()):
            # A form the runner cannot read (`yesterday`, `Q1 2026`): the author's, left as it
            # is rather than replaced by the runner's own (issue 19, eleventh pass).
            return old.value
    return journal.stamp(moment)


# A Last Updated left blank to be filled: nothing, dashes, TBD, n/a, a placeholder in
# brackets (`<date>`, `[YYYY-MM-DD]`, `{{now}}`).
_BLANK_DATE = re.compile(
    r"^[\s\-\u2013\u2014_.?]*$|^(?:tbd|tba|n/?a|none|todo|never)$|^[<\[{(].*[>\]})]$",
    re.IGNORECASE,
)
