"""`plan mcp`: the commands as Model Context Protocol tools over stdio; with `mcptools`, the
only importer of mcp (only `plan mcp` imports this module).

Each tool returns the same `schema`-versioned document as the CLI's `--json`; each plan is
also a resource (its text, and its status document). A run reports progress with its total.
Errors come back as tool errors of one sentence with the CLI's exit code; the server keeps
serving. A cancelled call, or SIGTERM/SIGINT/SIGHUP to the server, stops the run's commands
(their process groups get TERM then KILL) and records them as interrupted. A line that is
not JSON-RPC gets a `-32700` (or `-32600`) error answer.
"""

from __future__ import annotations

import logging
import os
import signal
from collections.abc import AsyncIterable, Sequence
from pathlib import Path
from typing import Any

import anyio
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ResourceError
from mcp.server.stdio import stdio_server
from mcp.shared.message import SessionMessage
from mcp_types import (
    INVALID_REQUEST,
    PARSE_ERROR,
    CallToolResult,
    ErrorData,
    InputRequiredResult,
    JSONRPCError,
    TextContent,
)
from mcp_types import Resource as ResourceInfo
from pydantic import ValidationError

from runner import __version__
from runner.errors import EXIT_USAGE, PlanError, UsageError
from runner.mcp import sdk
from runner.mcp.calls import Refused, Server
from runner.mcp.tools import register
from runner.outputs import documents

SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
INSTRUCTIONS = (
    "Run ExecPlans (Markdown plans with a task table): `list` the plans, `status` shows a"
    " plan's tasks and the next one, `next` runs it and records passed or failed in the plan,"
    " `done` marks a manual task complete. Every tool takes `plan` (a path like"
    " `plans/0001-x.md` or a name like `0001`) and `repo` (the repository folder)."
    " Results are the CLI's `--json` documents, with `exit_code`."
)


class PlanServer(MCPServer[Any]):
    """The SDK's server, with tool errors as one sentence (arguments checked in our words,
    nothing logged) and one pair of resources listed for each plan in the plans folder."""

    def __init__(self, where: Server) -> None:
        super().__init__(
            "plan", version=__version__, instructions=INSTRUCTIONS, log_level="WARNING"
        )
        self.where = where

    async def call_tool(
        self, name: str, arguments: dict[str, Any], context: Context[Any, Any] | None = None
    ) -> CallToolResult | InputRequiredResult:
        schema = sdk.tool_input_schema(self, name)
        known = set((schema or {}).get("properties", {}))
        if schema is not None and (unknown := sorted(set(arguments or {}) - known)):
            # An argument the tool does not take is a mistake the caller must hear of (the
            # fifteenth pass: `report` with `output` answered as if it had written there).
            unknown_said = Refused(
                f"{name}: no argument named "
                + ", ".join(f"'{u}'" for u in unknown)
                + f" (it takes: {', '.join(sorted(known)) or 'none'})",
                EXIT_USAGE,
            )
            return CallToolResult(
                content=[TextContent(type="text", text=unknown_said.sentence())],
                structured_content=unknown_said.document(),
                is_error=True,
            )
        try:
            return await super().call_tool(name, arguments, context)
        except Exception as exc:
            problem = _refusal(exc, name, sdk.tool_input_schema(self, name))
            if problem is None:
                raise
            return CallToolResult(
                content=[TextContent(type="text", text=problem.sentence())],
                structured_content=problem.document(),
                is_error=True,
            )

    async def list_resources(self) -> list[ResourceInfo]:
        listed = await super().list_resources()

        def found() -> list[ResourceInfo]:
            return [r for shown in plan_paths(self.where.base) for r in _resources(shown)]

        return listed + await anyio.to_thread.run_sync(found)


def _refusal(exc: BaseException, tool: str, schema: dict[str, Any] | None) -> Refused | None:
    """The tool error a failed call answers with, or None for a crash (logged by the SDK)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, Refused):
            return seen
        if isinstance(seen, PlanError):
            return Refused(seen.render(), seen.exit_code)
        if isinstance(seen, ValidationError):
            return Refused(f"{tool}: {_arguments(seen, schema or {})}", EXIT_USAGE)
        seen = seen.__cause__
    if "Unknown tool" in str(exc):
        return Refused(f"no tool named '{tool}'", EXIT_USAGE)
    return None


_KINDS = {
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "null": "null",
}


def _arguments(exc: ValidationError, schema: dict[str, Any]) -> str:
    """A bad arguments' error in words: which argument, and what it must be."""
    properties: dict[str, Any] = schema.get("properties", {})
    said: list[str] = []
    for error in exc.errors():
        name = str(error["loc"][0]) if error["loc"] else "arguments"
        if error["type"] == "missing":
            said.append(f"the argument '{name}' is required")
            continue
        if error["type"] in ("greater_than_equal", "greater_than"):
            limit = (error.get("ctx") or {}).get("ge", (error.get("ctx") or {}).get("gt"))
            shown = format(limit, "g") if isinstance(limit, int | float) else limit
            said.append(f"the argument '{name}' must be at least {shown}")
            continue
        prop = properties.get(name, {})
        kinds = [p.get("type") for p in prop.get("anyOf", [prop])]
        words = " or ".join(_KINDS.get(str(k), str(k)) for k in kinds if k) or "valid"
        said.append(f"the argument '{name}' must be {words}")
    return "; ".join(dict.fromkeys(said)) or "the arguments are not valid"


def plan_paths(folder: Path) -> list[str]:
    """The plans `plan list` lists that can be read (each inside its repository), as paths
    relative to `folder` (as the tools take them)."""
    from runner import api

    try:
        return [e.shown for e in api.list_plans(folder).entries if e.plan is not None]
    except (PlanError, OSError):
        return []


def _resources(shown: str) -> list[ResourceInfo]:
    return [
        ResourceInfo(
            uri=f"plan://{shown}",
            name=shown,
            description=f"The plan {shown} as Markdown.",
            mime_type="text/markdown",
        ),
        ResourceInfo(
            uri=f"plan://{shown}/status",
            name=f"{shown} status",
            description=f"`plan status --json` of {shown}: tasks, gates, counts, next task.",
            mime_type="application/json",
        ),
    ]


def _add_resources(server: PlanServer, where: Server) -> None:
    """Each plan's text and status document, by URI template (listed one by one above)."""

    def inside(path: str) -> tuple[Path, str]:
        # The resources are the plans `plan list` lists, nothing else of the repository
        # (not `.git/config`, `.env` or the state folder's raw logs).
        from runner import api

        try:
            entries = {e.shown: e for e in api.list_plans(where.base).entries}
        except PlanError as exc:
            raise ResourceError(exc.render()) from None
        entry = entries.get(path)
        if entry is None or entry.not_a_plan is not None:
            raise ResourceError(f"Unknown resource: plan://{path}")
        if entry.error is not None:
            raise ResourceError(entry.error)
        return where.base, str(where.base / path)

    @server.resource(
        "plan://{+path}/status",
        name="plan status",
        description="A plan's `plan status --json` document, like plan://plans/0001-x.md/status.",
        mime_type="application/json",
    )
    async def status(path: str) -> str:
        from runner import api

        def work() -> str:
            folder, plan = inside(path)
            try:
                return documents.dump(api.status(plan, folder).json())
            except PlanError as exc:
                raise ResourceError(exc.render()) from None

        return await anyio.to_thread.run_sync(work)

    @server.resource(
        "plan://{+path}",
        name="plan text",
        description="A plan's Markdown text, like plan://plans/0001-x.md.",
        mime_type="text/markdown",
    )
    async def text(path: str) -> str:
        def work() -> str:
            from runner.plan.redact import clean

            _, plan = inside(path)
            text = Path(plan).read_text(encoding="utf-8", errors="replace")
            return clean(text, os.environ)  # masked, without terminal escapes

        return await anyio.to_thread.run_sync(work)


def build(cwd: Path | None = None, *, repos: Sequence[Path] = ()) -> PlanServer:
    """The server with every tool and resource. It serves the repositories of `repos` (the
    first is where a call that names none works) or else of `cwd` (the current folder): a
    call's `repo` must be inside one of them."""
    from runner import api

    folders = [r.resolve() for r in repos] or [(cwd or Path.cwd()).resolve()]
    for given, folder in zip(repos, folders, strict=False):
        if not folder.is_dir():
            raise UsageError(f"--repo {given}: not an existing folder")
    served = tuple(api.repository(f) for f in folders)
    where = Server(folders[0], served)
    server = PlanServer(where)
    register(server, where)
    _add_resources(server, where)
    # The SDK logs every refused call; a tool error is the answer, not a server problem.
    logging.getLogger("mcp.server.mcpserver.server").setLevel(logging.WARNING)
    return server


def serve(cwd: Path | None = None, *, repos: Sequence[Path] = ()) -> None:
    """Serve over stdio until the client closes the connection or a signal stops the server."""
    server = build(cwd, repos=repos)
    anyio.run(_serve, server)


async def _serve(server: PlanServer) -> None:
    with sdk.strict_request_ids():
        await _serve_checked(server)


async def _serve_checked(server: PlanServer) -> None:
    async with anyio.create_task_group() as tg:
        tg.start_soon(_on_signals, server.where)
        async with stdio_server() as (incoming, outgoing):
            await answer(server, incoming, outgoing)
        tg.cancel_scope.cancel()


async def answer(server: PlanServer, incoming: Any, outgoing: Any) -> None:
    """Serve one client on a pair of message streams until it closes its side: stdin and
    stdout in `plan mcp`; memory streams in the tests that call tools in-process. Messages
    pass to the server; one that is not JSON-RPC is answered here (`_answer_garbage`)."""
    async with anyio.create_task_group() as tg:
        relay, checked = sdk.context_streams()
        tg.start_soon(_answer_garbage, incoming, relay, outgoing)
        lowlevel = sdk.lowlevel(server)
        await lowlevel.run(checked, outgoing, lowlevel.create_initialization_options())
        tg.cancel_scope.cancel()


async def _answer_garbage(
    incoming: AsyncIterable[SessionMessage | Exception],
    relay: sdk.Relay,
    out: Any,
) -> None:
    """Pass messages on; answer a line that is not JSON (-32700) or not JSON-RPC (-32600)."""
    async with relay:
        async for item in incoming:
            if not isinstance(item, Exception):
                await relay.send(item)
                continue
            errors: Sequence[Any] = item.errors() if isinstance(item, ValidationError) else ()
            garbled = any(e.get("type") == "json_invalid" for e in errors)
            code, message = (
                (PARSE_ERROR, "Parse error") if garbled else (INVALID_REQUEST, "Invalid Request")
            )
            answer = JSONRPCError(
                jsonrpc="2.0", id=None, error=ErrorData(code=code, message=message)
            )
            await out.send(SessionMessage(answer))


async def _on_signals(where: Server) -> None:
    """SIGTERM, SIGINT, SIGHUP: stop every run's commands, let the runs record them as
    interrupted and answer, then die of the signal (stdin's reader cannot be cancelled)."""
    with anyio.open_signal_receiver(*SIGNALS) as received:
        async for signum in received:
            where.runs.stop_all(signum)
            while where.runs.busy():
                await anyio.sleep(0.05)
            await anyio.sleep(0.2)  # the interrupted runs' answers reach the client
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
