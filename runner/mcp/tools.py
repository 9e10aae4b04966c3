"""The MCP tools: every parameter described, annotated read-only or not; each returns the
`schema`-versioned document the CLI's `--json` prints. Only `plan mcp` imports this module
(the tools' annotations must resolve at module level, so mcp is imported at the top)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from mcp.server.mcpserver import Context, MCPServer
from mcp_types import ToolAnnotations
from pydantic import Field

from runner.mcp.calls import Refused, Request, Server, call, reading, running
from runner.plan.model import Status
from runner.run.options import (
    Accept,
    Mark,
    Next,
    Note,
    RunGates,
    RunOptions,
    RunTasks,
    Verify,
)

Plan = Annotated[
    str | None,
    Field(
        description="The plan: a path inside the repository like `plans/0001-x.md`, or a name"
        " in the plans folder like `0001` or `0001-x`. Omitted: the only plan that is not"
        " Complete (or the PLAN_FILE environment variable).",
    ),
]
Repo = Annotated[
    str | None,
    Field(
        description="The repository: a folder, absolute or relative to the server's repository"
        " (`plan mcp --repo`, default the folder the client started the server in), like"
        " `/home/me/project`. Plans outside it are refused.",
    ),
]
Id = Annotated[
    str,
    Field(description="A task ID exactly as the plan's table writes it, like `P1.T2` or `3`."),
]
Timeout = Annotated[
    str | None,
    Field(
        description="A limit for each command: `30s`, `5m`, `1h` or `1h30m`; `0` for no limit."
        " Omitted: the task's Timeout cell, else the `[tool.plan] timeout` setting.",
    ),
]
Wait = Annotated[
    float,
    Field(
        ge=0,
        description="Seconds to wait for another run's lock on this plan before refusing with"
        " exit code 5, like `30`; `0` refuses at once.",
    ),
]
DryRun = Annotated[
    bool, Field(description="Only say what would run and be recorded; nothing runs or changes.")
]
Jobs = Annotated[int, Field(ge=1, description="How many tasks or gates may run at once, like 4.")]
KeepGoing = Annotated[
    bool, Field(description="After a failure, still run what does not depend on it.")
]

Evidence = Annotated[
    bool,
    Field(
        description="Write each passing task's last output lines (secrets masked) under the"
        " plan's Artifacts & Notes, replacing its earlier block; like `plan next --evidence`."
    ),
]

WAIT_S = 10.0
"""The lock wait of running tools when the caller gives none: a run stopped by a cancelled
call releases the lock within a few seconds, and the next call should not be refused."""

F = TypeVar("F", bound=Callable[..., Any])

READ = ToolAnnotations(read_only_hint=True, open_world_hint=False)
RUNS = ToolAnnotations(read_only_hint=False, destructive_hint=False, idempotent_hint=False)
MARKS = ToolAnnotations(read_only_hint=False, destructive_hint=False, idempotent_hint=True)


def tool(server: MCPServer[Any], **options: Any) -> Callable[[F], F]:
    """`server.tool(...)` with the function's docstring as the description, its indentation
    taken out (the SDK keeps a docstring's indentation in the description it sends)."""

    def register(function: F) -> F:
        description = inspect.cleandoc(function.__doc__ or "")
        server.tool(description=description, **options)(function)
        return function

    return register


def register(server: MCPServer[Any], where: Server) -> None:
    """Every tool on the server."""
    _reading(server, where)
    _history(server, where)
    _running(server, where)
    _marking(server, where)
    _finishing(server, where)


def _reading(server: MCPServer[Any], where: Server) -> None:
    """status, show, lint: read only."""
    from runner import api

    @tool(server, title="Plan status", annotations=READ)
    async def status(plan: Plan = None, repo: Repo = None) -> dict[str, Any]:
        """The plan's tasks (id, phase, type, status, commands), gates, counts, next task and
        acceptance."""
        return await call(reading(where, repo, lambda f: api.status(plan, f), [plan]))

    @tool(server, title="Show a task", annotations=READ)
    async def show(id: Id, plan: Plan = None, repo: Repo = None) -> dict[str, Any]:
        """One task in full: description, files it names, commands, dependencies, and its
        last recorded result."""
        return await call(reading(where, repo, lambda f: api.show(id, plan, f), [plan]))

    @tool(server, title="Brief a task", annotations=READ)
    async def brief(
        id: Annotated[
            str | None,
            Field(
                description="A task ID exactly as the plan's table writes it, like `P1.T2` or"
                " `3`. Omitted: the task that is next."
            ),
        ] = None,
        plan: Plan = None,
        repo: Repo = None,
    ) -> dict[str, Any]:
        """Everything needed to do a task (the next one by default): the plan's purpose, the
        task, the files it names with numbered excerpts, its commands and expected output,
        its dependencies' results, its last failure, and what `next` will run to prove it.
        With no task to do, `task` is null and `left` says whether acceptance is left."""
        return await call(reading(where, repo, lambda f: api.brief(id, plan, f), [plan]))

    @tool(server, title="Check plans", annotations=READ)
    async def lint(
        plan: Annotated[
            list[str] | str | None,
            Field(
                description="The plans to check: one, or a list, each a path like"
                " `plans/0001-x.md` or a name like `0001`. Omitted: every plan in the"
                " plans folder."
            ),
        ] = None,
        repo: Repo = None,
        plans: Annotated[
            list[str] | None,
            Field(description="The same as `plan` (its former name), for older clients."),
        ] = None,
    ) -> dict[str, Any]:
        """Check plans against PLANS.md: problems with path, line, code, severity, message."""
        names = ([plan] if isinstance(plan, str) else list(plan or [])) + list(plans or [])
        return await call(reading(where, repo, lambda f: api.lint(names or None, f), names))


def _history(server: MCPServer[Any], where: Server) -> None:
    """list, history: read only."""
    from runner import api

    @tool(server, name="list", title="List plans", annotations=READ)
    async def list_(
        plan: Annotated[
            str | None,
            Field(
                description="Only this plan's row: a path like `plans/0001-x.md` or a name"
                " like `0001`. Omitted: every plan."
            ),
        ] = None,
        repo: Repo = None,
        all: Annotated[
            bool, Field(description="Also the Markdown files not taken as plans, and why.")
        ] = False,
    ) -> dict[str, Any]:
        """Every plan in the plans folder with its title, status, tasks done of total and
        next task."""
        return await call(
            reading(where, repo, lambda f: api.list_plans(f, every=all, only=plan), [plan])
        )

    @tool(server, title="Results over time", annotations=READ)
    async def history(
        id: Annotated[
            str | None,
            Field(
                description="A task ID like `P1.T2` or `3`, or a gate name like `tests`."
                " Omitted: every task and gate."
            ),
        ] = None,
        plan: Plan = None,
        repo: Repo = None,
    ) -> dict[str, Any]:
        """The results recorded for a task or gate over time (commit, time, result), oldest
        first, from the plan's commit trailers."""
        return await call(reading(where, repo, lambda f: api.history(id, plan, f), [plan]))


def _running(server: MCPServer[Any], where: Server) -> None:
    """next, run, gates, verify: commands run and results recorded."""

    @tool(server, name="next", title="Run the next task", annotations=RUNS)
    async def next_(
        ctx: Context,
        plan: Plan = None,
        repo: Repo = None,
        dry_run: DryRun = False,
        timeout: Timeout = None,
        wait: Wait = WAIT_S,
        evidence: Evidence = False,
    ) -> dict[str, Any]:
        """Run the current task's commands, record passed/failed in the plan, journal, commit.

        A manual task is marked in progress instead (exit_code 4): do it, then call done.
        """
        options = RunOptions(dry_run=dry_run, wait=wait, evidence=evidence)
        request = Request(Next(), plan, options, repo, timeout)
        return await running(where, request, ctx.report_progress)

    @tool(server, title="Run tasks", annotations=RUNS)
    async def run(
        ctx: Context,
        ids: Annotated[
            list[str] | None, Field(description='Task IDs to run, like ["P1.T2", "3"].')
        ] = None,
        all: Annotated[bool, Field(description="Run every task that is not done.")] = False,
        phase: Annotated[
            str | None, Field(description="Run one phase's tasks: its number, like `2`.")
        ] = None,
        plan: Plan = None,
        repo: Repo = None,
        jobs: Jobs = 1,
        keep_going: KeepGoing = False,
        dry_run: DryRun = False,
        timeout: Timeout = None,
        wait: Wait = WAIT_S,
        evidence: Evidence = False,
    ) -> dict[str, Any]:
        """Run chosen tasks (ids, all, or one phase: exactly one of them) in dependency order,
        recording each result in the plan."""
        if sum(bool(x) for x in (ids, all, phase is not None)) != 1:
            raise Refused("name task ids, or all, or a phase (one of them)", 2)
        options = RunOptions(
            jobs=jobs, keep_going=keep_going, dry_run=dry_run, wait=wait, evidence=evidence
        )
        request = Request(RunTasks(tuple(ids or ()), all, phase), plan, options, repo, timeout)
        return await running(where, request, ctx.report_progress)

    _gates(server, where)


def _gates(server: MCPServer[Any], where: Server) -> None:
    @tool(server, title="Run the Quality Gates", annotations=RUNS)
    async def gates(
        ctx: Context,
        only: Annotated[
            list[str] | None,
            Field(description='Gate names to run, like ["tests", "lint"]. Omitted: all.'),
        ] = None,
        plan: Plan = None,
        repo: Repo = None,
        jobs: Jobs = 4,
        force: Annotated[
            bool, Field(description="Rerun gates whose inputs are unchanged since they passed.")
        ] = False,
        dry_run: DryRun = False,
        timeout: Timeout = None,
        wait: Wait = WAIT_S,
    ) -> dict[str, Any]:
        """Run the Quality Gates; a gate whose inputs are unchanged since it passed is skipped."""
        options = RunOptions(jobs=jobs, force=force, dry_run=dry_run, wait=wait)
        request = Request(RunGates(tuple(only or ())), plan, options, repo, timeout)
        return await running(where, request, ctx.report_progress)

    @tool(server, title="Rerun complete tasks", annotations=RUNS)
    async def verify(
        ctx: Context,
        ids: Annotated[
            list[str] | None,
            Field(description='Complete tasks to rerun, like ["P1.T2"]. Omitted: all.'),
        ] = None,
        plan: Plan = None,
        repo: Repo = None,
        jobs: Jobs = 1,
        dry_run: DryRun = False,
        timeout: Timeout = None,
        wait: Wait = WAIT_S,
    ) -> dict[str, Any]:
        """Rerun complete tasks' commands to check they still pass; a task that now fails is
        recorded failed."""
        options = RunOptions(jobs=jobs, wait=wait, dry_run=dry_run)
        request = Request(Verify(tuple(ids or ())), plan, options, repo, timeout)
        return await running(where, request, ctx.report_progress)


Ids = Annotated[
    list[str] | str | None,
    Field(
        description='Task IDs exactly as the plan writes them, like ["P1.T2", "3"], or one'
        ' ID as a string, like "P1.T2".'
    ),
]
OneId = Annotated[
    str | None,
    Field(description="One task ID, like `P1.T2` (the same as `ids` with one ID)."),
]


def _marking(server: MCPServer[Any], where: Server) -> None:
    """done, fail, reset, journal: the plan changed by hand."""

    def mark(
        ids: list[str] | str | None,
        one: str | None,
        status: Status,
        plan: str | None,
        repo: str | None,
        wait: float,
    ) -> Request:
        listed = ([ids] if ids else []) if isinstance(ids, str) else list(ids or ())
        chosen = (*listed, *((one,) if one else ()))
        if not chosen:
            raise Refused("name the task IDs to mark (`ids`, or `id` for one)", 2)
        return Request(Mark(chosen, status), plan, RunOptions(wait=wait), repo)

    @tool(server, title="Mark tasks done", annotations=MARKS)
    async def done(
        ctx: Context,
        ids: Ids = None,
        id: OneId = None,
        plan: Plan = None,
        repo: Repo = None,
        wait: Wait = WAIT_S,
    ) -> dict[str, Any]:
        """Mark tasks complete by hand (journaled and committed); for manual tasks."""
        request = mark(ids, id, Status.PASSED, plan, repo, wait)
        return await running(where, request, ctx.report_progress)

    @tool(server, title="Mark tasks failed", annotations=MARKS)
    async def fail(
        ctx: Context,
        ids: Ids = None,
        id: OneId = None,
        plan: Plan = None,
        repo: Repo = None,
        wait: Wait = WAIT_S,
    ) -> dict[str, Any]:
        """Mark tasks failed by hand (journaled and committed)."""
        request = mark(ids, id, Status.FAILED, plan, repo, wait)
        return await running(where, request, ctx.report_progress)

    @tool(server, title="Reset tasks", annotations=MARKS)
    async def reset(
        ctx: Context,
        ids: Ids = None,
        id: OneId = None,
        plan: Plan = None,
        repo: Repo = None,
        wait: Wait = WAIT_S,
    ) -> dict[str, Any]:
        """Mark tasks outstanding again (journaled and committed)."""
        request = mark(ids, id, Status.OUTSTANDING, plan, repo, wait)
        return await running(where, request, ctx.report_progress)

    @tool(server, title="Add a journal note", annotations=RUNS)
    async def journal(
        ctx: Context,
        text: Annotated[str, Field(description="The note, like `chose SQLite over Postgres`.")],
        plan: Plan = None,
        repo: Repo = None,
        wait: Wait = WAIT_S,
    ) -> dict[str, Any]:
        """Add a note to the current session of the plan's journal (committed)."""
        request = Request(Note(text), plan, RunOptions(wait=wait), repo)
        return await running(where, request, ctx.report_progress)


WRITES = ToolAnnotations(read_only_hint=False, destructive_hint=False, idempotent_hint=True)


def _finishing(server: MCPServer[Any], where: Server) -> None:
    """accept, report, new: what an agent needs to finish a plan, see it, and start one."""
    from runner import api

    @tool(server, title="Run the acceptance checks", annotations=RUNS)
    async def accept(
        ctx: Context,
        ids: Annotated[
            list[str] | None,
            Field(description='Acceptance checks to run, like ["A1", "A3"]. Omitted: all.'),
        ] = None,
        plan: Plan = None,
        repo: Repo = None,
        dry_run: DryRun = False,
        timeout: Timeout = None,
        wait: Wait = WAIT_S,
    ) -> dict[str, Any]:
        """Run the plan's own acceptance checks (its Success Criteria, Validation and
        Acceptance sections), compare their output, tick the criteria they prove, journal and
        commit; a plan is Complete only when its tasks are done and its acceptance passed."""
        options = RunOptions(dry_run=dry_run, wait=wait)
        request = Request(Accept(tuple(ids or ())), plan, options, repo, timeout)
        return await running(where, request, ctx.report_progress)

    @tool(server, title="Write the report page", annotations=WRITES)
    async def report(
        plans: Annotated[
            list[str] | None,
            Field(description='Plans to show, like ["0001"]. Omitted: every plan.'),
        ] = None,
        plan: Annotated[
            str | None,
            Field(description="One plan to show, named as the other tools name it."),
        ] = None,
        repo: Repo = None,
    ) -> dict[str, Any]:
        """Write the self-contained HTML report (progress, burn-up, gates, tasks, journal)
        into the state folder and return its path; nothing in the work tree changes."""
        from datetime import UTC, datetime

        now = datetime.now(UTC)
        # `plan`, as every other tool takes it, was ignored: the report showed every plan.
        chosen = [*([plan] if plan else []), *(p for p in plans or [] if p != plan)]
        return await call(
            reading(
                where,
                repo,
                lambda f: api.report(chosen, None, f, now=now),
                chosen,
            )
        )

    @tool(server, title="Create a plan", annotations=RUNS)
    async def new(
        title: Annotated[str, Field(description="The plan's title, like `Add CSV export`.")],
        repo: Repo = None,
    ) -> dict[str, Any]:
        """Create a numbered plan from the bundled template in the plans folder (not
        committed); fill it in, then `lint` it."""
        return await call(reading(where, repo, lambda f: api.new(title, f)))
