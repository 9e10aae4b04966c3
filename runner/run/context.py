"""What every step of a run shares: where it runs, how, the hooks and the clock; and the
`Outcome` the steps fill in for the CLI, MCP or a script to show."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING

from runner.errors import EXIT_OK
from runner.plan.model import Plan, Task
from runner.plan.results import Result
from runner.run.options import RunOptions

if TYPE_CHECKING:
    from runner.run.commands import Stop
    from runner.run.executor import Job, JobResult
    from runner.workspace.planfile import Workspace


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


@dataclass
class Outcome:
    """The whole run: what happened, for the caller to show and turn into an exit code."""

    results: list[Result] = field(default_factory=list)
    commit: str | None = None
    next_task: Task | None = None
    plan: Plan | None = None
    exit_code: int = EXIT_OK
    notices: list[str] = field(default_factory=list)
    planned: list[str] = field(default_factory=list)  # a dry run: what would happen
    manual: list[Task] = field(default_factory=list)
    written: bool = False
    shown: str = ""  # the plan's path as the user sees it
    started_at: datetime | None = None  # when the run began (the reports' timestamp)
    elapsed_s: float | None = None  # its wall time, start to end
