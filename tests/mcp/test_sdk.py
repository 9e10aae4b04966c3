"""The MCP SDK's private parts that `plan mcp` uses, all in runner/mcp/sdk.py: this fails,
naming the part, on an upgrade of mcp that moves or changes one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("mcp")

from runner.mcp import sdk
from runner.mcp.calls import Server
from runner.mcp.server import PlanServer


def test_the_lowlevel_server_and_its_input_schemas_are_reachable(tmp_path: Path) -> None:
    from runner.mcp.tools import register

    where = Server(tmp_path, (tmp_path,))
    server = PlanServer(where)
    register(server, where)
    lowlevel = sdk.lowlevel(server)
    assert callable(lowlevel.run)
    assert callable(lowlevel.create_initialization_options)
    schema = sdk.tool_input_schema(server, "show")
    assert schema is not None
    assert "id" in schema["properties"]
    assert sdk.tool_input_schema(server, "no such tool") is None


def test_context_streams_make_a_pair() -> None:
    import anyio

    async def through() -> object:
        send, receive = sdk.context_streams()
        async with send, receive, anyio.create_task_group() as tg:
            tg.start_soon(send.send, ValueError("x"))
            return await receive.receive()
        raise AssertionError("unreachable")

    assert isinstance(anyio.run(through), ValueError)


def test_the_message_adapter_is_where_the_reader_looks_and_is_put_back() -> None:
    import mcp_types

    before = mcp_types.jsonrpc_message_adapter
    with sdk.strict_request_ids():
        strict = mcp_types.jsonrpc_message_adapter
        assert isinstance(strict, sdk.StrictIds)
        ok = strict.validate_json(json.dumps({"jsonrpc": "2.0", "id": 1, "method": "ping"}))
        assert ok is not None
        with pytest.raises(ValueError, match="request id"):
            strict.validate_json(json.dumps({"jsonrpc": "2.0", "id": {}, "method": "ping"}))
    assert mcp_types.jsonrpc_message_adapter is before
    import mcp.server.stdio as stdio

    # The stdio reader must look the adapter up on the module for each line, or the patch
    # is never seen.
    assert "jsonrpc_message_adapter" in Path(stdio.__file__).read_text(encoding="utf-8")
