"""The errors a user can act on, each with its exit code (README, "Exit codes").

Every error has one text, written here from keyword-only context (copier's way): the place
that raises it says what happened (`UnknownTaskError(task_id=..., plan=...)`), never how to
word it, and a caller that needs to know what went wrong reads the fields (`code`, `path`,
`line`, `task_id`), never the words. Errors are raised once; the CLI's boundary, MCP and
`plan lint` only render them. A failed command is not an error: it is a result.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

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
    """The shell's code for a run stopped by a signal: 130 for Ctrl-C, 143 for SIGTERM, 129
    for SIGHUP."""
    import signal

    if signum == signal.SIGINT:
        return EXIT_INTERRUPTED
    if signum == signal.SIGTERM:
        return EXIT_TERMINATED
    return 128 + signum


MESSAGE_LIMIT = 2000


def bounded(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """An error's words at most `limit` characters long: a value echoed from the input (a
    10 MB task ID sent to MCP) is shown by its start and end."""
    if len(text) <= limit:
        return text
    return f"{text[: limit * 2 // 3]} … ({len(text) - limit} characters) … {text[-limit // 4 :]}"


class PlanError(Exception):
    """An error the user can act on; printed plainly (`path:line: message`), never as a
    traceback. `code` is the lint code the error also is (`P001`, `P002`), if any."""

    exit_code: ClassVar[int] = EXIT_UNUSABLE
    code: ClassVar[str | None] = None

    def __init__(self, reason: str, *, path: str | None = None, line: int | None = None):
        reason = bounded(reason)
        self.reason = reason  # what went wrong, in words
        self.message = f"{self.code} {reason}" if self.code else reason
        self.path = path
        self.line = line
        super().__init__(self.render())

    def render(self) -> str:
        """`path:line: CODE reason`, with whatever location is known."""
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return where + self.message


class UsageError(PlanError):
    """Bad option, unknown ID, plan not found or ambiguous (exit 2)."""

    exit_code = EXIT_USAGE


class ResultsFileError(UsageError):
    """`plan ci collect`: a results file it cannot take (truncated, not `plan`'s, another
    plan's, another version of the plan's commands, a gate the plan no longer has); nothing
    is written (exit 2)."""

    def __init__(self, *, path: str, why: str) -> None:
        super().__init__(why, path=path)


class UnusablePlanError(PlanError):
    """The plan cannot be used, or a change would have to rewrite what it must not (exit 3);
    nothing is written."""

    exit_code = EXIT_UNUSABLE


class LockedError(PlanError):
    """Another run holds the plan's lock (exit 5)."""

    exit_code = EXIT_LOCKED

    def __init__(self, *, path: str, holder: str = "") -> None:
        self.holder = holder
        by = f" ({holder})" if holder else ""
        super().__init__(
            f"another plan run holds the lock on this plan{by}; wait for it with --wait SECONDS",
            path=path,
        )


class VcsError(PlanError):
    """Git refused; the plan was written but not committed (exit 6). The text is git's."""

    exit_code = EXIT_GIT


class EngineError(PlanError):
    """The execution engine (doit) could not run the jobs; nothing is recorded (exit 70)."""

    exit_code = EXIT_INTERNAL


# --- usage errors a command meets in many places, each with its one text ---------------


class UnknownTaskError(UsageError):
    """A task ID the plan does not have."""

    def __init__(self, *, task_id: str, plan: str, known: Sequence[str] | None = None) -> None:
        self.task_id = task_id
        ids = ""
        if known is not None:
            listed = ", ".join(known[:12]) + (" ..." if len(known) > 12 else "")
            ids = f" (IDs: {listed or 'none'})"
        super().__init__(f"no task '{task_id}' in {plan}{ids}")


class NoPlansError(UsageError):
    """Nothing to work on: the plans folder (or the folders searched) holds no plan."""

    def __init__(self, *, looked_in: str) -> None:
        self.looked_in = looked_in
        super().__init__(
            f'no plans in {looked_in}; name one, or create one with `plan new "Title"`'
        )


class WhichPlanError(UsageError):
    """No plan named, and the plans folder holds several that could be meant (or none open)."""

    def __init__(self, *, why: str, found: Sequence[str]) -> None:
        self.why = why
        self.found = tuple(found)
        super().__init__(f"which plan? {why}: {', '.join(found)}; name one (or set PLAN_FILE)")


class OutsideRepositoryError(UsageError):
    """A path that resolves, symlinks followed, outside the plan's repository."""

    def __init__(self, *, shown: str, root: str, what: str) -> None:
        self.shown = shown
        self.root = root
        super().__init__(
            f"{shown} is outside the repository ({root}); plan only works on {what} inside it"
        )


class StateLinkError(UsageError):
    """The runner's state folder, or a folder in it, is a symlink that leads out of it."""

    def __init__(self, *, shown: str, target: str, outside: str) -> None:
        self.shown = shown
        super().__init__(
            f"{shown} leads to {target}, outside {outside}; plan keeps its logs and results"
            " only in its own state folder and never writes through a link out of it:"
            " remove the link"
        )


class PathError(UsageError):
    """An OS error on a path (too long, not a folder, no permission), in words."""

    def __init__(self, *, shown: str, why: str) -> None:
        self.shown = shown
        self.why = why
        if len(shown) > 120:
            shown = shown[:60] + "…" + shown[-40:]
        super().__init__(f"{shown}: {why}")

    @classmethod
    def of(cls, exc: OSError, shown: str | None = None) -> PathError:
        """The error for an OS error on `shown` (else the path the error names)."""
        import errno

        words = {
            errno.ENAMETOOLONG: "the name is too long",
            errno.ENOTDIR: "a part of the path is not a folder",
            errno.ELOOP: "too many levels of symbolic links",
            errno.EACCES: "permission denied",
            errno.EPERM: "permission denied",
        }
        name = shown if shown is not None else exc.filename
        why = words.get(exc.errno or 0) or exc.strerror or str(exc)
        return cls(shown=str(name) if name is not None else "a path", why=why)


class SettingsError(UsageError):
    """`[tool.plan]` in pyproject.toml cannot be used."""

    def __init__(self, problem: str, *, path: str) -> None:
        super().__init__(problem, path=path)


# --- plans that cannot be used ---------------------------------------------------------


class NotUtf8PlanError(UnusablePlanError):
    """The plan is not UTF-8 (lint P001): `line` is the line of the first bad byte."""

    code = "P001"

    def __init__(self, *, path: str, line: int | None, detail: str) -> None:
        super().__init__(f"{detail}; save the plan as UTF-8", path=path, line=line)


class ConflictMarkersError(UnusablePlanError):
    """The plan holds git's conflict markers (lint P003): an unresolved merge. `conflicts`
    are each conflict's (first line, last line, what it is), for lint to show them all."""

    code = "P003"

    def __init__(self, *, path: str, conflicts: Sequence[tuple[int, int, str]]) -> None:
        self.conflicts = tuple(conflicts)
        first = self.conflicts[0]
        more = len(self.conflicts) - 1
        also = f" (and {more} more: `plan lint` lists them)" if more else ""
        super().__init__(
            f"{first[2]}{also}; the plan is not used until the merge is resolved"
            " (nothing was run or written)",
            path=path,
            line=first[0],
        )


class NoTrackerError(UnusablePlanError):
    """The plan has no task table and no Progress checklist (lint P002)."""

    code = "P002"
    TEXT = "no task table: no status table and no Progress checklist"

    def __init__(self, *, path: str, why: str = "") -> None:
        super().__init__(why or self.TEXT, path=path)


class UnreadablePlanError(UnusablePlanError):
    """The plan's file cannot be read (lint P000)."""

    code = "P000"

    def __init__(self, *, path: str, why: str) -> None:
        super().__init__(f"cannot read: {why}", path=path)


class UnknownStatusError(UnusablePlanError):
    """A Status cell the command would write over or decide from is not a known key (P106)."""

    def __init__(self, *, what: str, key: str, path: str, line: int | None) -> None:
        self.key = key
        super().__init__(
            f"{what} has unknown status key '{key}' (P106); fix the cell or define the key"
            " in the legend",
            path=path,
            line=line,
        )


class MalformedRowError(UnusablePlanError):
    """A change would have to rewrite a row with the wrong number of cells."""

    def __init__(self, *, what: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(
            f"{what} is on a row with the wrong number of cells; fix the row first"
            " (nothing was written)",
            path=path,
            line=line,
        )


class OpenPartError(UnusablePlanError):
    """`plan done` of a checklist item whose sub-item is open: a parent passes when its
    parts are done (P106 would read the tick back as unknown); nothing is written."""

    code = "P106"

    def __init__(self, *, task_id: str, part: int, path: str, line: int | None) -> None:
        super().__init__(
            f"task {task_id} cannot be marked done while its sub-item on line {part} is open;"
            " tick or skip the sub-item first (nothing was written)",
            path=path,
            line=line,
        )
