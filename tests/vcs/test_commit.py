"""Committing exactly the plan, git trouble, history: real temporary repositories."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, git
from tests.helpers import plan, row, write_plan


def test_only_the_plan_is_committed_and_user_changes_stay(repo: Path) -> None:
    write_plan(repo, [row("1", "`true`")])
    (repo / "staged.txt").write_text("staged\n", encoding="utf-8")
    git(repo, "add", "staged.txt")
    (repo / "README.md").write_text("# demo\nunstaged edit\n", encoding="utf-8")
    cached_before = git(repo, "diff", "--cached")
    unstaged_before = git(repo, "diff")
    r = plan("next", "--json")
    assert r.code == 0
    sha = r.json()["commit"]
    assert git(repo, "show", "--name-only", "--format=", sha).split() == ["plans/0001-run.md"]
    assert git(repo, "diff", "--cached") == cached_before
    assert git(repo, "diff") == unstaged_before
    body = git(repo, "log", "-1", "--format=%B")
    assert body.startswith("plan(0001-run): task 1 passed")
    assert "Plan-Task: 1\nPlan-Result: passed" in body
    assert "Plan-File: plans/0001-run.md" in body


def test_untracked_plan_is_added(repo: Path) -> None:
    folder = repo / "plans"
    folder.mkdir()
    shutil.copy(FIXTURES / "validation.md", folder / "v.md")
    r = plan("done", "-p", "v", "P1.T1", "--json")
    assert r.code == 0
    assert git(repo, "ls-files", "plans").split() == ["plans/v.md"]


def test_no_commit_option_and_setting(repo: Path) -> None:
    write_plan(repo, [row("1", "`true`"), row("2", "`true`")])
    head = git(repo, "rev-parse", "HEAD")
    assert plan("next", "--no-commit", "--json").json()["commit"] is None
    assert git(repo, "rev-parse", "HEAD") == head
    (repo / "pyproject.toml").write_text("[tool.plan]\ncommit = false\n", encoding="utf-8")
    assert plan("next", "--json").json()["commit"] is None
    assert git(repo, "rev-parse", "HEAD") == head


def test_no_identity(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_plan(repo, [row("1", "`true`")])
    for var in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(var)
    monkeypatch.setenv("EMAIL", "")
    git(repo, "config", "user.useConfigOnly", "true")
    r = plan("next")
    assert r.code == 6
    assert "no identity" in r.err
    assert "git config user.name" in r.err
    assert "| X      |" in path.read_text(encoding="utf-8")


def test_failing_hook(repo: Path) -> None:
    path = write_plan(repo, [row("1", "`true`"), row("2", "`true`")])
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'lint says no'\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    head = git(repo, "rev-parse", "HEAD")
    r = plan("next")
    assert r.code == 6
    assert "lint says no" in r.err
    assert "--no-verify" in r.err
    assert git(repo, "rev-parse", "HEAD") == head
    assert "| X      | 1       | 1      |" in path.read_text(encoding="utf-8")
    git(repo, "checkout", "--", "plans")
    assert plan("next", "--no-verify").code == 0
    assert git(repo, "rev-parse", "HEAD") != head


def test_merge_in_progress(repo: Path) -> None:
    path = write_plan(repo, [row("1", "`true`")])
    git(repo, "checkout", "-q", "-b", "other")
    (repo / "README.md").write_text("other\n", encoding="utf-8")
    git(repo, "commit", "-qam", "other")
    git(repo, "checkout", "-q", "main")
    (repo / "README.md").write_text("main\n", encoding="utf-8")
    git(repo, "commit", "-qam", "main")
    with pytest.raises(Exception):  # noqa: B017, PT011 - git exits 1 on the conflict
        git(repo, "merge", "other")
    head = git(repo, "rev-parse", "HEAD")
    r = plan("next")
    assert r.code == 6
    assert "a merge is in progress: finish the merge first" in r.err
    assert "| X      |" in path.read_text(encoding="utf-8")
    assert git(repo, "rev-parse", "HEAD") == head
    assert "README.md" in git(repo, "diff", "--name-only", "--diff-filter=U")  # still merging


def test_a_run_during_a_merge_reaches_history_once_the_merge_is_done(repo: Path) -> None:
    # Issue 20, case 4: a rerun made during a merge went into the merge commit, so `plan
    # history` never showed it. It is refused with the message kept for after the merge.
    import shlex

    path = write_plan(repo, [row("1", "`true`"), row("2", "`true`")])
    git(repo, "checkout", "-q", "-b", "other")
    (repo / "README.md").write_text("other\n", encoding="utf-8")
    git(repo, "commit", "-qam", "other")
    git(repo, "checkout", "-q", "main")
    (repo / "README.md").write_text("main\n", encoding="utf-8")
    git(repo, "commit", "-qam", "main")
    with pytest.raises(Exception):  # noqa: B017, PT011 - git exits 1 on the conflict
        git(repo, "merge", "other")
    assert plan("run", "1").code == 6
    second = plan("run", "2")
    assert second.code == 6
    advice = second.err.rsplit("`git commit --only", 1)[1].split("`")[0]
    (repo / "README.md").write_text("both\n", encoding="utf-8")
    git(repo, "add", "README.md")
    git(repo, "commit", "-q", "--no-edit")
    merge_commit = git(repo, "show", "--name-only", "--format=", "HEAD").split()
    assert merge_commit == ["README.md"]  # the plan stayed out of the merge's own commit
    git(repo, "commit", "--only", *shlex.split(advice))
    assert git(repo, "log", "-1", "--format=%s") == (
        "plan(0001-run): runs recorded while git could not commit them\n"
    )
    history = plan("history", "--json").json()["history"]
    assert [(h["name"], h["result"]) for h in history] == [("1", "passed"), ("2", "passed")]
    assert git(repo, "status", "--porcelain", "--", str(path)) == ""


def test_detached_head(repo: Path) -> None:
    write_plan(repo, [row("1", "`true`")])
    git(repo, "checkout", "-q", "--detach")
    r = plan("next")
    assert r.code == 6
    assert "detached" in r.err


def test_not_a_repository(plain_dir: Path) -> None:
    folder = plain_dir / "plans"
    folder.mkdir()
    shutil.copy(FIXTURES / "validation.md", folder / "v.md")
    r = plan("run", "-p", "v", "P1.T1", "--json")
    assert r.code == 0
    assert r.json()["commit"] is None
    assert "not a git repository" in r.err
    assert "| X      | 1       | 1      | P1.T1 |" in (folder / "v.md").read_text(encoding="utf-8")
    assert (plain_dir / ".plan").is_dir()
    assert "plan session outside git" in (folder / "v.md").read_text(encoding="utf-8")


def test_history_lists_results_in_order(repo: Path) -> None:
    flag = repo / "flag"
    write_plan(repo, [row("1", f"`test -f {flag}`")])
    assert plan("next").code == 1
    flag.write_text("")
    assert plan("next").code == 0
    assert plan("fail", "1").code == 0
    doc = plan("history", "1", "--json").json()
    assert [h["result"] for h in doc["history"]] == ["failed", "passed", "failed"]
    assert "task 1" in plan("history", "1").out


def test_two_runs_and_a_note_share_a_session(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from runner.run import workflow

    clock = [datetime(2026, 5, 1, 8, 0, tzinfo=UTC)]
    monkeypatch.setattr(workflow, "utc_now", lambda: clock[0])
    path = write_plan(repo, [row("1", "`true`"), row("2", "`true`"), row("3", "`true`")])
    assert plan("next").code == 0
    clock[0] += timedelta(minutes=10)
    assert plan("next").code == 0
    clock[0] += timedelta(minutes=10)
    assert plan("journal", "looked at the logs | all fine").code == 0
    text = path.read_text(encoding="utf-8")
    assert text.count("plan session on `main`") == 1
    assert "  - (2026-05-01T08:20:00Z) note: looked at the logs \\| all fine" in text
    assert "- (2026-01-01T00:00Z) Hand-written line.\n- (2026-05-01T08:00:00Z) plan session" in text
    clock[0] += timedelta(hours=3)
    assert plan("next").code == 0
    assert path.read_text(encoding="utf-8").count("plan session on `main`") == 2
    git(repo, "checkout", "-q", "-b", "feature")
    assert plan("journal", "on a branch").code == 0
    assert "plan session on `feature`" in path.read_text(encoding="utf-8")
