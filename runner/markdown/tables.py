"""Pipe tables by a lenient line scan; splitting a row and rewriting one cell; pure.

The scan is lenient because a strict GFM parser drops tables whose delimiter
row has a different number of cells from the header, and real plans (the
canonical template among them) have exactly that defect.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

from runner.markdown.codespans import scan_line, unescaped_pipes
from runner.markdown.patterns import later


class Cell(NamedTuple):
    """One cell of a table row: raw text between its pipes at [start, end) of the line.

    A NamedTuple, not a dataclass: a 20k-row plan makes 140k of them (bench/).
    """

    start: int
    end: int
    raw: str

    @property
    def text(self) -> str:
        """The cell's content without its padding."""
        return self.raw.strip()


class Row(NamedTuple):
    """A table line split into cells."""

    line: int
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    """A pipe table found by the lenient scan."""

    header: Row
    delimiter: Row
    rows: tuple[Row, ...]

    @property
    def width(self) -> int:
        """The number of columns the header names."""
        return len(self.header.cells)

    @property
    def end(self) -> int:
        """The 0-based line after the table."""
        return (self.rows[-1].line if self.rows else self.delimiter.line) + 1

    def column(self, *names: str) -> int | None:
        """Index of the first header cell whose normalised name is one of `names`."""
        wanted = {normalise_name(n) for n in names}
        for i, cell in enumerate(self.header.cells):
            if normalise_name(cell.text) in wanted:
                return i
        return None


_NAME_NOISE = later(r"[\s*_`]+")


def normalise_name(name: str) -> str:
    """Column names compare case-insensitively, ignoring markup and spacing."""
    return _NAME_NOISE.sub(" ", name).strip().lower()


_DELIMITER = later(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")


def scan_tables(lines: list[str], excluded: list[bool]) -> list[Table]:
    """Every table block outside code and HTML: a header, a delimiter row and its rows."""
    tables: list[Table] = []
    i = 0
    n = len(lines)
    while i < n - 1:
        if (
            not excluded[i]
            and not excluded[i + 1]
            and "|" in lines[i]
            and "|" in lines[i + 1]
            and _DELIMITER.match(lines[i + 1])
        ):
            header = split_row(lines[i], i)
            delimiter = split_row(lines[i + 1], i + 1)
            width = len(header.cells)
            rows: list[Row] = []
            j = i + 2
            while j < n and not excluded[j] and "|" in lines[j] and lines[j].strip():
                rows.append(split_row(lines[j], j, expected=width))
                j += 1
            tables.append(Table(header, delimiter, tuple(rows)))
            i = j
        else:
            i += 1
    return tables


def _cells_from_pipes(line: str, pipes: list[int]) -> tuple[Cell, ...]:
    """The cells between the pipes; a leading or trailing pipe opens or closes the row."""
    n = len(line)
    if not pipes:
        return (Cell(0, n, line),)
    first, last = pipes[0], pipes[-1]
    leading = not line[:first].strip()
    trailing = not line[last + 1 :].strip() and (len(pipes) > 1 or not leading)
    bounds = pipes[1:] if leading else pipes
    if trailing:
        bounds = bounds[:-1]
    cursor = first + 1 if leading else 0
    cells: list[Cell] = []
    for p in bounds:
        cells.append(Cell(cursor, p, line[cursor:p]))
        cursor = p + 1
    end = last if trailing else n
    cells.append(Cell(cursor, end, line[cursor:end]))
    return tuple(cells)


def split_row(line: str, index: int, expected: int | None = None) -> Row:
    """Split a table line into cells.

    GFM splits on every unescaped pipe, even inside code spans; people write
    `a | b` in a code span and mean one cell. When the header's cell count is
    known, the reading that produces it wins; GFM's reading is the default.
    """
    plain = _cells_from_pipes(line, unescaped_pipes(line))
    if expected is None or len(plain) == expected or "`" not in line:
        return Row(index, plain)
    guarded = _cells_from_pipes(line, scan_line(line).pipes)
    if len(guarded) == expected:
        return Row(index, guarded)
    return Row(index, plain)


def display_width(text: str) -> int:
    """Terminal/editor columns `text` takes: wide characters count two, combining marks none."""
    if text.isascii():
        return len(text)
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or ch in "\ufe0f\u200d":
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def replace_cell(line: str, cell: Cell, value: str) -> str:
    """Put `value` in the cell, keeping the cell's width when it fits and its padding style."""
    raw = cell.raw
    if raw.strip():
        lead = raw[: len(raw) - len(raw.lstrip())]
        trail_min = 1 if raw[-1].isspace() else 0
    else:
        lead = " " if raw else ""
        trail_min = 1 if raw else 0
    body = lead + value
    pad = display_width(raw) - display_width(body)
    new_raw = body + " " * max(pad, trail_min)
    return line[: cell.start] + new_raw + line[cell.end :]


# What could open HTML in Markdown (a tag, a comment `<!--` that would hide the rest of the
# plan, an autolink) and an entity that would render as another character: only these are
# escaped, so `coverage >= 90%` and `p95 < 200 ms` stay as written.
_TAG_OPEN = later(r"<(?=[A-Za-z/!?])")
_ENTITY = later(r"&(?=#?\w+;)")


def escape_cell(text: str) -> str:
    """Make text safe inside a table cell or list item: one line, no pipes, no HTML."""
    text = " ".join(text.split())
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("`", "'")
    return _TAG_OPEN.sub("&lt;", _ENTITY.sub("&amp;", text))
