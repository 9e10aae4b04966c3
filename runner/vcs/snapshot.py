"""The work tree as a git tree object, and what changed between two of them: how `plan loop`
knows which files an agent changed (and commits exactly those) without touching the user's
index."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from runner.vcs.base import _repo


@dataclass(frozen=True)
class Changes:
    """The files that differ between two snapshots, and how many lines were added and
    removed in them (binary files count as changed, with no lines)."""

    paths: tuple[str, ...] = ()
    added: int = 0
    removed: int = 0

    def summary(self, limit: int = 5) -> str:
        """`2 files changed, +10 -3 (src/a.py, tests/t.py)`, as `git diff --stat` sums up."""
        if not self.paths:
            return "no files changed"
        n = len(self.paths)
        names = ", ".join(self.paths[:limit]) + (f" and {n - limit} more" if n > limit else "")
        files = "1 file" if n == 1 else f"{n} files"
        return f"{files} changed, +{self.added} -{self.removed} ({names})"


def snapshot(root: Path) -> str | None:
    """A tree object holding the work tree as it is now (tracked and untracked files, what
    git ignores left out), built in a temporary index so the user's staging is untouched;
    None outside git. Starting from a copy of the index, git hashes only what changed."""
    import git

    repo = _repo(root)
    if repo is None:
        return None
    git_dir = Path(repo.git_dir)
    with tempfile.TemporaryDirectory(prefix="plan-snapshot-", dir=git_dir) as tmp:
        index = Path(tmp) / "index"
        try:
            # With its mtime: git reads again an entry written in the same tick as the
            # index ("racily clean"); a copy newer than the index would have git trust
            # that entry's stat and miss an edit of the same size (a flaky suite run).
            shutil.copy2(git_dir / "index", index)
        except OSError:
            pass  # a repository with nothing staged yet has no index
        env = {"GIT_INDEX_FILE": str(index)}
        try:
            repo.git.add("--all", "--", ".", env=env)
            return str(repo.git.write_tree(env=env)).strip()
        except git.GitCommandError:
            return None


def changes(
    root: Path, before: str | None, after: str | None, *, leave_out: str | None = None
) -> Changes:
    """What differs between two snapshots (nothing when either is missing), but the file
    `leave_out` (the plan, which the runner itself writes)."""
    import git

    repo = _repo(root)
    if repo is None or before is None or after is None or before == after:
        return Changes()
    try:
        out = str(repo.git.diff("--numstat", "-z", "--no-renames", before, after))
    except git.GitCommandError:
        return Changes()
    paths: list[str] = []
    added = removed = 0
    for record in out.split("\0"):
        if not record.strip():
            continue
        plus, minus, name = record.split("\t", 2)
        if name == leave_out:
            continue
        paths.append(name)
        added += int(plus) if plus.isdigit() else 0
        removed += int(minus) if minus.isdigit() else 0
    return Changes(tuple(paths), added, removed)


def git_setup(root: Path) -> str:
    """A digest of git's own setup in this repository, the part no snapshot of the work tree
    holds: its config, its attributes and exclude files, and its hooks (the hooks folder and
    any `core.hooksPath`). An agent that changes them can make the runner's own commit do
    what it likes (a pre-commit hook or a clean filter that writes a pass into the plan:
    the ninth pass of issue 19). "" outside git."""
    import hashlib
    import re

    from runner.vcs.base import _repo

    repo = _repo(root)
    if repo is None:
        return ""
    digest = hashlib.sha256()
    folders = {Path(repo.git_dir), Path(repo.common_dir)}
    files: list[Path] = []
    for folder in sorted(folders):
        files += [folder / "config", folder / "config.worktree"]
        files += [folder / "info" / "attributes", folder / "info" / "exclude"]
        files += sorted((folder / "hooks").glob("*")) if (folder / "hooks").is_dir() else []
    for config in (f for f in files if f.name.startswith("config")):
        try:
            text = config.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for m in re.finditer(r"(?im)^\s*hookspath\s*=\s*(.+?)\s*$", text):
            hooks = Path(m.group(1).strip('"')).expanduser()
            hooks = hooks if hooks.is_absolute() else root / hooks
            files += sorted(hooks.glob("*")) if hooks.is_dir() else []
    for f in files:
        digest.update(str(f).encode("utf-8", "surrogateescape") + b"\0")
        try:
            st = f.stat()
            digest.update(f"{st.st_mode:o}".encode())
            digest.update(f.read_bytes() if f.is_file() else b"")
        except OSError:
            digest.update(b"-")
    return digest.hexdigest()
