"""Plans that merge: `plan merge` (git's merge driver) and `plan merge-driver` (its setup)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from runner import errors
from runner.cli.complete import merge_driver_actions
from runner.cli.shared import Commands, out

commands = Commands()


@commands("merge")
def merge(
    base: Annotated[Path, typer.Argument(metavar="BASE", help="The common ancestor (git's %O).")],
    ours: Annotated[
        Path, typer.Argument(metavar="OURS", help="Our version; the result goes here (%A).")
    ],
    theirs: Annotated[Path, typer.Argument(metavar="THEIRS", help="Their version (%B).")],
    path: Annotated[
        str | None,
        typer.Argument(
            metavar="[PATH]", help="The plan's path in the repository (%P).", show_default=False
        ),
    ] = None,
) -> int:
    """Merge three versions of a plan (git's merge driver): exit 0 clean, 1 conflicts left."""
    from runner import api

    return api.merge(base, ours, theirs, path)


@commands("merge-driver")
def merge_driver(
    action: Annotated[
        str,
        typer.Argument(
            metavar="install|uninstall", help="What to do.", autocompletion=merge_driver_actions
        ),
    ],
) -> int:
    """Register `plan merge` as git's merge driver for the plans folder, or take it out."""
    from runner import api

    for line in api.merge_driver(action):
        out(line)
    return errors.EXIT_OK
