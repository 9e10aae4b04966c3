"""Commands for coding agents: mcp (the commands as MCP tools over stdio)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from runner import errors
from runner.cli.shared import Commands
from runner.errors import UsageError

commands = Commands()


@commands("mcp")
def mcp(
    repos: Annotated[
        list[Path] | None,
        typer.Option(
            "--repo",
            metavar="PATH",
            help="A repository the tools may work in; give it once for each (default: the"
            " folder the client starts the server in). The first is where a call that names"
            " no `repo` works; a call naming any other folder is refused.",
            show_default=False,
        ),
    ] = None,
) -> int:
    """Serve the commands as MCP tools over stdio (for coding agents)."""
    try:
        from runner.mcp import server as mcpserver
    except ImportError as exc:
        # mcp is a dependency: only a broken installation lacks it.
        raise UsageError(
            f"the MCP server cannot start: {exc.name} is missing from this installation;"
            " reinstall plan (for example `pip install --force-reinstall plan-runner`)"
        ) from None
    mcpserver.serve(repos=repos or [])
    return errors.EXIT_OK
