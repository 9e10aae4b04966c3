"""Reading commands: status, show, lint, list, history. They change nothing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from runner import errors
from runner.cli.complete import looks_like_plan, task_ids
from runner.cli.shared import (
    Commands,
    JsonOpt,
    PlanArg,
    PlanOpt,
    QuietOpt,
    TaskArg,
    err,
    out,
    pick_plan,
)

if TYPE_CHECKING:
    from runner.plan.reading import Parsed
    from runner.workspace.layout import Workspace

commands = Commands()


@dataclass(frozen=True)
class View:
    """What a reading command reads and how it prints: the plan named (or None), `--json`,
    `-q`."""

    plan: str | None
    json: bool = False
    quiet: bool = False


@commands("status")
def status(
    plan: PlanArg = None,
    plan_opt: PlanOpt = None,
    json_out: JsonOpt = False,
    quiet: QuietOpt = False,
) -> int:
    """Show the task table, counts, gates and the next task."""
    return show_status(View(pick_plan(plan, plan_opt), json_out, quiet))


@commands("show")
def show(
    task_id: TaskArg,
    plan: PlanArg = None,
    plan_opt: PlanOpt = None,
    json_out: JsonOpt = False,
) -> int:
    """Show one task in full: description, files, commands, dependencies, status."""
    return show_task(task_id, View(pick_plan(plan, plan_opt), json_out))


@commands("lint")
def lint(
    plans: Annotated[
        list[str] | None,
        typer.Argument(
            help="Plans to check (default: all in the plans folder).", show_default=False
        ),
    ] = None,
    plan_opt: PlanOpt = None,
    hook: Annotated[
        bool,
        typer.Option(
            "--hook",
            help="Of the files given (a pre-commit hook's), check only the plans in the plans"
            " folder; none is fine.",
        ),
    ] = False,
    json_out: JsonOpt = False,
    quiet: QuietOpt = False,
) -> int:
    """Check plans against PLANS.md; `path:line: CODE message`, like ruff."""
    if hook:
        from runner.workspace import layout, planfile

        ws = layout.workspace()
        kept = [ws.display(p) for p in planfile.plans_among(ws, plans or [])]
        if not kept:  # no plan among the files: nothing to check, and that is fine
            return errors.EXIT_OK
        return lint_plans(kept, View(None, json_out, quiet))
    named = plans or [p for p in [pick_plan(opt=plan_opt)] if p]
    return lint_plans(named, View(None, json_out, quiet))


@commands("list")
def list_plans(
    json_out: JsonOpt = False,
    every: Annotated[
        bool, typer.Option("--all", help="Also the Markdown files not taken as plans, and why.")
    ] = False,
) -> int:
    """Every plan in the plans folder with its status and progress."""
    return show_plans(View(None, json_out), every)


@commands("history")
def history(
    task_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]",
            help="A task ID or gate name (a path ending in .md alone is the plan).",
            show_default=False,
            autocompletion=task_ids,
        ),
    ] = None,
    plan: PlanArg = None,
    plan_opt: PlanOpt = None,
    json_out: JsonOpt = False,
) -> int:
    """The results recorded for a task or gate over time, from the commit trailers."""
    if plan is None and task_id is not None and looks_like_plan(task_id):
        task_id, plan = None, task_id
    return show_history(task_id, View(pick_plan(plan, plan_opt), json_out))


def show_status(view: View) -> int:
    """`plan status`: the table, or its JSON document."""
    from runner.outputs import documents
    from runner.outputs import terminal as report
    from runner.workspace import planfile

    ws, path = planfile.locate(view.plan)
    shown = ws.display(path)
    parsed = planfile.read_plan(ws, path)
    p = parsed.plan
    if not view.quiet:
        for problem in p.problems:
            # With no tracker, P002 is the error below: said once, not also as a warning.
            if problem.severity == "error" and not (p.tracker is None and problem.code == "P002"):
                err(f"plan: warning: {shown}:{problem.line}: {problem.code} {problem.message}")
    if p.tracker is None:
        raise errors.NoTrackerError(path=shown)
    accepted = _acceptance(ws, path, parsed)
    if view.json:
        out(documents.dump({**documents.status_json(p, shown), "acceptance": accepted}))
    else:
        out(report.status_text(p, shown))
        if accepted:
            from runner.plan.acceptance import progress_line

            out(progress_line(accepted))
    return errors.EXIT_OK


def _acceptance(ws: Workspace, path: Path, parsed: Parsed) -> dict[str, int] | None:
    """The plan's acceptance checks and how they fared at their last run (None: it has none)."""
    from runner.plan.acceptance import acceptance_checks, progress
    from runner.workspace import state

    checks = acceptance_checks(parsed)
    return progress(checks, state.last_acceptance(ws, path)) if checks else None


def show_task(task_id: str, view: View) -> int:
    """`plan show ID`: one task in full, with its last recorded result."""
    from runner import api
    from runner.outputs import documents
    from runner.outputs import terminal as report

    p, task, shown, last = api.find_task(task_id, view.plan)
    if view.json:
        out(documents.dump({"plan": shown, "task": documents.task_json(task), "last_result": last}))
    else:
        out(report.show_text(p, task, report.last_words(last)))
    return errors.EXIT_OK


def lint_plans(names: list[str], view: View) -> int:
    """`plan lint`: every problem, then a count; 1 when any is an error."""
    from runner import api
    from runner.outputs import documents
    from runner.plan.redact import strip_controls
    from runner.workspace import layout
    from runner.workspace.config import plan_files

    if not names:
        ws = layout.workspace()
        if not plan_files(ws.plans_dir):
            raise errors.NoPlansError(looked_in=ws.looked_in())
    checked, found = api.lint_problems(names or None)
    shown = [p for p in found if not (view.quiet and p.severity != "error")]
    count = {s: sum(p.severity == s for p in found) for s in ("error", "warning", "info")}
    if view.json:
        out(documents.dump({"problems": [documents.problem_json(p) for p in shown]}))
    else:
        for problem in shown:
            out(strip_controls(problem.render()))  # a plan's text may hold escapes
        if not view.quiet:
            out(
                f"{checked} plan(s): {count['error']} error(s), {count['warning']} warning(s),"
                f" {count['info']} note(s)"
            )
    return errors.EXIT_FAILED if count["error"] else errors.EXIT_OK


def show_plans(view: View, every: bool = False) -> int:
    """`plan list`: each plan's status, progress and next task; unreadable ones said so;
    with `--all`, the other Markdown files of the folder and why they are not plans."""
    from runner.outputs import documents
    from runner.outputs import terminal as report
    from runner.workspace import layout
    from runner.workspace.config import candidate_files, not_plan_reason

    ws = layout.workspace()
    rows: list[tuple[str, str, str, str]] = []
    docs: list[dict[str, Any]] = []
    for path in candidate_files(ws.plans_dir):
        shown = ws.display(path)
        reason = not_plan_reason(path)
        if reason is not None:
            if every:
                rows.append((shown, f"not a plan: {reason}", "", ""))
                docs.append({"plan": shown, "not_a_plan": reason})
            continue
        row, doc = _plan_row(ws, path, shown)
        rows.append(row)
        docs.append(doc)
    if view.json:
        out(documents.dump({"plans": docs}))
    elif rows:
        out(report.list_text(rows))
    else:
        out(ws.no_plans())
    return errors.EXIT_OK


def _plan_row(ws: Any, path: Any, shown: str) -> tuple[tuple[str, str, str, str], dict[str, Any]]:
    """One plan's line in `plan list` and its JSON object."""
    from runner.workspace import layout, planfile

    try:
        layout.for_plan(ws, path)  # never read a plan that resolves outside
        p = planfile.read_plan(ws, path).plan
    except errors.PlanError as exc:
        err(f"plan: warning: {exc.render()}")
        return (shown, "unreadable", "", ""), {"plan": shown, "error": exc.render()}
    done = sum(1 for t in p.tasks if t.status and t.status.done)
    nxt = p.next_task()
    row = (shown, p.status, f"{done}/{len(p.tasks)}", nxt.id if nxt else "-")
    doc = {
        "plan": shown,
        "title": p.title,
        "status": p.status,
        "done": done,
        "total": len(p.tasks),
        "next": nxt.id if nxt else None,
    }
    return row, doc


def show_history(task_id: str | None, view: View) -> int:
    """`plan history [ID]`: the results recorded in the plan's commit trailers."""
    from runner import vcs
    from runner.outputs import documents
    from runner.outputs import terminal as report
    from runner.workspace import planfile

    ws, path = planfile.locate(view.plan)
    shown = ws.display(path)
    records = [r for r in vcs.history(ws.root, path) if task_id is None or r.name == task_id]
    if view.json:
        rows = [
            {"commit": r.sha, "time": r.when, "kind": r.kind, "name": r.name, "result": r.result}
            for r in records
        ]
        out(documents.dump({"plan": shown, "history": rows}))
    elif records:
        out(report.history_text(records))
    else:
        what = f"'{task_id}'" if task_id else shown
        out(f"no recorded results for {what}")
    return errors.EXIT_OK
