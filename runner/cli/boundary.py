"""The one place where exceptions become messages and exit codes (README, "Exit codes")."""

from __future__ import annotations

import typer

from runner import errors
from runner.cli.clickapi import ClickException, ClickUsageError, NoArgsIsHelpError
from runner.cli.shared import err

# A bug in plan itself (the BSD sysexits EX_SOFTWARE); README, "Exit codes".
EXIT_INTERNAL = 70


def usage_error(exc: ClickException) -> int:
    """A click error (unknown option, missing argument, bad value): `plan: error:`, exit 2."""
    if isinstance(exc, NoArgsIsHelpError):  # bare `plan`: the help, exit 2
        exc.show()
        return exc.exit_code
    if isinstance(exc, ClickUsageError) and exc.ctx is not None:
        ctx = exc.ctx
        err(ctx.get_usage())
        if ctx.command.get_help_option(ctx) is not None:
            err(f"Try '{ctx.command_path} {ctx.help_option_names[0]}' for help.")
    err(f"plan: error: {exc.format_message()}")
    return exc.exit_code


def interrupted() -> int:
    """Ctrl-C: say so, exit 130."""
    err("plan: interrupted")
    return errors.EXIT_INTERRUPTED


def failure(exc: BaseException) -> int:
    """A PlanError (the user can act on it), Ctrl-C, or a bug in plan (traceback, exit 70)."""
    if isinstance(exc, errors.PlanError):
        err(f"plan: error: {exc.render()}")
        return exc.exit_code
    if isinstance(exc, KeyboardInterrupt | typer.Abort):
        return interrupted()
    if isinstance(exc, OSError) and exc.filename is not None:
        # An OS error on a path the user gave (too long, through a file, no permission).
        err(f"plan: error: {errors.PathError.of(exc).render()}")
        return errors.EXIT_USAGE
    import traceback

    err("".join(traceback.format_exception(exc)).rstrip())
    err("plan: internal error (a bug in plan; please report it with the traceback above)")
    return EXIT_INTERNAL
