"""The building blocks of checked runs: judging a command from its log, echoing output."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from runner.plan.expect import Expectation, expectations
from runner.plan.model import Gate
from runner.plan.results import CommandRun, explain
from runner.plan.thresholds import parse_threshold
from runner.plan.verdicts import Verdict, gate_verdicts
from runner.run.checks import clean, command_output, judge
from runner.run.streaming import LineEcho


def _log(tmp_path: Path, command: str, output: bytes, code: int = 0) -> Path:
    log = tmp_path / "cmd.log"
    log.write_bytes(f"$ {command}\n".encode() + output + f"\n[exit {code} after 0.01s]\n".encode())
    return log


def test_command_output_is_the_output_alone_and_bounded(tmp_path: Path) -> None:
    log = _log(tmp_path, "echo hi\nmore", b"hi\n")
    assert command_output(log, "echo hi\nmore") == b"hi\n"
    big = b"".join(b"line %d\n" % n for n in range(200_000))
    log = _log(tmp_path, "seq", big)
    tail = command_output(log, "seq", limit=1000)
    assert len(tail) == 1000
    assert tail.endswith(b"line 199999\n")
    assert command_output(tmp_path / "missing.log", "x") == b""


def test_an_expectation_needs_exit_zero_and_a_match(tmp_path: Path) -> None:
    log = _log(tmp_path, "wc", b"lines: 4\n")
    verdict = Verdict(expect=Expectation(("3",), transcript=False))
    run = CommandRun("wc", 0, 0.1, False, str(log))
    judged = judge(verdict, run)
    assert not judged.passed
    assert judged.mismatch == "expected '3', got 'lines: 4' (line 1)"
    assert explain((judged,)) == judged.mismatch
    failed = judge(verdict, CommandRun("wc", 2, 0.1, False, str(log), "boom"))
    assert failed.mismatch == ""
    assert explain((failed,)) == "exit 2: boom"
    met = judge(Verdict(expect=Expectation(("4",), transcript=False)), run)
    assert met.passed


def test_a_threshold_is_the_whole_pass_condition(tmp_path: Path) -> None:
    log = _log(tmp_path, "false", b"", 1)
    th = parse_threshold("exit 1")
    assert th is not None
    judged = judge(Verdict(threshold=th), CommandRun("false", 1, 0.1, False, str(log)))
    assert judged.passed
    assert judged.judged
    gate = Gate("G", 3, ("true", "false"), None, "", "", threshold="exit 1")
    assert gate_verdicts(gate) == (None, Verdict(threshold=th))
    # A threshold it cannot read decides nothing, and says so (the sixth pass of issue 19).
    (unread,) = gate_verdicts(Gate("G", 3, ("true",), None, "", "", threshold="No drift"))
    assert unread is not None
    assert unread.expect is not None
    assert unread.expect.kind == "unchecked"
    assert gate_verdicts(Gate("G", 3, ("true",), None, "", "", threshold="")) == ()


def test_stopped_runs_are_not_judged(tmp_path: Path) -> None:
    log = _log(tmp_path, "sleep 9", b"")
    run = CommandRun("sleep 9", None, 1.0, True, str(log))
    assert judge(Verdict(expect=Expectation(("x",))), run) is run


def test_clean_masks_secrets_before_cutting() -> None:
    env = {"API_TOKEN": "s3cr3t-value"}
    text = "x" * 10 + "s3cr3t-value" + "y" * 10
    assert clean(text, env, limit=15) == "xxxxxxxxxx***y…"


def test_expectations_align_with_the_commands() -> None:
    text = "Run `a` and `b`, expect `3`; then run `c`."
    assert expectations(text, ("a", "b", "c")) == (
        None,
        Expectation(("3",), transcript=False),
        None,
    )
    assert expectations("Run `a`.", ("a",)) == ()


def test_line_echo_prefixes_whole_lines_and_ends_the_last() -> None:
    out = io.BytesIO()
    echo = LineEcho(out, b"[task 1] ")
    echo.write(b"one\ntw")
    assert out.getvalue() == b"[task 1] one\n"
    echo.write(b"o\nthr")
    echo.close()
    assert out.getvalue() == b"[task 1] one\n[task 1] two\n[task 1] thr\n"
    plain = io.BytesIO()
    echo = LineEcho(plain)
    echo.write(b"progress 50%")
    assert plain.getvalue() == b"progress 50%"
    echo.close()
    assert plain.getvalue() == b"progress 50%\n"


# Issue 19, item 3 (second pass): a pattern no rule recognises as slow is stopped by a clock.


def test_a_slow_pattern_is_stopped_at_its_bound_and_its_child_reaped() -> None:
    import os
    import time

    from runner.run.checks import bounded_match

    slow = Expectation(("a*a*a*a*a*a*a*b (re)",), transcript=True)
    started = time.monotonic()
    missed = bounded_match(slow, b"a" * 5000 + b"\n", seconds=0.5)
    assert time.monotonic() - started < 3
    assert missed is not None
    assert "ran over its bound of 0.5 s" in str(missed)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # nothing left to reap


@pytest.mark.parametrize(
    ("lines", "output"),
    [
        (("x=\\d+ (re)",), b"x=12\n"),
        (("x=\\d+ (re)",), b"x=ab\n"),
        (("x=* (glob)", "..."), b"x=1\nmore\n"),
        (("b...d",), b"abcde\n"),
        (("plain",), b"other\n"),
    ],
)
def test_the_bounded_answer_is_the_matchers_answer(lines: tuple[str, ...], output: bytes) -> None:
    from runner.plan.expect import match
    from runner.run.checks import bounded_match

    for transcript in (True, False):
        expect = Expectation(lines, transcript=transcript)
        assert bounded_match(expect, output) == match(expect, output)


def test_a_fragment_of_many_pieces_is_read_in_time() -> None:
    import time

    from runner.plan.expect import match

    expect = Expectation(("a...a...a...a...a...a...b",), transcript=False)
    started = time.monotonic()
    missed = match(expect, b"a" * 10_000 + b"\n")
    assert time.monotonic() - started < 2
    assert missed is not None
    assert match(expect, b"xa-a-a-a-a-a-by\n") is not None  # whole words only
    assert match(expect, b"a a a a a a b\n") is None


def test_a_long_line_is_echoed_in_prefixed_pieces_as_it_comes() -> None:
    # Fifth pass of issue 19: parallel gates printing a long line with no newline were
    # echoed by joining every chunk to all before it, until the gate ran out of time.
    from runner.run.streaming import LONGEST, LineEcho

    target = io.BytesIO()
    echo = LineEcho(target, b"[gate G] ")
    for _ in range(5):
        echo.write(b"a" * (LONGEST // 2))
    assert target.getvalue().count(b"[gate G] ") == 2  # two whole pieces passed on already
    assert len(echo.partial) == LONGEST // 2
    echo.write(b"b\nc")
    echo.close()
    lines = target.getvalue().split(b"\n")
    assert [len(ln) - len(b"[gate G] ") for ln in lines[:-1]] == [
        LONGEST,
        LONGEST,
        LONGEST // 2 + 1,
        1,
    ]
    assert all(ln.startswith(b"[gate G] ") for ln in lines[:-1])
