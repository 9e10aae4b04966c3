"""The error hierarchy; each error carries the exit code the CLI returns for it."""

from __future__ import annotations

# Exit codes, documented in README.md ("Exit codes").
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_UNUSABLE = 3
EXIT_MANUAL = 4
EXIT_LOCKED = 5
EXIT_GIT = 6
EXIT_INTERNAL = 70  # a bug in plan itself (sysexits' EX_SOFTWARE)
EXIT_INTERRUPTED = 130  # 128 + SIGINT
EXIT_TERMINATED = 143  # 128 + SIGTERM


def exit_for_signal(signum: int) -> int:
    """The shell's code for a run stopped by a signal: 130 for Ctrl-C, 143 for SIGTERM."""
    import signal

    if signum == signal.SIGINT:
        return EXIT_INTERRUPTED
    if signum == signal.SIGTERM:
        return EXIT_TERMINATED
    return 128 + signum


class PlanError(Exception):
    """An error the user can act on; printed plainly, never as a traceback."""

    exit_code = EXIT_UNUSABLE

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        self.message = message
        self.path = path
        self.line = line
        super().__init__(self.render())

    def render(self) -> str:
        """`path:line: message`, with whatever location is known."""
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return where + self.message


class UsageError(PlanError):
    """Bad option, unknown ID, plan not found or ambiguous."""

    exit_code = EXIT_USAGE


class UnusablePlanError(PlanError):
    """The plan cannot be read, or a change would have to rewrite a malformed row."""

    exit_code = EXIT_UNUSABLE


class LockedError(PlanError):
    """Another run holds the plan's lock."""

    exit_code = EXIT_LOCKED


class VcsError(PlanError):
    """Git refused; the plan was written but not committed."""

    exit_code = EXIT_GIT
