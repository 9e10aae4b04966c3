"""`plan mcp`: the commands as Model Context Protocol tools over stdio; the only importer of mcp.

Each tool returns the same JSON document as the CLI's `--json`. A run reports progress
(one notification per finished task or gate) when the client asks for it. Errors come
back as tool errors carrying the CLI's message; the server keeps serving.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anyio
from anyio.lowlevel import current_token
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError

from runner import api, report
from runner.errors import PlanError, UsageError
from runner.model import Status
from runner.options import Action, Mark, Next, Note, RunGates, RunOptions, RunTasks

if TYPE_CHECKING:
    from runner.executor import Job, JobResult


def _seconds(timeout: str | None) -> float | None:
    """A tool's `timeout` argument, a duration like `90s` or `10m`, in seconds."""
    if timeout is None:
        return None
    from runner.inference import parse_duration

    limit = parse_duration(timeout)
    if not limit:
        raise UsageError(f"--timeout '{timeout}' is not a duration like 90s or 10m")
    return limit


async def _call(fn: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run a command in a worker thread; a `PlanError` becomes a tool error with its exit code."""
    try:
        return await anyio.to_thread.run_sync(fn)
    except PlanError as exc:
        raise ToolError(f"{exc.render()} (exit code {exc.exit_code})") from None


async def _running(
    ctx: Context,
    cwd: Path | None,
    action: Action,
    plan: str | None,
    options: RunOptions,
    timeout: str | None = None,
) -> dict[str, Any]:
    """A running command's `--json` document and exit code; one progress note per job."""
    token = current_token()
    finished = [0]

    def on_done(job: Job, result: JobResult) -> None:
        finished[0] += 1
        message = f"{job.label}: {result.status.value}"
        try:
            anyio.from_thread.run(ctx.report_progress, finished[0], None, message, token=token)
        except Exception:  # a client gone or not listening must not fail the run
            pass

    def work() -> dict[str, Any]:
        timed = replace(options, timeout=_seconds(timeout))
        outcome = api.run(action, plan, timed, cwd=cwd, hooks=api.Hooks(on_done=on_done))
        doc = report.outcome_json(outcome)
        doc["exit_code"] = outcome.exit_code
        return doc

    return await _call(work)


def build(cwd: Path | None = None) -> MCPServer[Any]:
    """The MCPServer with every tool registered (the tools' annotations must resolve at
    module level, so this module imports mcp at the top; only `plan mcp` imports it)."""
    server = MCPServer(
        "plan",
        instructions="Run ExecPlans: status shows the tasks and the next one; next runs it and"
        " records passed or failed in the plan; done marks a manual task complete.",
    )
    _reading_tools(server, cwd)
    _running_tools(server, cwd)
    _marking_tools(server, cwd)
    return server


def _reading_tools(server: MCPServer[Any], cwd: Path | None) -> None:
    """status, show, lint: read only."""

    @server.tool()
    async def status(plan: str | None = None) -> dict[str, Any]:
        """The plan's tasks (id, phase, type, status, commands), gates, counts and next task."""
        return await _call(lambda: api.status(plan, cwd))

    @server.tool()
    async def show(id: str, plan: str | None = None) -> dict[str, Any]:
        """One task in full: description, files it names, commands, dependencies."""
        return await _call(lambda: api.show(id, plan, cwd))

    @server.tool()
    async def lint(plans: list[str] | None = None) -> dict[str, Any]:
        """Check plans against PLANS.md: problems with path, line, code, severity, message."""
        return await _call(lambda: api.lint(plans, cwd))


def _running_tools(server: MCPServer[Any], cwd: Path | None) -> None:
    """next, run, gates: commands run and results recorded."""

    @server.tool(name="next")
    async def next_(
        ctx: Context, plan: str | None = None, dry_run: bool = False, timeout: str | None = None
    ) -> dict[str, Any]:
        """Run the current task's commands, record passed/failed in the plan, journal, commit.

        A manual task is marked in progress instead (exit_code 4): do it, then call done.
        """
        return await _running(ctx, cwd, Next(), plan, RunOptions(dry_run=dry_run), timeout)

    @server.tool()
    async def run(
        ctx: Context,
        ids: list[str] | None = None,
        all: bool = False,
        phase: str | None = None,
        plan: str | None = None,
        jobs: int = 1,
        keep_going: bool = False,
        dry_run: bool = False,
        timeout: str | None = None,
    ) -> dict[str, Any]:
        """Run chosen tasks (ids, all, or one phase) in dependency order."""
        if sum(bool(x) for x in (ids, all, phase is not None)) != 1:
            raise ToolError("name task ids, or all, or a phase (one of them) (exit code 2)")
        options = RunOptions(jobs=max(1, jobs), keep_going=keep_going, dry_run=dry_run)
        return await _running(
            ctx, cwd, RunTasks(tuple(ids or ()), all, phase), plan, options, timeout
        )

    @server.tool()
    async def gates(
        ctx: Context,
        plan: str | None = None,
        only: list[str] | None = None,
        jobs: int = 4,
        force: bool = False,
        dry_run: bool = False,
    ) -> dict[str, Any]:
        """Run the Quality Gates; a gate whose inputs are unchanged since it passed is skipped."""
        options = RunOptions(jobs=max(1, jobs), force=force, dry_run=dry_run)
        return await _running(ctx, cwd, RunGates(tuple(only or ())), plan, options)


def _marking_tools(server: MCPServer[Any], cwd: Path | None) -> None:
    """done, fail, reset, journal: the plan changed by hand."""

    @server.tool()
    async def done(ctx: Context, id: str, plan: str | None = None) -> dict[str, Any]:
        """Mark a task complete by hand (journaled and committed)."""
        return await _running(ctx, cwd, Mark((id,), Status.PASSED), plan, RunOptions())

    @server.tool()
    async def fail(ctx: Context, id: str, plan: str | None = None) -> dict[str, Any]:
        """Mark a task failed by hand."""
        return await _running(ctx, cwd, Mark((id,), Status.FAILED), plan, RunOptions())

    @server.tool()
    async def reset(ctx: Context, id: str, plan: str | None = None) -> dict[str, Any]:
        """Mark a task outstanding again."""
        return await _running(ctx, cwd, Mark((id,), Status.OUTSTANDING), plan, RunOptions())

    @server.tool()
    async def journal(ctx: Context, text: str, plan: str | None = None) -> dict[str, Any]:
        """Add a note to the current session of the plan's journal (committed)."""
        return await _running(ctx, cwd, Note(text), plan, RunOptions())


def serve(cwd: Path | None = None) -> None:
    """Serve over stdio until the client closes the connection."""
    build(cwd).run("stdio")
