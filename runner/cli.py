"""The `plan` command: the only importer of typer; owns exit codes and output."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from runner import errors
from runner.errors import PlanError, UsageError

SETTINGS: dict[str, Any] = {
    "name": "plan",
    "help": "Make ExecPlans executable: run each task's commands, record passed or failed in"
    " its Status cell, journal the session and commit the plan.",
    "add_completion": False,
    "no_args_is_help": True,
    "rich_markup_mode": None,
    "pretty_exceptions_enable": False,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}


class PlanTyper(typer.Typer):
    """Builds only the command being run: typer turns every registered function into a
    click command on each call, which cost 16 ms of a 100 ms `plan status` (bench/)."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        argv = kwargs.get("args")
        if argv is None:
            argv = args[0] if args else sys.argv[1:]
        name = next((a for a in argv if not a.startswith("-")), None)
        for info in self.registered_commands:
            callback = info.callback
            own = info.name or (callback.__name__.replace("_", "-") if callback else "")
            if name is not None and own == name:
                one = typer.Typer(**SETTINGS)
                if self.registered_callback is not None:
                    one.registered_callback = self.registered_callback
                one.registered_commands = [info]
                return one(*args, **kwargs)
        return super().__call__(*args, **kwargs)


app = PlanTyper(**SETTINGS)


def _version(value: bool) -> None:
    if value:
        from runner import __version__

        out(f"plan {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Make ExecPlans executable: run each task's commands, record passed or failed in its
    Status cell, journal the session and commit the plan."""


PlanArg = Annotated[
    str | None, typer.Argument(help="Plan path or name in the plans folder.", show_default=False)
]
PlanOpt = Annotated[
    str | None,
    typer.Option(
        "--plan",
        "-p",
        envvar="PLAN_FILE",
        help="Plan path or name (also PLAN_FILE).",
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine output on stdout.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Only errors.")]
VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help="More detail.")]


def out(text: str) -> None:
    """Write a line to stdout."""
    sys.stdout.write(text + "\n")


def err(text: str) -> None:
    """Write a line to stderr."""
    sys.stderr.write(text + "\n")


def die(error: PlanError) -> NoReturn:
    """Print a user-facing error and exit with its code."""
    err(f"plan: error: {error.render()}")
    raise typer.Exit(error.exit_code)


@contextmanager
def handled() -> Iterator[None]:
    """Turn exceptions into messages and exit codes (README, "Exit codes")."""
    try:
        yield
    except PlanError as exc:
        die(exc)
    except KeyboardInterrupt:
        err("plan: interrupted")
        raise typer.Exit(errors.EXIT_INTERRUPTED) from None
    except (typer.Exit, typer.Abort):
        raise
    except Exception:  # a bug in plan itself: say so, with the traceback
        import traceback

        err(traceback.format_exc().rstrip())
        err("plan: internal error (a bug in plan; please report it with the traceback above)")
        raise typer.Exit(70) from None


def _pick(arg: str | None, opt: str | None) -> str | None:
    if arg and opt and arg != opt:
        raise UsageError(f"two plans named: '{arg}' and --plan '{opt}'")
    return arg or opt


def _warn_problems(problems: Any, shown: str, quiet: bool) -> None:
    if quiet:
        return
    for p in problems:
        if p.severity == "error":
            err(f"plan: warning: {shown}:{p.line}: {p.code} {p.message}")


@app.command()
def status(
    plan: PlanArg = None,
    plan_opt: PlanOpt = None,
    json_out: JsonOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Show the task table, counts, gates and the next task."""
    from runner import planfile, report

    with handled():
        ws = planfile.workspace()
        path = planfile.choose(ws, _pick(plan, plan_opt))
        shown = ws.display(path)
        parsed = ws.read(path)
        p = parsed.plan
        _warn_problems(p.problems, shown, quiet)
        if p.tracker is None:
            raise errors.UnusablePlanError(
                "P002 no task table: no status table and no Progress checklist", path=shown
            )
        if json_out:
            out(report.dump(report.status_json(p, shown)))
        else:
            out(report.status_text(p, shown))


@app.command()
def show(
    task_id: Annotated[str, typer.Argument(metavar="ID", help="Task ID.")],
    plan_opt: PlanOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Show one task in full: description, files, commands, dependencies, status."""
    from runner import api, report

    with handled():
        p, task, shown, last = api.find_task(task_id, plan_opt)
        if json_out:
            out(report.dump({"plan": shown, "task": report.task_json(task), "last_result": last}))
        else:
            out(report.show_text(p, task, report.last_words(last)))


@app.command()
def lint(
    plans: Annotated[
        list[str] | None,
        typer.Argument(
            help="Plans to check (default: all in the plans folder).", show_default=False
        ),
    ] = None,
    plan_opt: PlanOpt = None,
    json_out: JsonOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Check plans against PLANS.md; `path:line: CODE message`, like ruff."""
    from runner import api, report

    with handled():
        names = list(plans or ([plan_opt] if plan_opt else []))
        checked, found = api.lint_problems(names or None)
        shown_problems = [p for p in found if not (quiet and p.severity != "error")]
        n_err = sum(p.severity == "error" for p in found)
        if json_out:
            out(report.dump({"problems": [report.problem_json(p) for p in shown_problems]}))
        else:
            for p in shown_problems:
                out(p.render())
            if not quiet:
                n_warn = sum(p.severity == "warning" for p in found)
                n_info = sum(p.severity == "info" for p in found)
                out(f"{checked} plan(s): {n_err} error(s), {n_warn} warning(s), {n_info} note(s)")
        if n_err:
            raise typer.Exit(errors.EXIT_FAILED)


@app.command(name="list")
def list_plans(json_out: JsonOpt = False) -> None:
    """Every plan in the plans folder with its status and progress."""
    from runner import planfile, report
    from runner.config import plan_files

    with handled():
        ws = planfile.workspace()
        rows: list[tuple[str, str, str, str]] = []
        docs: list[dict[str, Any]] = []
        for path in plan_files(ws.plans_dir):
            shown = ws.display(path)
            try:
                p = ws.read(path).plan
            except errors.PlanError as exc:
                err(f"plan: warning: {exc.render()}")
                rows.append((shown, "unreadable", "", ""))
                docs.append({"plan": shown, "error": exc.render()})
                continue
            done = sum(1 for t in p.tasks if t.status and t.status.done)
            nxt = p.next_task()
            rows.append((shown, p.status, f"{done}/{len(p.tasks)}", nxt.id if nxt else "-"))
            docs.append(
                {
                    "plan": shown,
                    "title": p.title,
                    "status": p.status,
                    "done": done,
                    "total": len(p.tasks),
                    "next": nxt.id if nxt else None,
                }
            )
        if json_out:
            out(report.dump({"plans": docs}))
        elif rows:
            out(report.list_text(rows))
        else:
            out(f"no plans in {ws.display(ws.plans_dir)}")


@app.command()
def new(
    title: Annotated[str, typer.Argument(help="The plan's title.")],
    json_out: JsonOpt = False,
) -> None:
    """Create a plan from the bundled template in the plans folder, numbered and slugged."""
    from runner import planfile, report, template

    with handled():
        ws = planfile.workspace()
        path = template.create(ws.plans_dir, title, branch=_branch(ws.git_dir))
        shown = ws.display(path)
        if json_out:
            out(report.dump({"plan": shown}))
        else:
            out(f"created {shown}")


@app.command()
def demo(
    folder: Annotated[
        Path | None,
        typer.Argument(
            help="Where to create the demo repository (default: a new temporary folder).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Create a small repository with an example plan and watch the runner work on it."""
    import tempfile

    from runner import demo as demo_mod

    with handled():
        target = (folder or Path(tempfile.mkdtemp(prefix="plan-demo-"))).resolve()
        demo_mod.create(target)
        code = demo_mod.tour(target, out)
        if code:
            raise typer.Exit(code)


def _branch(git_dir: Path | None) -> str:
    if git_dir is None:
        return ""
    try:
        head = (git_dir / "HEAD").read_text(encoding="utf-8").strip()
    except OSError:
        return ""
    return head.removeprefix("ref: refs/heads/") if head.startswith("ref:") else ""


# --- running -----------------------------------------------------------------------------

DryRunOpt = Annotated[
    bool, typer.Option("--dry-run", help="Say what would run and change; change nothing.")
]
NoCommitOpt = Annotated[bool, typer.Option("--no-commit", help="Write the plan, do not commit.")]
NoVerifyOpt = Annotated[bool, typer.Option("--no-verify", help="Skip git commit hooks.")]
TimeoutOpt = Annotated[
    str | None,
    typer.Option(
        "--timeout",
        help="Limit per command, e.g. 90s, 10m (default 30m; a task's Timeout column wins).",
        show_default=False,
    ),
]
WaitOpt = Annotated[
    float, typer.Option("--wait", metavar="SECONDS", help="Wait this long for another run's lock.")
]
JobsOpt = Annotated[int, typer.Option("--jobs", "-j", min=1, help="Run this many at once.")]
JunitOpt = Annotated[
    Path | None,
    typer.Option(
        "--junit", metavar="PATH", help="Also write the results as JUnit XML.", show_default=False
    ),
]
NewSessionOpt = Annotated[
    bool, typer.Option("--new-session", help="Start a new session in the journal.")
]


def _run(
    mode: str,
    plan_name: str | None,
    *,
    json_out: bool,
    quiet: bool = False,
    verbose: bool = False,
    junit: Path | None = None,
    **kwargs: Any,
) -> None:
    from runner import api, report

    with handled():
        live = (sys.stderr.isatty() or verbose) and not quiet
        progress = None
        if kwargs.get("parallel", 1) > 1 and not quiet:
            from runner.progress import Progress

            progress = Progress(sys.stderr)
            kwargs["on_start"], kwargs["on_done"] = progress.start, progress.done
        elif live:
            kwargs["echo"] = sys.stderr.buffer  # one command at a time: show its output
        try:
            outcome, doc = api.run(mode, plan_name, **kwargs)
        finally:
            if progress is not None:
                progress.close()
        for notice in outcome.notices:
            err(f"plan: {notice}")
        shown = doc["plan"]
        if junit is not None:
            from runner.junit import write_junit

            write_junit(junit, shown, outcome.results)
        _step_summary(shown, outcome.results)
        if json_out:
            out(report.dump(doc))
        else:
            for line in outcome.planned:
                out(line)
            if not quiet:
                for r in outcome.results:
                    out(report.result_line(r))
                if outcome.commit:
                    out(f"committed {outcome.commit[:10]} ({shown})")
                elif outcome.written:
                    out(f"wrote {shown}")
                nxt = outcome.next_task
                if outcome.manual and mode == "next":
                    out(report.brief(outcome.manual[0]).replace("next:", "manual task:", 1))
                elif nxt:
                    out(report.brief(nxt))
                elif outcome.plan is not None and not outcome.planned:
                    out("next: nothing (every task is done, skipped or blocked)")
        if outcome.exit_code:
            raise typer.Exit(outcome.exit_code)


def _step_summary(shown: str, results: list[dict[str, Any]]) -> None:
    """Append a Markdown table of the results to GitHub's job summary, when there is one."""
    import os

    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target or not results:
        return
    from runner.junit import summary_markdown

    try:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(summary_markdown(shown, results))
    except OSError as exc:
        err(f"plan: warning: cannot write GITHUB_STEP_SUMMARY ({exc.strerror})")


@app.command(name="next")
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
) -> None:
    """Run the current task's commands; record passed or failed, journal, commit."""
    _run(
        "next",
        _pick(plan, plan_opt),
        json_out=json_out,
        quiet=quiet,
        verbose=verbose,
        timeout=timeout,
        dry_run=dry_run,
        commit=not no_commit,
        no_verify=no_verify,
        wait=wait,
        new_session=new_session,
    )


@app.command(name="run")
def run_(
    ids: Annotated[
        list[str] | None, typer.Argument(metavar="ID...", help="Task IDs.", show_default=False)
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every task not yet done.")] = False,
    phase: Annotated[
        str | None, typer.Option("--phase", metavar="N", help="The tasks of one phase.")
    ] = None,
    jobs: JobsOpt = 1,
    keep_going: Annotated[
        bool, typer.Option("--keep-going", "-k", help="Go on after a failure.")
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
    junit: JunitOpt = None,
) -> None:
    """Run chosen tasks in dependency order (IDs, --all or --phase N)."""
    with handled():
        chosen = sum(bool(x) for x in (ids, all_, phase is not None))
        if chosen != 1:
            raise UsageError("name task IDs, or --all, or --phase N (one of them)")
    _run(
        "run",
        plan_opt,
        json_out=json_out,
        quiet=quiet,
        verbose=verbose,
        junit=junit,
        timeout=timeout,
        ids=list(ids or []),
        all=all_,
        phase=phase,
        parallel=jobs,
        keep_going=keep_going,
        dry_run=dry_run,
        commit=not no_commit,
        no_verify=no_verify,
        wait=wait,
        new_session=new_session,
    )


@app.command()
def gates(
    plan: PlanArg = None,
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only", metavar="NAME", help="Only this gate (repeatable).", show_default=False
        ),
    ] = None,
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
    junit: JunitOpt = None,
) -> None:
    """Run the Quality Gates; unchanged inputs since the last pass are up to date."""
    _run(
        "gates",
        _pick(plan, plan_opt),
        json_out=json_out,
        quiet=quiet,
        verbose=verbose,
        junit=junit,
        timeout=timeout,
        only=list(only or []),
        parallel=jobs,
        force=force,
        dry_run=dry_run,
        commit=not no_commit,
        no_verify=no_verify,
        wait=wait,
        new_session=new_session,
    )


@app.command()
def verify(
    ids: Annotated[
        list[str] | None,
        typer.Argument(metavar="[ID]...", help="Only these tasks.", show_default=False),
    ] = None,
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
) -> None:
    """Rerun the commands of complete tasks; flip back to failed any that no longer pass."""
    _run(
        "verify",
        plan_opt,
        json_out=json_out,
        quiet=quiet,
        verbose=verbose,
        timeout=timeout,
        ids=list(ids or []),
        parallel=jobs,
        force=force,
        dry_run=dry_run,
        commit=not no_commit,
        wait=wait,
    )


IdsArg = Annotated[list[str], typer.Argument(metavar="ID...", help="Task IDs.")]


def _mark_command(name: str, status: str, summary: str) -> None:
    """Register `plan done|fail|reset`: set a status by hand, journaled and committed."""

    def command(
        ids: IdsArg,
        plan_opt: PlanOpt = None,
        json_out: JsonOpt = False,
        dry_run: DryRunOpt = False,
        no_commit: NoCommitOpt = False,
        no_verify: NoVerifyOpt = False,
        wait: WaitOpt = 0.0,
        quiet: QuietOpt = False,
    ) -> None:
        _run(
            "mark",
            plan_opt,
            ids=ids,
            mark=status,
            json_out=json_out,
            dry_run=dry_run,
            commit=not no_commit,
            no_verify=no_verify,
            wait=wait,
            quiet=quiet,
        )

    command.__doc__ = summary
    app.command(name=name)(command)


_mark_command("done", "passed", "Mark tasks complete by hand (journaled and committed like a run).")
_mark_command("fail", "failed", "Mark tasks failed by hand.")
_mark_command("reset", "outstanding", "Mark tasks outstanding again.")


@app.command(name="journal")
def journal_(
    text: Annotated[str, typer.Argument(help="The note.")],
    plan_opt: PlanOpt = None,
    json_out: JsonOpt = False,
    dry_run: DryRunOpt = False,
    no_commit: NoCommitOpt = False,
    no_verify: NoVerifyOpt = False,
    new_session: NewSessionOpt = False,
    wait: WaitOpt = 0.0,
    quiet: QuietOpt = False,
) -> None:
    """Add a note to the current session of the journal (committed like a run)."""
    _run(
        "note",
        plan_opt,
        json_out=json_out,
        note=text,
        dry_run=dry_run,
        commit=not no_commit,
        no_verify=no_verify,
        new_session=new_session,
        wait=wait,
        quiet=quiet,
    )


@app.command()
def history(
    task_id: Annotated[
        str | None,
        typer.Argument(metavar="[ID]", help="A task ID or gate name.", show_default=False),
    ] = None,
    plan_opt: PlanOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """The results recorded for a task or gate over time, from the commit trailers."""
    from runner import planfile, report, vcs

    with handled():
        ws = planfile.workspace()
        path = planfile.choose(ws, plan_opt)
        shown = ws.display(path)
        records = vcs.history(ws.root, path)
        if task_id is not None:
            records = [r for r in records if r.name == task_id]
        if json_out:
            out(
                report.dump(
                    {
                        "plan": shown,
                        "history": [
                            {
                                "commit": r.sha,
                                "time": r.when,
                                "kind": r.kind,
                                "name": r.name,
                                "result": r.result,
                            }
                            for r in records
                        ],
                    }
                )
            )
        elif records:
            out(report.history_text(records))
        else:
            what = f"'{task_id}'" if task_id else shown
            out(f"no recorded results for {what}")


@app.command()
def mcp() -> None:
    """Serve the commands as MCP tools over stdio (for coding agents)."""
    with handled():
        try:
            from runner import mcpserver
        except ImportError as exc:
            raise UsageError(
                f"the MCP server needs the mcp package ({exc.name} is missing): pip install"
                " 'plan-runner[mcp]'"
            ) from None
        mcpserver.serve()


@app.command()
def merge(
    base: Annotated[Path, typer.Argument(metavar="BASE", help="The common ancestor (git's %O).")],
    ours: Annotated[
        Path, typer.Argument(metavar="OURS", help="Our version; the result goes here (%A).")
    ],
    theirs: Annotated[Path, typer.Argument(metavar="THEIRS", help="Their version (%B).")],
    path: Annotated[
        str | None,
        typer.Argument(
            metavar="[PATH]", help="The plan's path in the repository (%P).", show_default=False
        ),
    ] = None,
) -> None:
    """Merge three versions of a plan (git's merge driver): exit 0 clean, 1 conflicts left."""
    from runner import mergedriver

    with handled():
        code = mergedriver.run(base, ours, theirs)
    raise typer.Exit(code)


@app.command(name="merge-driver")
def merge_driver(
    action: Annotated[str, typer.Argument(metavar="install|uninstall", help="What to do.")],
) -> None:
    """Register `plan merge` as git's merge driver for the plans folder, or take it out."""
    from runner import mergedriver

    with handled():
        if action not in ("install", "uninstall"):
            raise UsageError(f"merge-driver: '{action}' is not install or uninstall")
        step = mergedriver.install if action == "install" else mergedriver.uninstall
        for line in step(Path.cwd()):
            out(line)
