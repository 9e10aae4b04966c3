"""A plan on CI: `plan ci matrix` (the gates as a GitHub Actions matrix), `plan ci init` (the
workflow that runs them, one job each) and `plan ci collect` (their JUnit files back into the
plan). README, "Running on CI"."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
import typer.main

from runner import errors
from runner.cli.clickapi import Command
from runner.cli.shared import JsonOpt, PlanArg, PlanOpt, QuietOpt, out, pick_plan

group = typer.Typer(
    name="ci",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Run a plan's gates on CI, one job each, and record their results in the plan.",
)


class _Commands:
    """The `ci` family is one command with subcommands."""

    def build(self, name: str) -> Command:
        """The click group `plan ci`."""
        command: Command = typer.main.get_command(group)
        return command


commands = _Commands()


@group.command("matrix")
def matrix(
    plan: PlanArg = None,
    plan_opt: PlanOpt = None,
    tasks: Annotated[
        bool,
        typer.Option("--tasks", help="The tasks that can run now instead of the gates."),
    ] = False,
) -> int:
    """Print the plan's gates as a GitHub Actions strategy.matrix (JSON for fromJSON)."""
    import json

    from runner import api

    doc = api.ci_matrix(pick_plan(plan, plan_opt), tasks=tasks)
    # One line, no spaces: a step output (`matrix=...` in $GITHUB_OUTPUT) is one line, and
    # the workflow recognises the empty matrix as `{"include":[]}`.
    out(json.dumps(doc.json(), separators=(",", ":"), ensure_ascii=False))
    return errors.EXIT_OK


@group.command("init")
def init(
    plan: PlanArg = None,
    plan_opt: PlanOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    json_out: JsonOpt = False,
) -> int:
    """Write .github/workflows/plan.yml: the plan's gates, one job each, then collect."""
    from runner import api
    from runner.outputs import terminal

    doc = api.ci_init(pick_plan(plan, plan_opt), force=force)
    if json_out:
        out(terminal.json_line(doc.json()))
    else:
        out(f"wrote {doc.shown} for {doc.plan}")
    return errors.EXIT_OK


@group.command("collect")
def collect(
    files: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE... [PLAN]",
            help="JUnit files written by `plan gates|run --junit`, then optionally the plan.",
        ),
    ],
    plan_opt: PlanOpt = None,
    json_out: JsonOpt = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be recorded; change nothing.")
    ] = False,
    no_commit: Annotated[
        bool, typer.Option("--no-commit", help="Write the plan, do not commit.")
    ] = False,
    no_verify: Annotated[bool, typer.Option("--no-verify", help="Skip git commit hooks.")] = False,
    wait: Annotated[
        float, typer.Option("--wait", metavar="SECONDS", help="Wait this long for the lock.")
    ] = 0.0,
    quiet: QuietOpt = False,
) -> int:
    """Record results from JUnit files `plan` wrote elsewhere: Status and Last Run, one
    journal entry naming where each ran, one commit; exit 1 when any failed."""
    from runner.cli import console
    from runner.run.options import Collect, Output, RunOptions

    paths = list(files)
    # A last argument ending in .md is the plan (`plan ci collect a.xml b.xml plans/x.md`).
    named = paths.pop() if len(paths) > 1 and paths[-1].lower().endswith(".md") else None
    plan = pick_plan(named, plan_opt)
    if not paths:
        raise errors.UsageError("Missing argument 'FILE...': name the JUnit files to record")
    options = RunOptions(dry_run=dry_run, commit=not no_commit, no_verify=no_verify, wait=wait)
    action = Collect(tuple(Path(p) for p in paths))
    return console.run(action, plan, options, Output(json=json_out, quiet=quiet))
