"""A checklist task that failed shows `failed` until it passes: a checkbox cannot say failed,
so the last result kept in the state folder says it instead; pure but for the reading.

Applied when a workspace reads a plan (`Workspace.read`), so status, next, show, JSON and the
run pipeline all see it: a checklist task whose box is still `[ ]` and whose last recorded
result (a run, or `plan fail`) is failed reads as failed. The result must be for the same item
(its description is kept with it), so an edited or reordered checklist never inherits another
item's failure. Ticking the box, `plan reset`, `plan done` or a passing run ends it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from runner.model import Status

if TYPE_CHECKING:
    from runner.plandoc import Parsed
    from runner.state import LastResult


def with_failures(parsed: Parsed, last: dict[str, LastResult]) -> Parsed:
    """`parsed` with its unticked checklist tasks that last failed read as failed."""
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
            and kept.get("status") == Status.FAILED.value
        ):
            t = replace(t, status=Status.FAILED)
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
