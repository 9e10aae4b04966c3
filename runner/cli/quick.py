"""`plan status` without typer, when its arguments are plain; and the status command's
rendering, which the typer command calls too.

Importing typer costs about as much as reading a 50-task plan (bench/RESULTS.md), and
`plan status` is what agents and prompts run most. `status(argv)` answers only argument
lists it reads exactly as the typer command does: `status`, at most one plan, `--json`,
`-q`/`--quiet`; anything else (help, `--plan`, `--`, an unknown option, completion) is
None, and `runner.cli.main` hands it to typer. tests/cli/test_quick.py holds the two paths
to the same output and exit code.
"""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass

from runner import errors
from runner.cli.basics import answer_in_json, err, out, pick_plan

_FLAGS = {"--json": "json", "-q": "quiet", "--quiet": "quiet"}


@dataclass(frozen=True)
class View:
    """What a reading command reads and how it prints: the plan named (or None), `--json`,
    `-q`."""

    plan: str | None
    json: bool = False
    quiet: bool = False


def request(argv: list[str]) -> View | None:
    """The View a plain `plan status ...` asks for; None for anything typer must read."""
    if not argv or argv[0] != "status" or os.environ.get("_PLAN_COMPLETE"):
        return None
    plan: str | None = None
    given = {"json": False, "quiet": False}
    for arg in argv[1:]:
        if arg in _FLAGS:
            given[_FLAGS[arg]] = True
        elif arg.startswith("-") or plan is not None:
            return None
        else:
            plan = arg
    return View(plan, given["json"], given["quiet"])


def status(argv: list[str]) -> int | None:
    """Run a plain `plan status` and return its exit code; None when typer must."""
    view = request(argv)
    if view is None:
        return None
    # A status reads, prints and exits: what it builds is freed by reference counting or
    # with the process, and the cyclic collector's passes over a 10,000-row plan's objects
    # (each row's cells, its task, its table row) were 15 ms of the run (bench/).
    gc.disable()
    answer_in_json(argv)
    try:
        return show_status(View(pick_plan(view.plan), view.json, view.quiet))
    except (Exception, KeyboardInterrupt) as exc:
        from runner.cli import boundary

        return boundary.failure(exc)


def show_status(view: View) -> int:
    """`plan status`: the table, or its JSON document; the plan's own errors as warnings."""
    from runner import api
    from runner.outputs import terminal

    doc = api.status(view.plan)
    p = doc.plan
    if not view.quiet:
        for problem in p.problems:
            if problem.severity == "error":
                err(f"plan: warning: {doc.shown}:{problem.line}: {problem.code} {problem.message}")
    if view.json:
        out(terminal.json_line(doc.json()))
    else:
        out(terminal.status_text(p, doc.shown))
        if doc.acceptance:
            out(terminal.acceptance_line(doc.acceptance))
    return errors.EXIT_OK
