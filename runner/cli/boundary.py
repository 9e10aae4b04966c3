"""The one place where exceptions become messages and exit codes (README, "Exit codes")."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from runner import errors
from runner.cli.basics import err, error_document

if TYPE_CHECKING:
    from runner.cli.clickapi import ClickException

# A bug in plan itself (the BSD sysexits EX_SOFTWARE); README, "Exit codes".
EXIT_INTERNAL = 70


def usage_error(exc: ClickException) -> int:
    """A click error (unknown option, missing argument, bad value): `plan: error:`, exit 2."""
    from runner.cli.clickapi import ClickUsageError, NoArgsIsHelpError

    if isinstance(exc, NoArgsIsHelpError):  # bare `plan`: the help, exit 2
        exc.show()
        return exc.exit_code
    if isinstance(exc, ClickUsageError) and exc.ctx is not None:
        ctx = exc.ctx
        err(ctx.get_usage())
        if ctx.command.get_help_option(ctx) is not None:
            err(f"Try '{ctx.command_path} {ctx.help_option_names[0]}' for help.")
    err(f"plan: error: {exc.format_message()}")
    error_document(exc.format_message(), exc.exit_code)
    return exc.exit_code


def interrupted() -> int:
    """Ctrl-C: say so, exit 130."""
    err("plan: interrupted")
    error_document("interrupted", errors.EXIT_INTERRUPTED)
    return errors.EXIT_INTERRUPTED


def _aborted(exc: BaseException) -> bool:
    """Ctrl-C, or click's Abort for it (which exists only once typer is imported: `plan
    status` may run without it, runner.cli.quick)."""
    typer = sys.modules.get("typer")
    return isinstance(exc, KeyboardInterrupt) or (
        typer is not None and isinstance(exc, typer.Abort)
    )


def failure(exc: BaseException) -> int:
    """A PlanError (the user can act on it), Ctrl-C, or a bug in plan (traceback, exit 70)."""
    if isinstance(exc, errors.PlanError):
        err(f"plan: error: {exc.render()}")
        error_document(
            exc.reason, exc.exit_code, code=exc.code, path=exc.path, line=exc.line or None
        )
        return exc.exit_code
    if _aborted(exc):
        return interrupted()
    if isinstance(exc, BrokenPipeError):
        # stdout's reader went away where a line was written by other means than `out`:
        # as git does, 141 (128 + SIGPIPE), and no traceback.
        from runner.cli.basics import stdout_gone

        stdout_gone()
        return 141
    if isinstance(exc, OSError) and exc.filename is not None:
        # An OS error on a path the user gave (too long, through a file, no permission).
        path_error = errors.PathError.of(exc)
        err(f"plan: error: {path_error.render()}")
        error_document(path_error.reason, errors.EXIT_USAGE, path=path_error.path)
        return errors.EXIT_USAGE
    import traceback

    err("".join(traceback.format_exception(exc)).rstrip())
    err("plan: internal error (a bug in plan; please report it with the traceback above)")
    error_document(f"internal error: {type(exc).__name__}: {exc}", EXIT_INTERNAL)
    return EXIT_INTERNAL
