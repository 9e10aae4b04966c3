"""Commands for coding agents: mcp (the commands as MCP tools over stdio)."""

from __future__ import annotations

from runner import errors
from runner.cli.shared import Commands
from runner.errors import UsageError

commands = Commands()


@commands("mcp")
def mcp() -> int:
    """Serve the commands as MCP tools over stdio (for coding agents)."""
    try:
        from runner import mcpserver
    except ImportError as exc:
        raise UsageError(
            f"the MCP server needs the mcp package ({exc.name} is missing): pip install"
            " 'plan-runner[mcp]'"
        ) from None
    mcpserver.serve()
    return errors.EXIT_OK
