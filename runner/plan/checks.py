"""What a command's output must show, judged after it ran: expectations and thresholds.

A `Verdict` goes with one command of a job. For an expectation (prose "and expect `3`", a
transcript) the command passes only when it exits 0 and its output matches; for a gate's
machine-readable threshold (`exit 1`, `contains OK`, `coverage >= 85%`) the threshold is the
whole pass condition. The output judged is the command's own output from its log, read from
the end and bounded by `MATCH_BYTES` (1 MiB): a transcript of a longer output is compared
with its last mebibyte only.

`task_verdicts(task)` is the one place a task's expectations come from; the reader may fill
`Task.expects` itself (aligned with `Task.commands`), else they are found here from an
inferred task's description.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from runner.plan.expect import Expectation, inferred_commands_with_expectations
from runner.plan.model import Gate, Task
from runner.plan.redact import redact
from runner.plan.results import CommandRun
from runner.plan.thresholds import Threshold, check_threshold, describe, parse_threshold
from runner.run.summaries import summary_line

MATCH_BYTES = 1 << 20
_FOOTER = b"\n[exit "


@dataclass(frozen=True)
class Verdict:
    """What one command's run must show beyond its exit code."""

    expect: Expectation | None = None
    threshold: Threshold | None = None

    def describe(self) -> str:
        """One line for `plan show` and `plan lint`."""
        if self.threshold is not None:
            return "threshold checked: " + describe(self.threshold)
        if self.expect is not None:
            return self.expect.describe()
        return "exit 0"

    def judge(self, run: CommandRun) -> CommandRun:
        """The run with its mismatch filled in ("" when met); stopped runs are left alone."""
        if run.interrupted or run.timed_out or run.exit_code is None:
            return run
        if self.threshold is not None:
            output = command_output(Path(run.log), run.command)
            missed = check_threshold(self.threshold, run.exit_code, output)
            return replace(run, mismatch=clean(str(missed)) if missed else "", judged=True)
        if self.expect is not None and run.exit_code == 0:
            from runner.plan.expect import match

            missed_out = match(self.expect, command_output(Path(run.log), run.command))
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


def task_verdicts(task: Task) -> tuple[Verdict | None, ...]:
    """A verdict per command of the task (None: exit 0 is enough)."""
    expects = task.expects
    if not expects and task.inferred:
        found = {c.command: c.expect for c in inferred_commands_with_expectations(task.description)}
        expects = tuple(found.get(c) for c in task.commands)
    if not any(expects):
        return ()
    return tuple(Verdict(expect=e) if e is not None else None for e in expects)


def expectations(text: str, commands: tuple[str, ...]) -> tuple[Expectation | None, ...]:
    """The reader's hook: what `text` (a task's description) expects of each of `commands`,
    aligned with them; () when nothing is expected."""
    found = {c.command: c.expect for c in inferred_commands_with_expectations(text)}
    aligned = tuple(found.get(c) for c in commands)
    return aligned if any(aligned) else ()


def gate_threshold(gate: Gate) -> Threshold | None:
    """The gate's threshold when its cell is machine-readable."""
    return parse_threshold(gate.threshold) if gate.threshold.strip() else None


def gate_verdicts(gate: Gate) -> tuple[Verdict | None, ...]:
    """The threshold judges the gate's last command (the earlier ones must exit 0)."""
    th = gate_threshold(gate)
    if th is None or not gate.commands:
        return ()
    return (*([None] * (len(gate.commands) - 1)), Verdict(threshold=th))
