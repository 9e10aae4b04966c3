"""Expected output: expectations in prose and transcripts, matched as cram does."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from runner.plan.expect import (
    Check,
    Expectation,
    Mismatch,
    inferred_commands_with_expectations,
    line_matches,
    match,
    output_lines,
    parse_transcript,
    strip_ansi,
)
from runner.plan.inference import inferred_commands


def frag(*texts: str) -> Expectation:
    return Expectation(texts, transcript=False)


# --- prose -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "checks"),
    [
        (
            "Run `python wc.py sample.txt` and expect `3`.",
            (Check("python wc.py sample.txt", frag("3")),),
        ),
        ("Run `make check`; it should print `OK`.", (Check("make check", frag("OK")),)),
        ("Run `./hello` which prints `hello, world`.", (Check("./hello", frag("hello, world")),)),
        ("Run `plan status`. Expected: `3 tasks`.", (Check("plan status", frag("3 tasks")),)),
        ("Run `echo hi` → `hi`", (Check("echo hi", frag("hi")),)),
        ("Run `echo hi` -> `hi`", (Check("echo hi", frag("hi")),)),
        ("Run `uname` (outputs `Linux`).", (Check("uname", frag("Linux")),)),
        (
            "Run `curl -s localhost/health`; it returns `ok`.",
            (Check("curl -s localhost/health", frag("ok")),),
        ),
        (
            "Validate with `pytest -q` — expected output `5 passed`.",
            (Check("pytest -q", frag("5 passed")),),
        ),
        (
            "Run `a` and expect `1`, then run `b` and expect `2` and `3`.",
            (Check("a", frag("1")), Check("b", frag("2", "3"))),
        ),
        ("Run `a` and `b`; expect `3`.", (Check("a"), Check("b", frag("3")))),
        ("Run `a`. Run `a` again; expect `x`.", (Check("a", frag("x")),)),
        ("Expect `3` at the end. Run `wc -l f`.", (Check("wc -l f"),)),
        ("Run `make` and expect `<count>`.", (Check("make"),)),
        ("Run `ls out/` and expect `out/a.json`.", (Check("ls out/", frag("out/a.json")),)),
        ("Run `printf 'a->b'` now.", (Check("printf 'a->b'"),)),
        # Issue 18: an expectation the runner cannot read is kept, to be shown "not checked".
        (
            "Run `x` and expect the files to be written.",
            (Check("x", Expectation(("expect the files to be written",), False, "unchecked")),),
        ),
        ("No commands here, expect `3`.", ()),
    ],
)
def test_prose_expectations(text: str, checks: tuple[Check, ...]) -> None:
    assert inferred_commands_with_expectations(text) == checks


@given(st.lists(st.sampled_from(["Run", "`a`", "`b c`", "and expect", "`3`", ".", "→", "x"])))
def test_checks_name_exactly_the_inferred_commands(words: list[str]) -> None:
    text = " ".join(words)
    checks = inferred_commands_with_expectations(text)
    assert tuple(c.command for c in checks) == inferred_commands(text)


# --- transcripts -------------------------------------------------------------------------


def test_transcript_commands_and_their_output() -> None:
    block = [
        "Some words before the first prompt.",
        "$ python wc.py sample.txt",
        "3",
        "",
        "$ ls",
        "$ pytest -q",
        "...",
        "5 passed in ...s",
        "",
    ]
    assert parse_transcript(block) == [
        Check("python wc.py sample.txt", Expectation(("3",))),
        Check("ls"),
        Check("pytest -q", Expectation(("...", "5 passed in ...s"))),
    ]


def test_transcript_indented_block_keeps_inner_blank_lines() -> None:
    block = ["    $ cat f", "    a", "", "    b", "    "]
    assert parse_transcript(block) == [Check("cat f", Expectation(("a", "", "b")))]


def test_transcript_continuations() -> None:
    block = [
        "$ pytest \\",
        "    -q tests",
        "ok",
        "$ python -c 'import sys",
        "> print(1)'",
        "1",
    ]
    assert parse_transcript(block) == [
        Check("pytest \\\n-q tests", Expectation(("ok",))),
        Check("python -c 'import sys\nprint(1)'", Expectation(("1",))),
    ]


def test_prompt_needs_a_space_after_it() -> None:
    block = ["$ echo $HOME", "$HOME", ">not a prompt", "$", "$\tpwd", "/"]
    assert parse_transcript(block) == [
        Check("echo $HOME", Expectation(("$HOME", ">not a prompt", "$"))),
        Check("pwd", Expectation(("/",))),
    ]


def test_transcript_with_only_angle_prompts() -> None:
    block = ["> make test", "all good", "> make lint"]
    assert parse_transcript(block) == [
        Check("make test", Expectation(("all good",))),
        Check("make lint"),
    ]


@pytest.mark.parametrize("block", [[], ["just text", "more"], ["$ ", "output of nothing"]])
def test_blocks_without_commands_give_no_checks(block: list[str]) -> None:
    assert parse_transcript(block) == []


# --- matching ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expected", "output"),
    [
        (["3"], "3\n"),
        (["3"], "\n\n  3  \n\n"),
        (["a", "b"], "a\r\nb\r\n"),
        (["OK"], "\x1b[32mOK\x1b[0m\n"),
        (["100%"], "10%\r50%\r100%\n"),
        (["...", "5 passed in ...s"], "..... [100%]\n5 passed in 0.12s\n"),
        (["start", "...", "end"], "start\nend\n"),
        (["start", "...", "end"], "start\n1\n2\nend\n"),
        (["5 passed in [..]s"], "5 passed in 0.12s"),
        (["took \\d+ms (re)"], "took 12ms"),
        (["*.py (glob)"], "main.py"),
        (["..."], ""),
        ([], "  \n"),
        (["", "a", ""], "a"),
        (["a", "...", "b", "...", "c"], "a\nx\nb\ny\nz\nc"),
    ],
)
def test_transcript_matches(expected: list[str], output: str) -> None:
    assert match(Expectation(tuple(expected)), output) is None


@pytest.mark.parametrize(
    ("expected", "output", "mismatch"),
    [
        (["OK"], "ERROR: x\n", Mismatch("OK", "ERROR: x", 1)),
        (["a", "b"], "a\nc\n", Mismatch("b", "c", 2)),
        (["a", "b"], "a\n", Mismatch("b", None, 2)),
        (["a"], "a\nextra\n", Mismatch(None, "extra", 2)),
        (["3"], "13\n", Mismatch("3", "13", 1)),
        (["start", "...", "end"], "start\n1\n2\n", Mismatch("end", None, 4)),
        (["x"], "", Mismatch("x", None, 1)),
        ([], "something", Mismatch(None, "something", 1)),
    ],
)
def test_transcript_mismatches(expected: list[str], output: str, mismatch: Mismatch) -> None:
    assert match(Expectation(tuple(expected)), output) == mismatch


def test_many_ellipses_stay_fast_and_correct() -> None:
    expected = tuple(["..."] * 50 + ["needle"])
    output = "\n".join(["hay"] * 2000)
    found = match(Expectation(expected), output)
    assert found == Mismatch("needle", None, 2001)
    assert match(Expectation(expected), output + "\nneedle") is None


@pytest.mark.parametrize(
    ("fragments", "output", "ok"),
    [
        (["3"], "3\n", True),
        (["3"], "lines: 3 total\n", True),
        (["3"], "13\n", False),
        (["3"], "3.5\n", False),
        (["3"], "3.\n", True),
        (["OK"], "All checks OK\n", True),
        (["OK"], "OKAY\n", False),
        (["hello, world"], "\x1b[1mhello, world\x1b[0m\n", True),
        (["5 passed"], "=== 5 passed in 0.1s ===", True),
        (["Found ... errors"], "Found 0 errors.", True),
        (["a", "b"], "a\nb\n", True),
        (["b", "a"], "a\nb\n", False),
        (["(x)"], "f(x)", True),
        (["x"], "", False),
    ],
)
def test_fragments(fragments: list[str], output: str, ok: bool) -> None:
    assert (match(frag(*fragments), output) is None) is ok


def test_fragment_mismatch_names_the_last_line() -> None:
    found = match(frag("3"), b"counting\n13\n\n")
    assert found == Mismatch("3", "13", 2)
    assert str(found) == "expected '3', got '13' (line 2)"


def test_mismatch_text() -> None:
    assert str(Mismatch("OK", "ERROR: x", 1)) == "expected 'OK', got 'ERROR: x' (line 1)"
    assert str(Mismatch("b", None, 2)) == "expected 'b', got end of output"
    assert str(Mismatch(None, "extra", 2)) == "expected end of output, got 'extra' (line 2)"
    assert str(Mismatch("exit 0", "exit 2", quoted=False)) == "expected exit 0, got exit 2"
    assert str(Mismatch("x" * 100, "y")).startswith("expected '" + "x" * 79 + "…'")


def test_describe() -> None:
    assert Expectation(("3",)).describe() == "output matches '3'"
    assert Expectation(("a", "b")).describe() == "output matches 'a' (+1 lines)"
    assert Expectation(()).describe() == "no output"
    assert Expectation(("...",)).describe() == "any output"
    assert Expectation(("...", "5 passed")).describe() == "output matches '5 passed' (+1 lines)"
    assert frag("1", "2").describe() == "output contains '1' then '2'"


def test_line_helpers() -> None:
    assert strip_ansi("\x1b[1;31mred\x1b[0m \x1b]8;;http://x\x07link\x1b]8;;\x07") == "red link"
    assert output_lines(b"\n a \r\n\xff\n\n") == ["a", "\ufffd"]
    assert line_matches("  a [..] c ", "a b c")
    assert not line_matches("a [..] c", "a b d")
    assert line_matches("[unclosed (re)", "[unclosed (re)")  # a bad regex is literal text


def test_wc_example_end_to_end(tmp_path: Path) -> None:
    """The issue's example: one command runs, and it passes only when the output holds 3."""
    (tmp_path / "wc.py").write_text(
        "import sys\nprint(sum(1 for _ in open(sys.argv[1])))\n", encoding="utf-8"
    )
    checks = inferred_commands_with_expectations("Run `python wc.py sample.txt` and expect `3`.")
    assert len(checks) == 1
    check = checks[0]
    assert check.expect is not None
    for lines, ok in (("a\nb\nc\n", True), ("a\n" * 13, False)):
        (tmp_path / "sample.txt").write_text(lines, encoding="utf-8")
        command = check.command.replace("python", shlex.quote(sys.executable), 1)
        done = subprocess.run(command, shell=True, cwd=tmp_path, capture_output=True, check=False)
        assert done.returncode == 0
        assert (match(check.expect, done.stdout) is None) is ok


_LINE = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=12)


@given(st.lists(_LINE, max_size=8))
def test_an_output_matches_its_own_transcript(lines: list[str]) -> None:
    # Written as a transcript, the output's own lines match it (wildcards aside, they match
    # more, never less), and a prose fragment of each non-blank line is found.
    if any(ln.strip().endswith((" (re)", " (glob)")) for ln in lines):
        return  # cram's pattern lines are patterns, not text
    assert match(Expectation(tuple(lines)), "\n".join(lines)) is None
    for line in lines:
        if line.strip() and "..." not in line and "[..]" not in line:
            assert match(frag(line), "\n".join(lines)) is None


@given(st.lists(_LINE, max_size=6), st.lists(_LINE, max_size=6))
def test_match_never_raises(expected: list[str], output: list[str]) -> None:
    found = match(Expectation(tuple(expected)), "\n".join(output))
    assert found is None or isinstance(str(found), str)
