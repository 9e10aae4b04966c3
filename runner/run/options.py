"""What a user asked a running command to do, as typed values: one per command family; pure.

The CLI, MCP and scripts build these; `api.run(action, plan, options)` carries them to the
pipeline unchanged, so the type checker follows every option from the command line to the run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from runner.plan.model import Status


@dataclass(frozen=True)
class RunOptions:
    """How a running command runs and records (shared by next, run, gates, verify, marks, notes).

    `timeout` is seconds per command: None means "not given" (a task's Timeout cell, else the
    `[tool.plan] timeout` setting); 0 means no limit, as pytest-timeout reads it.
    """

    dry_run: bool = False
    commit: bool = True
    no_verify: bool = False
    timeout: float | None = None
    wait: float = 0.0
    new_session: bool = False
    jobs: int = 1
    keep_going: bool = False
    force: bool = False
    # Run commands that act (`git push`, a deploy) as checks: the user's opt-in on the command
    # line (`--allow-action`), never the plan's (docs/format.md, "Checks and actions").
    allow_actions: bool = False
    # A passing task's last output lines as evidence under `Artifacts & Notes` (`--evidence`,
    # or `[tool.plan] evidence = true`).
    evidence: bool = False


@dataclass(frozen=True)
class Output:
    """Where and how a running command reports: `--json`, `-q`, `-v`, `--junit PATH`."""

    json: bool = False
    quiet: bool = False
    verbose: bool = False
    junit: Path | None = None


@dataclass(frozen=True)
class Next:
    """`plan next`: the current task."""


@dataclass(frozen=True)
class RunTasks:
    """`plan run`: named tasks, every task not done, or one phase (exactly one of them).

    Named tasks run after their dependencies that are not done yet, as doit would; with
    `no_deps` only the named ones run, and one whose dependency is not done is refused.
    """

    ids: tuple[str, ...] = ()
    all: bool = False
    phase: str | None = None
    no_deps: bool = False


@dataclass(frozen=True)
class RunGates:
    """`plan gates`: the Quality Gates, or only the named ones."""

    only: tuple[str, ...] = ()


@dataclass(frozen=True)
class Verify:
    """`plan verify`: rerun complete tasks (all, or the named ones)."""

    ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mark:
    """`plan done|fail|reset`: set tasks' status by hand."""

    ids: tuple[str, ...]
    status: Status


@dataclass(frozen=True)
class Note:
    """`plan journal`: a free-text note in the current session."""

    text: str


@dataclass(frozen=True)
class Accept:
    """`plan accept`: the plan's acceptance checks (all, or the named ones: A1, A2 ...)."""

    ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class LoopOptions:
    """`plan loop --agent CMD`: the agent's command line (run through the shell), how many
    attempts each task gets, the agent's time limit in seconds (0: none), the budget and
    where to stop, and whether a pass commits the agent's work with the plan."""

    agent: str
    attempts: int = 2
    agent_timeout: float = 1800.0
    max_tasks: int | None = None
    until: str | None = None
    commit_work: bool = True


@dataclass(frozen=True)
class Prove:
    """One step of `plan loop`: the task an agent worked on, proved by its own validation
    through the pipeline `plan next` runs. `agent` is the journal's account of the agent's
    turn (command, attempt, time, exit code, files changed), joined to the task's entry;
    `work` are the files the agent changed, committed with the plan when the task passes."""

    task_id: str
    agent: str = ""
    work: tuple[str, ...] = ()


@dataclass(frozen=True)
class Collect:
    """`plan ci collect FILE...`: results from JUnit files `plan` wrote on other machines."""

    files: tuple[Path, ...]


Action = Next | RunTasks | RunGates | Verify | Mark | Note | Accept | Prove | Collect
