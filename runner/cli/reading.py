"""Reading commands: status, show, lint, list, history. They change nothing."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from runner import errors
from runner.cli.complete import looks_like_plan, task_ids
from runner.cli.quick import View, show_status
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
from runner.plan.words import plural

commands = Commands()


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
    task_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]",
            help="A task ID; without one (or with a path ending in .md alone), the plan.",
            show_default=False,
            autocompletion=task_ids,
        ),
    ] = None,
    plan: PlanArg = None,
    plan_opt: PlanOpt = None,
    json_out: JsonOpt = False,
) -> int:
    """Show one task in full: description, files, commands, dependencies, status; without
    an ID, the plan (as `plan status` does)."""
    task_id, plan = _id_and_plan(task_id, plan)
    if task_id is None:
        return show_status(View(pick_plan(plan, plan_opt), json_out))
    return show_task(task_id, View(pick_plan(plan, plan_opt), json_out))


def _id_and_plan(task_id: str | None, plan: str | None) -> tuple[str | None, str | None]:
    """`plan show plans/x.md` names the plan alone; `plan show PLAN ID`, as completion offers
    it, names them the other way round."""
    if task_id is not None and plan is None and looks_like_plan(task_id):
        return None, task_id
    if (
        plan is not None
        and task_id is not None
        and looks_like_plan(task_id)
        and not (looks_like_plan(plan))
    ):
        return plan, task_id
    return task_id, plan


@commands("brief")
def brief(
    task_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]",
            help="A task ID (default: the next task); a path ending in .md alone is the plan.",
            show_default=False,
            autocompletion=task_ids,
        ),
    ] = None,
    plan: PlanArg = None,
    plan_opt: PlanOpt = None,
    json_out: JsonOpt = False,
) -> int:
    """The self-contained brief of a task (the next one by default), for a person or an
    agent: purpose, task, files with excerpts, commands, dependencies, last failure."""
    task_id, plan = _id_and_plan(task_id, plan)
    return show_brief(task_id, View(pick_plan(plan, plan_opt), json_out))


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
        from runner import api

        kept = api.hook_plans(plans or [])
        if not kept:  # no plan among the files: nothing to check, and that is fine
            return errors.EXIT_OK
        return lint_plans(kept, View(None, json_out, quiet))
    named = plans or [p for p in [pick_plan(opt=plan_opt)] if p]
    return lint_plans(named, View(None, json_out, quiet))


@commands("list")
def list_plans(
    plan: PlanArg = None,
    json_out: JsonOpt = False,
    every: Annotated[
        bool, typer.Option("--all", help="Also the Markdown files not taken as plans, and why.")
    ] = False,
) -> int:
    """Every plan in the plans folder with its status and progress."""
    return show_plans(View(plan, json_out), every)


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


def show_task(task_id: str, view: View) -> int:
    """`plan show ID`: one task in full, with its last recorded result."""
    from runner import api
    from runner.outputs import terminal

    doc = api.show(task_id, view.plan)
    if view.json:
        out(terminal.json_line(doc.json()))
    else:
        out(terminal.show_text(doc.plan, doc.task, terminal.last_words(doc.last)))
    return errors.EXIT_OK


def show_brief(task_id: str | None, view: View) -> int:
    """`plan brief [ID]`: the brief as text, or its JSON document."""
    from runner import api
    from runner.outputs import brief as briefing
    from runner.outputs import terminal

    doc = api.brief(task_id, view.plan)
    out(terminal.json_line(doc.json()) if view.json else terminal.plain(briefing.render(doc)))
    return errors.EXIT_OK


def lint_plans(names: list[str], view: View) -> int:
    """`plan lint`: every problem, then a count; 1 when any is an error."""
    from dataclasses import replace

    from runner import api
    from runner.outputs import terminal

    doc = api.lint(names or None)
    if view.quiet:
        doc = replace(doc, problems=tuple(p for p in doc.problems if p.severity == "error"))
    if view.json:
        out(terminal.json_line(doc.json()))
    else:
        for problem in doc.problems:
            out(terminal.plain(problem.render()))  # a plan's text may hold escapes
        if not view.quiet:
            out(
                f"{plural(doc.checked, 'plan')}: {plural(doc.count('error'), 'error')},"
                f" {plural(doc.count('warning'), 'warning')}, {plural(doc.count('info'), 'note')}"
            )
    return errors.EXIT_FAILED if doc.count("error") else errors.EXIT_OK


def show_plans(view: View, every: bool = False) -> int:
    """`plan list`: each plan's status, progress and next task; unreadable ones said so;
    with `--all`, the other Markdown files of the folder and why they are not plans."""
    from runner import api
    from runner.outputs import terminal

    doc = api.list_plans(every=every, only=view.plan)
    for entry in doc.entries:
        if entry.error is not None:
            err(f"plan: warning: {entry.error}")
    if view.json:
        out(terminal.json_line(doc.json()))
    elif doc.entries:
        out(terminal.list_text([_row(e) for e in doc.entries]))
    else:
        out(f"no plans in {doc.looked_in}")
    return errors.EXIT_OK


def show_history(task_id: str | None, view: View) -> int:
    """`plan history [ID]`: the results recorded in the plan's commit trailers."""
    from runner import api
    from runner.outputs import terminal

    doc = api.history(task_id, view.plan)
    if view.json:
        out(terminal.json_line(doc.json()))
    elif doc.records:
        out(terminal.history_text(list(doc.records)))
    else:
        what = f"'{task_id}'" if task_id else doc.shown
        out(f"no recorded results for {what}")
    return errors.EXIT_OK


def _row(entry: Any) -> tuple[str, str, str, str]:
    """A `plan list` line: plan, status, done of total, next."""
    doc = entry.json()
    if entry.not_a_plan is not None:
        return entry.shown, f"not a plan: {entry.not_a_plan}", "", ""
    if entry.plan is None:
        return entry.shown, "unreadable", "", ""
    # A plan without a Status line shows where its tasks stand, in brackets: it is read, not
    # written in the plan.
    status = doc["status"] or f"({doc['state'].replace('_', ' ')})"
    return entry.shown, status, f"{doc['done']}/{doc['total']}", doc["next"] or "-"
