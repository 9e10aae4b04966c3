"""The `plan` command. `main()` is the console script; the typer app is
`runner.cli.application.app` (also `runner.cli.app`), the only importer of typer.

`main()` hands every command line to the typer app but one: `plan status` with plain
arguments (a plan, `--json`, `-q`) is the command agents and prompts run most, and
importing typer costs about as much as reading a 50-task plan (bench/RESULTS.md), so
`runner.cli.quick` reads those few arguments itself and renders with the very function the
typer command calls. Anything else (help, completion, `--plan`, an unknown option) goes to
typer, which stays the one definition of the command line (a test holds the two equal).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from runner.cli.application import FAMILIES, PlanGroup, app

__all__ = ["FAMILIES", "PlanGroup", "app", "main"]


def main() -> None:
    """The `plan` console script: exits with the command's exit code."""
    from runner.cli import quick

    code = quick.status(sys.argv[1:])
    if code is not None:
        from runner.cli.basics import flush_out

        flush_out()
        sys.exit(code)
    from runner.cli.application import app

    app(prog_name="plan")


def __getattr__(name: str) -> Any:
    """The typer app and its parts, imported when first asked for (see the docstring)."""
    if name in ("FAMILIES", "PlanGroup", "app"):
        from runner.cli import application

        return getattr(application, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
