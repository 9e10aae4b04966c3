"""The parts of the MCP SDK that `plan mcp` uses but the SDK does not export: every private
name lives here and nowhere else, so an upgrade that moves one fails in one place, loudly
(tests/mcp/test_sdk.py). mcp is pinned below 3 in pyproject.toml for the same reason."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from mcp.server.mcpserver import MCPServer
from mcp.shared._context_streams import ContextReceiveStream, ContextSendStream
from mcp.shared._context_streams import create_context_streams as _create
from mcp.shared.message import SessionMessage

Relay = ContextSendStream[SessionMessage | Exception]
"""Where the garbage filter passes well-formed messages on to the server."""


def context_streams() -> tuple[Relay, ContextReceiveStream[SessionMessage | Exception]]:
    """A zero-buffer pair of the streams the low-level server reads its messages from."""
    return _create[SessionMessage | Exception](0)


def lowlevel(server: MCPServer[Any]) -> Any:
    """The low-level server under the SDK's `MCPServer`, to run it on our own streams."""
    return server._lowlevel_server


def tool_input_schema(server: MCPServer[Any], name: str) -> dict[str, Any] | None:
    """The JSON schema of a tool's arguments (to word a refusal), or None."""
    schema = server._tool_input_schema(name)
    return dict(schema) if schema is not None else None


class StrictIds:
    """mcp's message reader, refusing a message whose `id` is an object or an array (pydantic
    would drop that id as an unknown field and read the request as a notification, which is
    never answered): the refusal reaches `_answer_garbage`, which answers -32600."""

    def __init__(self, adapter: Any) -> None:
        self._adapter = adapter

    def validate_json(self, data: str | bytes, **kwargs: Any) -> Any:
        if b'"id"' in (data if isinstance(data, bytes) else data.encode("utf-8", "replace")):
            try:
                raw = json.loads(data)
            except ValueError:
                raw = None
            if isinstance(raw, dict) and isinstance(raw.get("id"), (dict, list)):
                raise ValueError("a request id must be a string or a number")
        return self._adapter.validate_json(data, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._adapter, name)


@contextmanager
def strict_request_ids() -> Iterator[None]:
    """While serving, mcp's stdio reader refuses a request whose `id` is an object or an
    array (it looks its message adapter up for each line; `StrictIds` wraps it)."""
    import mcp_types as types

    adapter = types.jsonrpc_message_adapter
    types.jsonrpc_message_adapter = StrictIds(adapter)  # type: ignore[assignment]
    try:
        yield
    finally:
        types.jsonrpc_message_adapter = adapter
