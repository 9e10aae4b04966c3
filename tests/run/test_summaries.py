"""Failure summaries: the line of a command's output that explains what happened."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from runner.run.summaries import (
    LIMIT,
    TAIL_BYTES,
    TailBuffer,
    summarise,
    summary_line,
    tail_lines,
)

# Printed by pytest 9 (-p no:randomly), paths made relative.
PYTEST = """\
============================= test session starts ==============================
platform linux -- Python 3.11.7, pytest-9.2.0, pluggy-1.7.0
rootdir: /work
collected 3 items

test_x.py F.F                                                            [100%]

=================================== FAILURES ===================================
____________________________________ test_a ____________________________________

    def test_a():
>       assert 1 == 2
E       assert 1 == 2

test_x.py:3: AssertionError
____________________________________ test_c ____________________________________

    def test_c():
>       raise ValueError("boom")
E       ValueError: boom

test_x.py:7: ValueError
=========================== short test summary info ============================
FAILED test_x.py::test_a - assert 1 == 2
FAILED test_x.py::test_c - ValueError: boom
========================= 2 failed, 1 passed in 1.48s ==========================
"""
# pytest -q --color=yes: the summary line is painted piece by piece and has no `=` padding.
PYTEST_Q_COLOUR = (
    "\x1b[31mFAILED\x1b[0m test_x.py::\x1b[1mtest_a\x1b[0m - assert 1 == 2\n"
    "\x1b[31mFAILED\x1b[0m test_x.py::\x1b[1mtest_c\x1b[0m - ValueError: boom\n"
    "\x1b[31m\x1b[31m\x1b[1m2 failed\x1b[0m, \x1b[32m1 passed\x1b[0m"
    "\x1b[31m in 1.15s\x1b[0m\x1b[0m\n"
)
PYTEST_PASSED = "..........                [100%]\n10 passed, 2 warnings in 0.31s\n"
UNITTEST = """\
F.E
======================================================================
ERROR: test_c (__main__.T.test_c)
----------------------------------------------------------------------
Traceback (most recent call last):
  File "test_u.py", line 8, in test_c
    raise KeyError("k")
KeyError: 'k'

======================================================================
FAIL: test_a (__main__.T.test_a)
----------------------------------------------------------------------
Traceback (most recent call last):
  File "test_u.py", line 4, in test_a
    self.assertEqual(1, 2)
AssertionError: 1 != 2

----------------------------------------------------------------------
Ran 3 tests in 0.000s

FAILED (failures=1, errors=1)
"""
# ruff 0.17, default (full) output format.
RUFF = """\
I001 [*] Import block is un-sorted or un-formatted
 --> t.py:1:1
  |
1 | import os
  | ^^^^^^^^^
2 | def f(x: int) -> str:
  |
help: Organize imports

F401 [*] `os` imported but unused
 --> t.py:1:8
  |
1 | import os
  |        ^^
help: Remove unused import: `os`

Found 2 errors.
[*] 2 fixable with `--fix`.
"""
RUFF_CONCISE = """\
t.py:1:1: I001 [*] Import block is un-sorted or un-formatted
t.py:1:8: F401 [*] `os` imported but unused
Found 2 errors.
[*] 2 fixable with `--fix`.
"""
RUFF_FORMAT = (
    "unformatted: File would be reformatted\n --> t.py:2:1\n\n1 file would be reformatted\n"
)
MYPY = """\
t.py:3: error: Incompatible return value type (got "int", expected "str")  [return-value]
t.py:4: error: Incompatible types in assignment (expression has type "str", \
variable has type "int")  [assignment]
Found 2 errors in 1 file (checked 1 source file)
"""
CARGO_TEST = """\
   Compiling cr v0.1.0 (/home/dev/cr)
    Finished `test` profile [unoptimized + debuginfo] target(s) in 0.75s
     Running unittests src/lib.rs (target/debug/deps/cr-f73a538893013b88)

running 2 tests
test tests::it_works ... ok
test tests::it_fails ... FAILED

failures:

---- tests::it_fails stdout ----

thread 'tests::it_fails' (30499) panicked at src/lib.rs:8:21:
assertion `left == right` failed
  left: 4
 right: 5
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace


failures:
    tests::it_fails

test result: FAILED. 1 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.08s

error: test failed, to rerun pass `--lib`
"""
CARGO_OLD_PANIC = """\
---- tests::t stdout ----
thread 'tests::t' panicked at 'boom', src/lib.rs:3:5

test result: FAILED. 0 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out
"""
CARGO_BUILD = """\
   Compiling cr v0.1.0 (/home/dev/cr)
error[E0308]: mismatched types
 --> src/lib.rs:1:50
  |
1 | pub fn add(a: u64, b: u64) -> u64 { let x: u32 = "a"; a + b }
  |                                            ---   ^^^ expected `u32`, found `&str`

For more information about this error, try `rustc --explain E0308`.
error: could not compile `cr` (lib) due to 1 previous error
"""
GO_TEST = """\
--- FAIL: TestAdd (0.00s)
    add_test.go:8: Add(2, 2) = 5, want 4
FAIL
FAIL\texample.com/calc\t0.003s
ok  \texample.com/other\t0.002s
FAIL
"""
GO_BUILD = """\
# example.com/calc
./add.go:4:9: undefined: y
FAIL\texample.com/calc [build failed]
FAIL
"""
JEST = """\
 FAIL  src/sum.test.js
  ● sum › adds 1 + 2 to equal 3

    expect(received).toBe(expected) // Object.is equality

    Expected: 3
    Received: 4

Test Suites: 1 failed, 1 passed, 2 total
Tests:       1 failed, 2 passed, 3 total
Snapshots:   0 total
Time:        0.512 s
Ran all test suites.
npm error Lifecycle script `test` failed with error:
npm error code 1
"""
VITEST = """\
 ❯ src/sum.test.ts (3 tests | 1 failed) 4ms
   × sum > adds 1 + 2 to equal 3 3ms
     → expected 4 to be 3 // Object.is equality

⎯⎯⎯⎯⎯⎯⎯ Failed Tests 1 ⎯⎯⎯⎯⎯⎯⎯

 FAIL  src/sum.test.ts > sum > adds 1 + 2 to equal 3
AssertionError: expected 4 to be 3 // Object.is equality

 Test Files  1 failed (1)
      Tests  1 failed | 2 passed (3)
   Start at  10:00:00
   Duration  312ms
"""
TSC = """\
src/a.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.
src/a.ts(9,1): error TS2304: Cannot find name 'y'.

Found 2 errors in the same file, starting at: src/a.ts:3
"""
TSC_PRETTY = """\
src/a.ts:3:7 - error TS2322: Type 'string' is not assignable to type 'number'.

3 const x: number = "a";
        ~

Found 1 error in src/a.ts:3
"""
ESLINT = """\

/home/dev/src/app.js
  3:7   error    'x' is assigned a value but never used  no-unused-vars
  5:1   warning  Unexpected console statement            no-console
  9:10  error    'y' is not defined                      no-undef

\x1b[31m\x1b[1m✖ 3 problems (2 errors, 1 warning)\x1b[22m\x1b[39m
"""
DJANGO = """\
Traceback (most recent call last):
  File "manage.py", line 22, in <module>
    main()
  File "django/core/management/__init__.py", line 442, in execute_from_command_line
    utility.execute()
  File "django/conf/__init__.py", line 64, in _setup
    raise ImproperlyConfigured(
django.core.exceptions.ImproperlyConfigured: Requested setting INSTALLED_APPS, but settings \
are not configured.
"""
CHAINED = """\
Traceback (most recent call last):
  File "dj.py", line 5, in <module>
    setup()
ImproperlyConfigured: Requested setting INSTALLED_APPS.

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "dj.py", line 7, in <module>
    raise RuntimeError("wrapped") from e
RuntimeError: wrapped
"""
MAKE_CC = """\
cc -c a.c
a.c: In function ‘main’:
a.c:1:25: error: ‘x’ undeclared (first use in this function)
    1 | int main(void) { return x; }
      |                         ^
a.c:1:25: note: each undeclared identifier is reported only once for each function it appears in
make: *** [Makefile:2: all] Error 1
"""
MAKE_PYTEST = PYTEST + "make: *** [Makefile:7: test] Error 1\n"
NPM_MISSING = """\
npm error Missing script: "test"
npm error
npm error To see a list of scripts, run:
npm error   npm run
npm error A complete log of this run can be found in: /home/u/.npm/_logs/x-debug-0.log
"""


@pytest.mark.parametrize(
    ("output", "command", "line"),
    [
        (
            PYTEST,
            "pytest",
            ("2 failed, 1 passed in 1.48s; first: FAILED test_x.py::test_a - assert 1 == 2"),
        ),
        (
            PYTEST_Q_COLOUR,
            "",
            ("2 failed, 1 passed in 1.15s; first: FAILED test_x.py::test_a - assert 1 == 2"),
        ),
        (
            UNITTEST,
            "python -m unittest",
            (
                "Ran 3 tests: FAILED (failures=1, errors=1); first: ERROR: test_c"
                " (__main__.T.test_c)"
            ),
        ),
        (
            RUFF,
            "ruff check .",
            ("Found 2 errors; first: t.py:1:1: I001 [*] Import block is un-sorted or un-formatted"),
        ),
        (
            RUFF_CONCISE,
            "",
            ("Found 2 errors; first: t.py:1:1: I001 [*] Import block is un-sorted or un-formatted"),
        ),
        (RUFF_FORMAT, "ruff format --check", "1 file would be reformatted"),
        (
            MYPY,
            "mypy",
            (
                "Found 2 errors in 1 file (checked 1 source file); first: t.py:3: error:"
                ' Incompatible return value type (got "int", expected "str")'
                " [return-value]"
            ),
        ),
        (
            CARGO_TEST,
            "cargo test",
            (
                "test result: FAILED. 1 passed; 1 failed; first: tests::it_fails:"
                " assertion `left == right` failed"
            ),
        ),
        (CARGO_OLD_PANIC, "", "test result: FAILED. 0 passed; 1 failed; first: tests::t: boom"),
        (
            CARGO_BUILD,
            "cargo build",
            (
                "error: could not compile `cr` (lib) due to 1 previous error; first:"
                " src/lib.rs:1:50: error[E0308]: mismatched types"
            ),
        ),
        (
            GO_TEST,
            "go test ./...",
            (
                "FAIL example.com/calc 0.003s; first: --- FAIL: TestAdd: add_test.go:8:"
                " Add(2, 2) = 5, want 4"
            ),
        ),
        (
            GO_BUILD,
            "go test ./...",
            "FAIL example.com/calc [build failed]; first: ./add.go:4:9: undefined: y",
        ),
        (
            JEST,
            "npm test",
            "Tests: 1 failed, 2 passed, 3 total; first: sum › adds 1 + 2 to equal 3",
        ),
        (
            VITEST,
            "npx vitest run",
            "Tests 1 failed | 2 passed (3); first: sum > adds 1 + 2 to equal 3 3ms",
        ),
        (
            TSC,
            "npx tsc --noEmit",
            (
                "Found 2 errors in the same file, starting at: src/a.ts:3; first:"
                " src/a.ts(3,7): error TS2322: Type 'string' is not assignable to type"
                " 'number'."
            ),
        ),
        (
            TSC_PRETTY,
            "tsc",
            (
                "Found 1 error in src/a.ts:3; first: src/a.ts:3:7 - error TS2322: Type"
                " 'string' is not assignable to type 'number'."
            ),
        ),
        (
            ESLINT,
            "npx eslint .",
            (
                "✖ 3 problems (2 errors, 1 warning); first: /home/dev/src/app.js:3:7 'x' is"
                " assigned a value but never used no-unused-vars"
            ),
        ),
        (
            DJANGO,
            "python manage.py check",
            (
                "django.core.exceptions.ImproperlyConfigured: Requested setting"
                " INSTALLED_APPS, but settings are not configured."
            ),
        ),
        (CHAINED, "", "RuntimeError: wrapped"),
        (MAKE_CC, "make", "a.c:1:25: error: ‘x’ undeclared (first use in this function)"),
        (
            MAKE_PYTEST,
            "make test",
            ("2 failed, 1 passed in 1.48s; first: FAILED test_x.py::test_a - assert 1 == 2"),
        ),
        (
            "make: *** No rule to make target 'tset'.  Stop.\n",
            "make tset",
            "make: *** No rule to make target 'tset'. Stop.",
        ),
        (NPM_MISSING, "npm test", 'npm error Missing script: "test"'),
        (
            "bash: line 1: nosuchcmd: command not found\n",
            "nosuchcmd",
            "bash: line 1: nosuchcmd: command not found",
        ),
        ("building\nwrote 3 files\n\n", "./build.sh", "wrote 3 files"),
        ("", "false", ""),
    ],
)
def test_failure_summaries(output: str, command: str, line: str) -> None:
    assert summary_line(output, 1, command) == line
    assert summary_line(output.encode(), 1, command) == line


def test_a_passing_run_shows_its_summary_not_a_scary_line() -> None:
    assert summary_line(PYTEST_PASSED, 0, "pytest") == "10 passed, 2 warnings in 0.31s"
    assert summary_line("retrying after error\ndone\n", 0) == "done"
    assert summary_line("retrying after error\ndone\n", 1) == "retrying after error"


def test_a_tool_the_command_names_wins_over_a_later_one() -> None:
    output = MYPY + PYTEST
    assert summary_line(output, 1, "").startswith("2 failed, 1 passed")
    assert summary_line(output, 1, "mypy src && pytest").startswith("2 failed, 1 passed")
    assert summary_line(output, 1, "mypy src").startswith("Found 2 errors in 1 file")


def test_unittest_needs_its_ran_line() -> None:
    assert summary_line("OK\n", 0) == "OK"
    assert summary_line("Ran 4 tests in 0.01s\n\nOK\n", 0) == "Ran 4 tests: OK"


def test_long_lines_are_cut() -> None:
    line = summary_line("error: " + "x" * 500, 1)
    assert len(line) == LIMIT
    assert line.endswith("…")


def test_only_the_tail_is_read() -> None:
    head = "error: an early problem\n" + "noise\n" * 30000
    output = head + "Found 1 error.\n"
    assert len(output.encode()) > TAIL_BYTES
    assert tail_lines(output)[-2:] == ["Found 1 error.", ""]
    assert "error: an early problem" not in tail_lines(output)
    assert summary_line(output.encode(), 1) == "Found 1 error."
    cut = tail_lines(b"x" * (TAIL_BYTES - 3) + b"abc\nlast\n")
    assert cut == ["last", ""]  # the first line was cut off mid-way: dropped


def test_summarise_names_the_exit() -> None:
    assert summarise(PYTEST.encode(), 1, "pytest").startswith("exit 1: 2 failed, 1 passed")
    assert summarise(b"", 2, "false") == "exit 2"
    assert summarise(PYTEST_PASSED.encode(), 0, "pytest") == "10 passed, 2 warnings in 0.31s"
    assert summarise(b"Killed\n", None, "sleep 100") == "Killed"


def test_tail_buffer_keeps_the_last_bytes() -> None:
    buf = TailBuffer(limit=10)
    for chunk in (b"aaaa\n", b"bbbb\n", b"cccc\n", b"dd"):
        buf.feed(chunk)
    assert buf.total == 17
    assert buf.truncated
    assert buf.getvalue() == b"cccc\ndd"  # from a line start
    buf.feed(b"x" * 25)
    assert buf.getvalue() == b"x" * 10
    small = TailBuffer(limit=100)
    small.feed(b"one\ntwo\n")
    assert not small.truncated
    assert small.getvalue() == b"one\ntwo\n"
    with pytest.raises(ValueError, match="positive"):
        TailBuffer(limit=0)


@given(st.lists(st.binary(max_size=40), max_size=60), st.integers(min_value=1, max_value=64))
def test_tail_buffer_is_bounded_and_exact(chunks: list[bytes], limit: int) -> None:
    buf = TailBuffer(limit=limit)
    for chunk in chunks:
        buf.feed(chunk)
        assert len(buf._buf) < 2 * limit + 40
    whole = b"".join(chunks)
    kept = whole[-limit:]
    assert buf.total == len(whole)
    value = buf.getvalue()
    assert kept.endswith(value)
    if len(whole) <= limit:
        assert value == whole


def test_tail_buffer_memory_for_a_huge_output() -> None:
    buf = TailBuffer()
    chunk = b"line of output\n" * 4096
    for _ in range(2000):  # about 120 MB
        buf.feed(chunk)
    assert len(buf._buf) < 2 * TAIL_BYTES
    assert buf.total == len(chunk) * 2000
    assert summarise(buf.getvalue() + b"FAILED (errors=1)\n", 1, "") == "exit 1: FAILED (errors=1)"


# Real runs of the tools this project uses, so a change in their output format shows here.


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=tmp_path, capture_output=True, check=False
    )


def test_real_pytest(tmp_path: Path) -> None:
    (tmp_path / "test_x.py").write_text(
        "def test_a():\n    assert 1 == 2\n\ndef test_b():\n    pass\n"
    )
    done = run(tmp_path, "pytest", "-p", "no:randomly", "-p", "no:cacheprovider", "test_x.py")
    line = summarise(done.stdout + done.stderr, done.returncode, "pytest")
    assert line.startswith("exit 1: 1 failed, 1 passed in ")
    assert line.endswith("; first: FAILED test_x.py::test_a - assert 1 == 2")


def test_real_ruff(tmp_path: Path) -> None:
    (tmp_path / "t.py").write_text("import os\n")
    done = run(tmp_path, "ruff", "check", "--no-cache", "--isolated", "t.py")
    line = summarise(done.stdout + done.stderr, done.returncode, "ruff check t.py")
    assert line == "exit 1: Found 1 error; first: t.py:1:8: F401 [*] `os` imported but unused"


def test_real_mypy(tmp_path: Path) -> None:
    (tmp_path / "t.py").write_text("x: int = 'a'\n")
    done = run(tmp_path, "mypy", "--no-incremental", "--cache-dir", str(tmp_path / "c"), "t.py")
    line = summarise(done.stdout + done.stderr, done.returncode, "mypy t.py")
    assert line.startswith("exit 1: Found 1 error in 1 file (checked 1 source file); first: ")
    assert "t.py:1: error: Incompatible types in assignment" in line
