"""The report page: `plan report` writes one self-contained HTML file (or its data as JSON)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from runner import errors
from runner.cli.shared import Commands, PlanOpt, err, out, pick_plan

commands = Commands()


@commands("report")
def report(
    plans: Annotated[
        list[str] | None,
        typer.Argument(
            help="Plans to show (default: all in the plans folder).", show_default=False
        ),
    ] = None,
    plan_opt: PlanOpt = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Where to write it (default: .git/plan/report.html; `-`: standard output).",
            show_default=False,
        ),
    ] = None,
    open_it: Annotated[bool, typer.Option("--open", help="Open it in the web browser.")] = False,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the page's data as JSON instead.")
    ] = False,
) -> int:
    """Write one self-contained HTML page: progress, burn-up, gates, tasks and journal."""
    from datetime import UTC, datetime

    from runner import api
    from runner.outputs import terminal
    from runner.outputs.page import render as page

    now = datetime.now(UTC)
    # `-p PLAN` names a plan as every one-plan command's option does (README).
    plans = [*(plans or []), *([plan_opt] if plan_opt else [])]
    if not plans and (named := pick_plan()) is not None:
        plans = [named]  # PLAN_FILE, as every one-plan command reads it (docs/cli.md)
    if json_out:
        out(terminal.json_line(api.report_data(list(plans or []), now=now)))
        return errors.EXIT_OK
    if output is not None and str(output) == "-":
        # `-` is standard output, as git, ruff and curl read it (it wrote a file named `-`).
        sys.stdout.write(api.report_html(list(plans or []), now=now))
        sys.stdout.flush()
        return errors.EXIT_OK
    doc = api.report(list(plans or []), output, now=now)
    for warning in doc.warnings:
        err(f"plan: warning: {warning}")
    out(f"report written to {doc.shown}")
    if open_it and not page.open_in_browser(doc.path):
        err("plan: no web browser to open it with; open the file above")
    return errors.EXIT_OK
