"""A command's run judged against its verdict, after it ran, from its log.

The output judged is the command's own output from its log, read from the end and bounded by
`MATCH_BYTES` (1 MiB): a transcript of a longer output is compared with its last mebibyte
only. What each command must show is `runner.plan.verdicts`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from runner.plan.expect import judge_stated, match
from runner.plan.redact import redact
from runner.plan.results import CommandRun
from runner.plan.thresholds import check_threshold
from runner.plan.verdicts import Verdict
from runner.run.summaries import summary_line

MATCH_BYTES = 1 << 20
_FOOTER = b"\n[exit "


def judge(verdict: Verdict, run: CommandRun) -> CommandRun:
    """The run with its mismatch filled in ("" when met); stopped runs are left alone."""
    if run.interrupted or run.timed_out or run.exit_code is None:
        return run
    if verdict.threshold is not None:
        output = command_output(Path(run.log), run.command)
        missed = check_threshold(verdict.threshold, run.exit_code, output)
        return replace(run, mismatch=clean(str(missed)) if missed else "", judged=True)
    if verdict.expect is not None and verdict.expect.kind == "unchecked":
        # What the plan says cannot be read: the exit code decides, and every report says
        # the expectation was not checked (never a silent pass).
        return replace(run, unchecked=clean(verdict.expect.lines[0]))
    if verdict.expect is not None and verdict.expect.kind:
        output = command_output(Path(run.log), run.command)
        stated = judge_stated(verdict.expect, run.exit_code, output)
        return replace(run, mismatch=clean(str(stated)) if stated else "", judged=True)
    if verdict.expect is not None and run.exit_code == 0:
        missed_out = match(verdict.expect, command_output(Path(run.log), run.command))
        return replace(run, mismatch=clean(str(missed_out)) if missed_out else "")
    return run


def command_output(log: Path, command: str, limit: int = MATCH_BYTES) -> bytes:
    """The command's own output from its log (`$ command` above it, `[exit N ...]` below),
    at most its last `limit` bytes; b"" when the log cannot be read."""
    header = len(f"$ {command}\n".encode())
    try:
        size = log.stat().st_size
        with log.open("rb") as fh:
            start = max(header, size - limit - 256)
            fh.seek(start)
            data = fh.read()
    except OSError:
        return b""
    cut = data.rfind(_FOOTER)
    if cut >= 0:
        data = data[:cut]
    return data[-limit:]


def clean(text: str, env: Mapping[str, str] | None = None, limit: int = 300) -> str:
    """Text from a command's output made fit for the plan: secrets masked, then cut.

    Redaction comes before the cut, so a secret is never half shown.
    """
    from runner.plan.redact import clean as clean_text

    return clean_text(text, os.environ if env is None else env, limit, one_line=True)


def explain_output(tail: bytes, exit_code: int | None, command: str, env: Mapping[str, str]) -> str:
    """The one line of a command's output that explains its run, secrets masked."""
    from runner.plan.redact import clean as clean_text

    text = redact(tail.decode("utf-8", "replace"), env)
    return clean_text(summary_line(text, exit_code, command), env, 200, one_line=True)
