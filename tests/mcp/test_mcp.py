"""`plan mcp` with the SDK's own client over stdio, and raw JSON-RPC lines where a client
would not send them (garbage, a signal mid-run). Tests of what the tools answer talk to the
same server in this process (`talk_in_process`, the SDK's memory streams); the transport,
cancelling, signals and `--repo` go through the real `plan mcp` process."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import anyio
import pytest

from runner import __version__
from tests.conftest import git
from tests.helpers import alive, row, write_plan
from tests.mcp_client import Raw, payload, talk, talk_in_process, text

pytest.importorskip("mcp")

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("process groups and POSIX signals", allow_module_level=True)

PROJECT = Path(__file__).resolve().parent.parent.parent
READ_ONLY = {"status", "show", "brief", "lint", "list", "history"}
RUNNING = {"next", "run", "gates", "verify", "journal", "accept"}
MARKING = {"done", "fail", "reset"}
# Tools that do not work on one plan: the page of several, a plan yet to be made.
WRITING = {"report", "new"}
# The command writes its own pid (its process group's id: each command leads its group).
SLEEPER = "`echo $$ > pid.txt && sleep 30`"


def test_an_agent_works_through_a_plan(repo: Path) -> None:
    path = write_plan(repo, [row("1", "`true`"), row("2", "`true`", depends="1")])
    seen: list[tuple[float, float | None, str | None]] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        seen.append((progress, total, message))

    async def conversation(client: Any) -> None:
        status = payload(await client.call_tool("status", {}))
        assert status["schema"] == 1
        assert [t["id"] for t in status["tasks"]] == ["1", "2"]
        assert status["next"] == "1"
        result = await client.call_tool("next", {}, progress_callback=on_progress)
        assert not result.is_error
        doc = payload(result)
        assert doc["schema"] == 1
        assert doc["exit_code"] == 0
        assert doc["results"][0]["status"] == "passed"
        assert doc["next"] == "2"
        assert "| X      | 1       | 1      |" in path.read_text(encoding="utf-8")
        bad = await client.call_tool("show", {"id": "nope"})
        assert bad.is_error
        assert "no task 'nope'" in text(bad)
        assert text(bad).endswith("(exit code 2)")
        again = payload(await client.call_tool("status", {}))
        assert again["next"] == "2"

    stderr = talk(repo, conversation)
    # The total is known once the jobs are chosen; the last note is `1 of 1`.
    assert seen[-1] == (1.0, 1.0, "task 1: passed")
    assert all(total == 1.0 for _, total, _ in seen)
    # A refused call is an answer, not a server problem: nothing on stderr.
    assert stderr == ""


def test_every_tool_and_parameter_is_described(repo: Path) -> None:
    write_plan(repo, [row("1", "`true`")])

    async def conversation(client: Any) -> None:
        info = client.initialize_result
        assert info.server_info.name == "plan"
        assert info.server_info.version == __version__
        tools = {t.name: t for t in (await client.list_tools()).tools}
        assert set(tools) == READ_ONLY | RUNNING | MARKING | WRITING
        for name, tool in tools.items():
            assert tool.description, name
            # Issue 20: a docstring's indentation never reaches a client.
            assert "\n " not in tool.description, name
            assert tool.description == tool.description.strip(), name
            properties = tool.input_schema["properties"]
            assert "repo" in properties, name
            # `new` makes a plan; every other tool, `report` too, takes the one it works on.
            assert ("plan" in properties) is (name != "new"), name
            for param, schema in properties.items():
                assert schema.get("description"), f"{name}.{param}"
            hints = tool.annotations
            assert hints.read_only_hint is (name in READ_ONLY), name
            if name not in READ_ONLY:
                assert hints.destructive_hint is False, name
                assert hints.idempotent_hint is (name in MARKING | {"report"}), name
        # Issue 20: the running tools take what the CLI's running commands take.
        for name in ("next", "run", "gates", "verify", "accept"):
            assert {"timeout", "dry_run"} <= set(tools[name].input_schema["properties"]), name
        for name in MARKING:
            ids = tools[name].input_schema["properties"]["ids"]
            assert {"type": "array", "items": {"type": "string"}} in ids["anyOf"], name
        for name in RUNNING | MARKING:
            assert "wait" in tools[name].input_schema["properties"], name
        assert "`0001`" in tools["status"].input_schema["properties"]["plan"]["description"]
        assert "`5m`" in tools["next"].input_schema["properties"]["timeout"]["description"]
        assert "`P1.T2`" in tools["show"].input_schema["properties"]["id"]["description"]

    talk_in_process(repo, conversation)


def test_every_tool_answers_with_its_document(repo: Path) -> None:
    write_plan(
        repo,
        [row("1", "`true`"), row("2", "`true`"), row("3", "Check by eye.", kind="Manual")],
    )
    calls: list[tuple[str, dict[str, Any], str]] = [
        ("list", {}, "plans"),
        ("list", {"plan": "0001"}, "plans"),
        ("status", {"plan": "0001"}, "tasks"),
        ("show", {"id": "1", "plan": "plans/0001-run.md"}, "task"),
        ("brief", {}, "task"),
        ("brief", {"id": "2", "plan": "0001"}, "done_means"),
        ("lint", {"plan": "0001"}, "problems"),
        ("lint", {"plan": ["0001", "plans/0001-run.md"]}, "problems"),
        ("lint", {}, "problems"),
        ("lint", {"plans": ["0001"]}, "problems"),
        ("next", {"dry_run": True}, "dry_run"),
        ("next", {"timeout": "5m", "wait": 5}, "results"),
        ("run", {"ids": ["2"], "jobs": 2, "evidence": True}, "results"),
        ("gates", {"force": True}, "results"),
        ("verify", {"ids": ["1"], "timeout": "0"}, "results"),
        ("done", {"id": "3"}, "commit"),
        ("fail", {"id": "3"}, "commit"),
        ("reset", {"id": "3"}, "commit"),
        # Issue 20: several IDs in a list, and one ID as a plain string.
        ("done", {"ids": ["3", "2"]}, "commit"),
        ("reset", {"ids": "3"}, "commit"),
        ("journal", {"text": "chose the simple way"}, "commit"),
        ("history", {"id": "1"}, "history"),
        ("history", {}, "history"),
    ]
    answers: dict[str, dict[str, Any]] = {}

    async def conversation(client: Any) -> None:
        for name, arguments, key in calls:
            result = await client.call_tool(name, arguments)
            assert not result.is_error, (name, text(result))
            doc = payload(result)
            assert doc["schema"] == 1, name
            assert key in doc, (name, doc)
            answers.setdefault(name, doc)

    talk_in_process(repo, conversation)
    assert answers["list"]["plans"][0]["plan"] == "plans/0001-run.md"
    assert answers["list"]["plans"][0]["total"] == 3
    assert answers["run"]["results"][0]["status"] == "passed"
    # The first history call named task 1: its results only, the first run's among them.
    assert {r["name"] for r in answers["history"]["history"]} == {"1"}
    assert answers["history"]["history"][0]["result"] == "passed"
    text_now = (repo / "plans" / "0001-run.md").read_text(encoding="utf-8")
    assert "chose the simple way" in text_now
    assert "Evidence for task 2 (passed " in text_now  # issue 21: `evidence` on run
    assert "| X      | 1       | 2      |" in text_now
    assert "|        | 1       | 3      |" in text_now


def test_each_plan_is_a_resource(repo: Path) -> None:
    path = write_plan(repo, [row("1", "`true`")])

    async def conversation(client: Any) -> None:
        listed = {str(r.uri): r for r in (await client.list_resources()).resources}
        assert listed["plan://plans/0001-run.md"].mime_type == "text/markdown"
        assert listed["plan://plans/0001-run.md/status"].mime_type == "application/json"
        templates = (await client.list_resource_templates()).resource_templates
        assert {t.uri_template for t in templates} == {"plan://{+path}", "plan://{+path}/status"}
        body = (await client.read_resource("plan://plans/0001-run.md")).contents[0]
        assert body.text == path.read_text(encoding="utf-8")
        status = (await client.read_resource("plan://plans/0001-run.md/status")).contents[0]
        doc = json.loads(status.text)
        assert doc["schema"] == 1
        assert doc["next"] == "1"

    talk_in_process(repo, conversation)


def test_errors_are_one_sentence_with_the_exit_code(repo: Path, tmp_path: Path) -> None:
    write_plan(repo, [row("1", "`true`")])
    outside = tmp_path / "outside.md"
    shutil.copy(repo / "plans" / "0001-run.md", outside)
    before = outside.read_bytes()
    (repo / "plans" / "0002-link.md").symlink_to(outside)

    async def refused(client: Any, name: str, arguments: dict[str, Any]) -> str:
        result = await client.call_tool(name, arguments)
        assert result.is_error, (name, arguments)
        said = text(result)
        assert "pydantic" not in said
        assert "http" not in said
        assert "\n" not in said
        assert payload(result)["exit_code"] == int(said.rsplit(" ", 1)[1].rstrip(")"))
        return said

    async def conversation(client: Any) -> None:
        said = await refused(client, "run", {"all": True, "jobs": "many"})
        assert said == "run: the argument 'jobs' must be a whole number (exit code 2)"
        said = await refused(client, "launch", {})
        assert said == "no tool named 'launch' (exit code 2)"
        said = await refused(client, "list", {"plan": "9999"})
        assert said.startswith("no plan '9999'")
        said = await refused(client, "show", {})
        assert said == "show: the argument 'id' is required (exit code 2)"
        said = await refused(client, "next", {"wait": -1})
        assert said == "next: the argument 'wait' must be at least 0 (exit code 2)"
        said = await refused(client, "next", {"timeout": "soon"})
        assert said == "timeout 'soon' is not a duration like 30s, 5m or 1h (exit code 2)"
        for name in ("status", "lint", "history", "show"):
            args = {"plan": "/etc/passwd"} | ({"id": "1"} if name == "show" else {})
            said = await refused(client, name, args)
            assert "outside the repository" in said, said
        said = await refused(client, "lint", {"plan": ["0001", "/etc/passwd"]})
        assert "outside the repository" in said
        said = await refused(client, "next", {"plan": str(outside)})
        assert "outside the repository" in said
        said = await refused(client, "status", {"repo": str(repo / "nowhere")})
        assert "not an existing folder" in said
        said = await refused(client, "status", {"plan": "plans/0002-link.md"})
        assert "outside the repository" in said
        with pytest.raises(Exception, match="outside the repository"):
            await client.read_resource("plan://plans/0002-link.md")
        with pytest.raises(Exception, match="Unknown resource"):
            await client.read_resource("plan://plans/../../outside.md")

    stderr = talk_in_process(repo, conversation)
    assert outside.read_bytes() == before
    assert stderr == ""


def test_a_call_names_a_repository_the_server_serves(repo: Path, tmp_path: Path) -> None:
    write_plan(repo, [row("1", "`true`")])
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    unserved = tmp_path / "unserved"
    unserved.mkdir()

    async def conversation(client: Any) -> None:
        doc = payload(await client.call_tool("status", {"repo": str(repo), "plan": "0001"}))
        assert doc["plan"] == "plans/0001-run.md"
        done = payload(await client.call_tool("next", {"repo": str(repo)}))
        assert done["results"][0]["status"] == "passed"
        for folder in (str(unserved), "/", ".."):
            refused = await client.call_tool("status", {"repo": folder})
            assert refused.is_error
            assert "not one this server serves" in text(refused)

    talk(elsewhere, conversation, ("--repo", str(elsewhere), "--repo", str(repo)))
    assert "| X      | 1       | 1      |" in (repo / "plans" / "0001-run.md").read_text()


def test_a_cancelled_call_stops_its_command(repo: Path) -> None:
    path = write_plan(repo, [row("1", SLEEPER)])
    before = path.read_text(encoding="utf-8")
    pid_file = repo / "pid.txt"
    after: dict[str, Any] = {}

    async def conversation(client: Any) -> None:
        async with anyio.create_task_group() as tg:

            async def call() -> None:
                await client.call_tool("next", {})

            tg.start_soon(call)
            while not pid_file.exists() or not pid_file.read_text().strip():
                await anyio.sleep(0.05)
            # Meanwhile another call is refused with advice an MCP client can follow.
            busy = await client.call_tool("next", {"wait": 0})
            assert busy.is_error
            assert "the tool's `wait` argument (seconds)" in text(busy)
            assert "--wait" not in text(busy)
            assert text(busy).endswith("(exit code 5)")
            # Cancelling the call sends `notifications/cancelled` for it.
            tg.cancel_scope.cancel()
        # The cancelled run holds the plan's lock until its command is gone.
        waited = await client.call_tool("next", {"dry_run": True, "wait": 60})
        assert not waited.is_error, text(waited)
        after["status"] = payload(await client.call_tool("status", {}))

    talk(repo, conversation)
    pid = int(pid_file.read_text())
    assert not alive(pid)
    with pytest.raises(ProcessLookupError):
        os.killpg(pid, 0)
    assert after["status"]["tasks"][0]["status"] == "outstanding"
    assert "task 1 (Code) interrupted after" in path.read_text(encoding="utf-8")
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if "| Task 1. |" in ln]
    assert lines == [ln for ln in before.splitlines() if "| Task 1. |" in ln]


def test_garbage_gets_a_parse_error(repo: Path) -> None:
    write_plan(repo, [row("1", "`true`")])
    raw = Raw(repo)
    try:
        raw.initialize()
        raw.send("{this is not json")
        garbled = raw.receive()
        assert garbled["id"] is None
        assert garbled["error"]["code"] == -32700
        raw.send('{"jsonrpc": "2.0", "nonsense": true}')
        assert raw.receive()["error"]["code"] == -32600
        # The server goes on serving.
        raw.request(1, "tools/call", {"name": "status", "arguments": {}})
        assert raw.answer(1)["result"]["structuredContent"]["next"] == "1"
    finally:
        stderr = raw.close()
    assert stderr == ""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_to_the_server_leaves_no_command_behind(repo: Path, signum: int) -> None:
    path = write_plan(repo, [row("1", SLEEPER)])
    before = path.read_text(encoding="utf-8")
    pid_file = repo / "pid.txt"
    raw = Raw(repo)
    try:
        raw.initialize()
        raw.request(1, "tools/call", {"name": "next", "arguments": {}})
        started(pid_file)
        raw.proc.send_signal(signum)
        answer = raw.answer(1)
        doc = answer["result"]["structuredContent"]
        assert doc["results"][0]["interrupted"] is True
        assert doc["results"][0]["status"] == "outstanding"
        assert doc["exit_code"] == 128 + signum
        assert raw.proc.wait(timeout=60) == -signum
    finally:
        stderr = raw.close()
    assert stderr == ""
    pid = int(pid_file.read_text())
    assert not alive(pid)
    with pytest.raises(ProcessLookupError):
        os.killpg(pid, 0)
    row_now = [ln for ln in path.read_text(encoding="utf-8").splitlines() if "| Task 1. |" in ln]
    assert row_now == [ln for ln in before.splitlines() if "| Task 1. |" in ln]


def started(pid_file: Path) -> None:
    """Wait until the command has written its pid (a minute at most)."""
    for _ in range(1200):
        if pid_file.exists() and pid_file.read_text().strip():
            return
        time.sleep(0.05)
    pytest.fail("the command never started")


def test_the_inspector_cli_lists_and_calls_tools(repo: Path) -> None:
    if shutil.which("npx") is None:
        pytest.skip("npx is not installed (Node.js); the MCP Inspector CLI runs on it")
    write_plan(repo, [row("1", "`true`")])
    script = PROJECT / "scripts" / "mcp-inspector.sh"
    env = {**os.environ, "PLAN_PYTHON": sys.executable, "PYTHONPATH": str(PROJECT)}
    done = subprocess.run(
        ["bash", str(script), str(repo)], env=env, capture_output=True, text=True, timeout=600
    )
    if done.returncode == 3:
        pytest.skip(f"the MCP Inspector could not be fetched: {done.stderr.strip()[-300:]}")
    assert done.returncode == 0, done.stderr
    tools, status = done.stdout.split("\n---\n")
    names = {t["name"] for t in json.loads(tools)["tools"]}
    assert names >= READ_ONLY
    assert json.loads(status)["structuredContent"]["next"] == "1"


def test_a_timed_out_call_does_not_block_the_next(repo: Path) -> None:
    write_plan(repo, [row("1", SLEEPER)])
    pid_file = repo / "pid.txt"

    async def conversation(client: Any) -> None:
        from mcp.shared.exceptions import MCPError

        with pytest.raises(MCPError):
            await client.call_tool("next", {}, read_timeout_seconds=3)
        # The client gave up and cancelled the call: the run stops and frees the lock,
        # and the next call, with the default wait, is not refused.
        again = await client.call_tool("next", {"dry_run": True})
        assert not again.is_error, text(again)

    talk(repo, conversation)
    # On a slow machine the call may time out before the command started: then none ran.
    if pid_file.exists() and pid_file.read_text().strip():
        assert not alive(int(pid_file.read_text()))


def test_the_server_option_names_the_repository(repo: Path, tmp_path: Path) -> None:
    from mcp.client.session import ClientSession
    from mcp.client.stdio import StdioServerParameters, stdio_client

    write_plan(repo, [row("1", "`true`")])
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import sys; from pathlib import Path; from runner.mcp import server as mcpserver;"
        " mcpserver.serve(repos=[Path(sys.argv[1])])"
    )
    params = StdioServerParameters(
        command=sys.executable, args=["-c", code, str(repo)], cwd=str(elsewhere)
    )

    async def main() -> None:
        with anyio.fail_after(60):
            async with (
                stdio_client(params) as (read, write),
                ClientSession(read, write) as client,
            ):
                await client.initialize()
                doc = payload(await client.call_tool("status", {}))
                assert doc["plan"] == "plans/0001-run.md"
                listed = {str(r.uri) for r in (await client.list_resources()).resources}
                assert "plan://plans/0001-run.md" in listed

    anyio.run(main)


def test_a_client_going_away_stops_the_run(repo: Path) -> None:
    path = write_plan(repo, [row("1", SLEEPER)])
    before = path.read_text(encoding="utf-8")
    pid_file = repo / "pid.txt"
    raw = Raw(repo)
    try:
        raw.initialize()
        raw.request(1, "tools/call", {"name": "next", "arguments": {}})
        started(pid_file)
        assert raw.proc.stdin is not None
        raw.proc.stdin.close()
        assert raw.proc.wait(timeout=60) == 0
    finally:
        stderr = raw.close()
    assert stderr == ""
    assert not alive(int(pid_file.read_text()))
    now = path.read_text(encoding="utf-8")
    assert "task 1 (Code) interrupted after" in now
    row_now = [ln for ln in now.splitlines() if "| Task 1. |" in ln]
    assert row_now == [ln for ln in before.splitlines() if "| Task 1. |" in ln]


def test_an_agent_can_finish_a_plan_and_see_it(repo: Path) -> None:
    """Issue 21: `accept`, `report` and `new` are tools; issue 20: a folder with no plans is
    named, with what the agent can do about it."""
    path = write_plan(repo, [row("1", "`true`")])
    text_before = path.read_text(encoding="utf-8")
    path.write_text(
        text_before.replace(
            "## Surprises & Discoveries",
            "## Validation and Acceptance\n\n    $ echo ready\n    ready\n\n"
            "## Surprises & Discoveries",
        ),
        encoding="utf-8",
    )
    answers: dict[str, Any] = {}

    async def conversation(client: Any) -> None:
        answers["next"] = payload(await client.call_tool("next", {}))
        answers["accept"] = payload(await client.call_tool("accept", {}))
        answers["report"] = payload(await client.call_tool("report", {}))
        answers["new"] = payload(await client.call_tool("new", {"title": "Second step"}))
        answers["which"] = text(await client.call_tool("status", {}))

    talk_in_process(repo, conversation)
    empty = repo.parent / "empty"
    empty.mkdir()

    async def lonely(client: Any) -> None:
        answers["lonely"] = text(await client.call_tool("status", {}))

    talk_in_process(empty, lonely)
    assert answers["next"]["results"][0]["status"] == "passed"
    assert answers["accept"]["results"][0]["status"] == "passed"
    assert answers["accept"]["exit_code"] == 0
    page = repo / answers["report"]["report"]
    assert page.is_file()
    assert "<html" in page.read_text(encoding="utf-8")
    assert answers["new"]["plan"] == "plans/0002-second-step.md"
    assert answers["which"].startswith("which plan?")
    assert "`plan`" in answers["which"]
    assert "PLAN_FILE" not in answers["which"]
    assert (repo / "plans" / "0002-second-step.md").is_file()
    said = answers["lonely"]
    assert str(empty) in said
    assert "`repo`" in said
    assert "plan new" not in said


def test_a_plan_in_a_repository_the_server_does_not_serve_is_refused(
    repo: Path, tmp_path: Path
) -> None:
    # Issue 19, case 15 (independent pass): `repo` was checked but `plan` was not, so a path
    # to another repository's plan ran its task and committed there.
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "-q", "-b", "main")
    (other / "README.md").write_text("x\n", encoding="utf-8")
    git(other, "add", "-A")
    git(other, "commit", "-qm", "init")
    theirs = write_plan(other, [row("1", "`true`")])
    before = theirs.read_text(encoding="utf-8")
    commits = git(other, "rev-list", "--count", "HEAD")
    write_plan(repo, [row("1", "`true`")])

    async def conversation(client: Any) -> None:
        for tool, args in (
            ("run", {"plan": str(theirs), "ids": ["1"]}),
            ("done", {"plan": str(theirs), "ids": ["1"]}),
            ("journal", {"plan": str(theirs), "text": "hello"}),
            ("show", {"plan": str(theirs), "id": "1"}),
            ("history", {"plan": str(theirs)}),
            ("status", {"plan": str(theirs)}),
            ("lint", {"plan": [str(theirs)]}),
        ):
            refused = await client.call_tool(tool, args)
            assert refused.is_error, tool
            assert "not a repository this server serves" in text(refused), tool

    talk_in_process(repo, conversation)
    assert theirs.read_text(encoding="utf-8") == before
    assert git(other, "rev-list", "--count", "HEAD") == commits


def test_an_agent_is_briefed_and_told_when_acceptance_is_left(repo: Path) -> None:
    """Issue 21: `brief` through a real MCP client; `next` with no task left says that
    acceptance is what is left instead of a bare `next: null`; `accept` then finishes."""
    path = write_plan(repo, [row("1", "`echo one`")], gates=[])
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "## Surprises & Discoveries",
            "## Validation and Acceptance\n\n    $ echo ready\n    ready\n\n"
            "## Surprises & Discoveries",
        ),
        encoding="utf-8",
    )
    git(repo, "commit", "-qam", "acceptance")
    answers: dict[str, Any] = {}

    async def conversation(client: Any) -> None:
        answers["brief"] = payload(await client.call_tool("brief", {}))
        answers["next"] = payload(await client.call_tool("next", {}))
        answers["after"] = payload(await client.call_tool("next", {}))
        answers["brief_after"] = payload(await client.call_tool("brief", {}))
        answers["accept"] = payload(await client.call_tool("accept", {}))
        answers["done"] = payload(await client.call_tool("status", {}))
        unknown = await client.call_tool("brief", {"id": "9"})
        answers["unknown"] = (unknown.is_error, text(unknown))

    talk_in_process(repo, conversation)
    brief = answers["brief"]
    assert brief["task"]["id"] == "1"
    assert brief["commands"][0]["command"] == "echo one"
    assert brief["purpose"] == "Run things."
    assert answers["next"]["next"] is None
    assert answers["next"]["left"] == "acceptance"
    assert "accept" in answers["next"]["message"]
    assert answers["after"]["results"] == []
    assert answers["after"]["left"] == "acceptance"
    assert answers["brief_after"]["task"] is None
    assert answers["brief_after"]["left"] == "acceptance"
    assert answers["accept"]["exit_code"] == 0
    assert answers["done"]["status"] == "Complete"
    assert answers["unknown"][0] is True
    assert answers["unknown"][1].endswith("(exit code 2)")


def test_report_shows_the_plan_named_as_other_tools_name_it(repo: Path) -> None:
    # An attacker's pass: `report` with {"plan": "0001"} ignored the argument and showed every
    # plan (its own argument is `plans`); `plan`, as every other tool takes it, is read now.
    write_plan(repo, [row("1", "`true`")], name="0001-first.md")
    write_plan(repo, [row("1", "`true`")], name="0002-second.md")
    answers: dict[str, Any] = {}

    async def conversation(client: Any) -> None:
        # Each call writes the same page: read it before the next one.
        for key, args in (("one", {"plan": "0002"}), ("all", {})):
            page = payload(await client.call_tool("report", args))["report"]
            answers[key] = (repo / page).read_text(encoding="utf-8")

    talk_in_process(repo, conversation)
    assert "plans/0002-second.md" in answers["one"]
    assert "plans/0001-first.md" not in answers["one"]
    assert "plans/0001-first.md" in answers["all"]


def test_an_argument_a_tool_does_not_take_is_refused(repo: Path) -> None:
    """The fifteenth pass: `report` with `output` answered as if it had written there."""
    write_plan(repo, [row("1", "`true`")])
    before = sorted(p.name for p in repo.iterdir())

    async def conversation(client: Any) -> None:
        result = await client.call_tool("report", {"output": "elsewhere.html"})
        assert result.is_error
        said = text(result)
        assert said.startswith("report: no argument named 'output' (it takes: "), said
        assert said.endswith("(exit code 2)"), said
        assert payload(result)["exit_code"] == 2
        result = await client.call_tool("run", {"ids": ["T99"]})
        assert result.is_error
        # The document `plan run T99 --json` prints (attack15b: a bare string here).
        error = payload(result)["error"]
        assert error["message"].startswith("no task 'T99'"), error
        result = await client.call_tool("run", {"id": "1", "evidance": True})
        assert result.is_error
        assert "'evidance'" in text(result)
        result = await client.call_tool("status", {})
        assert not result.is_error

    talk_in_process(repo, conversation)
    assert sorted(p.name for p in repo.iterdir()) == before
