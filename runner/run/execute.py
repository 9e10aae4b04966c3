"""The execute step of a run: the selected jobs run on the executor with the run's options,
hooks and stop; their results by key, and the signal that stopped them."""

from __future__ import annotations

from runner.run.context import Context
from runner.run.executor import JobResult
from runner.run.selection import Selection
from runner.workspace import state


def execute(ctx: Context, sel: Selection, *, keep_going: bool) -> tuple[dict[str, JobResult], int]:
    """Run the selected jobs: their results by key, and the signal that stopped them (0 if
    none)."""
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
