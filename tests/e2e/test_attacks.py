"""Attacks found on `plan`: each one replayed through the CLI in a real git repository."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import git
from tests.helpers import TABLE, plan, row, write_plan
from tests.mcp_client import Raw

HEADER = "".join(TABLE.splitlines(keepends=True)[11:13])


def _hostile(repo: Path, deep: str, marker: Path) -> Path:
    """A plan whose Purpose nests `deep`, then hides task tables in a fence and a comment."""
    decoy = HEADER + row("Z1", f"`touch {marker}`") + "\n"
    hidden = f"{deep}\n\n```markdown\n{decoy}```\n\n<!--\n{decoy}-->\n\n"
    path = write_plan(repo, [row("T1", "`true`")])
    text = path.read_text(encoding="utf-8").replace("Run things.\n", f"Run things.\n\n{hidden}")
    path.write_text(text, encoding="utf-8")
    return path


DEEP = {
    "list": "- - - - - - - - - - deep",
    "outline": "\n".join("  " * i + f"- level {i}" for i in range(12)),
    "quote": "> " * 30 + "deep\n" + "> " * 30 + "deeper",
    "very deep": "- " * 200 + "deep",
}


@pytest.mark.parametrize("shape", sorted(DEEP))
def test_deep_nesting_does_not_open_fences_or_comments(
    repo: Path, tmp_path: Path, shape: str
) -> None:
    marker = tmp_path / "PWN"
    path = _hostile(repo, DEEP[shape], marker)
    status = plan("status", "--json", "-p", str(path))
    assert status.code == 0, status.err
    assert "Z1" not in status.out
    assert "T1" in status.out
    result = plan("next", "-p", str(path))
    assert result.code == 0, result.err
    assert not marker.exists()
    text = path.read_text(encoding="utf-8")
    assert text.count("## Progress Per Session") == 1
    assert "| X      | 1       | Z1" not in text


@pytest.mark.parametrize("target", ["outside", "inside"])
def test_plan_swapped_for_a_symlink_during_a_run_is_not_written(
    repo: Path, tmp_path: Path, target: str
) -> None:
    victim = tmp_path / "victim.md" if target == "outside" else repo / "plans" / "other.md"
    # (The moved plan stays in the work tree: a command that writes outside it is an action,
    # never run as a check, issue 19.)
    swap = f"`mv plans/0001-run.md saved.md && ln -s {victim} plans/0001-run.md`"
    path = write_plan(repo, [row("T1", swap)])
    victim.write_bytes(path.read_bytes())
    before = victim.read_bytes()
    head = git(repo, "rev-parse", "HEAD")
    result = plan("next", "-p", "plans/0001-run.md")
    assert result.code in (2, 3), result.out + result.err
    assert "plans/0001-run.md" in result.err
    assert victim.read_bytes() == before
    assert git(repo, "rev-parse", "HEAD") == head
    assert (repo / "saved.md").exists()


def test_the_lock_is_on_the_real_file_not_the_name(repo: Path) -> None:
    hold = "`touch started && for i in $(seq 200); do [ -e release ] && break; sleep 0.05; done`"
    write_plan(repo, [row("T1", hold)], name="0001-x.md")
    (repo / "plans" / "0002-alias.md").symlink_to("0001-x.md")
    first = subprocess.Popen(
        [sys.executable, "-m", "runner", "next", "-p", "plans/0001-x.md"],
        cwd=repo,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        while not (repo / "started").exists():
            assert first.poll() is None, first.communicate()
            time.sleep(0.02)
        second = plan("next", "-p", "plans/0002-alias.md")
        assert second.code == 5, second.out + second.err
        assert "lock" in second.err
    finally:
        (repo / "release").touch()
        out, err = first.communicate()
    assert first.returncode == 0, out + err


def test_verify_of_an_unknown_task_is_a_usage_error(repo: Path) -> None:
    path = write_plan(repo, [row("T1", "`true`", status="X")])
    result = plan("verify", "NOSUCH", "-p", str(path))
    assert result.code == 2, result.out + result.err
    assert "NOSUCH" in result.err
    assert plan("verify", "T1", "-p", str(path)).code == 0


def test_noncharacters_in_output_reach_neither_plan_nor_commit(repo: Path) -> None:
    emit = "`printf 'bad\\357\\277\\276\\357\\277\\277\\357\\267\\220news\\n' >&2; exit 1`"
    path = write_plan(repo, [row("T1", emit)])
    result = plan("next", "-p", str(path))
    assert result.code == 1, result.out + result.err
    message = git(repo, "log", "-1", "--format=%B")
    assert "badnews" in message
    summary = [line for line in result.out.splitlines() if "failed" in line]
    for text in (message, path.read_text(encoding="utf-8"), *summary):
        assert not {"\ufffe", "\uffff", "\ufdd0"} & set(text)


@pytest.mark.parametrize("rid", ["{}", '{"a": 1}', "[]", "[1]"])
def test_mcp_request_with_an_object_or_array_id_is_answered_invalid(repo: Path, rid: str) -> None:
    write_plan(repo, [row("T1", "`true`")])
    raw = Raw(repo)
    try:
        raw.initialize()
        raw.send(f'{{"jsonrpc": "2.0", "id": {rid}, "method": "tools/list"}}')
        refused = raw.receive()
        assert refused["error"]["code"] == -32600
        assert refused["id"] is None
        raw.request(1, "tools/list", {})
        assert "result" in raw.answer(1)
    finally:
        raw.close()


def test_escapes_in_plan_text_do_not_reach_the_terminal(repo: Path) -> None:
    path = write_plan(repo, [row("T1", "`true`")])
    hostile = "Run \x1b]52;c;aGk=\x07fixture\x1b[2J"
    text = path.read_text(encoding="utf-8").replace("Run fixture", hostile)
    path.write_text(text.replace("Task T1.", "Task \x1b[2JT1."), encoding="utf-8")
    for args in (("status",), ("show", "T1"), ("list",)):
        result = plan(*args, "-p", str(path)) if args != ("list",) else plan("list")
        assert "\x1b" not in result.out, args


def test_escapes_in_plan_text_do_not_reach_lint_output(repo: Path) -> None:
    path = write_plan(repo, [row("T1", "`true`"), row("T1", "`true`")])
    text = path.read_text(encoding="utf-8").replace("Task T1.", "Task \x1b[2JT1.")
    path.write_text(text.replace("| T1     | T1", "| T1     | T\x1b]52;c;x\x07"), encoding="utf-8")
    result = plan("lint", str(path))
    assert result.out.strip()
    assert "\x1b" not in result.out
