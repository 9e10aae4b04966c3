"""The execute step of a run: the selected jobs run on the executor with the run's options,
hooks and stop; their results by key, and the signal that stopped them."""

from __future__ import annotations

from dataclasses import replace

from runner.plan.results import ResultStatus
from runner.run.context import Context
from runner.run.executor import JobResult
from runner.run.selection import Selection
from runner.workspace import state


def execute(
    ctx: Context, sel: Selection, *, keep_going: bool
) -> tuple[dict[str, JobResult], int, str]:
    """Run the selected jobs: their results by key, the signal that stopped them (0 if
    none), and why every result was withdrawn ("" when none was): HEAD moved while they ran
    (a branch switched, a commit made), so what they saw is not the tree the results would
    be committed onto (issue 19, the eighth pass: a pass on main was committed on a branch
    without the file it tested)."""
    if not sel.jobs:
        return {}, 0, ""
    from runner import vcs
    from runner.run import executor
    from runner.run.commands import Stop, detached_stopped

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
        watch=ctx.plan_path,
    )
    before = vcs.head(ctx.ws.root)
    runs = {r.key: r for r in executor.execute(sel.jobs, opts)}
    # Which jobs were alive when the plan changed (`finish`: a change to its checks made
    # while none was is a person's). Only where what a check detaches is stopped at its end:
    # elsewhere a check's daemon may write at any time, and every job stays suspect.
    sel.busy = opts.busy if detached_stopped() else None
    after = vcs.head(ctx.ws.root)
    if before == after or vcs.moved_by_plans_only(ctx.ws.root, before, after):
        # Other plans' runs commit their plans meanwhile: the tree the results hold for is
        # the same (two runs on two plans at once, issue 11).
        return runs, opts.stop.signum, ""
    why = (
        f"HEAD moved while it ran (from {_short(before)} to {_short(after)}); the result is"
        " withdrawn, run it again"
    )
    gone = ResultStatus.NOT_RUN
    withdrawn = {
        k: r if r.status is gone else replace(r, status=gone, reason=why) for k, r in runs.items()
    }
    return withdrawn, opts.stop.signum, why


def _short(head: str | None) -> str:
    """`main at 1a2b3c4`: a head with its commit shortened."""
    if head is None:
        return "no commit"
    where, _, sha = head.rpartition(" at ")
    return f"{where} at {sha[:7]}"
