"""What the CLI needs before (or without) typer: a line to stdout or stderr, and the plan a
command names. `runner.cli.quick` answers `plan status` with these alone."""

from __future__ import annotations

import os
import sys
from typing import TextIO

from runner.errors import UsageError


class _Stdout:
    """Whether this run answers in JSON (`--json` given), and whether stdout has been written."""

    json = False
    written = False


def out(text: str) -> None:
    """Write a line to stdout; a reader gone (`plan next | head -1`) is no error of the
    command's: the rest goes nowhere, its work and exit code stand (README, "Exit codes")."""
    from runner.plan.redact import for_terminal

    _Stdout.written = True
    try:
        # Every line `plan` prints goes through the terminal's one sanitizer: a title, a
        # gate's name or an argument echoed back never retitles or clears the terminal.
        sys.stdout.write(for_terminal(text) + "\n")
    except BrokenPipeError:
        stdout_gone()
    except OSError:
        # The terminal itself is gone (EIO after a hangup): the run's record stands.
        stdout_gone()


def flush_out() -> None:
    """Flush stdout before exiting, a reader gone or not."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        stdout_gone()
    except (OSError, ValueError):
        pass


def stdout_gone() -> None:
    """The reader of stdout closed it: what is left to write (and Python's own flush at exit)
    goes to the null device instead of raising again."""
    _to_null(sys.stdout)


def _to_null(stream: TextIO) -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def answer_in_json(argv: list[str]) -> None:
    """Note whether `--json` is among the options (before a `--`): an error is then a JSON
    document on stdout too (README, "Exit codes")."""
    options = argv[: argv.index("--")] if "--" in argv else argv
    _Stdout.json = "--json" in options
    _Stdout.written = False


def error_document(message: str, exit_code: int, **where: object) -> None:
    """With `--json`, and nothing on stdout yet: the error as the run's one JSON document."""
    if not _Stdout.json or _Stdout.written:
        return
    import json

    from runner.plan.redact import json_escaped

    error = {"message": message, **{k: v for k, v in where.items() if v is not None}}
    document = {"schema": 1, "error": error, "exit_code": exit_code}
    out(json_escaped(json.dumps(document, ensure_ascii=False)))


def err(text: str) -> None:
    """Write a line to stderr, through the terminal's one sanitizer (as `out`)."""
    from runner.plan.redact import for_terminal

    try:
        sys.stderr.write(for_terminal(text) + "\n")
    except OSError:
        # The terminal is gone (EIO after a hangup, a closed pipe): nowhere left to say it.
        _to_null(sys.stderr)


def pick_plan(arg: str | None = None, opt: str | None = None) -> str | None:
    """The plan a command names: its argument, else `--plan`, else PLAN_FILE (read only here)."""
    if arg and opt and arg != opt:
        raise UsageError(f"two plans named: '{arg}' and --plan '{opt}'")
    return arg or opt or os.environ.get("PLAN_FILE") or None
