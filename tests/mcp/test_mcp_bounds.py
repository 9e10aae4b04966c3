"""Issue 19 case 19 through the SDK's client: `done`/`fail`/`reset` mark an ID named twice
once and take at most 1,000 IDs; `new` takes a title of at most 1,000 characters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers import row, write_plan
from tests.mcp_client import payload, talk_in_process, text

pytest.importorskip("mcp")


def test_marking_ids_repeated_and_too_many(repo: Path) -> None:
    path = write_plan(repo, [row("T1", "`true`")])

    async def conversation(client: Any) -> None:
        many = await client.call_tool("done", {"ids": ["T1"] * 200_000})
        assert many.is_error
        assert text(many).endswith("(exit code 2)")
        assert "200,000 task IDs named" in text(many)
        for name in ("fail", "reset"):
            assert (await client.call_tool(name, {"ids": ["T1"] * 1001})).is_error
        done = await client.call_tool("done", {"ids": ["T1", "T1", "T1"], "id": "T1"})
        assert not done.is_error, text(done)
        assert payload(done)["exit_code"] == 0

    talk_in_process(repo, conversation)
    assert path.read_text(encoding="utf-8").count("marked done by hand") == 1


def test_a_new_plans_title_is_bounded(repo: Path) -> None:
    async def conversation(client: Any) -> None:
        big = await client.call_tool("new", {"title": "T" * 20_000_000})
        assert big.is_error
        assert "the title is 20,000,000 characters" in text(big)
        assert text(big).endswith("(exit code 2)")

    talk_in_process(repo, conversation)
    assert not (repo / "plans").exists() or not list((repo / "plans").glob("*.md"))
