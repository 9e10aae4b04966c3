"""The work tree's fingerprint, for the gates' up-to-date check."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from runner.errors import VcsError
from runner.vcs.base import _error, _repo
from runner.workspace.bounded import untracked_digest


def fingerprint(root: Path, exclude: Path, outputs: tuple[Path, ...] = ()) -> str | None:
    """The work tree's content (index, unstaged changes, untracked files) minus some files.

    Gates are up to date when this and their commands are what they were when they
    last passed; the plan file is left out because every run rewrites it, and so are the
    run's own `outputs` (a JUnit file, a step summary) that the tree holds.
    """
    import git

    repo = _repo(root)
    if repo is None:
        return None
    rels = [os.path.relpath(p, root) for p in (exclude, *outputs)]
    specs = [f":(exclude,literal){r}" for r in rels if not r.startswith("..")]
    h = hashlib.sha256()
    try:
        h.update(repo.git.ls_files("-s", "-z", "--", ".", *specs).encode())
        h.update(repo.git.diff("--no-ext-diff", "--binary", "--", ".", *specs).encode())
        others = repo.git.ls_files("-o", "--exclude-standard", "-z", "--", ".", *specs)
        untracked = [p for p in others.split("\0") if p]
    except git.GitCommandError as exc:
        raise VcsError(f"cannot read the work tree: {_error(exc)}") from None
    for name in untracked:
        h.update(name.encode() + b"\0")
        h.update(untracked_digest(root / name))
    return h.hexdigest()
