"""Committing exactly the plan file, with git's own reason when it refuses."""

from __future__ import annotations

import os
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from runner.errors import VcsError
from runner.markdown.patterns import later
from runner.vcs.base import _error, _repo


@dataclass(frozen=True)
class CommitOutcome:
    """A commit's sha, or a notice saying why there is none (not a repository: no refusal).

    Git refusing is always a `VcsError`, whatever step refused.
    """

    sha: str | None
    notice: str = ""


def _in_progress(git_dir: Path) -> str:
    for name, what in (
        ("MERGE_HEAD", "a merge"),
        ("rebase-merge", "a rebase"),
        ("rebase-apply", "a rebase or am"),
        ("CHERRY_PICK_HEAD", "a cherry-pick"),
        ("REVERT_HEAD", "a revert"),
        ("BISECT_LOG", "a bisect"),
    ):
        if (git_dir / name).exists():
            return what
    return ""


LOCK_WAIT_S = 10.0  # how long a commit waits for another git process's index lock
_LOCKED = later(r"Unable to create '[^']*\.lock': File exists|cannot lock ref", re.I)
_NOTHING = later(r"nothing (added )?to commit|no changes added to commit", re.I)


def commit_plan(
    root: Path,
    plan: Path,
    message: str,
    *,
    no_verify: bool = False,
    also: tuple[str, ...] = (),
) -> CommitOutcome:
    """Commit exactly the plan file (`git commit --only`); the user's other changes stay put.

    A symlinked plan is committed with the file it names (when that is in the repository),
    since that is the file a run writes. `also` are further paths (relative to the root) to
    commit with it, as they are in the work tree: an agent's work that `plan loop` proved
    (new files are added, deleted ones removed). Another git process holding the index lock
    is waited for, up to `LOCK_WAIT_S`.
    """
    import git

    repo = _repo(root)
    if repo is None:
        return CommitOutcome(
            None, notice="not a git repository: the plan is written, not committed"
        )
    git_dir = Path(repo.git_dir)
    rel = os.path.relpath(plan, root)
    _can_commit(repo, git_dir, rel)
    paths = _plan_paths(root, plan)
    paths += [p for p in also if p not in paths]
    # Paths are names, never patterns: a file called `*.md` is that one file.
    env = {"GIT_LITERAL_PATHSPECS": "1"}
    try:
        known = set(str(repo.git.ls_files("-z", "--", *paths, env=env)).split("\0"))
        untracked = [p for p in paths if p not in known]
        if untracked:
            _retrying(lambda: repo.git.add("--", *untracked, env=env))
        # The message from a file: a run of thousands of tasks writes a message longer than
        # one argument may be ("Argument list too long", issue 19).
        import tempfile

        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", prefix="plan-commit-", suffix=".txt", dir=git_dir
        ) as fh:
            fh.write(message)
            fh.flush()
            args = ["--only", "-q", "-F", fh.name, *(["--no-verify"] if no_verify else [])]
            _retrying(lambda: repo.git.commit(*args, "--", *paths, env=env))
        return CommitOutcome(str(repo.git.rev_parse("HEAD")), notice=_lost_trailers(repo, message))
    except git.GitCommandError as exc:
        detail = _error(exc)
        if _NOTHING.search(detail):
            return CommitOutcome(None, notice="nothing to commit: the plan is as last committed")
        why = _refusal(repo, root, rel, detail, no_verify=no_verify)
        raise VcsError(f"git commit failed{why}: {detail}") from None


def _lost_trailers(repo: Any, message: str) -> str:
    """A notice when the commit kept fewer of plan's trailers than it was given: a
    `commit-msg` hook that rewrites messages took them, and `plan history` reads results from
    them (the fifth pass of issue 19 found this silent). "" when all are there."""
    wanted = [ln for ln in message.splitlines() if ln.startswith("Plan-")]
    if not wanted:
        return ""
    kept = str(repo.git.log("-1", "--format=%(trailers:only,unfold)")).splitlines()
    lost = [ln for ln in wanted if ln not in kept]
    if not lost:
        return ""
    return (
        f"the commit lost {len(lost)} of plan's {len(wanted)} trailers (a commit-msg hook"
        " rewrote the message?): `plan history` will not list what they held"
    )


def _plan_paths(root: Path, plan: Path) -> list[str]:
    """The plan's path for git, and the file it links to when that is in the repository."""
    paths = [os.path.relpath(plan, root)]
    try:
        real = plan.resolve()
        target = os.path.relpath(real, root.resolve())
    except (OSError, ValueError):
        return paths
    if real != plan.absolute() and not target.startswith(".."):
        paths.append(target)
    return paths


def _retrying(step: Callable[[], object]) -> None:
    """Run a git step; while another git process holds a lock, try again with jittered
    backoff, for `LOCK_WAIT_S` at most (issue 11: concurrent runs on several plans)."""
    import git

    deadline = time.monotonic() + LOCK_WAIT_S
    delay = 0.05
    while True:
        try:
            step()
            return
        except git.GitCommandError as exc:
            pause = delay * random.uniform(0.5, 1.5)
            if not _LOCKED.search(_error(exc)) or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        delay = min(delay * 2, 1.0)


def _refusal(repo: Any, root: Path, rel: str, detail: str, *, no_verify: bool) -> str:
    """A hint that matches why git refused: an ignored plan, a hook that ran, a lock."""
    if "ignored by one of your .gitignore files" in detail:
        return (
            f" ({rel} is ignored by .gitignore; add it once with `git add -f {rel}`,"
            " or stop ignoring it)"
        )
    if _LOCKED.search(detail):
        return f" (another git process held the lock for {LOCK_WAIT_S:.0f}s)"
    ran = [] if no_verify else commit_hooks(repo, root)
    if ran:
        return f" (the {' or '.join(ran)} hook refused it; fix what it says, or pass --no-verify)"
    return ""


def commit_hooks(repo: Any, root: Path) -> list[str]:
    """The commit hooks git will run here: executable files in core.hooksPath or the hooks
    folder."""
    import git

    try:
        configured = str(repo.git.config("--get", "core.hooksPath")).strip()
    except git.GitCommandError:
        configured = ""
    if configured:
        folder = Path(configured).expanduser()
        folder = folder if folder.is_absolute() else root / folder
    else:
        folder = Path(repo.common_dir) / "hooks"
    names = ("pre-commit", "prepare-commit-msg", "commit-msg")
    return [n for n in names if (folder / n).is_file() and os.access(folder / n, os.X_OK)]


def _can_commit(repo: Any, git_dir: Path, rel: str) -> None:
    """Refuse (VcsError) when git is mid-operation, HEAD is detached or nobody is named."""
    import git

    doing = _in_progress(git_dir)
    if doing:
        raise VcsError(
            f"{doing} is in progress; finish it, then commit the plan with"
            f" `git commit --only -- {rel}`"
        )
    try:
        repo.git.symbolic_ref("--quiet", "HEAD")
    except git.GitCommandError:
        raise VcsError(
            "HEAD is detached; switch to a branch, then commit the plan (or pass --no-commit)"
        ) from None
    try:
        repo.git.var("GIT_COMMITTER_IDENT")
        repo.git.var("GIT_AUTHOR_IDENT")
    except git.GitCommandError:
        raise VcsError(
            "git has no identity here; set one with `git config"
            ' user.name "Your Name"` and `git config user.email you@example.com`'
            " (or pass --no-commit)"
        ) from None
