"""Commands for coding agents: loop (a plan carried by an agent, each task proved by the
plan's own validation), mcp (the commands as MCP tools over stdio)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from runner import errors
from runner.cli.params import DURATION
from runner.cli.running import (
    AllowActionOpt,
    NoCommitOpt,
    NoVerifyOpt,
    TimeoutOpt,
    WaitOpt,
)
from runner.cli.shared import (
    Commands,
    JsonOpt,
    PlanArg,
    PlanOpt,
    QuietOpt,
    pick_plan,
)
from runner.errors import UsageError

commands = Commands()


@commands("loop")
def loop(
    agent: Annotated[
        str,
        typer.Option(
            "--agent",
            metavar="CMD",
            help="The agent's command line, run through the shell in the plan's repository"
            " with the brief on stdin and PLAN_FILE, PLAN_TASK, PLAN_BRIEF, PLAN_ATTEMPT set.",
            show_default=False,
        ),
    ],
    plan: PlanArg = None,
    attempts: Annotated[
        int,
        typer.Option(
            "--attempts",
            min=1,
            metavar="N",
            help="Runs of the agent per task; a retry gets the failure added to the brief.",
        ),
    ] = 2,
    agent_timeout: Annotated[
        float,
        typer.Option(
            "--agent-timeout",
            click_type=DURATION,
            metavar="DURATION",
            help="The agent's time limit per run (TERM, then KILL of its process group);"
            " 0 for none.  [default: 30m]",
            show_default=False,
        ),
    ] = 1800.0,
    max_tasks: Annotated[
        int | None,
        typer.Option(
            "--max-tasks",
            min=1,
            metavar="N",
            help="Stop after this many tasks passed.",
            show_default=False,
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until", metavar="ID", help="Stop after this task passed.", show_default=False
        ),
    ] = None,
    no_commit_work: Annotated[
        bool,
        typer.Option(
            "--no-commit-work",
            help="Commit only the plan; leave the agent's changes in the work tree.",
        ),
    ] = False,
    plan_opt: PlanOpt = None,
    json_out: JsonOpt = False,
    no_commit: NoCommitOpt = False,
    no_verify: NoVerifyOpt = False,
    timeout: TimeoutOpt = None,
    wait: WaitOpt = 0.0,
    quiet: QuietOpt = False,
    allow_action: AllowActionOpt = False,
) -> int:
    """Carry the plan with a coding agent: for each next task, run the agent, prove the task
    by the plan's own validation, record and commit; stop at a manual task (exit 4), after a
    task fails all its attempts (1), or when the plan is done (0)."""
    from runner.cli import console
    from runner.run.options import LoopOptions, Output, RunOptions

    if not agent.strip():
        raise UsageError("--agent names no command")
    chosen = LoopOptions(
        agent=agent,
        attempts=attempts,
        agent_timeout=agent_timeout,
        max_tasks=max_tasks,
        until=until,
        commit_work=not no_commit_work,
    )
    options = RunOptions(
        allow_actions=allow_action,
        commit=not no_commit,
        no_verify=no_verify,
        timeout=timeout,
        wait=wait,
    )
    return console.loop(chosen, pick_plan(plan, plan_opt), options, Output(json_out, quiet))


@commands("mcp")
def mcp(
    repos: Annotated[
        list[Path] | None,
        typer.Option(
            "--repo",
            metavar="PATH",
            help="A repository the tools may work in; give it once for each (default: the"
            " folder the client starts the server in). The first is where a call that names"
            " no `repo` works; a call naming any other folder is refused.",
            show_default=False,
        ),
    ] = None,
) -> int:
    """Serve the commands as MCP tools over stdio (for coding agents)."""
    try:
        from runner.mcp import server as mcpserver
    except ImportError as exc:
        # mcp is a dependency: only a broken installation lacks it.
        raise UsageError(
            f"the MCP server cannot start: {exc.name} is missing from this installation;"
            " reinstall plan (for example `pip install --force-reinstall plan-runner`)"
        ) from None
    mcpserver.serve(repos=repos or [])
    return errors.EXIT_OK
