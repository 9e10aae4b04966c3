"""A checklist task that failed shows `failed` until it passes: a checkbox cannot say failed,
so the last result kept in the state folder says it instead. Likewise a manual checklist task
announced as in progress (`plan next`) reads as in progress, so asking again only shows it
(no new journal line, no new commit) until it is ticked, marked or run.

Applied when a workspace reads a plan (`Workspace.read`), so status, next, show, JSON and the
run pipeline all see it: a checklist task whose box is still `[ ]` and whose last recorded
result (a run, or `plan fail`) is failed reads as failed. The result must be for the same item
(its description is kept with it), so an edited or reordered checklist never inherits another
item's failure. Ticking the box, `plan reset`, `plan done` or a passing run ends it.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import TYPE_CHECKING

from runner.plan.model import Status
from runner.workspace import state
from runner.workspace.layout import Workspace

if TYPE_CHECKING:
    from pathlib import Path

    from runner.plan.reading import Parsed

# What a kept result can make an unticked box read as (a box says neither).
_OVERLAID = {Status.FAILED.value: Status.FAILED, Status.IN_PROGRESS.value: Status.IN_PROGRESS}


def with_failures(parsed: Parsed, last: dict[str, state.LastResult]) -> Parsed:
    """`parsed` with its unticked checklist tasks that last failed read as failed, and those
    last announced as in progress (manual) read as in progress."""
    plan = parsed.plan
    if plan.tracker is None or plan.tracker.kind not in ("checklist", "sections") or not last:
        return parsed
    changed = False
    tasks = []
    for t in plan.tasks:
        kept = last.get(f"task:{t.id}")
        if kept is None or kept.get("description") != t.description:
            tasks.append(t)
            continue
        if (
            t.status is Status.OUTSTANDING
            and (t.status_raw == "[ ]" or not t.status_holder)
            and kept.get("status") in _OVERLAID
        ):
            t = replace(t, status=_OVERLAID[str(kept.get("status"))])
            changed = True
        elif not t.status_holder and kept.get("status") in (Status.PASSED.value, "in_progress"):
            # Nothing in the plan holds this task's status: its last result is it.
            t = replace(t, status=Status(kept["status"]))
            changed = True
        tasks.append(t)
    if not changed:
        return parsed
    return replace(parsed, plan=replace(plan, tasks=tuple(tasks)))


def needs_results(parsed: Parsed) -> bool:
    """Only an unticked checklist task can be overlaid: skip reading the state otherwise."""
    plan = parsed.plan
    if plan.tracker is None or plan.tracker.kind not in ("checklist", "sections"):
        return False
    return any(t.status is Status.OUTSTANDING or not t.status_holder for t in plan.tasks)


def remember_announced(
    ws: Workspace, plan_path: Path, parsed: Parsed, ids: list[str], when: str
) -> None:
    """Keep the manual checklist tasks just announced as in progress (a box cannot say so)."""
    plan = parsed.plan
    if not ids or plan.tracker is None or plan.tracker.kind != "checklist":
        return
    described = {t.id: t.description for t in plan.tasks}
    kept = state.last_results(ws, plan_path)
    for task_id in ids:
        kept[f"task:{task_id}"] = {
            "status": Status.IN_PROGRESS.value,
            "when": when,
            "by_hand": False,
            "duration_s": None,
            "reason": None,
            "log": None,
            "description": described.get(task_id, ""),
        }
    state.store(state.results_file(ws, plan_path), json.dumps(kept, indent=1))
