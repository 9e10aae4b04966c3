"""Authoring commands: new (a plan from the template) and demo (a repository to watch)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from runner import errors
from runner.cli.shared import Commands, JsonOpt, out
from runner.errors import UsageError

commands = Commands()


@commands("new")
def new(
    title: Annotated[str, typer.Argument(help="The plan's title.")],
    json_out: JsonOpt = False,
) -> int:
    """Create a plan from the bundled template in the plans folder, numbered and slugged."""
    from runner import api
    from runner.outputs import terminal

    doc = api.new(title)
    out(terminal.json_line(doc.json()) if json_out else f"created {doc.shown}")
    return errors.EXIT_OK


@commands("demo")
def demo(
    folder: Annotated[
        Path | None,
        typer.Argument(
            help="Where to create the demo repository (default: a new temporary folder).",
            show_default=False,
        ),
    ] = None,
) -> int:
    """Create a small repository with an example plan and watch the runner work on it."""
    import tempfile

    from runner import demo as repository
    from runner.cli import demo as watching

    target = (folder or Path(tempfile.mkdtemp(prefix="plan-demo-"))).resolve()
    try:
        repository.create(target)
    except (FileExistsError, FileNotFoundError, NotADirectoryError, PermissionError) as exc:
        raise UsageError(f"cannot create the demo in {target}: {exc.strerror}") from None
    return watching.tour(target, out)
