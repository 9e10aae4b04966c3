"""typer's private parts that `plan` uses, all in runner/cli/clickapi.py: this fails, naming
the part, on an upgrade of typer that moves or changes one."""

from __future__ import annotations

import inspect

import pytest
import typer

from runner.cli import clickapi


@pytest.mark.parametrize(
    "name",
    [
        "BadParameter",
        "ClickException",
        "ClickUsageError",
        "Command",
        "Context",
        "NoArgsIsHelpError",
        "ParamType",
        "Parameter",
    ],
)
def test_the_vendored_click_classes_are_there(name: str) -> None:
    assert inspect.isclass(getattr(clickapi, name)), name


def test_typers_commands_are_the_vendored_clicks() -> None:
    # The CLI builds typer commands and catches click's errors: they must be the same click.
    app = typer.Typer()

    @app.command()
    def hello() -> None:
        """Say hello."""

    assert isinstance(typer.main.get_command(app), clickapi.Command)
    assert issubclass(clickapi.NoArgsIsHelpError, clickapi.ClickUsageError)
    assert issubclass(clickapi.ClickUsageError, clickapi.ClickException)


def test_the_completion_helpers_take_what_we_pass() -> None:
    from typer._completion_shared import get_completion_script, install

    for function in (get_completion_script, install):
        parameters = inspect.signature(function).parameters
        assert {"prog_name", "complete_var", "shell"} <= set(parameters), function.__name__
    clickapi.completion_init()
    script = clickapi.completion_script(
        prog_name="plan", complete_var="_PLAN_COMPLETE", shell="bash"
    )
    assert "_PLAN_COMPLETE" in script
