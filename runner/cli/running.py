"""Running commands: next, run, gates, verify, done/fail/reset, journal.

Each gathers its options into the typed values of `runner.run.options` and hands them to
`runner.cli.console.run`, which runs, prints and returns the exit code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from runner.cli.params import DURATION, writable_file
from runner.cli.shared import (
    Commands,
    GatesOpt,
    IdsArg,
    JsonOpt,
    PlanArg,
    PlanOpt,
    QuietOpt,
    VerboseOpt,
    pick_plan,
    plan_after,
)
from runner.errors import UsageError
from runner.plan.model import Status
from runner.run.options import (
    Action,
    Mark,
    Next,
    Note,
    Output,
    RunGates,
    RunOptions,
    RunTasks,
    Verify,
)

commands = Commands()

DryRunOpt = Annotated[
    bool, typer.Option("--dry-run", help="Say what would run and change; change nothing.")
]
NoCommitOpt = Annotated[bool, typer.Option("--no-commit", help="Write the plan, do not commit.")]
NoVerifyOpt = Annotated[bool, typer.Option("--no-verify", help="Skip git commit hooks.")]
TimeoutOpt = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        click_type=DURATION,
        help="Limit per command, e.g. 90s, 10m, 1h30m; 0 for none (default 30m; a task's"
        " Timeout column wins).",
        show_default=False,
    ),
]
WaitOpt = Annotated[
    float,
    typer.Option(
        "--wait",
        click_type=DURATION,
        metavar="SECONDS",
        help="Wait this long for another run's lock (seconds, or 30s, 5m).",
    ),
]
AllowActionOpt = Annotated[
    bool,
    typer.Option(
        "--allow-action",
        help="Also run commands that act (git push, a deploy) as checks; off by default"
        " (README, 'Checks and actions').",
    ),
]
JobsOpt = Annotated[int, typer.Option("--jobs", "-j", min=1, help="Run this many at once.")]
JunitOpt = Annotated[
    Path | None,
    typer.Option(
        "--junit",
        metavar="PATH",
        dir_okay=False,
        writable=True,
        callback=writable_file,
        help="Also write the results as JUnit XML.",
        show_default=False,
    ),
]
EvidenceOpt = Annotated[
    bool,
    typer.Option(
        "--evidence",
        help="Write a passing task's last output lines (masked) under Artifacts & Notes;"
        " also `[tool.plan] evidence = true`.",
    ),
]
NewSessionOpt = Annotated[
    bool, typer.Option("--new-session", help="Start a new session in the journal.")
]


def _run(action: Action, plan: str | None, options: RunOptions, output: Output) -> int:
    from runner.cli import console

    return console.run(action, plan, options, output)


@commands("next")
def next_(
    plan: PlanArg = None,
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
    allow_action: AllowActionOpt = False,
    evidence: EvidenceOpt = False,
) -> int:
    """Run the current task's commands; record passed or failed, journal, commit."""
    options = RunOptions(
        allow_actions=allow_action,
        evidence=evidence,
        dry_run=dry_run,
        commit=not no_commit,
        no_verify=no_verify,
        timeout=timeout,
        wait=wait,
        new_session=new_session,
    )
    return _run(
        Next(),
        pick_plan(plan, plan_opt),
        options,
        Output(json=json_out, quiet=quiet, verbose=verbose),
    )


@commands("run")
def run_(
    ids: IdsArg = None,
    all_: Annotated[bool, typer.Option("--all", help="Every task not yet done.")] = False,
    phase: Annotated[
        str | None, typer.Option("--phase", metavar="N", help="The tasks of one phase.")
    ] = None,
    jobs: JobsOpt = 1,
    keep_going: Annotated[
        bool, typer.Option("--keep-going", "-k", help="Go on after a failure.")
    ] = False,
    no_deps: Annotated[
        bool,
        typer.Option(
            "--no-deps", help="Run only the named tasks; refuse one whose dependency is not done."
        ),
    ] = False,
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
    allow_action: AllowActionOpt = False,
    junit: JunitOpt = None,
    evidence: EvidenceOpt = False,
) -> int:
    """Run chosen tasks in dependency order (IDs, --all or --phase N); the named tasks'
    outstanding dependencies run first (--no-deps refuses instead)."""
    chosen, plan = plan_after(ids, plan_opt)
    if (all_ or phase is not None) and len(chosen) == 1 and plan_opt is None:
        # With --all or --phase there are no task IDs: the one argument is the plan's name
        # (`plan run --all --keep-going 0002`; issue 18).
        plan, chosen = chosen[0], ()
    if sum(bool(x) for x in (chosen, all_, phase is not None)) != 1:
        raise UsageError("name task IDs, or --all, or --phase N (one of them)")
    options = RunOptions(
        allow_actions=allow_action,
        dry_run=dry_run,
        commit=not no_commit,
        no_verify=no_verify,
        timeout=timeout,
        wait=wait,
        new_session=new_session,
        jobs=jobs,
        keep_going=keep_going,
        evidence=evidence,
    )
    action = RunTasks(chosen, all_, phase, no_deps=no_deps)
    return _run(
        action,
        plan,
        options,
        Output(json=json_out, quiet=quiet, verbose=verbose, junit=junit),
    )


@commands("gates")
def gates(
    plan: PlanArg = None,
    only: GatesOpt = None,
    jobs: JobsOpt = 4,
    force: Annotated[bool, typer.Option("--force", help="Rerun gates that are up to date.")] = (
        False
    ),
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
    allow_action: AllowActionOpt = False,
    junit: JunitOpt = None,
) -> int:
    """Run the Quality Gates; unchanged inputs since the last pass are up to date."""
    options = RunOptions(
        allow_actions=allow_action,
        dry_run=dry_run,
        commit=not no_commit,
        no_verify=no_verify,
        timeout=timeout,
        wait=wait,
        new_session=new_session,
        jobs=jobs,
        force=force,
    )
    output = Output(json=json_out, quiet=quiet, verbose=verbose, junit=junit)
    return _run(RunGates(tuple(only or ())), pick_plan(plan, plan_opt), options, output)


@commands("verify")
def verify(
    ids: IdsArg = None,
    jobs: JobsOpt = 1,
    force: Annotated[
        bool, typer.Option("--force", help="Rerun a Gate task's gates even if up to date.")
    ] = False,
    plan_opt: PlanOpt = None,
    json_out: JsonOpt = False,
    dry_run: DryRunOpt = False,
    no_commit: NoCommitOpt = False,
    timeout: TimeoutOpt = None,
    wait: WaitOpt = 0.0,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    allow_action: AllowActionOpt = False,
) -> int:
    """Rerun the commands of complete tasks; flip back to failed any that no longer pass."""
    options = RunOptions(
        allow_actions=allow_action,
        dry_run=dry_run,
        commit=not no_commit,
        timeout=timeout,
        wait=wait,
        jobs=jobs,
        force=force,
    )
    output = Output(json=json_out, quiet=quiet, verbose=verbose)
    chosen, plan = plan_after(ids, plan_opt)
    if len(chosen) == 1 and plan is None and _names_a_plan(chosen[0]):
        plan, chosen = chosen[0], ()  # `plan verify 0002`: the plan, all its passed tasks
    return _run(Verify(chosen), plan, options, output)


def _names_a_plan(arg: str) -> bool:
    """Is `arg` a plan's name in the plans folder (its stem, or the number it starts with)?"""
    from runner import api

    try:
        names = [name for name, _ in api.plan_names()]
    except Exception:  # no plans folder, not a repository: then it is not a plan's name
        return False
    return any(n == arg or n.startswith(arg + "-") for n in names)


def _mark_command(name: str, status: Status, summary: str) -> None:
    """Register `plan done|fail|reset`: set a status by hand, journaled and committed."""

    def command(
        ids: IdsArg = None,
        plan_opt: PlanOpt = None,
        json_out: JsonOpt = False,
        dry_run: DryRunOpt = False,
        no_commit: NoCommitOpt = False,
        no_verify: NoVerifyOpt = False,
        wait: WaitOpt = 0.0,
        quiet: QuietOpt = False,
    ) -> int:
        options = RunOptions(dry_run=dry_run, commit=not no_commit, no_verify=no_verify, wait=wait)
        output = Output(json=json_out, quiet=quiet)
        chosen, plan = plan_after(ids, plan_opt)
        if not chosen:
            raise UsageError("Missing argument 'ID...': name the task IDs to mark")
        return _run(Mark(chosen, status), plan, options, output)

    command.__doc__ = summary
    commands(name)(command)


_mark_command(
    "done", Status.PASSED, "Mark tasks complete by hand (journaled and committed like a run)."
)
_mark_command("fail", Status.FAILED, "Mark tasks failed by hand.")
_mark_command("reset", Status.OUTSTANDING, "Mark tasks outstanding again.")


@commands("journal")
def journal_(
    text: Annotated[str, typer.Argument(help="The note.")],
    plan: PlanArg = None,
    plan_opt: PlanOpt = None,
    json_out: JsonOpt = False,
    dry_run: DryRunOpt = False,
    no_commit: NoCommitOpt = False,
    no_verify: NoVerifyOpt = False,
    new_session: NewSessionOpt = False,
    wait: WaitOpt = 0.0,
    quiet: QuietOpt = False,
) -> int:
    """Add a note to the current session of the journal (committed like a run)."""
    options = RunOptions(
        dry_run=dry_run,
        commit=not no_commit,
        no_verify=no_verify,
        wait=wait,
        new_session=new_session,
    )
    return _run(Note(text), pick_plan(plan, plan_opt), options, Output(json=json_out, quiet=quiet))
