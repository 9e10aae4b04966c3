"""`plan mcp` with the SDK's own client over stdio."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import anyio
import pytest

from tests.helpers import row, write_plan

pytest.importorskip("mcp")


def payload(result: Any) -> dict[str, Any]:
    if result.structured_content is not None:
        data = result.structured_content
        return dict(data.get("result", data)) if isinstance(data, dict) else {}
    return dict(json.loads(result.content[0].text))


def test_an_agent_works_through_a_plan(repo: Path) -> None:
    from mcp.client.session import ClientSession
    from mcp.client.stdio import StdioServerParameters, stdio_client

    path = write_plan(repo, [row("1", "`true`"), row("2", "`true`", depends="1")])
    params = StdioServerParameters(
        command=sys.executable, args=["-m", "runner", "mcp"], cwd=str(repo)
    )
    seen: list[tuple[float, str | None]] = []

    class OnProgress:
        async def __call__(self, progress: float, total: float | None, message: str | None) -> None:
            seen.append((progress, message))

    on_progress = OnProgress()

    async def session() -> None:
        with anyio.fail_after(60):
            await conversation()

    async def conversation() -> None:
        async with stdio_client(params) as (read, write), ClientSession(read, write) as client:
            await client.initialize()
            names = {t.name for t in (await client.list_tools()).tools}
            assert {
                "status",
                "show",
                "next",
                "run",
                "gates",
                "done",
                "fail",
                "reset",
                "journal",
                "lint",
            } <= names
            status = payload(await client.call_tool("status", {}))
            assert [t["id"] for t in status["tasks"]] == ["1", "2"]
            assert status["next"] == "1"
            result = await client.call_tool("next", {}, progress_callback=on_progress)
            assert not result.is_error
            doc = payload(result)
            assert doc["results"][0]["status"] == "passed"
            assert doc["next"] == "2"
            assert "| X      | 1       | 1      |" in path.read_text(encoding="utf-8")
            bad = await client.call_tool("show", {"id": "nope"})
            assert bad.is_error
            assert "no task 'nope'" in getattr(bad.content[0], "text", "")
            again = payload(await client.call_tool("status", {}))
            assert again["next"] == "2"

    anyio.run(session)
    assert seen
    assert seen[0][1] == "task 1: passed"
