"""Reading commands: status, show, lint, list, history. They change nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import typer

from runner import errors
from runner.cli.shared import (
    Commands,
    JsonOpt,
    PlanArg,
    PlanOpt,
    QuietOpt,
    err,
    out,
    pick_plan,
)

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
    task_id: Annotated[str, typer.Argument(metavar="ID", help="Task ID.")],
    plan_opt: PlanOpt = None,
    json_out: JsonOpt = False,
) -> int:
    """Show one task in full: description, files, commands, dependencies, status."""
    return show_task(task_id, View(pick_plan(opt=plan_opt), json_out))


@commands("lint")
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
) -> int:
    """Check plans against PLANS.md; `path:line: CODE message`, like ruff."""
    named = plans or [p for p in [pick_plan(opt=plan_opt)] if p]
    return lint_plans(named, View(None, json_out, quiet))


@commands("list")
def list_plans(json_out: JsonOpt = False) -> int:
    """Every plan in the plans folder with its status and progress."""
    return show_plans(View(None, json_out))


@commands("history")
def history(
    task_id: Annotated[
        str | None,
        typer.Argument(metavar="[ID]", help="A task ID or gate name.", show_default=False),
    ] = None,
    plan_opt: PlanOpt = None,
    json_out: JsonOpt = False,
) -> int:
    """The results recorded for a task or gate over time, from the commit trailers."""
    return show_history(task_id, View(pick_plan(opt=plan_opt), json_out))


def show_status(view: View) -> int:
    """`plan status`: the table, or its JSON document."""
    from runner import planfile, report

    ws, path = planfile.locate(view.plan)
    shown = ws.display(path)
    p = ws.read(path).plan
    if not view.quiet:
        for problem in p.problems:
            if problem.severity == "error":
                err(f"plan: warning: {shown}:{problem.line}: {problem.code} {problem.message}")
    if p.tracker is None:
        raise errors.UnusablePlanError(
            "P002 no task table: no status table and no Progress checklist", path=shown
        )
    out(report.dump(report.status_json(p, shown)) if view.json else report.status_text(p, shown))
    return errors.EXIT_OK


def show_task(task_id: str, view: View) -> int:
    """`plan show ID`: one task in full, with its last recorded result."""
    from runner import api, report

    p, task, shown, last = api.find_task(task_id, view.plan)
    if view.json:
        out(report.dump({"plan": shown, "task": report.task_json(task), "last_result": last}))
    else:
        out(report.show_text(p, task, report.last_words(last)))
    return errors.EXIT_OK


def lint_plans(names: list[str], view: View) -> int:
    """`plan lint`: every problem, then a count; 1 when any is an error."""
    from runner import api, report

    checked, found = api.lint_problems(names or None)
    shown = [p for p in found if not (view.quiet and p.severity != "error")]
    count = {s: sum(p.severity == s for p in found) for s in ("error", "warning", "info")}
    if view.json:
        out(report.dump({"problems": [report.problem_json(p) for p in shown]}))
    else:
        for problem in shown:
            out(problem.render())
        if not view.quiet:
            out(
                f"{checked} plan(s): {count['error']} error(s), {count['warning']} warning(s),"
                f" {count['info']} note(s)"
            )
    return errors.EXIT_FAILED if count["error"] else errors.EXIT_OK


def show_plans(view: View) -> int:
    """`plan list`: each plan's status, progress and next task; unreadable ones said so."""
    from runner import planfile, report
    from runner.config import plan_files

    ws = planfile.workspace()
    rows: list[tuple[str, str, str, str]] = []
    docs: list[dict[str, Any]] = []
    for path in plan_files(ws.plans_dir):
        shown = ws.display(path)
        try:
            planfile.for_plan(ws, path)  # never read a plan that resolves outside
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
    if view.json:
        out(report.dump({"plans": docs}))
    elif rows:
        out(report.list_text(rows))
    else:
        out(f"no plans in {ws.display(ws.plans_dir)}")
    return errors.EXIT_OK


def show_history(task_id: str | None, view: View) -> int:
    """`plan history [ID]`: the results recorded in the plan's commit trailers."""
    from runner import planfile, report, vcs

    ws, path = planfile.locate(view.plan)
    shown = ws.display(path)
    records = [r for r in vcs.history(ws.root, path) if task_id is None or r.name == task_id]
    if view.json:
        rows = [
            {"commit": r.sha, "time": r.when, "kind": r.kind, "name": r.name, "result": r.result}
            for r in records
        ]
        out(report.dump({"plan": shown, "history": rows}))
    elif records:
        out(report.history_text(records))
    else:
        what = f"'{task_id}'" if task_id else shown
        out(f"no recorded results for {what}")
    return errors.EXIT_OK
