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
    from runner import vcs
    from runner.outputs import documents
    from runner.workspace import layout, template

    ws = layout.workspace()
    branch = vcs.branch(ws.root) if ws.git_dir is not None else None
    if branch == "detached HEAD":  # vcs.branch's word for "no branch": the template's default
        branch = None
    path = template.create(ws.plans_dir, title, branch=branch or "")
    shown = ws.display(path)
    out(documents.dump({"plan": shown}) if json_out else f"created {shown}")
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

    from runner.cli import demo as demo_mod

    target = (folder or Path(tempfile.mkdtemp(prefix="plan-demo-"))).resolve()
    try:
        demo_mod.create(target)
    except (FileExistsError, FileNotFoundError, NotADirectoryError, PermissionError) as exc:
        raise UsageError(f"cannot create the demo in {target}: {exc.strerror}") from None
    return demo_mod.tour(target, out)
