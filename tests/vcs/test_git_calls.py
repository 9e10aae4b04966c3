"""The git processes one `plan run` starts, counted through a `git` on PATH that logs each
call, and the commits made where HEAD has no commit yet (before, or since, the run began).

A run asks git where HEAD is before and after its commands (one process each), and makes
its commit; a process per question it could ask with another is time every run pays, and
~16 of them a test was most of the suite's CPU (bench/TESTS.md, change 8).
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import git
from tests.helpers import TABLE, plan, row, spawn, until, write_plan
from tests.run.test_faults import wait_for


def _logging_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Put a `git` first on PATH that appends its arguments to a log, then runs git."""
    real = shutil.which("git")
    assert real is not None
    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "git-calls.log"
    shim = folder / "git"
    shim.write_text(
        f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{log}"\nexec "{real}" "$@"\n', encoding="utf-8"
    )
    shim.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}:{Path(real).parent}")
    return log


def _calls(log: Path) -> list[str]:
    """The logged calls, but GitPython's `git version` (once a process, on import)."""
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return [c for c in lines if c != "version"]


def test_a_run_asks_git_each_thing_once(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_plan(repo, [row("1", "`true`"), row("2", "`echo two`")])
    log = _logging_git(tmp_path, monkeypatch)
    r = plan("run", "--all")
    assert r.code == 0, r.err
    calls = _calls(log)
    subcommands = Counter(c.split()[0] for c in calls)
    # HEAD before and after the commands, and once more before the commit: one
    # `rev-parse HEAD --symbolic-full-name HEAD` each, never a second process for the branch.
    assert subcommands["rev-parse"] == 3, calls
    assert subcommands["symbolic-ref"] <= 1, calls  # the journal's branch
    # The commit's sha and its trailers come from one `git log -1`.
    assert subcommands["log"] == 1, calls
    assert len(calls) <= 13, calls  # was 17 (bench/TESTS.md, change 8)
    sha = git(repo, "rev-parse", "HEAD")
    assert r.out.count(f"committed {sha[:10]}") == 1
    body = git(repo, "log", "-1", "--format=%B")
    assert "Plan-Task: 1\nPlan-Result: passed" in body
    assert "Plan-Task: 2\nPlan-Result: passed" in body


def test_journaled_run_names_the_branch(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_plan(repo, [row("1", "`true`")])
    git(repo, "switch", "-q", "-c", "feature/x")
    log = _logging_git(tmp_path, monkeypatch)
    assert plan("next").code == 0
    # `plan next` journals a session: its line names the branch, asked of git once.
    assert "feature/x" in path.read_text(encoding="utf-8")
    assert [c for c in _calls(log) if c.startswith("symbolic-ref")] == [
        "symbolic-ref --quiet --short HEAD"
    ]


def _unborn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with no commit yet and an untracked plan in it, as the current folder."""
    root = tmp_path / "fresh"
    (root / "plans").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    (root / "README.md").write_text("# untracked\n", encoding="utf-8")
    rows = "\n".join([row("1", "`true`")])
    text = TABLE.format(rows=rows, gates="| Ok | `true` | passes |")
    (root / "plans" / "0001-run.md").write_text(text, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def test_first_commit_of_a_branch_holds_the_plan_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _unborn(tmp_path, monkeypatch)
    r = plan("run", "--all")
    assert r.code == 0, r.err
    assert git(root, "rev-list", "--count", "HEAD").strip() == "1"
    assert git(root, "show", "--name-only", "--format=", "HEAD").split() == ["plans/0001-run.md"]
    plan_text = (root / "plans" / "0001-run.md").read_text(encoding="utf-8")
    assert "| X      | 1       | 1      |" in plan_text
    assert git(root, "show", "HEAD:plans/0001-run.md") == plan_text
    assert git(root, "status", "--porcelain", "README.md").strip() == "?? README.md"


def test_orphan_branch_checked_out_during_the_run(repo: Path) -> None:
    # HEAD had a commit when the run began; a person starts a branch with none while the
    # command runs. The result is withdrawn (HEAD moved) and the plan's commit, asked where
    # HEAD is again under the commit lock, starts the new branch with the plan alone.
    started, release = repo.parent / "started", repo.parent / "release"
    path = write_plan(repo, [row("1", f"`touch {started}; {until(release)}`")])
    proc = spawn(repo, "run", "--all")
    wait_for(started)
    git(repo, "checkout", "-q", "--orphan", "fresh")
    release.touch()
    out, err = proc.communicate(timeout=30)
    assert "HEAD moved" in out + err
    assert git(repo, "branch", "--show-current").strip() == "fresh"
    assert git(repo, "rev-list", "--count", "HEAD").strip() == "1"
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == ["plans/0001-run.md"]
    assert git(repo, "show", "HEAD:plans/0001-run.md") == path.read_text(encoding="utf-8")


def test_the_gates_fingerprint_lists_the_tree_once(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_plan(repo, [row("1", "`true`")], gates=["| Notes | `grep -q keep notes.txt` | exit 0 |"])
    (repo / "notes.txt").write_text("keep\n", encoding="utf-8")  # untracked: it counts
    log = _logging_git(tmp_path, monkeypatch)
    assert plan("gates").code == 0
    listings = [c for c in _calls(log) if c.startswith("ls-files")]
    # The index and the untracked files in one `ls-files`, and the commit's own check of
    # whether the plan is tracked: two, where the fingerprint alone was two.
    assert len(listings) == 2, listings
    assert "gate Notes up to date" in plan("gates").out
    (repo / "notes.txt").write_text("gone\n", encoding="utf-8")
    again = plan("gates", "--json")
    assert again.code == 1, again.out
    assert [r["status"] for r in again.json()["results"]] == ["failed"]
