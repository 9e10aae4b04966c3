"""The demo's repository and the git reads its tour shows (`vcs.first_commit` and friends)."""

from __future__ import annotations

from pathlib import Path

import pytest

from runner import demo, vcs
from runner.errors import VcsError
from tests.conftest import git


def test_first_commit_log_and_diff_since_read_the_repository(repo: Path) -> None:
    root_sha = git(repo, "rev-parse", "HEAD").strip()
    (repo / "plans").mkdir()
    (repo / "plans" / "a.md").write_text("one\n", encoding="utf-8")
    git(repo, "add", "plans")
    git(repo, "commit", "-q", "-m", "add a plan")
    (repo / "plans" / "a.md").write_text("two\n", encoding="utf-8")
    (repo / "README.md").write_text("# changed\n", encoding="utf-8")

    assert vcs.first_commit(repo) == root_sha
    assert vcs.log_oneline(repo) == git(repo, "log", "--oneline").rstrip("\n")
    assert [ln.split(" ", 1)[1] for ln in vcs.log_oneline(repo).splitlines()] == [
        "add a plan",
        "initial",
    ]
    since_root = vcs.diff_since(repo, root_sha, "plans")
    assert "+two" in since_root
    assert "README" not in since_root
    assert since_root == git(repo, "diff", "--no-color", root_sha, "--", "plans").rstrip("\n")
    unstaged = vcs.diff_since(repo, None, "plans")
    assert "-one" in unstaged
    assert "+two" in unstaged


def test_git_reads_refuse_plainly(plain_dir: Path, repo: Path) -> None:
    with pytest.raises(VcsError, match="not a git repository"):
        vcs.log_oneline(plain_dir)
    with pytest.raises(VcsError, match=r"git diff failed: .*no-such-rev"):
        vcs.diff_since(repo, "no-such-rev", "plans")


def test_the_demo_repository_has_one_commit_with_the_plan(tmp_path: Path) -> None:
    plan = demo.create(tmp_path / "demo")
    root = tmp_path / "demo"
    assert plan == root / "plans" / "0001-greeting-script.md"
    assert len(vcs.log_oneline(root).splitlines()) == 1
    assert vcs.first_commit(root) == git(root, "rev-parse", "HEAD").strip()
    assert vcs.diff_since(root, vcs.first_commit(root), "plans") == ""
