"""`plan accept`: run the plan's own acceptance checks (commands and transcripts under its
Validation / Acceptance / Success Criteria / Concrete Steps headings), tick the criteria they
prove, journal and commit like a run."""

from __future__ import annotations

from typing import Annotated

import typer

from runner.cli.running import (
    AllowActionOpt,
    DryRunOpt,
    JobsOpt,
    JunitOpt,
    NewSessionOpt,
    NoCommitOpt,
    NoVerifyOpt,
    TimeoutOpt,
    WaitOpt,
)
from runner.cli.shared import Commands, JsonOpt, PlanArg, PlanOpt, QuietOpt, VerboseOpt, pick_plan
from runner.run.options import Accept, Output, RunOptions

commands = Commands()


@commands("accept")
def accept(
    plan: PlanArg = None,
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only",
            metavar="ID",
            help="Only this check, e.g. A2 (repeatable).",
            show_default=False,
        ),
    ] = None,
    jobs: JobsOpt = 1,
    plan_opt: PlanOpt = None,
    json_out: JsonOpt = False,
    dry_run: DryRunOpt = False,
    no_commit: NoCommitOpt = False,
    no_verify: NoVerifyOpt = False,
    timeout: TimeoutOpt = None,
    wait: WaitOpt = 0.0,
    new_session: NewSessionOpt = False,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    junit: JunitOpt = None,
    allow_action: AllowActionOpt = False,
) -> int:
    """Run the plan's acceptance checks; tick the criteria they prove; journal, commit."""
    from runner.cli import console

    options = RunOptions(
        dry_run=dry_run,
        commit=not no_commit,
        no_verify=no_verify,
        timeout=timeout,
        wait=wait,
        new_session=new_session,
        jobs=jobs,
        allow_actions=allow_action,
    )
    output = Output(json=json_out, quiet=quiet, verbose=verbose, junit=junit)
    return console.run(Accept(tuple(only or ())), pick_plan(plan, plan_opt), options, output)
