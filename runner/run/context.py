"""What every step of a run shares: where it runs, how, the hooks and the clock; and the
`Outcome` the last step builds for the CLI, MCP or a script to show."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING

from runner.errors import EXIT_FAILED, EXIT_GIT, EXIT_MANUAL, EXIT_OK, exit_for_signal
from runner.plan.model import Plan, Task
from runner.plan.results import Result, ResultStatus
from runner.run.options import RunOptions

if TYPE_CHECKING:
    from runner.run.commands import Stop
    from runner.run.executor import Job, JobResult
    from runner.workspace.layout import Workspace


@dataclass(frozen=True)
class Hooks:
    """How a caller watches a run: commands' output echoed live, how many jobs will run (once
    they are chosen), each job's start and end (called from the executor's threads); and a
    `Stop` the caller may trip from outside to stop the run's commands (MCP cancellation);
    without one the run makes its own. Ctrl-C and SIGTERM trip it either way. `outputs` are
    the files the caller writes about the run (JUnit, the step summary)."""

    echo: IO[bytes] | None = None
    on_start: Callable[[Job], None] | None = None
    on_done: Callable[[Job, JobResult], None] | None = None
    # Reports the caller writes (JUnit, step summary): left out of the gates' fingerprint,
    # so a report written inside the work tree does not make the next run's gates stale.
    outputs: tuple[Path, ...] = ()
    on_total: Callable[[int], None] | None = None
    stop: Stop | None = None


@dataclass(frozen=True)
class Context:
    """One run of one plan."""

    ws: Workspace
    plan_path: Path
    shown: str
    options: RunOptions
    hooks: Hooks
    clock: Callable[[], datetime]
    # The plan's real file when the run began (symlinks followed): the run writes only there.
    real: Path | None = None

    def now(self) -> datetime:
        """The time, from the run's clock."""
        return self.clock()


@dataclass(frozen=True)
class Outcome:
    """The whole run, built once at the end of the pipeline for the CLI, MCP or a script to
    show; `exit_code` is decided here and nowhere else."""

    shown: str  # the plan's path as the user sees it
    plan: Plan | None = None
    results: tuple[Result, ...] = ()
    commit: str | None = None
    next_task: Task | None = None
    notices: tuple[str, ...] = ()
    planned: tuple[str, ...] = ()  # a dry run: what would happen
    manual: tuple[Task, ...] = ()
    written: bool = False
    signum: int = 0  # the signal that stopped the run's commands, if one did
    refused: bool = False  # a task asked for was set aside (issue 11: never success)
    stops_at_manual: bool = False  # a manual task asked for (or next) ends the run with 4
    # Work set aside because it waits on a manual task (`run --all`): 4 as well (F14a).
    waits_for_person: bool = False
    # A dry run: the code the run itself would end with, when what it decides is known
    # before anything runs (a named task set aside, a manual task reached).
    would_exit: int | None = None
    not_committed: bool = False  # git refused the commit: the plan is written, not committed
    started_at: datetime | None = None  # when the run began (the reports' timestamp)
    elapsed_s: float | None = None  # its wall time, start to end

    @property
    def exit_code(self) -> int:
        """README "Exit codes": a signal, then a failure, then git's refusal, then a manual
        task reached; else success."""
        if self.signum:
            return exit_for_signal(self.signum)
        if self.would_exit is not None:
            return self.would_exit
        # A status set by hand (`plan fail ID`) is what the user asked for, not a failure.
        ran = [r for r in self.results if r.outcome is not ResultStatus.MARKED]
        if self.refused or any(r.failed for r in ran):
            return EXIT_FAILED
        if self.not_committed:
            return EXIT_GIT
        if self.stops_at_manual and any(r.outcome is ResultStatus.MANUAL for r in self.results):
            return EXIT_MANUAL
        if self.waits_for_person:
            return EXIT_MANUAL
        return EXIT_OK
