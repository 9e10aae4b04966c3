"""What the CLI needs before (or without) typer: a line to stdout or stderr, and the plan a
command names. `runner.cli.quick` answers `plan status` with these alone."""

from __future__ import annotations

import os
import sys

from runner.errors import UsageError


def out(text: str) -> None:
    """Write a line to stdout."""
    sys.stdout.write(text + "\n")


def err(text: str) -> None:
    """Write a line to stderr."""
    sys.stderr.write(text + "\n")


def pick_plan(arg: str | None = None, opt: str | None = None) -> str | None:
    """The plan a command names: its argument, else `--plan`, else PLAN_FILE (read only here)."""
    if arg and opt and arg != opt:
        raise UsageError(f"two plans named: '{arg}' and --plan '{opt}'")
    return arg or opt or os.environ.get("PLAN_FILE") or None
