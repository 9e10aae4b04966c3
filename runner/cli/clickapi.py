"""The parts of typer (and the click it vendors as `typer._click` since 0.26) that `plan`
uses but typer does not export: every private name lives here and nowhere else, so an
upgrade that moves one fails in one place, loudly (tests/cli/test_clickapi.py)."""

from __future__ import annotations

from typer._click.core import Command, Context, Parameter
from typer._click.exceptions import (
    BadParameter,
    ClickException,
    NoArgsIsHelpError,
)
from typer._click.exceptions import UsageError as ClickUsageError
from typer._click.shell_completion import CompletionItem
from typer._click.types import ParamType

__all__ = [
    "BadParameter",
    "ClickException",
    "ClickUsageError",
    "Command",
    "CompletionItem",
    "Context",
    "NoArgsIsHelpError",
    "ParamType",
    "Parameter",
    "completion_init",
    "completion_script",
    "install_completion",
]


def completion_init() -> None:
    """Register typer's bash/zsh/fish completion classes with click."""
    from typer._completion_classes import completion_init as init

    init()


def completion_script(*, prog_name: str, complete_var: str, shell: str) -> str:
    """The script a shell sources for completion of `prog_name`."""
    from typer._completion_shared import get_completion_script

    return str(get_completion_script(prog_name=prog_name, complete_var=complete_var, shell=shell))


def install_completion(*, shell: str, prog_name: str, complete_var: str) -> tuple[str, object]:
    """Install the completion script in the shell's startup file: the shell and the path."""
    from typer._completion_shared import install

    shell_name, path = install(shell=shell, prog_name=prog_name, complete_var=complete_var)
    return str(shell_name), path
