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
# A line longer than this is passed on in pieces of this size, each prefixed: waiting for its
# end kept it all in memory, and joining each chunk to it made the echo quadratic (a gate
# printing 200 MB without a newline ran into its timeout, issue 19).
LONGEST = 65536


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
        self.partial = bytearray()
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
        cut = data.rfind(b"\n")
        if cut < 0:
            self.partial += data
            out = []
            while len(self.partial) >= LONGEST:
                out.append(self.prefix + bytes(self.partial[:LONGEST]) + b"\n")
                del self.partial[:LONGEST]
            if out:
                with _LOCK:
                    self.target.write(b"".join(out))
            return len(data)
        first, *lines = data[:cut].split(b"\n")
        whole = [bytes(self.partial) + first, *lines]
        self.partial = bytearray(data[cut + 1 :])
        with _LOCK:
            self.target.write(b"".join(self.prefix + ln + b"\n" for ln in whole))
        return len(data)

    def flush(self) -> None:
        """Pass whole lines on now."""
        with _LOCK:
            self.target.flush()

    def close(self) -> None:
        """End what is left as a line of its own."""
        with _LOCK:
            if self.partial:
                self.target.write(self.prefix + bytes(self.partial) + b"\n")
                self.partial = bytearray()
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
