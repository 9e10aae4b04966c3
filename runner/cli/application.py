"""The `plan` command: the only importer of typer; owns exit codes and output.

Commands live by family in `reading`, `running`, `authoring` and `agents`; only the one
invoked is imported and built (click's lazy loading of subcommands), and `PlanGroup.main`
is the one error boundary around all of them.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from typing import Annotated, Any

import typer
import typer.core

from runner.cli import boundary, complete
from runner.cli.basics import answer_in_json, flush_out
from runner.cli.clickapi import ClickException, Command, CompletionItem, Context
from runner.cli.shared import out

# Every command, in the order `plan --help` lists them, with the module that defines it.
FAMILIES = {
    "status": "reading",
    "show": "reading",
    "brief": "reading",
    "lint": "reading",
    "list": "reading",
    "new": "authoring",
    "demo": "authoring",
    "next": "running",
    "run": "running",
    "gates": "running",
    "verify": "running",
    "done": "running",
    "fail": "running",
    "reset": "running",
    "journal": "running",
    "accept": "accepting",
    "history": "reading",
    "report": "pages",
    "merge": "merging",
    "merge-driver": "merging",
    "loop": "agents",
    "ci": "ci",
    "mcp": "agents",
}


class PlanGroup(typer.core.TyperGroup):
    """Builds only the invoked command, and turns every exception into an exit code."""

    def shell_complete(self, ctx: Context, incomplete: str) -> list[CompletionItem]:
        """After `--install-completion` or `--show-completion`, the shells; else click's
        (commands and options)."""
        if ctx.meta.get(complete.SHELL_NEXT):
            return [CompletionItem(s) for s in complete.SHELLS if s.startswith(incomplete)]
        return super().shell_complete(ctx, incomplete)

    def list_commands(self, ctx: Context) -> list[str]:
        """Every command name, without importing any of them."""
        return list(FAMILIES)

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        """Import the command's family and build that one command."""
        family = FAMILIES.get(cmd_name)
        if family is None:
            return None
        module = importlib.import_module(f"runner.cli.{family}")
        command: Command = module.commands.build(cmd_name)
        return command

    def invoke(self, ctx: Context) -> Any:
        """Run the command; an error or Ctrl-C in it becomes its exit code here, before typer
        reads Ctrl-C as a bare 130."""
        try:
            return super().invoke(ctx)
        except (ClickException, typer.Exit):
            raise
        except (Exception, KeyboardInterrupt) as exc:
            raise typer.Exit(boundary.failure(exc)) from None

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """The whole app under one boundary: no input ends in a traceback but a bug's."""
        answer_in_json(list(sys.argv[1:] if args is None else args))
        try:
            # `--show-completion SHELL` and `--install-completion SHELL`, done before click
            intercepted = complete.intercept(list(sys.argv[1:] if args is None else args))
            if intercepted is not None:
                code = intercepted
            else:
                complete.prepare()  # answering the shell (_PLAN_COMPLETE set) exits in there
                result = super().main(
                    args, prog_name or "plan", complete_var, False, windows_expand_args, **extra
                )
                code = result if isinstance(result, int) else 0
        except ClickException as exc:
            code = boundary.usage_error(exc)
        except (Exception, KeyboardInterrupt, typer.Abort) as exc:
            code = boundary.failure(exc)
        flush_out()
        if standalone_mode:
            sys.exit(code)
        return code


app = typer.Typer(
    cls=PlanGroup,
    name="plan",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from runner import __version__

        out(f"plan {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    install_completion: Annotated[
        bool,
        typer.Option(
            "--install-completion",
            callback=complete.flag,
            is_eager=True,
            expose_value=False,
            help="Install completion for bash, zsh, fish, powershell or pwsh:"
            " `--install-completion zsh`"
            " (default: your $SHELL).",
        ),
    ] = False,
    show_completion: Annotated[
        bool,
        typer.Option(
            "--show-completion",
            callback=complete.flag,
            is_eager=True,
            expose_value=False,
            help="Print the completion script for bash, zsh, fish, powershell or pwsh:"
            " `--show-completion bash`.",
        ),
    ] = False,
) -> None:
    """Make ExecPlans executable: run each task's commands, record passed or failed in its
    Status cell, journal the session and commit the plan."""
