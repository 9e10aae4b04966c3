"""Attacks on what `plan` writes and serves: report targets, MCP resources, kept output,
settings files, hostile values and git's notices."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import git
from tests.helpers import plan, row, write_plan


def _fifo_reader(path: Path, got: list[bytes]) -> threading.Thread:
    def read() -> None:
        with open(path, "rb") as fh:
            got.append(fh.read())

    t = threading.Thread(target=read, daemon=True)
    t.start()
    return t


def test_report_to_a_fifo_writes_through_and_keeps_the_fifo(repo: Path) -> None:
    write_plan(repo, [row("T1", "`true`")])
    fifo = repo.parent / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = _fifo_reader(fifo, got)
    r = plan("report", "-o", str(fifo))
    reader.join(60)
    assert r.code == 0, r.err
    assert fifo.is_fifo()
    assert got
    assert b"<html" in got[0].lower()


def test_report_through_a_symlink_replaces_its_target_and_keeps_the_link(repo: Path) -> None:
    write_plan(repo, [row("T1", "`true`")])
    target = repo.parent / "real.html"
    target.write_text("old", encoding="utf-8")
    link = repo.parent / "link.html"
    link.symlink_to(target)
    r = plan("report", "-o", str(link))
    assert r.code == 0, r.err
    assert link.is_symlink()
    assert "<section" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("target", ["plans/0001-run.md", "plans/new.md", ".git/HEAD", ".git/x"])
def test_report_refuses_a_plan_and_the_git_directory(repo: Path, target: str) -> None:
    path = write_plan(repo, [row("T1", "`true`")])
    before = path.read_bytes(), (repo / ".git" / "HEAD").read_bytes()
    r = plan("report", "-o", target)
    assert r.code == 2, r.out + r.err
    assert "plan: error:" in r.err
    assert (path.read_bytes(), (repo / ".git" / "HEAD").read_bytes()) == before
    assert not (repo / "plans" / "new.md").exists()


def test_report_refuses_a_symlink_to_the_plan(repo: Path) -> None:
    path = write_plan(repo, [row("T1", "`true`")])
    before = path.read_bytes()
    link = repo.parent / "sneaky.html"
    link.symlink_to(path)
    r = plan("report", "-o", str(link))
    assert r.code == 2, r.out + r.err
    assert path.read_bytes() == before


@pytest.mark.parametrize("target", ["plans/0001-run.md", ".git/HEAD"])
def test_junit_refuses_a_plan_and_the_git_directory(repo: Path, target: str) -> None:
    path = write_plan(repo, [row("T1", "`true`")])
    before = path.read_bytes(), (repo / ".git" / "HEAD").read_bytes()
    r = plan("run", "T1", "--junit", target)
    assert r.code == 2, r.out + r.err
    assert "plan: error:" in r.err
    assert (path.read_bytes(), (repo / ".git" / "HEAD").read_bytes()) == before
    assert git(repo, "status", "--porcelain") == ""


def test_mcp_resources_are_the_plans_only_and_cleaned(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.mcp_client import talk_in_process

    secret = "s3cr3t-value-0123456789abcdef"
    monkeypatch.setenv("DEPLOY_TOKEN", secret)
    path = write_plan(repo, [row("T1", "`true`")])
    path.write_text(
        path.read_text(encoding="utf-8") + f"\nBell\x07 and \x1b[31mred\x1b[0m {secret}\n",
        encoding="utf-8",
    )
    git(repo, "config", "remote.origin.url", f"https://x:{secret}@example.com/r.git")
    (repo / ".env").write_text(f"DEPLOY_TOKEN={secret}\n", encoding="utf-8")
    logs = repo / ".git" / "plan" / "logs"
    logs.mkdir(parents=True)
    (logs / "x.log").write_text(secret, encoding="utf-8")

    async def conversation(client: Any) -> None:
        for uri in (
            "plan://.git/config",
            "plan://.env",
            "plan://README.md",
            "plan://.git/plan/logs/x.log",
            "plan://.git/config/status",
            "plan://\x00",
        ):
            with pytest.raises(Exception, match="Unknown resource"):
                await client.read_resource(uri)
        body = (await client.read_resource("plan://plans/0001-run.md")).contents[0].text
        assert "\x1b" not in body
        assert "\x07" not in body
        assert "Bell and red" in body

    stderr = talk_in_process(repo, conversation)
    assert secret not in stderr


def test_report_shows_only_output_cleaned_at_run_time(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = "dEpL0y-s3cr3t-9f8e7d6c5b4a"
    write_plan(repo, [row("T1", '`sh -c "echo visible-line; echo $DEPLOY_TOKEN; exit 1"`')])
    monkeypatch.setenv("DEPLOY_TOKEN", secret)
    r = plan("run", "T1")
    assert r.code == 1, r.out + r.err
    logs = list((repo / ".git" / "plan").rglob("*.log"))
    assert any(secret in p.read_text(encoding="utf-8") for p in logs)  # the raw log has it
    monkeypatch.delenv("DEPLOY_TOKEN")
    r = plan("report", "-o", "r.html")
    assert r.code == 0, r.err
    page_text = (repo / "r.html").read_text(encoding="utf-8")
    assert "visible-line" in page_text  # the kept, cleaned tail is shown
    assert secret not in page_text
    r = plan("report", "--json")
    assert r.code == 0, r.err
    assert "visible-line" in r.out
    assert secret not in r.out


def test_pyproject_symlinked_outside_is_refused(repo: Path, tmp_path: Path) -> None:
    write_plan(repo, [row("T1", "`true`")])
    outside = tmp_path / "x.toml"
    outside.write_text('[tool.plan]\nplans_dir = "elsewhere"\n', encoding="utf-8")
    (repo / "pyproject.toml").symlink_to(outside)
    r = plan("status")
    assert r.code == 2, r.out + r.err
    assert "plan: error:" in r.err
    assert "pyproject.toml" in r.err
    assert "outside the repository" in r.err


def test_pyproject_that_is_a_device_is_refused_unread(repo: Path) -> None:
    write_plan(repo, [row("T1", "`true`")])
    (repo / "pyproject.toml").symlink_to("/dev/zero")
    r = plan("status")
    assert r.code == 2, r.out + r.err
    assert "pyproject.toml" in r.err


def test_pyproject_fifo_does_not_hang_and_is_refused(repo: Path) -> None:
    write_plan(repo, [row("T1", "`true`")])
    os.mkfifo(repo / "pyproject.toml")
    r = plan("lint")
    assert r.code == 2, r.out + r.err
    assert "not a regular file" in r.err


def test_pyproject_over_the_limit_is_refused(repo: Path) -> None:
    from runner.workspace.config import PYPROJECT_LIMIT

    write_plan(repo, [row("T1", "`true`")])
    filler = "# " + "x" * 1000 + "\n"
    text = "[tool.plan]\ncommit = true\n" + filler * (PYPROJECT_LIMIT // len(filler) + 1)
    (repo / "pyproject.toml").write_text(text, encoding="utf-8")
    r = plan("status")
    assert r.code == 2, r.out + r.err
    assert "larger than" in r.err


@pytest.mark.parametrize("command", ["status", "next", "list"])
def test_a_nul_plans_dir_is_a_usage_error(repo: Path, command: str) -> None:
    write_plan(repo, [row("T1", "`true`")])
    (repo / "pyproject.toml").write_text('[tool.plan]\nplans_dir = "\\u0000"\n', encoding="utf-8")
    r = plan(command)
    assert r.code == 2, r.out + r.err
    assert "plan: error:" in r.err
    assert "Traceback" not in r.err


def test_deeply_nested_settings_are_a_usage_error(repo: Path) -> None:
    write_plan(repo, [row("T1", "`true`")])
    deep = "[" * 100_000 + "]" * 100_000
    (repo / "pyproject.toml").write_text(
        f"[tool.plan]\ncommit = true\n[x]\ny = {deep}\n", encoding="utf-8"
    )
    r = plan("status")
    assert r.code == 2, r.out + r.err
    assert "cannot read [tool.plan]" in r.err


def test_mcp_hostile_repo_arguments_are_tool_errors(repo: Path) -> None:
    from tests.mcp_client import payload, talk_in_process, text

    write_plan(repo, [row("T1", "`true`")])

    async def conversation(client: Any) -> None:
        for args in ({"repo": "\x00"}, {"repo": "a" * 5000}, {"plan": "\x00"}):
            result = await client.call_tool("status", args)
            assert result.is_error, args
            assert payload(result)["exit_code"] == 2, text(result)
            assert "Error executing tool" not in text(result)

    stderr = talk_in_process(repo, conversation)
    assert "Traceback" not in stderr


def test_mcp_refuses_a_repository_nested_in_the_served_one(repo: Path) -> None:
    # Issue 19, third pass: `{"repo": "sub"}` naming a separate repository inside the served
    # one ran its plan and committed there.
    from tests.mcp_client import payload, talk_in_process

    write_plan(repo, [row("T1", "`true`")])
    inner = repo / "sub"
    inner.mkdir()
    git(inner, "init", "-q", "-b", "main")
    write_plan(inner, [row("T1", "`touch inner-ran`")])
    head = git(inner, "rev-parse", "HEAD")

    async def conversation(client: Any) -> None:
        for tool, args in (
            ("run", {"repo": "sub", "ids": ["T1"]}),
            ("status", {"plan": "sub/plans/0001-run.md"}),
        ):
            result = await client.call_tool(tool, args)
            assert result.is_error, (tool, args)
            assert payload(result)["exit_code"] == 2
        result = await client.call_tool("status", {})
        assert not result.is_error

    talk_in_process(repo, conversation)
    assert not (inner / "inner-ran").exists()
    assert git(inner, "rev-parse", "HEAD") == head


def test_hook_output_in_json_notices_is_masked_and_clean(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = "h00k-s3cr3t-0a1b2c3d4e5f6789"
    monkeypatch.setenv("DEPLOY_TOKEN", secret)
    write_plan(repo, [row("T1", "`true`")])
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text(
        "#!/bin/sh\n"
        "printf 'lint says no %s \\033[31mred\\033[0m \\007\\n' \"$DEPLOY_TOKEN\"\n"
        "exit 1\n",
        encoding="utf-8",
    )
    hook.chmod(0o755)
    r = plan("next", "--json")
    notices = r.json()["notices"]
    assert any("lint says no" in n for n in notices), notices
    joined = "".join(notices)
    assert secret not in joined
    assert "\x1b" not in joined
    assert "\x07" not in joined
    assert secret not in r.out


def test_report_from_a_worktree_refuses_the_main_git_directory(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_plan(repo, [row("T1", "`true`")])
    other = repo.parent / "other"
    git(repo, "worktree", "add", "-q", str(other))
    monkeypatch.chdir(other)
    head = (repo / ".git" / "HEAD").read_bytes()
    r = plan("report", "-o", str(repo / ".git" / "HEAD"))
    assert r.code == 2, r.out + r.err
    assert (repo / ".git" / "HEAD").read_bytes() == head


# Issue 19, third pass: a bidirectional override (U+202E) or another character a terminal or
# a browser obeys reached --json raw and a report attribute (a gate's title).


def test_unseen_characters_never_reach_json_or_the_report_raw(repo: Path) -> None:
    import json

    hostile = "gate\u202eexe.txt\u2066x\u200by\x85"
    write_plan(
        repo,
        [row("T1", "`echo ok`")],
        gates=[f"| {hostile} | `printf 'out\\342\\200\\256put\\n'` | exit 0 |"],
    )
    assert plan("gates").code == 0
    for args in (("status", "--json"), ("gates", "--json"), ("report", "--json")):
        r = plan(*args)
        assert r.code == 0, (args, r.err)
        for ch in "\u202e\u2066\u200b\x85":
            assert ch not in r.out, (args, ch)
        assert "\\u202e" in r.out, args  # the same value to a JSON parser
        assert "gate\u202eexe.txt" in json.dumps(json.loads(r.out), ensure_ascii=False), args
    assert plan("report", "-o", "r.html").code == 0
    page = (repo / "r.html").read_text(encoding="utf-8")
    assert "gateexe.txtxy" in page
    for ch in "\u202e\u2066\u200b\x85":
        assert ch not in page, ch


# Issue 19, third pass (N14): outside git the state folder is `.plan/`; a `.plan` symlink (a
# downloaded tree) or a link inside it led the runner to write logs and results elsewhere.


@pytest.mark.parametrize("link", [".plan", ".plan/logs", ".plan/doit", ".plan/logs/0001-run"])
def test_a_state_folder_link_out_of_it_is_refused(tmp_path: Path, link: str) -> None:
    from tests.helpers import TABLE

    tree, elsewhere = tmp_path / "tree", tmp_path / "elsewhere"
    (tree / "plans").mkdir(parents=True)
    elsewhere.mkdir()
    table = TABLE.format(rows=row("T1", "`true`"), gates="| Ok | `true` | exit 0 |")
    (tree / "plans" / "0001-run.md").write_text(table, encoding="utf-8")
    (tree / link).parent.mkdir(parents=True, exist_ok=True)
    (tree / link).symlink_to(elsewhere, target_is_directory=True)
    before = (tree / "plans" / "0001-run.md").read_bytes()
    cwd = Path.cwd()
    os.chdir(tree)
    try:
        r = plan("run", "T1")
    finally:
        os.chdir(cwd)
    assert r.code == 2, r.out + r.err
    assert "remove the link" in r.err
    assert list(elsewhere.iterdir()) == []
    assert (tree / "plans" / "0001-run.md").read_bytes() == before


# Issue 19, third pass (N10): a hard link is a second name for the same bytes. Every file
# plan writes (the plan, a report, JUnit) is replaced by a new file under its own name, so
# a hard link's other name, outside the repository, keeps its bytes.


def test_a_hard_link_out_of_the_repository_is_never_written(repo: Path, tmp_path: Path) -> None:
    path = write_plan(repo, [row("T1", "`true`")])
    outside = {name: tmp_path / f"outside-{name}" for name in ("plan.md", "r.html", "j.xml")}
    os.link(path, outside["plan.md"])
    for name in ("r.html", "j.xml"):
        (repo / name).write_text("mine\n", encoding="utf-8")
        os.link(repo / name, outside[name])
    before = {name: p.read_bytes() for name, p in outside.items()}
    assert plan("run", "T1", "--junit", "j.xml").code == 0
    assert plan("report", "-o", "r.html").code == 0
    assert {name: p.read_bytes() for name, p in outside.items()} == before
    assert "| X " in path.read_text(encoding="utf-8")  # T1 passed, in the plan itself
    assert b"<testsuite" in (repo / "j.xml").read_bytes()
    assert b"<!DOCTYPE html>" in (repo / "r.html").read_bytes()


def test_report_to_a_fifo_nobody_reads_is_an_error_not_a_hang(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The eleventh pass: `plan report -o fifo.html` with no reader hung for ever."""
    from runner.workspace import state

    monkeypatch.setattr(state, "FIFO_WAIT", 0.2)
    write_plan(repo, [row("T1", "`true`")])
    fifo = repo.parent / "pipe.html"
    os.mkfifo(fifo)
    r = plan("report", "-o", str(fifo))
    assert r.code == 2, r.out + r.err
    assert "no one is reading" in r.err
    assert fifo.is_fifo()
