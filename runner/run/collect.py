"""`plan ci collect FILE...`: results that `plan` wrote as JUnit on other machines (a CI
matrix, one job a gate) recorded into the plan as if they had run here: Status and Last Run
of each gate or task, one journal entry saying where each ran, one commit.

Every file is read and checked before anything is written: a truncated file, a file `plan`
did not write, another plan's, one whose commands differ from the plan's now, or a gate the
plan no longer has is an error naming the file, and the plan is left as it was.

A result counts only for the tree it was tested on: one tested at the commit checked out, or
at one whose files differ from it only in the plan, is recorded; one tested at another tree
(a commit pushed since, or changes not committed) is journaled as not recorded, its gate or
task left as it was, and the run ends with exit 1. When no result is recorded, nothing is
written or committed: the reasons are said, not journaled.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from runner.errors import ResultsFileError
from runner.plan import ci, journal
from runner.plan.edits import SetGateResult, SetTaskStatus
from runner.plan.model import Gate, Plan, Status, Task
from runner.plan.reading import Parsed
from runner.plan.redact import clean
from runner.plan.results import Kind, Result, ResultStatus
from runner.run.context import Context, Outcome
from runner.run.finish import finish, settled, subject
from runner.run.options import Collect
from runner.run.record import Record


@dataclass(frozen=True)
class _Found:
    """A result read from a file, with the gate or task of the plan it is for."""

    got: ci.Collected
    owner: Gate | Task

    @property
    def kind(self) -> Kind:
        return Kind.GATE if isinstance(self.owner, Gate) else Kind.TASK

    @property
    def name(self) -> str:
        return self.owner.name if isinstance(self.owner, Gate) else self.owner.id


def read_files(ctx: Context, action: Collect) -> list[ci.JunitFile]:
    """Every file named, read and checked to be `plan`'s about this plan."""
    here = os.path.relpath(ctx.plan_path, ctx.ws.root).replace(os.sep, "/")
    out: list[ci.JunitFile] = []
    for path in action.files:
        shown = ctx.ws.display(path) if path.is_absolute() else str(path)
        try:
            text = path.read_bytes().decode("utf-8")
        except OSError as exc:
            raise ResultsFileError(path=shown, why=f"cannot be read ({exc.strerror})") from None
        except UnicodeDecodeError:
            raise ResultsFileError(path=shown, why="not UTF-8: not a file plan wrote") from None
        try:
            found = ci.read_junit(text, shown)
        except ci.ForeignFile as exc:
            raise ResultsFileError(path=shown, why=str(exc).removeprefix(f"{shown}: ")) from None
        if found.plan_file != here:
            raise ResultsFileError(
                path=shown, why=f"holds results of {found.plan_file}, not of {here}"
            )
        _not_from_the_future(ctx, found, shown)
        out.append(found)
    return out


# How far ahead of this machine's clock another machine's may run before its timestamp is
# not believed: CI runners keep time by NTP, so minutes ahead is an edited or broken file.
CLOCK_SKEW = timedelta(minutes=10)


def _not_from_the_future(ctx: Context, found: ci.JunitFile, shown: str) -> None:
    """A result stamped later than now (past the skew) is refused with its file: it would
    beat every later run here as "the latest" and write a Last Run no run had (issue 19,
    the thirteenth pass)."""
    now = ctx.now()
    for got in found.results:
        if got.ran_at is not None and got.ran_at > now + CLOCK_SKEW:
            raise ResultsFileError(
                path=shown,
                why=f"{got.kind} '{got.name}' ran at {journal.stamp(got.ran_at)}, later than"
                f" now ({journal.stamp(now)}): a clock ahead or an edited file; nothing recorded",
            )


def match(plan: Plan, files: list[ci.JunitFile]) -> list[_Found]:
    """Each result with its gate or task, the latest run of each when several files hold it;
    a result for a gate or task the plan does not have, or whose commands the plan has since
    changed, is refused."""
    latest: dict[tuple[str, str], _Found] = {}
    # Gates by name, case-insensitively as `plan gates --only` reads them (the first of a
    # repeated name); tasks by ID.
    gates = {g.name.lower(): g for g in reversed(plan.gates)}
    for f in files:
        for got in f.results:
            owner: Gate | Task | None = (
                plan.task(got.name) if got.kind == "task" else gates.get(got.name.lower())
            )
            if owner is None:
                raise ResultsFileError(
                    path=got.source,
                    why=f"{got.kind} '{got.name}' is not in the plan (any more); nothing recorded",
                )
            if ci.commands_digest(owner.commands) != got.digest:
                raise ResultsFileError(
                    path=got.source,
                    why=f"{got.kind} '{got.name}' ran other commands than the plan holds now"
                    " (the plan changed since that run); run it again; nothing recorded",
                )
            found = _Found(got, owner)
            key = (found.kind.value, found.name)
            held = latest.get(key)
            if held is None or _later(got.ran_at, held.got.ran_at):
                latest[key] = found
    return list(latest.values())


def _later(a: datetime | None, b: datetime | None) -> bool:
    if a is None:
        return b is None
    return b is None or a >= b


def _where(got: ci.Collected) -> str:
    where = f"on {got.runner}" if got.runner else "elsewhere"
    return f"{where} ({got.job_url})" if got.job_url else where


def _tested_elsewhere(ctx: Context, got: ci.Collected, changed: dict[str, str]) -> str:
    """Why a result was tested on another tree than the one checked out ("" when it was
    tested on this one, or on one that differs from it only in the plan)."""
    if not got.commit:
        return ""  # a file from before `plan.commit`: nothing to compare
    short = got.commit[:12]
    if not got.clean:
        return f"tested at {short} with changes not committed"
    if got.commit not in changed:
        from runner import vcs

        paths = vcs.changed_since(ctx.ws.root, got.commit)
        own = {os.path.relpath(ctx.plan_path, ctx.ws.root).replace(os.sep, "/")}
        try:
            real = ctx.plan_path.resolve()
            own.add(os.path.relpath(real, ctx.ws.root.resolve()).replace(os.sep, "/"))
        except (OSError, ValueError):
            pass
        if paths is None:
            changed[got.commit] = f"tested at {short}, a commit this repository does not have"
        elif [p for p in paths if p not in own]:
            changed[got.commit] = f"tested at {short}, the tree changed since"
        else:
            changed[got.commit] = ""
    return changed[got.commit]


def collect(ctx: Context, action: Collect, first: Parsed) -> Outcome:
    """Record the results of the files in the plan: one journal entry, one commit."""
    plan = first.plan
    found = match(plan, read_files(ctx, action))
    kept: list[str] = []
    chosen: list[_Found] = []
    stale: list[str] = []
    trees: dict[str, str] = {}
    for f in found:
        if why := _tested_elsewhere(ctx, f.got, trees):
            stale.append(f"{f.kind.value} {f.name} {why}: not recorded")
            continue
        if isinstance(f.owner, Gate) and ci.newer_in_plan(f.owner.last_run, f.got.ran_at):
            kept.append(
                f"gate {f.name}: the plan's result ({f.owner.last_run}) is newer than"
                f" {f.got.source}'s; kept"
            )
            continue
        chosen.append(f)
    if not chosen:
        # Nothing to record writes nothing and commits nothing: a commit here would carry
        # whatever the work-tree plan holds, such as a gate's mark from the very run found
        # stale (the eighth pass: its X and `Status: Complete` were committed).
        notices = [*kept, *stale, f"{ctx.shown}: no results to record"]
        return replace(
            settled(ctx, plan, notices=notices, next_task=plan.next_task()), refused=bool(stale)
        )
    if ctx.options.dry_run:
        planned = [
            f"{f.kind.value} {f.name}: would be recorded {_word(f)} (ran {_where(f.got)})"
            for f in chosen
        ]
        dry = settled(
            ctx, plan, planned=planned, notices=[*kept, *stale], next_task=plan.next_task()
        )
        return replace(dry, refused=bool(stale))
    rec = Record(journal.stamp(ctx.now()))
    rec.notices += kept + stale
    rec.refused = bool(stale)  # a result brought back and not recorded: exit 1
    by_place: dict[str, list[str]] = {}
    for f in chosen:
        status = Status.PASSED if f.got.passed else Status.FAILED
        when = journal.stamp(f.got.ran_at) if f.got.ran_at is not None else rec.stamp
        if isinstance(f.owner, Gate):
            rec.edits.append(SetGateResult(f.owner.name, status, when))
        elif f.owner.status_holder:
            rec.edits.append(SetTaskStatus(f.owner.id, status, when))
        rec.trailer(f.kind, f.name, status)
        outcome = ResultStatus.PASSED if f.got.passed else ResultStatus.FAILED
        # A JUnit file's message is another tool's output: cleaned here, once, for every
        # sink (attack15b: the terminal line showed what the journal and --json masked).
        reason = clean(f.got.reason, os.environ, one_line=True) if f.got.reason else f.got.reason
        rec.results.append(Result(f.kind, f.name, outcome, status, (), f.got.duration_s, reason))
        words = f"{f.kind.value} {f.name} {_word(f)}"
        if not f.got.passed and reason:
            words += f" ({reason})"
        by_place.setdefault(_where(f.got), []).append(words)
    places = [f"{', '.join(what)} {where}" for where, what in by_place.items()]
    rec.entries.append("ci collect: " + "; ".join(places + stale))
    title = "ci collect: " + subject(rec.results, "results not recorded")
    return finish(ctx, rec, first, title=title, by_hand=False)


def _word(f: _Found) -> str:
    return "passed" if f.got.passed else "failed"
