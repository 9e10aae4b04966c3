"""A command's run judged against its verdict, after it ran, from its log.

The output judged is the command's own output from its log, read from the end and bounded by
`MATCH_BYTES` (1 MiB): a transcript of a longer output is compared with its last mebibyte
only. What each command must show is `runner.plan.verdicts`. Matching a pattern the plan
wrote is bounded in time too (`bounded_match`, `MATCH_SECONDS`).
"""

from __future__ import annotations

import json
import os
import select
import signal
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from runner.plan.expect import Expectation, Mismatch, judge_stated, match, patterned
from runner.plan.redact import MASK, redact
from runner.plan.results import CommandRun
from runner.plan.thresholds import (
    Kind,
    Threshold,
    check_threshold,
    invalid_pattern,
    parse_threshold,
    pattern_expectation,
    pattern_missed,
    unread_parts,
)
from runner.plan.verdicts import Verdict
from runner.run.summaries import summary_line

MATCH_BYTES = 1 << 20
MATCH_SECONDS = 5.0
_FOOTER = b"\n[exit "


# The tenth pass: a 5,000-digit number in the output stopped the run with a traceback (exit
# 70, nothing recorded). It is a number no check can read: the check fails, saying so.
_TOO_LONG = "a number in the output is too long to read (over 4,300 digits)"


class MatchStopped(Exception):
    """Ctrl-C or SIGTERM (the run's stop event) while a pattern was being matched."""


class MatchBudget:
    """The seconds one run may spend matching patterns, shared by all its checks (issue 19,
    case 3: a bound per pattern let eight hostile blocks take 42 s under `--timeout 3s`).
    Each match is given what is left; the time it took is taken off, whichever thread ran
    it. Benign patterns take milliseconds, so only hostile ones use it up."""

    def __init__(self, seconds: float = MATCH_SECONDS) -> None:
        self.seconds = seconds
        self._spent = 0.0
        self._lock = threading.Lock()

    def left(self) -> float:
        with self._lock:
            return max(0.0, self.seconds - self._spent)

    def spend(self, seconds: float) -> None:
        with self._lock:
            self._spent += seconds


def judge(
    verdict: Verdict,
    run: CommandRun,
    stop: threading.Event | None = None,
    budget: MatchBudget | None = None,
    limit: float | None = None,
) -> CommandRun:
    """The run with its mismatch filled in ("" when met); stopped runs are left alone, and a
    run stopped while its output is matched is interrupted, not judged. Matching a pattern
    takes at most what is left of the run's `budget` and of the command's time `limit`
    (seconds, its Timeout or `--timeout`; 0 or None: none), less what the command took."""
    if run.interrupted or run.timed_out or run.exit_code is None:
        return run
    if verdict.threshold is not None:
        output = command_output(Path(run.log), run.command)
        try:
            missed = _patterns_missed(verdict.threshold, output, run, stop, budget, limit)
        except MatchStopped:
            return replace(run, interrupted=True)
        try:
            if missed is None:
                bare = _without_patterns(verdict.threshold)
                code = run.exit_code
                missed = _checked_within(
                    lambda: check_threshold(bare, code, output, run.command),
                    output, run, stop, budget, limit,
                )  # fmt: skip
        except MatchStopped:
            return replace(run, interrupted=True)
        except ValueError:  # Python refuses ints of over 4,300 digits: never a crash
            return replace(run, mismatch=_TOO_LONG, judged=True)
        if missed is None and (prose := unread_parts(verdict.threshold)):
            # "coverage >= 90%, then a person confirms the dashboard": the part it cannot
            # read is said "not checked" beside the pass (the fourteenth pass: a plain pass).
            return replace(run, mismatch="", judged=True, unchecked=clean("; ".join(prose)))
        return replace(run, mismatch=clean(str(missed)) if missed else "", judged=True)
    if verdict.expect is not None and verdict.expect.kind == "threshold":
        # Kept as an expectation (not made a Verdict threshold): judged by the gates' code.
        th = parse_threshold(verdict.expect.lines[0])
        if th is None:
            return replace(run, unchecked=clean(verdict.expect.lines[0]))
        return judge(replace(verdict, expect=None, threshold=th), run, stop, budget, limit)
    if verdict.expect is not None and verdict.expect.kind == "unchecked":
        # What the plan says cannot be read: the exit code decides, and every report says
        # the expectation was not checked (never a silent pass).
        return replace(run, unchecked=clean(verdict.expect.lines[0]))
    if verdict.expect is not None and verdict.expect.kind:
        output = command_output(Path(run.log), run.command)
        said, code = verdict.expect, run.exit_code
        try:
            stated = _checked_within(
                lambda: judge_stated(said, code, output, run.command, run.pipe_statuses),
                output, run, stop, budget, limit,
            )  # fmt: skip
        except MatchStopped:
            return replace(run, interrupted=True)
        except ValueError:  # a number of over 4,300 digits in the output
            return replace(run, mismatch=_TOO_LONG, judged=True)
        return replace(run, mismatch=clean(str(stated)) if stated else "", judged=True)
    if verdict.expect is not None and run.exit_code == 0:
        output = command_output(Path(run.log), run.command)
        try:
            missed_out = _match_within(verdict.expect, output, run, stop, budget, limit)
        except MatchStopped:
            return replace(run, interrupted=True)
        if missed_out is not None:
            missed_out = in_context(missed_out, output)
        return replace(run, mismatch=clean(str(missed_out)) if missed_out else "")
    return run


def _patterns_missed(
    th: Threshold,
    output: bytes,
    run: CommandRun,
    stop: threading.Event | None,
    budget: MatchBudget | None,
    limit: float | None,
) -> Mismatch | None:
    """The first MATCHES part of `th` no output line meets, each matched within the run's
    bounds (a pattern the plan wrote can run for hours: `bounded_match`)."""
    for part in (th, *th.more):
        if part.kind is not Kind.MATCHES:
            continue
        if bad := invalid_pattern(part.needle):
            return bad
        expect = pattern_expectation(part.needle)
        missed = _match_within(expect, output, run, stop, budget, limit)
        if missed is not None:
            return pattern_missed(part.needle, output.decode("utf-8", "replace"), missed)
    return None


def _without_patterns(th: Threshold) -> Threshold:
    """`th` with its MATCHES parts, already matched, left out (a first part that matched
    stands as the clean exit every output threshold asks for)."""
    more = tuple(p for p in th.more if p.kind is not Kind.MATCHES)
    if th.kind is Kind.MATCHES:
        return replace(th, kind=Kind.EXIT, exit_code=0, more=more)
    return replace(th, more=more)


def in_context(missed: Mismatch, output: bytes, env: Mapping[str, str] | None = None) -> Mismatch:
    """The mismatch with its output line as the whole output shows it redacted: a line is
    a secret by the lines before it too (an AWS secret key below its key ID, a value below
    its name), which the line alone, redacted where the mismatch is shown, does not tell
    (issue 19, eleventh pass)."""
    if missed.line is None or missed.actual is None or missed.line < 1:
        return missed
    lines = output.decode("utf-8", "replace").splitlines()
    if missed.line > len(lines):
        return missed
    context = lines[max(0, missed.line - 4) : missed.line]
    masked = redact("\n".join(context), os.environ if env is None else env).split("\n")
    line = context[-1]
    shown = masked[-1] if len(masked) == len(context) else MASK
    if shown == line or line not in missed.actual:
        return missed
    return replace(missed, actual=missed.actual.replace(line, shown))


def _match_within(
    expect: Expectation,
    output: bytes,
    run: CommandRun,
    stop: threading.Event | None,
    budget: MatchBudget | None,
    limit: float | None,
) -> Mismatch | None:
    """`bounded_match` within the smaller of the run's budget left and the command's limit
    left; a failure that says which ran out, never a pass."""
    if not patterned(expect):
        return bounded_match(expect, output, stop=stop)
    budget = budget if budget is not None else MatchBudget()
    seconds, why = budget.left(), f"the run's bound of {budget.seconds:g} s for matching"
    if limit and limit - run.duration_s < seconds:
        seconds, why = max(0.0, limit - run.duration_s), f"the command's limit of {limit:g} s"
    if seconds <= 0:
        return Mismatch(
            f"not checked: no time left to match the expected output ({why})", None, quoted=False
        )
    started = time.monotonic()
    try:
        return bounded_match(expect, output, seconds, stop, over=why)
    finally:
        budget.spend(time.monotonic() - started)


# Output up to this size is read for a threshold in the run's own process (at most about
# 0.15 s: one line of 8,000 numbers, every one read); more is read in a child within the
# run's bounds, which a Ctrl-C ends at once (attack15b: `0 errors` over one line of 10 MB
# took 16 s and passed past a Timeout of 3 s; issue 19 case 3: a threshold over one line of
# 1 MB read linearly still takes seconds, and a child costs about 30 ms). bench/RESULTS.md.
INLINE_BYTES = 16 << 10


def _checked_within(
    check: Callable[[], Mismatch | None],
    output: bytes,
    run: CommandRun,
    stop: threading.Event | None,
    budget: MatchBudget | None,
    limit: float | None,
) -> Mismatch | None:
    """`check()` (a threshold or a stated expectation read over `output`) within what is
    left of the run's budget and the command's limit, as `_match_within` matches a pattern:
    over it is a failure that says so, never a pass. Small output is read at once."""
    if len(output) <= INLINE_BYTES or not hasattr(os, "fork"):
        found = check()
        if stop is not None and stop.is_set():
            raise MatchStopped  # a Ctrl-C while reading: the run is stopped, never judged
        return found
    budget = budget if budget is not None else MatchBudget()
    seconds, why = budget.left(), f"the run's bound of {budget.seconds:g} s for matching"
    if limit and limit - run.duration_s < seconds:
        seconds, why = max(0.0, limit - run.duration_s), f"the command's limit of {limit:g} s"
    if seconds <= 0:
        return Mismatch(f"not checked: no time left to read the output ({why})", None, quoted=False)
    started = time.monotonic()
    try:
        answered, answer = _in_child(check, seconds, stop)
    finally:
        budget.spend(time.monotonic() - started)
    if not answered:
        return Mismatch(f"not checked: reading the output ran over {why}", None, quoted=False)
    if answer == _RAISED_VALUE:
        raise ValueError(_TOO_LONG)
    if answer is None:
        return None
    expected, actual, line, quoted = answer
    return Mismatch(expected, actual, line, quoted)


_RAISED_VALUE = "value-error"


def _in_child(
    check: Callable[[], Mismatch | None], seconds: float, stop: threading.Event | None
) -> tuple[bool, Any]:
    """`check()` in a forked child, ended at `seconds` (or `stop`): (answered, its answer as
    JSON: None, the mismatch's fields, or `_RAISED_VALUE`)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: check, send the answer, end without the parent's cleanup
        code = 1
        try:
            os.close(read_end)
            sent: Any
            try:
                m = check()
                sent = None if m is None else [m.expected, m.actual, m.line, m.quoted]
            except ValueError:
                sent = _RAISED_VALUE
            os.write(write_end, json.dumps(sent).encode())
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    try:
        return _answer(read_end, time.monotonic() + seconds, stop)
    finally:
        os.close(read_end)
        _end(pid)


def bounded_match(
    expect: Expectation,
    output: bytes,
    seconds: float | None = None,
    stop: threading.Event | None = None,
    over: str | None = None,
) -> Mismatch | None:
    """`match` within `seconds`. Plain expected text is compared here, in linear time; an
    expectation holding a pattern (`(re)`, `(glob)`, `...` inside a line) is matched in a
    forked child, killed at the bound: Python's `re` cannot be stopped once it runs (not by a
    timeout, SIGTERM or Ctrl-C), and no rule tells every slow pattern by its text
    (`a*a*a*a*a*b` on a long line of `a`s runs for hours). Over the bound is a failure that
    says so. A set `stop` ends the wait at once: MatchStopped."""
    if not patterned(expect) or not hasattr(os, "fork"):
        return match(expect, output)
    seconds = MATCH_SECONDS if seconds is None else seconds
    answered, answer = _in_child(lambda: match(expect, output), seconds, stop)
    if not answered:
        bound = over or f"its bound of {seconds:g} s"
        why = f"not checked: matching the expected output ran over {bound}"
        return Mismatch(why, None, quoted=False)
    if answer == _RAISED_VALUE:
        raise ValueError(_TOO_LONG)
    if answer is None:
        return None
    expected, actual, line, quoted = answer
    return Mismatch(expected, actual, line, quoted)


def _answer(fd: int, deadline: float, stop: threading.Event | None) -> tuple[bool, Any]:
    """(True, the child's JSON answer), or (False, None) when the deadline passes first or
    the child died without answering; MatchStopped when `stop` is set meanwhile (looked at
    every 50 ms: a signal's handler only sets it, and select() resumes after a handler)."""
    data = b""
    while True:
        if stop is not None and stop.is_set():
            raise MatchStopped
        left = deadline - time.monotonic()
        if left <= 0:
            return False, None
        if not _readable(fd, min(left, 0.05)):
            continue
        chunk = os.read(fd, 65536)
        if not chunk:
            return (True, json.loads(data)) if data else (False, None)
        data += chunk


def _readable(fd: int, seconds: float) -> bool:
    """Whether `fd` has data (or its end) within `seconds`: poll() where there is one, as
    select() refuses a descriptor numbered 1024 or more (a process with many open files)."""
    if hasattr(select, "poll"):
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        return bool(poller.poll(seconds * 1000))
    return bool(select.select([fd], [], [], seconds)[0])


def _end(pid: int) -> None:
    """Kill the matching child (if it still runs) and reap it."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)


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

    # Each line is read for its first `_EXPLAINED` characters (the line shown is cut to 200):
    # masking a line of 10 MB took 16 s, past the command's Timeout (attack15b). A value cut
    # at that edge is masked as far as it goes, as a value is wherever a line ends.
    lines = tail.decode("utf-8", "replace").split("\n")
    text = redact("\n".join(line[:_EXPLAINED] for line in lines), env)
    return clean_text(summary_line(text, exit_code, command), env, 200, one_line=True)


_EXPLAINED = 4000
