"""Snapshots of the work tree and what changed between them; the plan committed with an
agent's work (issue 21)."""

from __future__ import annotations

import os
from pathlib import Path

from runner import vcs
from runner.vcs.snapshot import Changes
from tests.conftest import git


def test_changes_name_every_file_added_edited_or_deleted(repo: Path) -> None:
    (repo / "old.txt").write_text("a\nb\n", encoding="utf-8")
    (repo / ".gitignore").write_text("ignored/\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "files")
    (repo / "staged.txt").write_text("mine\n", encoding="utf-8")
    git(repo, "add", "staged.txt")
    index_before = (repo / ".git" / "index").read_bytes()
    before = vcs.snapshot(repo)
    (repo / "new.txt").write_text("1\n2\n3\n", encoding="utf-8")
    (repo / "README.md").unlink()
    (repo / "old.txt").write_text("a\nc\n", encoding="utf-8")
    (repo / "ignored").mkdir()
    (repo / "ignored" / "x").write_text("x\n", encoding="utf-8")
    changed = vcs.changes(repo, before, vcs.snapshot(repo))
    assert changed.paths == ("README.md", "new.txt", "old.txt")
    assert (changed.added, changed.removed) == (4, 2)
    assert changed.summary() == "3 files changed, +4 -2 (README.md, new.txt, old.txt)"
    # The user's staging is untouched.
    assert (repo / ".git" / "index").read_bytes() == index_before


def test_nothing_changed_says_so(repo: Path) -> None:
    tree = vcs.snapshot(repo)
    assert vcs.changes(repo, tree, vcs.snapshot(repo)) == Changes()
    assert Changes().summary() == "no files changed"
    many = Changes(tuple(f"f{i}" for i in range(7)), 7, 0)
    assert many.summary(limit=2) == "7 files changed, +7 -0 (f0, f1 and 5 more)"


def test_outside_git_there_is_no_snapshot(plain_dir: Path) -> None:
    assert vcs.snapshot(plain_dir) is None
    assert vcs.changes(plain_dir, None, None) == Changes()


def test_the_plan_is_committed_with_the_files_named_and_nothing_else(repo: Path) -> None:
    plan = repo / "plan.md"
    plan.write_text("# plan\n", encoding="utf-8")
    (repo / "work.txt").write_text("done\n", encoding="utf-8")
    (repo / "*.md").write_text("a file named like a pattern\n", encoding="utf-8")
    (repo / "README.md").unlink()
    (repo / "users.txt").write_text("the user's own\n", encoding="utf-8")
    out = vcs.commit_plan(repo, plan, "plan: work", also=("work.txt", "*.md", "README.md"))
    assert out.sha
    committed = git(repo, "show", "--name-status", "--format=", "HEAD").splitlines()
    assert committed == ["A\t*.md", "D\tREADME.md", "A\tplan.md", "A\twork.txt"]
    assert git(repo, "status", "--porcelain") == "?? users.txt\n"


def test_a_racily_clean_file_is_read_again_not_trusted(repo: Path) -> None:
    # A file rewritten (same size) within the clock tick in which the index recorded it
    # looks unchanged by its stat; git reads it again only while the index is no newer than
    # it ("racily clean"). The snapshot works on a copy of the index: a copy with a newer
    # mtime made git trust the stale stat and miss the edit (the flaky suite run). The tick
    # is made certain here: ctime is not trusted, and the mtimes are set by hand.
    git(repo, "config", "core.trustctime", "false")
    f = repo / "same.txt"
    f.write_text("one\n", encoding="utf-8")
    git(repo, "add", "same.txt")
    git(repo, "commit", "-q", "-m", "same")
    # The index records the file at a moment well in the past ...
    tick = f.stat().st_mtime_ns - 100 * 10**9
    os.utime(f, ns=(tick, tick))
    git(repo, "update-index", "--refresh")
    before = vcs.snapshot(repo)
    # ... and the file is rewritten in that same tick, the index last written then too.
    f.write_text("two\n", encoding="utf-8")
    os.utime(f, ns=(tick, tick))
    index = repo / ".git" / "index"
    os.utime(index, ns=(tick, tick))
    assert git(repo, "diff", "--name-only").strip() == "same.txt"  # git itself sees it
    changed = vcs.changes(repo, before, vcs.snapshot(repo))
    assert changed.paths == ("same.txt",)
