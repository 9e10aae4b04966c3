"""Failure summaries that explain: the one line of a command's output that says what happened; pure.

Only the tail of the output matters (`TAIL_BYTES`); `TailBuffer` keeps it while a command
prints, in bounded memory. The line is chosen in this order:

1. the summary line of a known tool: pytest, unittest, ruff, mypy, tsc, black/ruff format,
   cargo (test and build), go test, jest, vitest, eslint; when several tools printed one, a
   tool the command names (`pytest`, `npm test` ...) wins, else the one that printed last.
   The first failure it lists is added ("2 failed, 1 passed in 0.1s; first: FAILED
   t.py::test_a - assert 1 == 2") when the tool prints one.
2. for a failed command (exit not 0): the final line of the last Python traceback
   (`django.core.exceptions.ImproperlyConfigured: ...`), else the last line that says
   error, fail, fatal, exception, panic, denied, not found, cannot or could not. Lines of
   wrappers (`make: *** [...] Error 1`, `npm error ...`) explain nothing the command under
   them did not, so they come last: they are the answer only when nothing else explains.
3. the last non-blank line.

ANSI colour codes, `\\r` overwrites and pytest's `=` padding are removed, whitespace runs are
collapsed and the line is cut to `LIMIT` characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from runner.markdown.patterns import later
from runner.plan.expect import strip_ansi

TAIL_BYTES = 65536
LIMIT = 200

_PYTEST_COUNT = r"\d+ (?:failed|passed|errors?|skipped|xfailed|xpassed|deselected|warnings?|rerun)"
_PYTEST = later(
    rf"^=*\s*((?:{_PYTEST_COUNT})(?:, {_PYTEST_COUNT})* in \d+(?:\.\d+)?s(?: \([^)]*\))?"
    r"|no tests ran in \d+(?:\.\d+)?s)\s*=*$"
)
_DIAGNOSTIC = later(
    r"^(?:\S+:\d+(?::\d+)?:? (?:- )?(?:error\b|[A-Z]{1,4}\d{2,4}\b)|\S+\(\d+,\d+\): error\b)"
)
_ERROR_WORDS = later(
    r"error|fail|fatal|exception|panic|denied|not found|cannot|could not", re.IGNORECASE
)
_WRAPPER = later(
    r"^(?:make(?:\[\d+\])?: \*\*\*|npm (?:ERR!|error)|yarn (?:run )?error|error Command failed"
    r"|ELIFECYCLE|\s*ELIFECYCLE|error: Recipe `|Error: Process completed with exit code)"
)
_NPM_NOISE = later(r"^npm (?:ERR!|error)\s*(?:$|code |errno |path |command |A complete log)")


@dataclass(frozen=True)
class _Hit:
    at: int  # index of the summary line: the latest printed wins
    text: str


_Finder = Callable[[list[str]], _Hit | None]


def _last(lines: list[str], rx: re.Pattern[str]) -> tuple[int, re.Match[str]] | None:
    for i in range(len(lines) - 1, -1, -1):
        m = rx.search(lines[i])
        if m:
            return i, m
    return None


def _first(lines: list[str], rx: re.Pattern[str]) -> tuple[int, re.Match[str]] | None:
    for i, line in enumerate(lines):
        m = rx.search(line)
        if m:
            return i, m
    return None


def _with_first(summary: str, detail: str | None) -> str:
    return f"{summary.rstrip('.')}; first: {detail}" if detail else summary


def _pytest(lines: list[str]) -> _Hit | None:
    found = _last(lines, _PYTEST)
    if found is None:
        return None
    first = _first(lines, re.compile(r"^(?:FAILED|ERROR) \S+.*$"))
    return _Hit(found[0], _with_first(found[1].group(1), first and first[1].group(0)))


def _unittest(lines: list[str]) -> _Hit | None:
    found = _last(lines, re.compile(r"^(FAILED|OK)(?: \((?:[a-z ]+=\d+(?:, )?)+\))?$"))
    if found is None:
        return None
    ran = [ln for ln in lines[max(0, found[0] - 3) : found[0]] if re.match(r"^Ran \d+ tests?", ln)]
    if not ran:
        return None
    count = ran[-1].split(" in ")[0]
    first = _first(lines, re.compile(r"^(?:FAIL|ERROR): \S+.*$"))
    text = f"{count}: {found[1].group(0)}"
    return _Hit(found[0], _with_first(text, first and first[1].group(0)))


def _diagnostic(lines: list[str]) -> str | None:
    """The first `file:line: error ...` (mypy, gcc, tsc, ruff concise) or ruff/rustc's `-->`."""
    for i, line in enumerate(lines):
        if _DIAGNOSTIC.match(line):
            return line
        if re.match(r"^(?:[A-Z]{1,4}\d{2,4} |error(?:\[E\d+\])?: )", line) and i + 1 < len(lines):
            where = re.match(r"^\s*--> (\S+)", lines[i + 1])
            if where:
                return f"{where.group(1)}: {line}"
    return None


_FOUND = later(r"^(?:Found \d+ errors?\b.*|\d+ files? would be reformatted.*)")


def _found(lines: list[str]) -> _Hit | None:
    """ruff, mypy, tsc: `Found 3 errors.`; mypy's success line; ruff/black format --check."""
    found = _last(
        lines, re.compile(r"^(?:Found \d+ errors?\b.*|\d+ files? would be reformatted.*)")
    )
    if found is not None:
        return _Hit(found[0], _with_first(found[1].group(0), _diagnostic(lines[: found[0]])))
    ok = _last(lines, re.compile(r"^(?:Success: no issues found.*|All checks passed!)$"))
    return _Hit(ok[0], ok[1].group(0)) if ok else None


def _cargo(lines: list[str]) -> _Hit | None:
    found = _last(lines, re.compile(r"^test result: FAILED\. \d+ passed; \d+ failed"))
    found = found or _last(lines, re.compile(r"^test result: \w+\. \d+ passed; \d+ failed"))
    if found is not None:
        return _Hit(found[0], _with_first(found[1].group(0), _cargo_failure(lines)))
    build = _last(lines, re.compile(r"^error: could not compile .*"))
    if build is not None:
        return _Hit(build[0], _with_first(build[1].group(0), _diagnostic(lines[: build[0]])))
    return None


def _cargo_failure(lines: list[str]) -> str | None:
    """`tests::it_fails: assertion failed`: the first failing test and its panic message."""
    found = _first(lines, re.compile(r"^---- (\S+) stdout ----$"))
    if found is None:
        return None
    i, m = found
    for j in range(i + 1, min(i + 6, len(lines))):
        if " panicked at " in lines[j]:
            inline = re.search(r"panicked at '(.*)', ", lines[j])
            message = inline.group(1) if inline else (lines[j + 1] if j + 1 < len(lines) else "")
            return f"{m.group(1)}: {message.strip()}" if message.strip() else m.group(1)
    return m.group(1)


def _go(lines: list[str]) -> _Hit | None:
    rx = r"^(FAIL|ok)\s+(\S+)\s+(\d+(?:\.\d+)?s|\[build failed\]|\[setup failed\]|\(cached\))"
    found = _last(lines, re.compile(rx.replace("(FAIL|ok)", "(FAIL)"))) or _last(
        lines, re.compile(rx)
    )
    if found is None:
        return None
    detail = None
    test = _first(lines, re.compile(r"^\s*--- FAIL: (\S+)"))
    if test is not None:
        i = test[0]
        why = lines[i + 1].strip() if i + 1 < len(lines) else ""
        detail = f"--- FAIL: {test[1].group(1)}" + (
            f": {why}" if re.match(r"\S+\.go:\d+: ", why) else ""
        )
    else:
        go_error = _first(lines, re.compile(r"^\S+\.go:\d+:\d+: .*"))
        detail = go_error[1].group(0) if go_error else None
    return _Hit(found[0], _with_first(" ".join(found[1].groups()), detail))


def _jest(lines: list[str]) -> _Hit | None:
    found = _last(lines, re.compile(r"^Tests:\s+.*\btotal$"))
    if found is None:
        return None
    first = _first(lines, re.compile(r"^\s*● (.+)$"))
    return _Hit(found[0], _with_first(found[1].group(0), first and first[1].group(1)))


def _vitest(lines: list[str]) -> _Hit | None:
    found = _last(lines, re.compile(r"^\s*Tests\s+\d+ (?:failed|passed|skipped).*\(\d+\)$"))
    if found is None:
        return None
    first = _first(lines, re.compile(r"^\s*(?:FAIL|×|✗)\s+(.+)$"))
    return _Hit(found[0], _with_first(found[1].group(0).strip(), first and first[1].group(1)))


def _eslint(lines: list[str]) -> _Hit | None:
    found = _last(lines, re.compile(r"^✖ \d+ problems? \(\d+ errors?, \d+ warnings?\)"))
    if found is None:
        return None
    detail = None
    problem = _first(lines, re.compile(r"^\s+(\d+:\d+)\s+error\s+(.*)$"))
    if problem is not None:
        i, m = problem
        path = next((ln for ln in reversed(lines[:i]) if ln and not ln[0].isspace()), "")
        detail = f"{path}:{m.group(1)} {m.group(2)}" if path else f"{m.group(1)} {m.group(2)}"
    return _Hit(found[0], _with_first(found[1].group(0), detail))


# The tools, and the words of a command that name each.
_TOOLS: tuple[tuple[_Finder, str], ...] = (
    (_pytest, r"pytest|py\.test|tox|nox"),
    (_unittest, r"unittest|manage\.py test|setup\.py test"),
    (_found, r"ruff|mypy|tsc|black|pyright"),
    (_cargo, r"cargo"),
    (_go, r"go"),
    (_jest, r"jest|npm|yarn|pnpm"),
    (_vitest, r"vitest|npm|yarn|pnpm"),
    (_eslint, r"eslint"),
)


def tail_lines(output: str | bytes) -> list[str]:
    """The last `TAIL_BYTES` of the output as lines: no ANSI, no `\\r` overwrites, no partial
    first line when the output was cut."""
    cut = len(output) > TAIL_BYTES
    if isinstance(output, bytes):
        output = output[-TAIL_BYTES:].decode("utf-8", "replace")
    else:
        output = output[-TAIL_BYTES:]
    lines = [ln.rstrip("\r").rsplit("\r", 1)[-1].rstrip() for ln in strip_ansi(output).split("\n")]
    return lines[1:] if cut and len(lines) > 1 else lines


def _tool_line(lines: list[str], command: str) -> str | None:
    """The summary of a known tool; one the command names first, else the latest printed."""
    named: list[_Hit] = []
    others: list[_Hit] = []
    for finder, words in _TOOLS:
        hit = finder(lines)
        if hit is not None:
            names_it = re.search(rf"(?<![\w.-])(?:{words})(?![\w-])", command)
            (named if names_it else others).append(hit)
    hits = named or others
    return max(hits, key=lambda h: h.at).text if hits else None


def _traceback_line(lines: list[str]) -> str | None:
    """The final line of the last Python traceback: the exception and its message."""
    found = _last(lines, re.compile(r"^Traceback \(most recent call last\):$"))
    if found is None:
        return None
    for line in lines[found[0] + 1 :]:
        if line and not line[0].isspace():
            return line
    return None


def _error_line(lines: list[str]) -> str | None:
    """The last line that says error/failed/..., wrappers' own lines aside."""
    for line in reversed(lines):
        header = line.startswith("Traceback (most recent call last)")
        if _ERROR_WORDS.search(line) and not _WRAPPER.match(line) and not header:
            return line
    return None


def _wrapper_line(lines: list[str]) -> str | None:
    """make's first `*** ...` line, npm's first line that is not boilerplate, and the like."""
    for line in lines:
        if _WRAPPER.match(line) and not _NPM_NOISE.match(line):
            return line
    return None


def summary_line(output: str | bytes, exit_code: int | None = None, command: str = "") -> str:
    """The one line of the output that explains the run ("" when nothing was printed).

    `exit_code` 0 looks only for a tool's summary, then the last line; anything else (a
    failure, or None for a timeout) also looks for the line that says what went wrong.
    """
    lines = tail_lines(output)
    line = _tool_line(lines, command)
    if line is None and exit_code != 0:
        line = _traceback_line(lines) or _error_line(lines) or _wrapper_line(lines)
    if line is None:
        line = next((ln for ln in reversed(lines) if ln.strip()), "")
    line = " ".join(line.split())
    return line if len(line) <= LIMIT else line[: LIMIT - 1] + "…"


def summarise(tail: bytes, exit_code: int | None, command: str) -> str:
    """The result line a report shows: `exit 1: 2 failed, 1 passed in 0.1s`.

    A nonzero exit is named first (`exit 1`, alone when nothing was printed); exit 0 and no
    exit code (timed out, stopped: the caller says which) give the explaining line alone.
    """
    line = summary_line(tail, exit_code, command)
    if exit_code:
        return f"exit {exit_code}: {line}" if line else f"exit {exit_code}"
    return line


class TailBuffer:
    """The last `limit` bytes of a command's output, kept as chunks arrive.

    Memory stays under twice the limit however much is printed; `total` counts every byte.
    """

    def __init__(self, limit: int = TAIL_BYTES) -> None:
        if limit <= 0:
            raise ValueError("limit must be positive")
        self.limit = limit
        self.total = 0
        self._buf = bytearray()

    def feed(self, chunk: bytes) -> None:
        """Add a chunk; older bytes beyond the limit are dropped (in amortised constant time)."""
        self.total += len(chunk)
        if len(chunk) >= self.limit:
            self._buf[:] = chunk[-self.limit :]
            return
        self._buf += chunk
        if len(self._buf) >= 2 * self.limit:
            del self._buf[: -self.limit]

    @property
    def truncated(self) -> bool:
        """Were bytes dropped?"""
        return self.total > self.limit

    def getvalue(self) -> bytes:
        """The kept tail; when bytes were dropped it starts at a line start if it has one."""
        data = bytes(self._buf[-self.limit :])
        if self.truncated and b"\n" in data[:-1]:
            data = data[data.index(b"\n") + 1 :]
        return data
