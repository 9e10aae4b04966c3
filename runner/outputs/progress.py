"""Live progress while several tasks or gates run: redrawn lines on a terminal, plain lines
elsewhere; colour unless NO_COLOR is set. Writes to stderr only, so `--json` stays clean."""

from __future__ import annotations

import os
import threading
import time
from typing import IO, TYPE_CHECKING

from runner.plan.redact import for_terminal_line
from runner.plan.results import ResultStatus, not_checked

if TYPE_CHECKING:
    from runner.run.executor import Job, JobResult

_GREEN, _RED, _DIM, _RESET = "\x1b[32m", "\x1b[31m", "\x1b[2m", "\x1b[0m"
_SPIN = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


class Progress:
    """Call `start(job)` and `done(job, result)` from any thread; `close()` at the end."""

    def __init__(
        self,
        stream: IO[str],
        *,
        tty: bool | None = None,
        color: bool | None = None,
        interval: float = 0.2,
    ) -> None:
        self.stream = stream
        self.tty = stream.isatty() if tty is None else tty
        self.color = (self.tty and "NO_COLOR" not in os.environ) if color is None else color
        self.running: dict[str, tuple[str, float]] = {}
        self.reported: set[str] = set()  # labels of the jobs whose result line was written
        self.lock = threading.Lock()
        self.drawn = 0
        self.tick = 0
        self.stop = threading.Event()
        self.thread: threading.Thread | None = None
        if self.tty:
            self.thread = threading.Thread(target=self._loop, args=(interval,), daemon=True)
            self.thread.start()

    def _paint(self, text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if self.color else text

    def _clear(self) -> None:
        if self.drawn:
            self.stream.write(f"\x1b[{self.drawn}F\x1b[J")
            self.drawn = 0

    def _draw(self) -> None:
        now = time.monotonic()
        self.tick += 1
        lines = [
            f"{_SPIN[self.tick % len(_SPIN)]} {label}  {now - started:.1f}s"
            for label, started in self.running.values()
        ]
        for line in lines:
            self.stream.write(self._paint(line, _DIM) + "\n")
        self.drawn = len(lines)
        self.stream.flush()

    def _loop(self, interval: float) -> None:
        while not self.stop.wait(interval):
            with self.lock:
                self._clear()
                self._draw()

    def start(self, job: Job) -> None:
        """A job began."""
        with self.lock:
            self.running[job.key] = (for_terminal_line(job.label), time.monotonic())

    def done(self, job: Job, result: JobResult) -> None:
        """A job finished: its line becomes a result line."""
        with self.lock:
            self.running.pop(job.key, None)
            word = result.status.value.replace("_", " ")
            line = f"{for_terminal_line(job.label)} {word}"
            if result.status in (ResultStatus.PASSED, ResultStatus.FAILED):
                line += f" in {result.duration_s:.1f}s"
            if result.status is ResultStatus.FAILED:
                line = self._paint(f"✘ {line}: {for_terminal_line(result.explain())}", _RED)
                logs = [c.log for c in result.commands if c.exit_code != 0]
                if logs and not self.tty:
                    line += f"\n  log: {logs[0]}"  # as the result line would
            elif result.status is ResultStatus.PASSED:
                said = for_terminal_line(not_checked(result.commands))
                line = self._paint(f"✔ {line}{said}", _GREEN)
            else:
                line = f"- {line}"
            if self.tty:
                self._clear()
            self.stream.write(line + "\n")
            self.reported.add(job.label)
            if self.tty:
                self._draw()
            self.stream.flush()

    def close(self) -> None:
        """Stop redrawing and leave only the result lines."""
        self.stop.set()
        if self.thread is not None:
            self.thread.join()
        with self.lock:
            if self.tty:
                self._clear()
                self.stream.flush()
