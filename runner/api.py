"""The commands as plain functions returning the `--json` documents (for MCP and scripts).

No printing, no exiting: errors are `PlanError`s with the CLI's message and exit code.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from runner.errors import (
    NoPlansError,
    NoTrackerError,
    UnknownTaskError,
    UnreadablePlanError,
    UnusablePlanError,
)
from runner.outputs import documents
from runner.plan.model import Plan, Problem, Task
from runner.run.context import Hooks, Outcome
from runner.run.options import Action, RunOptions
from runner.workspace import layout, planfile
from runner.workspace.paths import lexical, os_errors

if TYPE_CHECKING:
    from runner.workspace.state import LastResult

__all__ = ["Hooks", "Outcome", "find_task", "lint", "lint_problems", "run", "show", "status"]


def status(plan: str | None = None, cwd: Path | None = None) -> dict[str, Any]:
    """`plan status --json`."""
    ws, path = planfile.locate(plan, cwd)
    shown = ws.display(path)
    p = planfile.read_plan(ws, path).plan
    if p.tracker is None:
        raise NoTrackerError(path=shown)
    return documents.status_json(p, shown)


def find_task(
    task_id: str, plan: str | None = None, cwd: Path | None = None
) -> tuple[Plan, Task, str, LastResult | None]:
    """The plan, the task with this ID, the plan's shown path and the task's last recorded
    result; an unknown ID is a usage error."""
    from runner.workspace.state import last_results

    ws, path = planfile.locate(plan, cwd)
    shown = ws.display(path)
    p = planfile.read_plan(ws, path).plan
    task = p.task(task_id)
    if task is None:
        raise UnknownTaskError(task_id=task_id, plan=shown, known=[t.id for t in p.tasks])
    return p, task, shown, last_results(ws, path).get(f"task:{task.id}")


def show(task_id: str, plan: str | None = None, cwd: Path | None = None) -> dict[str, Any]:
    """`plan show ID --json`: the task, and its last recorded result (or null)."""
    _, task, shown, last = find_task(task_id, plan, cwd)
    return {"plan": shown, "task": documents.task_json(task), "last_result": last}


def lint_problems(
    plans: list[str] | None = None, cwd: Path | None = None
) -> tuple[int, list[Problem]]:
    """How many plans were checked, and every problem in them."""
    from runner.plan.lint import lint as run_lint
    from runner.workspace.bounded import file_line_counter
    from runner.workspace.config import plan_files, resolve_plan

    here = layout.workspace(cwd)
    if plans:
        with os_errors(", ".join(plans)):
            paths = [lexical(resolve_plan(n, here.cwd, here.plans_dir)) for n in plans]
    else:
        with os_errors(here.display(here.plans_dir)):
            paths = plan_files(here.plans_dir)
        if not paths:
            raise NoPlansError(looked_in=here.looked_in())
    found: list[Problem] = []
    counters: dict[Path, Any] = {}
    for path in paths:
        ws = layout.for_plan(here, path)  # each plan in its own repository, inside it
        counter = counters.setdefault(ws.root, file_line_counter(ws.root))
        shown = ws.display(path)
        try:
            parsed = planfile.read_plan(ws, path)
        except UnusablePlanError as exc:
            code = exc.code or UnreadablePlanError.code or ""
            found.append(Problem(exc.line or 1, code, "error", exc.reason, shown))
            continue
        found += [
            Problem(p.line, p.code, p.severity, p.message, shown) for p in run_lint(parsed, counter)
        ]
    return len(paths), found


def lint(plans: list[str] | None = None, cwd: Path | None = None) -> dict[str, Any]:
    """`plan lint --json`."""
    _, found = lint_problems(plans, cwd)
    return {"problems": [documents.problem_json(p) for p in found]}


def run(
    action: Action,
    plan: str | None,
    options: RunOptions,
    *,
    cwd: Path | None = None,
    hooks: Hooks | None = None,
) -> Outcome:
    """`plan next|run|gates|verify|done|fail|reset|journal`: the whole run, typed.

    `documents.outcome_json(outcome)` is its `--json` document.
    """
    from runner.run import workflow

    ws, path = planfile.locate(plan, cwd)
    return workflow.run(action, ws, path, options, hooks)
