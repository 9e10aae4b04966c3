"""Code spans and cell-separating pipes: one backtick scanner for both; pure.

A pipe inside a code span can be read as text rather than a cell boundary
(`tables.split_row`), and task descriptions name commands and files in code
spans (`inference`). Both questions are answered by the same scan, so a table
cell and a description never disagree about where a code span is.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from runner.markdown.patterns import later

_PIPE = later(r"\|")
_SPECIAL = later(r"\\|\||`+")  # what the scanner stops at: escapes, pipes, backtick runs
# A code span where no backslash is in the way: a whole run of backticks, the shortest text
# after it, and a whole run of the same length (the scanner's reading, at C speed).
_SPAN = later(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)


class Scan(NamedTuple):
    """What one pass over a line found: pipes outside code spans, and the code spans."""

    pipes: list[int]
    spans: list[tuple[int, int]]


def scan_line(text: str) -> Scan:
    """Unescaped pipes outside code spans, and [start, end) of each code span (backticks in)."""
    if "`" not in text and "\\" not in text:
        return Scan([m.start() for m in _PIPE.finditer(text)], [])  # at C speed
    pipes: list[int] = []
    spans: list[tuple[int, int]] = []
    n = len(text)
    found = _SPECIAL.search(text)
    while found is not None:
        i = found.start()
        ch = text[i]
        if ch == "\\":
            i += 2
        elif ch == "|":
            pipes.append(i)
            i += 1
        else:
            run = len(found.group())
            close = _closing_backticks(text, i + run, run)
            if close is None:
                i += run  # an unmatched run is literal backticks
            else:
                spans.append((i, close + run))
                i = close + run
        found = _SPECIAL.search(text, i) if i < n else None
    return Scan(pipes, spans)


def _closing_backticks(text: str, start: int, run: int) -> int | None:
    """Where a run of exactly `run` backticks starts at or after `start`, if any."""
    i = text.find("`", start)
    n = len(text)
    while i >= 0:
        j = i
        while j < n and text[j] == "`":
            j += 1
        if j - i == run:
            return i
        i = text.find("`", j)
    return None


def unescaped_pipes(line: str) -> list[int]:
    """Offsets of the pipes not escaped by a backslash (GFM's reading: code spans ignored)."""
    if "\\" not in line:
        return [m.start() for m in _PIPE.finditer(line)]
    positions: list[int] = []
    i = 0
    n = len(line)
    while i < n:
        ch = line[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "|":
            positions.append(i)
        i += 1
    return positions


def code_span_ranges(text: str) -> list[tuple[int, int]]:
    """[start, end) of each code span in `text`, backticks included."""
    if "`" not in text:
        return []
    if "\\" not in text:
        return [m.span() for m in _SPAN.finditer(text)]
    return scan_line(text).spans


def code_spans(text: str) -> list[str]:
    """The contents of the code spans in `text`, in order (CommonMark rules, simplified)."""
    if "`" not in text:
        return []
    if "\\" not in text:  # the pattern's second group is the content
        return [_content(m.group(2)) for m in _SPAN.finditer(text)]
    spans: list[str] = []
    for a, b in scan_line(text).spans:
        run = len(text[a:b]) - len(text[a:b].lstrip("`"))
        spans.append(_content(text[a + run : b - run]))
    return spans


def _content(inside: str) -> str:
    """A span's text between its backticks as CommonMark reads it: line breaks are spaces,
    and one space is stripped from each side when both have one (and it is not all space)."""
    content = inside.replace("\n", " ")
    if len(content) >= 2 and content[0] == " " and content[-1] == " " and content.strip():
        return content[1:-1]
    return content
