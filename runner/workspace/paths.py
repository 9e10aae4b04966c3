"""One rule for "inside the repository", and OS errors on paths as usage errors; no git.

Every file `plan` reads or writes for a plan (the plan itself, the plans folder, whatever
a symlink on the way points at) must resolve, symlinks followed, inside the repository the
plan belongs to; `inside` is the one place that decides it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from runner.errors import OutsideRepositoryError, PathError


def inside(root: Path, path: Path, *, what: str = "plans", shown: str | None = None) -> Path:
    """`path` with every symlink resolved, when that is inside `root` (also resolved);
    else a usage error (exit 2) naming both."""
    with os_errors(shown or str(path)):
        real_root = root.resolve()
        real = path.resolve()
    if real != real_root and real_root not in real.parents:
        raise OutsideRepositoryError(shown=shown or str(path), root=str(real_root), what=what)
    return real


def lexical(path: Path) -> Path:
    """An absolute path with `.` and `..` folded but no symlink followed."""
    return Path(os.path.abspath(path))


def repository_of(path: Path) -> Path:
    """The folder of the nearest `.git` above `path` as written (symlinks not followed, so
    a symlinked folder cannot move a plan into another repository); else its own folder."""
    start = lexical(path).parent
    for folder in (start, *start.parents):
        if os.path.lexists(folder / ".git"):
            return folder
    return start


@contextmanager
def os_errors(shown: str) -> Iterator[None]:
    """Turn an OS error on a path into `plan: error: PATH: why` (exit 2)."""
    try:
        yield
    except OSError as exc:
        if isinstance(exc, (BlockingIOError, InterruptedError)):
            raise
        raise PathError.of(exc, str(exc.filename or shown)) from None


def aside_name(path: Path) -> Path:
    """Where a piece of the runner's own state that is in the way (a file where a folder
    belongs, a folder where a lock file does) is kept: `NAME.set-aside`, or `.set-aside.2`,
    `.3`, ... beside it when that is taken."""
    aside = path.with_name(f"{path.name}.set-aside")
    k = 1
    while aside.exists() or aside.is_symlink():
        k += 1
        aside = path.with_name(f"{path.name}.set-aside.{k}")
    return aside
