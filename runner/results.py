"""What a run did, as typed values: one `Result` per task or gate; pure.

Every report (JSON, JUnit, the step summary, MCP, the terminal) is drawn from these in the
reporting layer; nothing else builds result documents.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from runner.model import Status


class Kind(enum.Enum):
    """A result is for a task (named by its ID) or a gate (named by its name)."""

    TASK = "task"
    GATE = "gate"


class ResultStatus(enum.Enum):
    """How a task or gate came out of one run."""

    PASSED = "passed"
    FAILED = "failed"
    UP_TO_DATE = "up_to_date"  # a gate skipped because nothing changed since it passed
    NOT_RUN = "not_run"  # set aside: a dependency not done, or not reached after a failure
    INTERRUPTED = "interrupted"  # stopped by Ctrl-C, SIGTERM or a cancelled MCP call
    MANUAL = "manual"  # nothing to run: a person or agent marks it done
    MARKED = "marked"  # its status was set by hand (done, fail, reset)


@dataclass(frozen=True)
class CommandRun:
    """One command's outcome; `explain` is the line of its output that says what went wrong."""

    command: str
    exit_code: int | None
    duration_s: float
    timed_out: bool
    log: str
    explain: str = ""
    interrupted: bool = False


@dataclass(frozen=True)
class Result:
    """One task or gate in one run.

    `status` is the meaning the plan holds for it after the run (JSON's `status` is always a
    meaning, CLI.md), `outcome` what happened this time.
    """

    kind: Kind
    name: str
    outcome: ResultStatus
    status: Status | None
    commands: tuple[CommandRun, ...] = ()
    duration_s: float = 0.0
    reason: str = ""
