"""What every part of `runner.vcs` shares: the repository, git's error text, the demo's identity."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from runner.errors import VcsError

DEMO_IDENTITY = {
    "GIT_AUTHOR_NAME": "plan demo",
    "GIT_AUTHOR_EMAIL": "demo@plan.invalid",
    "GIT_COMMITTER_NAME": "plan demo",
    "GIT_COMMITTER_EMAIL": "demo@plan.invalid",
}
TRAILER_KEYS = ("Plan-File", "Plan-Task", "Plan-Gate", "Plan-Result")
FILE_KEY, TASK_KEY, GATE_KEY, RESULT_KEY = TRAILER_KEYS


def _repo(root: Path) -> Any:
    import git

    try:
        return git.Repo(root)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None


def _error(exc: Any) -> str:
    text = (getattr(exc, "stderr", "") or "").strip() or (getattr(exc, "stdout", "") or "").strip()
    text = text.removeprefix("stderr: ").strip().strip("'").strip()
    return text or str(exc)


def init_with_commit(folder: Path, message: str) -> None:
    """`git init` and one commit of everything in the folder (used by `plan demo`)."""
    import git

    try:
        repo = git.Repo.init(folder, initial_branch="main")
        repo.git.add("--all")
        # The demo must work on a machine with no git identity set.
        env = {k: v for k, v in DEMO_IDENTITY.items() if k not in os.environ}
        repo.git.commit("-q", "-m", message, env=env or None)
    except git.GitCommandError as exc:
        raise VcsError(f"git failed: {_error(exc)}") from None


def branch(root: Path) -> str | None:
    """The current branch, `detached HEAD`, or None outside git."""
    repo = _repo(root)
    if repo is None:
        return None
    try:
        return str(repo.git.symbolic_ref("--quiet", "--short", "HEAD"))
    except Exception:
        return "detached HEAD"


def head(root: Path) -> str | None:
    """Where HEAD is: `BRANCH at SHA` (`detached HEAD at SHA`), or None outside git or before
    the first commit. Two runs of it differ when a branch was switched or HEAD moved. One
    git process (`rev-parse HEAD --symbolic-full-name HEAD`): a run asks before and after
    its commands."""
    repo = _repo(root)
    if repo is None:
        return None
    try:
        sha, ref = str(repo.git.rev_parse("HEAD", "--symbolic-full-name", "HEAD")).split()
    except Exception:
        return None
    if ref == "HEAD":
        return f"detached HEAD at {sha}"
    return f"{ref.removeprefix('refs/heads/')} at {sha}"


def moved_by_plans_only(root: Path, before: str | None, after: str | None) -> bool:
    """Whether HEAD went from `before` to `after` (each `BRANCH at SHA`) on the same branch
    by commits that change plans only (Markdown files): another plan's run committing its
    plan while this one ran. A branch switched, a reset, a rebase, or a commit of anything
    else is a move the results must not survive."""
    if before is None or after is None:
        return False
    where, _, old = before.rpartition(" at ")
    there, _, new = after.rpartition(" at ")
    if where != there or where == "detached HEAD":
        return False
    repo = _repo(root)
    if repo is None:
        return False
    try:
        repo.git.merge_base("--is-ancestor", old, new)
        names = str(repo.git.diff("--name-only", "-z", old, new)).split("\0")
    except Exception:
        return False
    return all(n.endswith(".md") for n in names if n)
