"""Reading files of the work tree that anyone could have put there, with bounded memory and
time and never blocking: counting a file's lines for `plan lint`, and hashing an untracked
file for the gates' fingerprint (issue 11: a link to /dev/zero, a FIFO, `../../etc/x`)."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from pathlib import Path

CHUNK = 1 << 20
MAX_BYTES = 1 << 30  # 1 GiB
MAX_LINES = 10_000_000

OUTSIDE = "names a file outside the repository"
NOT_A_FILE = "names something that is not a regular file"
TOO_LARGE = "names a file too large to check (over 1 GiB or 10 million lines)"


def _open_regular(path: Path) -> int:
    """A descriptor of the regular file at path (never following a last symlink, never
    blocking on a FIFO); OSError for anything else."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise IsADirectoryError(f"not a regular file: {path}")
    return fd


def read_state(path: Path) -> bytes:
    """A state file's bytes (the runner's own, disposable): OSError for anything but a
    regular file, so a FIFO, a folder or a link in its place reads as no state, never a
    hang (issue 19, case 1)."""
    fd = _open_regular(path)
    with os.fdopen(fd, "rb") as fh:
        return fh.read()


def count_lines(root: Path, name: str) -> int | str | None:
    """How many lines the file `name` (relative to root) has; None when it does not exist;
    else why it is not counted: outside the repository (after `..` and symlinks), not a
    regular file, or too large. Never reads more than `MAX_BYTES`."""
    top = Path(os.path.realpath(root))
    real = Path(os.path.realpath(top / name))
    if real != top and top not in real.parents:
        return OUTSIDE
    try:
        info = real.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:  # a name too long, a symlink loop, no permission
        return f"names a file that cannot be read ({exc.strerror})"
    if not stat.S_ISREG(info.st_mode):
        return NOT_A_FILE
    if info.st_size > MAX_BYTES:
        return TOO_LARGE
    try:
        fd = _open_regular(real)
    except OSError:
        return NOT_A_FILE
    lines, size, last = 0, 0, b"\n"
    try:
        while chunk := os.read(fd, CHUNK):
            lines += chunk.count(b"\n")
            size += len(chunk)
            last = chunk[-1:]
            if size > MAX_BYTES or lines > MAX_LINES:
                return TOO_LARGE
    except OSError:
        return NOT_A_FILE
    finally:
        os.close(fd)
    return lines + (0 if last == b"\n" else 1)


def untracked_digest(path: Path) -> bytes:
    """What an untracked file adds to the fingerprint: a regular file's content (streamed;
    past `MAX_BYTES` its size and change time), a symlink's target text (as git stores it,
    never followed), any other kind of file only its type."""
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            return b"link\0" + os.fsencode(os.readlink(path))
        if not stat.S_ISREG(info.st_mode):
            return f"type {stat.S_IFMT(info.st_mode):o}".encode()
        if info.st_size > MAX_BYTES:
            return f"large {info.st_size} {info.st_mtime_ns}".encode()
        fd = _open_regular(path)
    except OSError:
        return b"unreadable"
    h = hashlib.sha256()
    try:
        read = 0
        while read <= MAX_BYTES and (chunk := os.read(fd, CHUNK)):
            h.update(chunk)
            read += len(chunk)
    except OSError:
        return b"unreadable"
    finally:
        os.close(fd)
    return h.digest()


def file_line_counter(root: Path) -> Callable[[str], int | str | None]:
    """`line_count(path)` for paths relative to `root`, read boundedly (`count_lines`);
    cached per file."""
    cache: dict[str, int | str | None] = {}

    def count(path: str) -> int | str | None:
        if path not in cache:
            cache[path] = count_lines(root, path)
        return cache[path]

    return count


LINK_SCAN = 10_000  # entries looked at under one folder input for a link out


def input_leads_out(root: Path) -> Callable[[str], bool]:
    """`leads_out(input)`: whether a gate's declared input (a file, a folder, a glob; issue
    19, case 16), as it is on disk, resolves outside the repository, by a symlink on its
    path or one inside the folder it names (the first LINK_SCAN entries): the fingerprint
    counts such a file as outside and never reads it, which `plan lint` says (P305)."""
    real_root = root.resolve()

    def outside(path: Path) -> bool:
        real = path.resolve()
        return real != real_root and real_root not in real.parents

    def leads_out(item: str) -> bool:
        try:
            if any(c in item for c in "*?["):
                paths = [p for _, p in zip(range(LINK_SCAN), root.glob(item), strict=False)]
            else:
                paths = [root / item]
            for path in paths:
                if not (path.exists() or path.is_symlink()):
                    continue
                if outside(path):
                    return True
                if path.is_dir() and _link_out_under(path, outside):
                    return True
        except (OSError, ValueError, NotImplementedError, RuntimeError):
            return False
        return False

    return leads_out


def _link_out_under(folder: Path, outside: Callable[[Path], bool]) -> bool:
    """Whether a symlink under `folder` (not followed while walking) leads outside."""
    seen = 0
    for top, dirs, files in os.walk(folder):
        for name in dirs + files:
            seen += 1
            if seen > LINK_SCAN:
                return False
            path = Path(top) / name
            if path.is_symlink() and outside(path):
                return True
    return False
