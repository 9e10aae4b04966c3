"""The work tree's fingerprint, for the gates' up-to-date check."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from runner.errors import VcsError
from runner.vcs.base import _error, _repo
from runner.workspace.bounded import untracked_digest

# How deep repositories inside repositories are followed (submodules, or a clone inside the
# work tree that git lists as one untracked folder).
NESTED_DEPTH = 4


def fingerprint(
    root: Path, exclude: Path, outputs: tuple[Path, ...] = (), depth: int = 0
) -> str | None:
    """The work tree's content (index, unstaged changes, untracked files) minus some files.

    Gates are up to date when this and their commands are what they were when they
    last passed; the plan file is left out because every run rewrites it, and so are the
    run's own `outputs` (a JUnit file, a step summary) that the tree holds. A repository
    inside the work tree (a checked-out submodule, or a clone git shows as one untracked
    folder) adds its own fingerprint, so an edit in it is a change too (issue 19).
    """
    import git

    repo = _repo(root)
    if repo is None:
        return None
    rels = [os.path.relpath(p, root) for p in (exclude, *outputs)]
    specs = [f":(exclude,literal){r}" for r in rels if not r.startswith("..")]
    h = hashlib.sha256()
    try:
        # One listing of both: untracked files tagged `? ` (first), then the index's
        # entries, each tagged too (`H `, `S `, lowercase for assume-unchanged).
        listed = repo.git.ls_files("-s", "-v", "-o", "--exclude-standard", "-z", "--", ".", *specs)
        records = [r for r in listed.split("\0") if r]
        untracked = [r[2:] for r in records if r.startswith("? ")]
        index = "".join(f"{r}\0" for r in records if not r.startswith("? "))
        h.update(index.encode())
        h.update(repo.git.diff("--no-ext-diff", "--binary", "--", ".", *specs).encode())
    except git.GitCommandError as exc:
        raise VcsError(f"cannot read the work tree: {_error(exc)}") from None
    # The branch checked out: a gate that checks it (`git branch --show-current`) runs
    # again on another branch. A detached HEAD moves with every commit the runner makes, so
    # only "detached" counts (issue 19).
    try:
        head = Path(repo.git_dir, "HEAD").read_text(encoding="utf-8").strip()
    except OSError:
        head = ""
    h.update(b"head\0" + (head if head.startswith("ref:") else "detached").encode() + b"\0")
    entries = [e for e in index.split("\0") if "\t" in e]
    nested = [e.split("\t", 1)[1] for e in entries if e[2:].startswith("160000 ")]
    for e in entries:
        # A file git is told not to look at (`update-index --skip-worktree` or
        # `--assume-unchanged`, sparse checkouts, local config files): git's diff does not
        # see its edits, so its content counts as it is on disk (issue 19, ninth pass).
        if e[0] == "S" or e[0].islower():
            name = e.split("\t", 1)[1]
            h.update(b"flagged\0" + name.encode() + b"\0")
            path = root / name
            h.update(untracked_digest(path) if os.path.lexists(path) else b"missing")
    for name in untracked:
        h.update(name.encode() + b"\0")
        if name.endswith("/"):
            nested.append(name.rstrip("/"))
        else:
            h.update(untracked_digest(root / name))
    for name in nested:
        inner = root / name
        if depth < NESTED_DEPTH and os.path.lexists(inner / ".git") and not inner.is_symlink():
            h.update(b"repository\0" + name.encode() + b"\0")
            h.update((fingerprint(inner, exclude, outputs, depth + 1) or "").encode())
    return h.hexdigest()
