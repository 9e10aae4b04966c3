"""`plan accept`: the plan's acceptance checks run like tasks, their transcripts compared, the
criteria items they prove ticked (or unticked), journaled and committed like a run.

The result of each check is kept in the state folder by what it runs (`acceptance.signature`),
so the finish step can tell whether the plan's acceptance passed: a plan with acceptance checks
becomes Complete only when its tasks are done and every check passed at its last run.
"""

from __future__ import annotations

from runner.errors import PlanError, UnknownStatusError, UsageError
from runner.plan import journal
from runner.plan.acceptance import (
    AcceptanceCheck,
    acceptance_checks,
    open_criteria,
    signature,
    ticks,
)
from runner.plan.actions import acts
from runner.plan.reading import Parsed
from runner.plan.results import Kind, Result, ResultStatus
from runner.plan.verdicts import verdict
from runner.plan.words import short
from runner.run import record, selection
from runner.run.context import Context, Outcome
from runner.run.execute import execute
from runner.run.executor import Job, JobResult
from runner.run.finish import finish, settled
from runner.run.options import Accept
from runner.workspace import state


def _key(c: AcceptanceCheck) -> str:
    return f"accept-{c.id}"


# An acceptance check proves a finished change, so it is quick; one that never ends (a
# server a plan shows how to start: `python3 -m http.server`, `dotnet run`) must not hold
# `plan accept` for the 30 minutes a task may take. `--timeout` sets another limit.
ACCEPTANCE_TIMEOUT_S = 5 * 60


def _job(ctx: Context, c: AcceptanceCheck) -> Job:
    given = ctx.options.timeout
    timeout = given if given is not None else min(ACCEPTANCE_TIMEOUT_S, ctx.ws.settings.timeout)
    env = {**selection.run_env(ctx.plan_path), "PLAN_ACCEPTANCE_ID": c.id}
    verdicts = (verdict(c.expect),) if c.expect else ()
    label = f"acceptance {c.id}"
    return Job(_key(c), label, (c.shell_command(),), timeout, env, verdicts=verdicts)


def _chosen(ctx: Context, action: Accept, first: Parsed) -> list[AcceptanceCheck]:
    checks = acceptance_checks(first)
    if not action.ids:
        return checks
    known = {c.id.lower(): c for c in checks}
    missing = [i for i in action.ids if i.lower() not in known]
    if missing:
        names = ", ".join(c.id for c in checks) or "none"
        raise UsageError(f"no acceptance check {', '.join(missing)} in {ctx.shown} ({names})")
    return [c for c in checks if c.id.lower() in {i.lower() for i in action.ids}]


def accept(ctx: Context, action: Accept, first: Parsed) -> Outcome:
    """Run the checks, tick what they proved, journal and commit."""
    for i, box in open_criteria(first):
        if box.meaning == "?":
            # `- [?] ...` under Acceptance: neither open nor done. Refused as `plan run`
            # refuses a Progress item's (exit 3, P106), never left out of "N passed".
            what = f"acceptance criterion on line {i + 1}"
            raise UnknownStatusError(what=what, key=box.raw, path=ctx.shown, line=i + 1)
    checks = _chosen(ctx, action, first)
    plan = first.plan
    if not checks:
        notice = (
            f"{ctx.shown}: no acceptance checks (commands or transcripts under a Validation,"
            " Verification, Acceptance, Success Criteria or Concrete Steps heading); nothing to run"
        )
        return settled(ctx, plan, notices=[notice], next_task=plan.next_task())
    # A check observes; one that acts (a release step under a "Validation" heading) is
    # never run unless the user opted in (docs/format.md, "Checks and actions").
    allowed = ctx.ws.settings.allow_actions
    acting = {c.id: why for c in checks if not allowed and (why := acts(c.command))}
    # A server the plan shows starting is a step, whatever the opt-in: it never ends.
    steps = {c.id: c.step for c in checks if c.step}
    acting = {k: v for k, v in acting.items() if k not in steps}
    runnable = [c for c in checks if c.id not in acting and c.id not in steps]
    if ctx.options.dry_run:
        planned = [f"acceptance (line {c.line}) would run {c.describe()}" for c in runnable]
        planned += [f"acceptance {c.id} `{c.command}` not run: acts ({acting[c.id]})"
                    for c in checks if c.id in acting]  # fmt: skip
        planned += [f"acceptance {c.id} `{c.command}` {_dry_step(steps[c.id])}"
                    for c in checks if c.id in steps]  # fmt: skip
        return settled(ctx, plan, planned=planned, next_task=plan.next_task())
    sel = selection.Selection(jobs=[_job(ctx, c) for c in runnable])
    runs, signum, moved = execute(ctx, sel, keep_going=True)
    rec = record.Record(journal.stamp(ctx.now()), signum=signum)
    record.moved(rec, moved)
    changed = _changed_meanwhile(ctx, runnable)
    for c in checks:
        if c.id in changed:
            rec.results.append(
                Result(Kind.ACCEPTANCE, c.id, ResultStatus.NOT_RUN, None, reason=changed[c.id])
            )
            rec.entries.append(changed[c.id])
            rec.notices.append(changed[c.id])
            rec.refused = True  # what was asked for has no result: exit 1
            runs.pop(_key(c), None)  # no tick either way
            continue
        if c.id in steps:
            rec.results.append(
                Result(
                    Kind.ACCEPTANCE,
                    c.id,
                    ResultStatus.NOT_RUN,
                    None,
                    reason=_step_reason(steps[c.id]),
                    set_aside=True,
                )
            )
            continue
        if c.id in acting:
            why = f"not a check: acts ({acting[c.id]})"
            rec.results.append(
                Result(
                    Kind.ACCEPTANCE, c.id, ResultStatus.NOT_RUN, None, reason=why, set_aside=True
                )
            )
            continue
        rec.results.append(record.job_result(Kind.ACCEPTANCE, c.id, runs[_key(c)], None))
    runnable = [c for c in runnable if c.id not in changed]
    _journal(rec, runnable, runs)
    for c in checks:
        if c.id in acting:
            shown = short(c.command, 60)
            rec.entries.append(f"acceptance {c.id} `{shown}` not run: it acts ({acting[c.id]})")
        elif c.id in steps:
            what = "not checked" if steps[c.id].startswith("not checked") else "a step"
            rec.entries.append(f"acceptance {c.id} `{short(c.command, 60)}` not run: {what}")
    if not signum:
        rec.ticks = ticks(first, _proved(checks, runs), rec.stamp)
        _remember(ctx, runnable, runs)
    return finish(ctx, rec, first, title=_counts(rec.results), by_hand=False)


def _dry_step(step: str) -> str:
    """A step's line in a dry run: "not run: …", or "not checked: …" as it stands."""
    return step if step.startswith("not checked") else f"not run: {step}"


def _step_reason(step: str) -> str:
    """Why a criterion was not run: a step for a person, or words no check is read from."""
    return step if step.startswith("not checked") else f"not a check: {step}"


def _changed_meanwhile(ctx: Context, runnable: list[AcceptanceCheck]) -> dict[str, str]:
    """Checks whose criterion was edited while they ran (its command or expected output now
    reads otherwise, or it is gone): their result is withdrawn, as `plan run` withdraws a
    task's (issue 19, case 6; the seventh pass found `accept` recording the old command's
    pass). Check ID -> the journal line saying so."""
    from runner.workspace import planfile

    try:
        fresh = planfile.read_plan(ctx.ws, ctx.plan_path)
    except PlanError:
        return {}
    now = {c.id: c for c in acceptance_checks(fresh)}
    out: dict[str, str] = {}
    for c in runnable:
        new = now.get(c.id)
        if new is not None and (new.command, new.expect) == (c.command, c.expect) and not new.step:
            continue
        shown = f"`{short(new.command, 60)}`" if new is not None else "gone"
        if new is not None and new.step and not c.step:
            # "Do not run `x`" written over the criterion while `x` ran (the fourteenth
            # pass: counted passed in the run's summary): no check any more.
            shown = f"{_step_reason(new.step)}"
        out[c.id] = (
            f"acceptance {c.id}: its criterion changed while it ran (ran"
            f" `{short(c.command, 60)}`, now {shown}); the result is withdrawn, run it again"
        )
    return out


def _counts(results: list[Result]) -> str:
    """`acceptance: 3 passed, 1 failed`."""
    counts: dict[str, int] = {}
    for r in results:
        word = r.outcome.value.replace("_", " ")
        counts[word] = counts.get(word, 0) + 1
    return "acceptance: " + ", ".join(f"{n} {w}" for w, n in counts.items())


def _journal(rec: record.Record, checks: list[AcceptanceCheck], runs: dict[str, JobResult]) -> None:
    total = sum(runs[_key(c)].duration_s for c in checks)
    rec.entries.append(f"{_counts(rec.results)} in {total:.1f}s")
    for c in checks:
        run = runs[_key(c)]
        if run.status is ResultStatus.FAILED:
            shown = short(c.command, 60)
            rec.entries.append(f"acceptance {c.id} `{shown}` failed: {run.explain()}")


def _proved(checks: list[AcceptanceCheck], runs: dict[str, JobResult]) -> dict[int, bool]:
    """Each checklist item's verdict: proved when all its checks passed, disproved when one
    failed; an item with a check not run (stopped) is left as it is."""
    verdicts: dict[int, bool | None] = {}
    for c in checks:
        if c.item is None:
            continue
        if _key(c) not in runs:  # not run (it acts): the item is left as it is
            verdicts[c.item] = None
            continue
        status = runs[_key(c)].status
        now = {ResultStatus.PASSED: True, ResultStatus.FAILED: False}.get(status)
        before = verdicts.get(c.item, True) if c.item in verdicts else True
        if now is None or before is None:
            verdicts[c.item] = None
        else:
            verdicts[c.item] = before and now
    return {i: v for i, v in verdicts.items() if v is not None}


def _remember(ctx: Context, checks: list[AcceptanceCheck], runs: dict[str, JobResult]) -> None:
    kept = state.last_acceptance(ctx.ws, ctx.plan_path)
    for c in checks:
        status = runs[_key(c)].status
        if status in (ResultStatus.PASSED, ResultStatus.FAILED):
            kept[signature(c)] = status.value
    state.remember_acceptance(ctx.ws, ctx.plan_path, journal.stamp(ctx.now()), kept)
