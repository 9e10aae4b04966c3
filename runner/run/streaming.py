"""Commands' output shown where the run is: as it comes when one job runs, in whole lines
prefixed `[task P1.T2] ` or `[gate Tests] ` when several run at once, so lines of two jobs
never mix. Whatever the command printed last ends with a newline before anything else."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

# One lock for every echo: two jobs writing to the same stream take turns per line.
_LOCK = threading.Lock()


class Echo(Protocol):
    """Where a command's output is copied as it comes (a binary stream)."""

    def write(self, data: bytes, /) -> object: ...

    def flush(self) -> object: ...


class LineEcho:
    """Copies a job's output to `target`: each whole line after `prefix` (partial lines wait
    for their end), or everything at once when there is no prefix."""

    def __init__(self, target: Echo, prefix: bytes = b"") -> None:
        self.target = target
        self.prefix = prefix
        self.partial = b""
        self.open_line = False  # without a prefix: the last byte written was not a newline

    def write(self, data: bytes) -> int:
        """Take a chunk of output."""
        if not data:
            return 0
        if not self.prefix:
            with _LOCK:
                self.target.write(data)
                self.open_line = not data.endswith(b"\n")
            return len(data)
        *lines, self.partial = (self.partial + data).split(b"\n")
        if lines:
            with _LOCK:
                self.target.write(b"".join(self.prefix + ln + b"\n" for ln in lines))
        return len(data)

    def flush(self) -> None:
        """Pass whole lines on now."""
        with _LOCK:
            self.target.flush()

    def close(self) -> None:
        """End what is left as a line of its own."""
        with _LOCK:
            if self.partial:
                self.target.write(self.prefix + self.partial + b"\n")
                self.partial = b""
            elif self.open_line:
                self.target.write(b"\n")
                self.open_line = False
            self.target.flush()


def prefix_for(label: str) -> bytes:
    """`[task P1.T2] `."""
    return f"[{label}] ".encode()


@contextmanager
def job_echo(target: Echo | None, label: str | None) -> Iterator[LineEcho | None]:
    """An echo for one job's commands (prefixed with its label when given); closed after."""
    if target is None:
        yield None
        return
    echo = LineEcho(target, prefix_for(label) if label else b"")
    try:
        yield echo
    finally:
        echo.close()
