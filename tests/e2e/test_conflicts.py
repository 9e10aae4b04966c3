"""A plan left with git's conflict markers by a real `git merge` (issue 20, case 4): lint
reports each conflict with its line, and no command runs or rewrites the plan."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import git
from tests.helpers import plan, row, snapshot, write_plan

ROW_2 = "| 1       | 2      | 2 |"


def conflicted(repo: Path) -> Path:
    """A plan whose task 2 row two branches changed differently, merged without the driver:
    git leaves its markers in the plan."""
    path = write_plan(repo, [row("1", "`true`"), row("2", "`true`")])
    text = path.read_text(encoding="utf-8")
    git(repo, "checkout", "-q", "-b", "side")
    path.write_text(text.replace(f"|        {ROW_2}", f"| !      {ROW_2}"), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "side fails task 2")
    git(repo, "checkout", "-q", "main")
    path.write_text(text.replace(f"|        {ROW_2}", f"| B      {ROW_2}"), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "main blocks task 2")
    merge = subprocess.run(["git", "merge", "side"], cwd=repo, capture_output=True, text=True)
    assert merge.returncode == 1, merge.stdout + merge.stderr
    assert "<<<<<<< HEAD" in path.read_text(encoding="utf-8")
    return path


def marker_line(path: Path) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith("<<<<<<<"))


def test_lint_reports_the_conflict_with_its_lines(repo: Path) -> None:
    path = conflicted(repo)
    first = marker_line(path)
    r = plan("lint")
    assert r.code == 1
    assert f"plans/0001-run.md:{first}: P003 unresolved merge conflict" in r.out
    assert f"lines {first}-{first + 4}" in r.out
    doc = plan("lint", "--json").json()
    (problem,) = [p for p in doc["problems"] if p["code"] == "P003"]
    assert problem["severity"] == "error"
    assert problem["line"] == first
    assert problem["path"] == "plans/0001-run.md"


@pytest.mark.parametrize(
    "command",
    [
        ["status"],
        ["show", "1"],
        ["next"],
        ["run", "1"],
        ["run", "--all"],
        ["gates"],
        ["verify"],
        ["accept"],
        ["done", "1"],
        ["fail", "2"],
        ["reset", "1"],
        ["journal", "a note"],
    ],
)
def test_no_command_reads_a_conflicted_plan(repo: Path, command: list[str]) -> None:
    path = conflicted(repo)
    first = marker_line(path)
    before = snapshot(repo)
    head = git(repo, "rev-parse", "HEAD")
    r = plan(*command)
    assert r.code == 3, (command, r.out, r.err)
    assert f"plans/0001-run.md:{first}: P003 unresolved merge conflict" in r.err
    assert "nothing was run or written" in r.err
    assert snapshot(repo) == before
    assert git(repo, "rev-parse", "HEAD") == head
    as_json = plan(*command, "--json")
    assert as_json.code == 3
    error = as_json.json()["error"]
    assert (error["code"], error["path"], error["line"]) == ("P003", "plans/0001-run.md", first)


def test_list_shows_the_conflicted_plan_as_unreadable(repo: Path) -> None:
    conflicted(repo)
    r = plan("list")
    assert r.code == 0
    assert "P003" in r.err
    assert "unreadable" in r.out


def test_a_plan_that_shows_markers_in_a_fence_is_used(repo: Path) -> None:
    example = (
        "\n## Context & Orientation\n\nGit writes a conflict like this:\n\n```text\n"
        "<<<<<<< HEAD\n| X | one |\n=======\n| ! | one |\n>>>>>>> side\n```\n"
    )
    path = write_plan(repo, [row("1", "`true`")])
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "\n## Progress Per Session", example + "\n## Progress Per Session"
        ),
        encoding="utf-8",
    )
    assert "P003" not in plan("lint").out
    assert plan("status").code == 0
