"""Which commands a task declares, which files it names, how long it may run; pure."""

from __future__ import annotations

import re
from typing import NamedTuple

from runner.duration import parse_duration as parse_duration  # plandoc and config read it here
from runner.markdown import code_span_ranges, code_spans

_CUE = re.compile(
    r"(?<![\w-])(run quality gates:|validate with|verify with|check with|execute|run|via)(?![\w-])",
    re.IGNORECASE,
)
# An expectation cue: the code span after it is output to compare with, never a command.
_EXPECT_CUE = re.compile(
    r"(?<![\w-])(?:expect(?:s|ed|ing)?(?:\s+output)?:?|should\s+(?:print|output|return|show|"
    r"display|say|report|contain|read)|prints|outputs|returns|shows|displays|yields)(?![\w-])"
    r"|→|⇒|(?<![-=<>])(?:->|=>)(?![-=<>])",
    re.IGNORECASE,
)
# Words allowed between an expectation cue and its code span, and between two expected spans.
_FILLER = frozenset(
    [
        "the",
        "a",
        "an",
        "output",
        "result",
        "text",
        "line",
        "lines",
        "is",
        "are",
        "exactly",
        "to",
        "see",
        "value",
    ]
)
_JOINER = frozenset(["and", "then", "followed", "by"])
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
_PLACEHOLDER = re.compile(r"^<[^<>]*>$")
_LINE_REF = re.compile(r":\d+(?:-\d+)?$")
_FILE_NAME = re.compile(r"^[\w.@+-]*\.[A-Za-z][\w]{0,9}$")
# `path:line` anywhere in prose or code: a file name with an extension, then a line number.
_PATH_LINE = re.compile(
    r"(?<![\w/.:-])((?:[\w.@+-]+/)*[\w.@+-]*\.[A-Za-z][\w]{0,9}):(\d+)(?:-\d+)?(?![\w:])"
)


def is_placeholder(span: str) -> bool:
    """`<cmd>` and the like: a blank in a template, not a command."""
    return bool(_PLACEHOLDER.match(span.strip()))


def is_path(span: str) -> bool:
    """A code span that names a file (or `path:line`) rather than a command.

    `./script` is taken as a command: nobody writes the `./` to name a file.
    """
    span = span.strip()
    if not span or any(c.isspace() for c in span) or span.startswith("./"):
        return False
    return bool(_LINE_REF.search(span) or "/" in span or _FILE_NAME.match(span))


def unescape_cell(text: str) -> str:
    """Inside a table cell `\\|` stands for a pipe, even in a code span."""
    return text.replace("\\|", "|")


def declared_commands(cell: str) -> tuple[str, ...]:
    """A Validation (or gate Command) cell: every code span is a command, placeholders aside."""
    return tuple(
        c
        for c in (unescape_cell(s).strip() for s in code_spans(cell))
        if c and not is_placeholder(c)
    )


class CuedSpan(NamedTuple):
    """A code span after a cue: a command to run, or (`expected`) output to compare with."""

    text: str
    start: int
    expected: bool


def cued_spans(description: str) -> tuple[CuedSpan, ...]:
    """Every code span after a command cue or an expectation cue, in document order.

    A command cue (`Run`, `Execute`, `via`, ...) reaches to the end of the sentence or the
    next expectation cue (`and expect`, `should print`, `prints`, `Expected:`, `→`, ...); an
    expectation cue reaches to the end of the sentence, a semicolon or the next command cue,
    and takes only the code spans written right after it (a few words such as "the output"
    between), so "Expected result: it starts on `host`" holds no expected output. Paths and
    placeholders are never commands; placeholders are never expected output either.
    """
    spans = code_span_ranges(description)

    def in_code(pos: int) -> bool:
        return any(a <= pos < b for a, b in spans)

    ends = [m.start() for m in _SENTENCE_END.finditer(description) if not in_code(m.start())]
    # An expectation also ends at a semicolon: "expect `3`; the file `f.txt` is kept".
    semis = sorted(
        ends + [m.start() for m in re.finditer(";", description) if not in_code(m.start())]
    )
    runs = [m for m in _CUE.finditer(description) if not in_code(m.start())]
    expects = [m for m in _EXPECT_CUE.finditer(description) if not in_code(m.start())]
    found: dict[int, CuedSpan] = {}
    for cues, others, expected in ((runs, expects, False), (expects, runs, True)):
        for cue in cues:
            stops = [e for e in (semis if expected else ends) if e >= cue.end()]
            stops += [m.start() for m in others if m.start() >= cue.end()]
            stop = min(stops, default=len(description))
            pos = cue.end()
            for a, b in spans:
                if not cue.end() <= a < stop or a in found:
                    continue
                if expected and not _next_to(description[pos:a], first=pos == cue.end()):
                    break  # "Expected result: the server starts on `host`" is prose
                pos = b
                text = unescape_cell(code_spans(description[a:b])[0]).strip()
                if not text or is_placeholder(text) or (not expected and is_path(text)):
                    continue
                found[a] = CuedSpan(text, a, expected)
    return tuple(found[a] for a in sorted(found))


def _next_to(gap: str, *, first: bool) -> bool:
    """Is expected output written right after its cue (`expect the output `3``), or right after
    the previous expected span (`should print `OK` and `done``)?"""
    words = gap.replace(":", " ").replace(",", " ").lower().split()
    return all(w in (_FILLER if first else _JOINER) for w in words)


def inferred_commands(description: str) -> tuple[str, ...]:
    """Code spans after a cue (`Run`, `Execute`, `via`, ...) up to the end of the sentence.

    A code span after an expectation cue (`and expect `3``) is expected output, not a command.
    """
    found: list[str] = []
    for span in cued_spans(description):
        if not span.expected and span.text not in found:
            found.append(span.text)
    return tuple(found)


def file_refs(text: str) -> tuple[tuple[str, int], ...]:
    """Every `path:line` reference in the text, in order, without repeats."""
    seen: list[tuple[str, int]] = []
    for m in _PATH_LINE.finditer(text):
        ref = (m.group(1), int(m.group(2)))
        if ref not in seen:
            seen.append(ref)
    return tuple(seen)


def named_files(text: str) -> tuple[str, ...]:
    """Files a description names: `path:line` references and code spans that are paths."""
    names = [f"{p}:{n}" for p, n in file_refs(text)]
    for span in code_spans(text):
        span = span.strip()
        known = any(span.startswith(n) or n.startswith(span) for n in names)
        if is_path(span) and "<" not in span and not known:
            names.append(span)
    return tuple(names)
