"""The report page: `plan report` writes one self-contained HTML file (or its data as JSON)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from runner import errors
from runner.cli.shared import Commands, err, out

commands = Commands()


@commands("report")
def report(
    plans: Annotated[
        list[str] | None,
        typer.Argument(
            help="Plans to show (default: all in the plans folder).", show_default=False
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Where to write it (default: .git/plan/report.html).",
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

    from runner.outputs.page import render as page
    from runner.workspace import layout

    ws = layout.workspace()
    now = datetime.now(UTC)
    if json_out:
        out(page.json_document(ws, list(plans or []), now))
        return errors.EXIT_OK
    path, data = page.write_report(ws, list(plans or []), output, now)
    for p in data.plans:
        if p.error:
            err(f"plan: warning: {p.error}")
    out(f"report written to {ws.display(path)}")
    if open_it and not page.open_in_browser(path):
        err("plan: no web browser to open it with; open the file above")
    return errors.EXIT_OK
