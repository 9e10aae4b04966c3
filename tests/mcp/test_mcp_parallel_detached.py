"""The MCP `gates` tool runs gates side by side (4 at once by default), in the server's own
process: what one gate detaches is left to it while another gate ends, and stopped when it
ends itself."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import alive, row, write_plan
from tests.mcp_client import payload, talk_in_process

pytest.importorskip("mcp")
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux prctl")

WAIT = "until [ -s d.pid ]; do sleep 0.01; done"
ALIVE = "until [ -e short.done ]; do sleep 0.01; done; sleep 1; [ -d /proc/$(cat d.pid) ]"


def test_the_gates_tool_leaves_a_running_gates_daemon_alone(repo: Path) -> None:
    held = "setsid -f sh -c 'echo $$ > d.pid; exec sleep 300'"
    gates = [
        f"| Long | `{held}; {ALIVE}` | exit 0 |",
        f"| Short | `{WAIT}; touch short.done` | exit 0 |",
    ]
    write_plan(repo, [row("1", "`true`")], gates=gates)

    async def conversation(client: Any) -> None:
        # Each gate's own deadline bounds the call: a regression fails, it does not hang.
        doc = payload(await client.call_tool("gates", {"timeout": "20s"}))
        assert doc["exit_code"] == 0, doc

    talk_in_process(repo, conversation)
    assert not alive(int((repo / "d.pid").read_text(encoding="utf-8")))
