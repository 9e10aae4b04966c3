"""Git, through GitPython's `repo.git` (never its index writer); the only importer of git."""

from __future__ import annotations

import os
from pathlib import Path

from runner.errors import VcsError

DEMO_IDENTITY = {
    "GIT_AUTHOR_NAME": "plan demo",
    "GIT_AUTHOR_EMAIL": "demo@plan.invalid",
    "GIT_COMMITTER_NAME": "plan demo",
    "GIT_COMMITTER_EMAIL": "demo@plan.invalid",
}


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
        raise VcsError(f"git failed: {exc.stderr.strip() or exc}") from None
