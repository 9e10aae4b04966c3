"""The JSON documents of `--json` and MCP (docs/cli.md's keys, `"schema": 1`): dicts and strings.

Every result document is drawn from the typed `Result`s here and nowhere else.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any

from runner.plan.model import Gate, Plan, Problem, Status, Task
from runner.plan.results import CommandRun, Result, ResultStatus
from runner.plan.words import checked_words, gate_checked

if TYPE_CHECKING:
    from runner.run.context import Outcome

SCHEMA = 1


def dump(document: dict[str, Any]) -> str:
    """One JSON object with `"schema": 1`, on one line per document."""
    from runner.plan.redact import json_escaped

    return json_escaped(json.dumps({"schema": SCHEMA, **document}, ensure_ascii=False))


def _status(s: Status | None) -> str | None:
    return s.value if s else None


def task_json(t: Task) -> dict[str, Any]:
    """A task as the documented JSON keys (docs/cli.md), plus a few extras."""
    return {
        "id": t.id,
        "phase": t.phase,
        "type": t.type,
        "status": _status(t.status),
        "status_key": t.status_raw,
        "description": t.description,
        "commands": list(t.commands),
        "inferred": t.inferred,
        "runs_gates": t.runs_gates,
        "depends": list(t.depends),
        "timeout_s": t.timeout,
        "files": list(t.files),
        "line": t.line,
        "malformed": t.malformed,
        "checks": checked_words(t),
        "sources": list(t.sources),
        "body": list(t.body),
        # Commands that act rather than observe (docs/format.md, "Checks and actions").
        "actions": [{"command": a.command, "reason": a.reason} for a in t.acting],
        "manual": t.manual and not t.never_runs,
    }


def gate_json(g: Gate) -> dict[str, Any]:
    """A gate as the documented JSON keys."""
    return {
        "name": g.name,
        "commands": list(g.commands),
        "status": _status(g.status),
        "last_run": g.last_run or None,
        "threshold": g.threshold,
        "threshold_checked": gate_checked(g),
        "line": g.line,
    }


def status_json(plan: Plan, path: str) -> dict[str, Any]:
    """`plan status --json`."""
    nxt = plan.next_task()
    return {
        "plan": path,
        "title": plan.title,
        "status": plan.status,
        "tracker": None
        if plan.tracker is None
        else {
            "kind": plan.tracker.kind,
            "line": plan.tracker.line,
            "heading": plan.tracker.heading,
            "reason": plan.tracker.reason,
            "left_out": {"items": plan.tracker.left_out, "why": plan.tracker.left_out_why},
        },
        "tasks": [task_json(t) for t in plan.tasks],
        "gates": [gate_json(g) for g in plan.gates],
        "counts": plan.counts(),
        "next": nxt.id if nxt else None,
    }


def problem_json(p: Problem) -> dict[str, Any]:
    """A lint finding."""
    return {
        "path": p.path,
        "line": p.line,
        "code": p.code,
        "severity": p.severity,
        "message": p.message,
    }


def command_json(c: CommandRun) -> dict[str, Any]:
    """One command's run, in docs/cli.md's keys; `mismatch` when its output missed what the plan
    expects."""
    doc: dict[str, Any] = {
        "command": c.command,
        "exit_code": c.exit_code,
        "duration_s": round(c.duration_s, 3),
        "timed_out": c.timed_out,
        "log": c.log,
    }
    if c.mismatch:
        doc["mismatch"] = c.mismatch
    if c.unchecked:
        # What the plan said to expect, which the runner could not read: never a silent pass.
        doc["expectation"] = {"text": c.unchecked, "checked": False}
    return doc


def result_json(r: Result) -> dict[str, Any]:
    """A result in docs/cli.md's keys: `id` for a task, `name` for a gate. `status` is always a
    meaning (or `up_to_date`): a task not run or interrupted keeps the status it had, flagged
    `not_run`/`interrupted`; a manual one is flagged `manual`."""
    doc: dict[str, Any] = {"id" if r.is_task else "name": r.name, "status": r.shown_value()}
    if r.outcome is ResultStatus.MARKED:
        doc["commands"] = []
        return doc
    if r.set_aside:
        if r.outcome is ResultStatus.MANUAL:
            doc["manual"] = True
            if r.reason:
                doc["reason"] = _clean(r.reason)
        else:
            doc[ResultStatus.NOT_RUN.value] = True
            doc["reason"] = _clean(r.reason)
        doc["commands"] = []
        return doc
    doc["duration_s"] = round(r.duration_s, 3)
    doc["commands"] = [command_json(c) for c in r.commands]
    if r.outcome in (ResultStatus.NOT_RUN, ResultStatus.INTERRUPTED):
        doc[r.outcome.value] = True
    if r.outcome in (ResultStatus.FAILED, ResultStatus.NOT_RUN):
        doc["reason"] = _clean(r.shown_reason())
    return doc


def _clean(text: str) -> str:
    """A reason as `--json` (and MCP) carry it: redacted, without control characters."""
    import os

    from runner.plan.redact import clean

    return clean(text, os.environ, one_line=True)


def outcome_json(outcome: Outcome, shown: str | None = None) -> dict[str, Any]:
    """`plan next|run|gates ... --json`: results, commit, next (docs/cli.md)."""
    from runner.plan.redact import clean

    nxt = outcome.next_task
    doc: dict[str, Any] = {
        "plan": outcome.shown if shown is None else shown,
        "results": [result_json(r) for r in outcome.results],
        "commit": outcome.commit,
        "next": nxt.id if nxt else None,
        "written": outcome.written,
        # git's words (a hook's output) leave masked, on one line, without escapes.
        "notices": [clean(n, os.environ, one_line=True) for n in outcome.notices],
    }
    if outcome.planned:
        doc["dry_run"] = outcome.planned
    return doc
