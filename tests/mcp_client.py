"""Talking to `plan mcp` as clients do: the SDK's own stdio client, and raw JSON-RPC lines
where a client would not send them."""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TextIO

import anyio

PROJECT = Path(__file__).resolve().parent.parent


def payload(result: Any) -> dict[str, Any]:
    if result.structured_content is not None:
        return dict(result.structured_content)
    return dict(json.loads(result.content[0].text))


def text(result: Any) -> str:
    return str(getattr(result.content[0], "text", ""))


@asynccontextmanager
async def connect(
    repo: Path, errlog: TextIO | None = None, args: tuple[str, ...] = ()
) -> AsyncIterator[Any]:
    """An initialized `ClientSession` with `plan mcp ARGS` started in `repo`."""
    from mcp.client.session import ClientSession
    from mcp.client.stdio import StdioServerParameters, stdio_client

    params = StdioServerParameters(
        command=sys.executable, args=["-m", "runner", "mcp", *args], cwd=str(repo)
    )
    log = errlog if errlog is not None else sys.stderr
    async with (
        stdio_client(params, errlog=log) as (read, write),
        ClientSession(read, write) as client,
    ):
        await client.initialize()
        yield client


def talk(
    repo: Path, conversation: Callable[[Any], Awaitable[None]], args: tuple[str, ...] = ()
) -> str:
    """Run `conversation(client)` against a server started in `repo` (with `args`); what the
    server wrote on stderr."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as errlog:

        async def main() -> None:
            with anyio.fail_after(120):
                async with connect(repo, errlog, args) as client:
                    await conversation(client)

        anyio.run(main)
        errlog.seek(0)
        return errlog.read()


@asynccontextmanager
async def connect_in_process(repo: Path) -> AsyncIterator[Any]:
    """An initialized `ClientSession` with the server `plan mcp` would serve in `repo`,
    built and answering in this process over the SDK's memory streams: the same server,
    tools and garbage filter (`runner.mcp.server.answer`) without starting a Python that
    imports the SDK again (~0.6 s each, bench/TESTS.md change 8). The stdio framing, the
    signals and `--repo` parsing are tested through the real `plan mcp` (`connect`)."""
    from mcp.client.session import ClientSession
    from mcp.shared.memory import create_client_server_memory_streams

    from runner.mcp.server import answer, build

    server = build(repo)
    async with create_client_server_memory_streams() as (mine, its):
        read, write = mine
        async with anyio.create_task_group() as tg:
            tg.start_soon(answer, server, *its)
            async with ClientSession(read, write) as client:
                await client.initialize()
                yield client
            # As a client closing the server's stdin: the server ends on its own.
            await write.aclose()


class _Said(logging.Handler):
    """What the server would have written on its stderr: its log records, tracebacks too."""

    def __init__(self, sink: TextIO) -> None:
        super().__init__(logging.WARNING)
        self.sink = sink
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.sink.write(self.format(record) + "\n")


def talk_in_process(repo: Path, conversation: Callable[[Any], Awaitable[None]]) -> str:
    """`talk`, with the server in this process (`connect_in_process`); what it logged or
    wrote on stderr meanwhile."""
    sink = io.StringIO()
    said = _Said(sink)
    root = logging.getLogger()

    async def main() -> None:
        with anyio.fail_after(120):
            async with connect_in_process(repo) as client:
                await conversation(client)

    root.addHandler(said)
    try:
        with contextlib.redirect_stderr(sink):
            anyio.run(main)
    finally:
        root.removeHandler(said)
    return sink.getvalue()


class Raw:
    """`plan mcp` spoken to line by line, as no SDK client would."""

    def __init__(self, repo: Path) -> None:
        env = {**os.environ, "PYTHONPATH": str(PROJECT)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "runner", "mcp"],
            cwd=repo,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def request(self, rid: int, method: str, params: dict[str, Any]) -> None:
        self.send(json.dumps({"jsonrpc": "2.0", "id": rid, "method": method, "params": params}))

    def receive(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line, "the server closed its output"
        return dict(json.loads(line))

    def answer(self, rid: int) -> dict[str, Any]:
        while True:
            message = self.receive()
            if message.get("id") == rid:
                return message

    def initialize(self) -> None:
        self.request(
            0,
            "initialize",
            {
                "protocolVersion": "2025-06-18",
                "capabilities": {},
                "clientInfo": {"name": "raw", "version": "0"},
            },
        )
        assert "result" in self.answer(0)
        self.send(json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}))

    def close(self) -> str:
        if self.proc.stdin and not self.proc.stdin.closed:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=60)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
        assert self.proc.stderr is not None
        assert self.proc.stdout is not None
        said = self.proc.stderr.read()
        self.proc.stderr.close()
        self.proc.stdout.close()
        return said
