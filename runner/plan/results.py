"""What a run did, as typed values: one `Result` per task or gate; pure.

Every report (JSON, JUnit, the step summary, MCP, the terminal) is drawn from these in the
reporting layer; nothing else builds result documents.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from runner.plan.model import Status


class Kind(enum.Enum):
    """A result is for a task (named by its ID), a gate (by its name) or an acceptance check."""

    TASK = "task"
    GATE = "gate"
    ACCEPTANCE = "acceptance"  # one of the plan's acceptance checks (A1, A2 ...)


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
    """One command's outcome; `explain` is the line of its output that says what went wrong.

    `mismatch` says how its output missed what the plan expects ("" when nothing was
    expected or it was met); `judged` is True when a gate's threshold was the whole pass
    condition (`exit 1` passes on exit 1).
    """

    command: str
    exit_code: int | None
    duration_s: float
    timed_out: bool
    log: str
    explain: str = ""
    interrupted: bool = False
    mismatch: str = ""
    judged: bool = False
    # What the plan said to expect but the runner could not read ("" when none): shown
    # "not checked" beside the result in every report.
    unchecked: str = ""
    # The limit it was stopped at (seconds), when it timed out: a command that ignores TERM
    # is killed a grace period later, and "timed out after 4.0s" misread a 2 s limit.
    limit_s: float | None = None
    # The exit statuses of the last pipeline the command ran, as bash said them (None when
    # it did not): which stage gave a pipeline's exit under `pipefail`.
    pipe_statuses: tuple[int, ...] | None = None

    @property
    def passed(self) -> bool:
        """It did what the plan asks: exit 0 (or its threshold met) and its output as expected."""
        if self.mismatch or self.interrupted or self.timed_out:
            return False
        return self.judged or self.exit_code == 0


@dataclass(frozen=True)
class Result:
    """One task or gate in one run.

    `status` is the meaning the plan holds for it after the run (JSON's `status` is always a
    meaning, docs/cli.md), `outcome` what happened this time.
    """

    kind: Kind
    name: str
    outcome: ResultStatus
    status: Status | None
    commands: tuple[CommandRun, ...] = ()
    duration_s: float = 0.0
    reason: str = ""
    set_aside: bool = False  # never given to the executor: manual, or waiting on a task
    # When it started and ended on the monotonic clock (0.0 when it never reached the
    # executor): the run's order, and the wall time of what ran together.
    started: float = 0.0
    ended: float = 0.0
    gates: tuple[str, ...] = ()  # a Gate task's gates, which report its commands

    @property
    def is_task(self) -> bool:
        """A task's result (named by ID), not a gate's."""
        return self.kind is Kind.TASK

    def shown(self) -> Status | ResultStatus | None:
        """The status the reports show: a meaning, or `up_to_date` for a skipped gate."""
        return self.outcome if self.outcome is ResultStatus.UP_TO_DATE else self.status

    def shown_value(self) -> str | None:
        """`shown()` as the word JSON carries."""
        shown = self.shown()
        return shown.value if shown is not None else None

    def shown_reason(self) -> str:
        """The reason the reports carry: a failure's cause, or why it was not run ("" else)."""
        return self.reason if self.outcome in (ResultStatus.FAILED, ResultStatus.NOT_RUN) else ""

    @property
    def timed(self) -> bool:
        """It went through the executor, so it has a duration (even when not reached)."""
        return not self.set_aside and self.outcome is not ResultStatus.MARKED

    @property
    def failed(self) -> bool:
        """The plan holds it failed after this run."""
        return self.status is Status.FAILED and self.outcome is not ResultStatus.UP_TO_DATE


EXECUTED = (ResultStatus.PASSED, ResultStatus.FAILED, ResultStatus.INTERRUPTED)


def wall_time(spans: list[tuple[float, float]]) -> float:
    """The elapsed time from the first start to the last end of things that ran together."""
    ran = [(a, b) for a, b in spans if b > 0]
    return max(b for _, b in ran) - min(a for a, _ in ran) if ran else 0.0


def run_order(results: list[Result]) -> list[Result]:
    """The results in the order they finished; those that never reached the executor last."""
    return sorted(results, key=lambda r: (r.ended <= 0, r.ended))


def not_checked(commands: tuple[CommandRun, ...]) -> str:
    """` (not checked: 'should print a greeting')`: expectations the runner could not read."""
    said = [c.unchecked for c in commands if c.unchecked]
    return f" (not checked: {'; '.join(repr(s) for s in said)})" if said else ""


def timed_out(c: CommandRun) -> str:
    """`timed out after 2.0s`, or, when stopping it took longer than its limit (it ignored
    TERM), `timed out at its 2s limit (stopped after 4.0s)`."""
    if c.limit_s is None or c.duration_s < c.limit_s + 0.5:
        return f"timed out after {c.duration_s:.1f}s"
    return f"timed out at its {c.limit_s:g}s limit (stopped after {c.duration_s:.1f}s)"


def explain(commands: tuple[CommandRun, ...], reason: str = "") -> str:
    """One line saying why a run of these commands failed (else `reason`)."""
    for c in commands:
        if c.interrupted:
            return ResultStatus.INTERRUPTED.value
        if c.timed_out:
            return f"{timed_out(c)}: {c.command}"
        if c.mismatch:
            return c.mismatch
        if c.exit_code and not c.passed:
            tail = f": {c.explain}" if c.explain else ""
            return f"exit {c.exit_code}{tail}"
    return reason
