"""What every command family of the CLI shares: output, the plan argument, the registry."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer
import typer.main

from runner.cli.basics import err as err  # re-exported: the families import them here
from runner.cli.basics import out as out
from runner.cli.basics import pick_plan as pick_plan
from runner.cli.clickapi import Command
from runner.cli.complete import gate_names, looks_like_plan, plan_names, task_ids

F = TypeVar("F", bound=Callable[..., Any])


class Commands:
    """The commands of one family, each in a Typer of its own, so one is built alone."""

    def __init__(self) -> None:
        self.typers: dict[str, typer.Typer] = {}

    def __call__(self, name: str) -> Callable[[F], F]:
        """Register a function as the command `name`."""

        def register(function: F) -> F:
            one = typer.Typer(add_completion=False, rich_markup_mode=None)
            one.command(name=name)(function)
            self.typers[name] = one
            return function

        return register

    def build(self, name: str) -> Command:
        """The click command `name` (typer's documented conversion of a one-command app)."""
        return typer.main.get_command(self.typers[name])


def plan_after(
    args: list[str] | None, opt: str | None = None
) -> tuple[tuple[str, ...], str | None]:
    """Task IDs, then the plan: a last argument that ends in .md or is a file is the plan
    (`plan run P1.1 P1.2 plans/0002-x.md`); README, "Finding the plan"."""
    items = list(args or [])
    arg = items.pop() if items and looks_like_plan(items[-1]) else None
    return tuple(items), pick_plan(arg, opt)


PlanArg = Annotated[
    str | None,
    typer.Argument(
        help="Plan path or name in the plans folder.",
        show_default=False,
        autocompletion=plan_names,
    ),
]
PlanOpt = Annotated[
    str | None,
    typer.Option(
        "--plan",
        "-p",
        help="Plan path or name (also PLAN_FILE).",
        show_default=False,
        autocompletion=plan_names,
    ),
]
TaskArg = Annotated[str, typer.Argument(metavar="ID", help="Task ID.", autocompletion=task_ids)]
IdsArg = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="ID... [plan]",
        help="Task IDs, then optionally the plan (a path ending in .md).",
        show_default=False,
        autocompletion=task_ids,
    ),
]
GatesOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--only",
        metavar="NAME",
        help="Only this gate (repeatable).",
        show_default=False,
        autocompletion=gate_names,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine output on stdout.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Only errors.")]
VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help="More detail.")]
