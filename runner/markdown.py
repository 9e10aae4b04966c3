"""Lines, sections, fences and tables of a Markdown file, by line; pure.

markdown-it-py finds headings, fenced/indented code and HTML blocks (it knows
the CommonMark rules for those); table blocks are found by a lenient scan of
the remaining lines, because a strict GFM parser drops tables whose delimiter
row has a different number of cells from the header, and real plans (the
canonical template among them) have exactly that defect.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


class NotUtf8Error(ValueError):
    """The file is not UTF-8; `line` is the 1-based line of the first bad byte."""

    def __init__(self, line: int, detail: str):
        self.line = line
        super().__init__(detail)


@dataclass
class Document:
    """A text file as lines, keeping every byte: BOM, line endings, a missing final newline."""

    bom: str
    lines: list[str]
    endings: list[str]

    @classmethod
    def from_bytes(cls, data: bytes) -> Document:
        """Decode strictly as UTF-8 (with or without BOM)."""
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise NotUtf8Error(line, f"not UTF-8 (byte 0x{data[exc.start]:02x})") from None
        return cls.from_text(text)

    @classmethod
    def from_text(cls, text: str) -> Document:
        """Split on LF only; a CR before it is part of the ending, a lone CR stays in the line."""
        bom = ""
        if text.startswith("\ufeff"):
            bom, text = "\ufeff", text[1:]
        pieces = text.split("\n")
        lines: list[str] = []
        endings: list[str] = []
        for i, piece in enumerate(pieces):
            last = i == len(pieces) - 1
            if last:
                if piece:
                    lines.append(piece)
                    endings.append("")
                break
            if piece.endswith("\r"):
                lines.append(piece[:-1])
                endings.append("\r\n")
            else:
                lines.append(piece)
                endings.append("\n")
        return cls(bom, lines, endings)

    def text(self) -> str:
        """The whole file again, byte for byte."""
        return self.bom + "".join(a + b for a, b in zip(self.lines, self.endings, strict=True))

    def newline(self) -> str:
        """The line ending this file mostly uses (for lines the runner inserts)."""
        crlf = sum(1 for e in self.endings if e == "\r\n")
        lf = sum(1 for e in self.endings if e == "\n")
        return "\r\n" if crlf > lf else "\n"

    def insert(self, index: int, new_lines: list[str]) -> None:
        """Insert lines before `index`, giving the previous last line an ending if it had none."""
        nl = self.newline()
        if index == len(self.lines) and self.lines and self.endings[-1] == "":
            self.endings[-1] = nl
            self.lines.extend(new_lines)
            self.endings.extend([nl] * (len(new_lines) - 1) + [""])
            return
        self.lines[index:index] = new_lines
        self.endings[index:index] = [nl] * len(new_lines)


@dataclass(frozen=True)
class Heading:
    """A heading: 0-based line, level 1-6, its text as written."""

    line: int
    level: int
    text: str


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


@dataclass
class Structure:
    """What markdown-it and the table scan found in a document."""

    headings: list[Heading]
    tables: list[Table]
    excluded: list[bool]
    comments: list[tuple[int, int]] = field(default_factory=list)
    front_matter: tuple[int, int] | None = None
    blocks: Blocks | None = None

    def section_end(self, heading: Heading) -> int:
        """The 0-based line where the heading's section (with its subsections) ends."""
        for h in self.headings:
            if h.line > heading.line and h.level <= heading.level:
                return h.line
        return len(self.excluded)

    def heading_before(self, line: int) -> Heading | None:
        """The nearest heading above `line`."""
        found = None
        for h in self.headings:
            if h.line >= line:
                break
            found = h
        return found


def normalise_name(name: str) -> str:
    """Column names compare case-insensitively, ignoring markup and spacing."""
    return re.sub(r"[\s*_`]+", " ", name).strip().lower()


_PIPE = re.compile(r"\|")
_DELIMITER = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    # Only block structure is needed; inline parsing is most of markdown-it's time.
    return MarkdownIt("commonmark").disable(["inline", "text_join"], ignoreInvalid=True)


def front_matter_range(lines: list[str]) -> tuple[int, int] | None:
    """YAML front matter: 0-based [start, end) including both `---` lines."""
    if not lines or lines[0].rstrip() != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return (0, i + 1)
    return None


@dataclass(frozen=True)
class Blocks:
    """What markdown-it found: headings, code/HTML line ranges, comments, front matter.

    Plain data, so a reader can keep it beside the plan's content hash and skip
    markdown-it (most of a `plan status` start-up) when the plan has not changed.
    """

    headings: tuple[Heading, ...]
    excluded: tuple[tuple[int, int], ...]
    comments: tuple[tuple[int, int], ...]
    front_matter: tuple[int, int] | None

    def to_json(self) -> dict[str, object]:
        """A JSON-ready form."""
        return {
            "headings": [[h.line, h.level, h.text] for h in self.headings],
            "excluded": [list(r) for r in self.excluded],
            "comments": [list(r) for r in self.comments],
            "front_matter": list(self.front_matter) if self.front_matter else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Blocks:
        """Back from `to_json`; raises on anything malformed."""
        fm = data["front_matter"]
        return cls(
            tuple(Heading(int(a), int(b), str(c)) for a, b, c in data["headings"]),
            tuple((int(a), int(b)) for a, b in data["excluded"]),
            tuple((int(a), int(b)) for a, b in data["comments"]),
            (int(fm[0]), int(fm[1])) if fm else None,
        )


def find_blocks(doc: Document) -> Blocks:
    """Run markdown-it's block parser over the document."""
    lines = doc.lines
    fm = front_matter_range(lines)
    source_lines = list(lines)
    if fm:
        for i in range(*fm):
            source_lines[i] = ""
    # markdown-it treats a lone CR as a line break; we do not, so hide it.
    source = "\n".join(s.replace("\r", " ") for s in source_lines) + "\n"
    excluded: list[tuple[int, int]] = []
    headings: list[Heading] = []
    comments: list[tuple[int, int]] = []
    tokens = _parser().parse(source)
    for i, tok in enumerate(tokens):
        if tok.map is None:
            continue
        start, end = tok.map[0], min(tok.map[1], len(lines))
        if tok.type in ("fence", "code_block", "html_block"):
            excluded.append((start, end))
            if tok.type == "html_block" and tok.content.lstrip().startswith("<!--"):
                comments.append((start, end))
        elif tok.type == "heading_open":
            text = tokens[i + 1].content if i + 1 < len(tokens) else ""
            headings.append(Heading(start, int(tok.tag[1:]), text.strip()))
    if fm:
        excluded.append(fm)
    return Blocks(tuple(headings), tuple(excluded), tuple(comments), fm)


def scan(doc: Document, blocks: Blocks | None = None) -> Structure:
    """Find headings, excluded (code/HTML) lines and table blocks."""
    found = blocks if blocks is not None else find_blocks(doc)
    excluded = [False] * len(doc.lines)
    for start, end in found.excluded:
        for j in range(start, min(end, len(excluded))):
            excluded[j] = True
    tables = _scan_tables(doc.lines, excluded)
    return Structure(
        list(found.headings), tables, excluded, list(found.comments), found.front_matter, found
    )


def _scan_tables(lines: list[str], excluded: list[bool]) -> list[Table]:
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
            rows: list[Row] = []
            j = i + 2
            while j < n and not excluded[j] and lines[j].strip() and "|" in lines[j]:
                rows.append(split_row(lines[j], j, expected=len(header.cells)))
                j += 1
            tables.append(Table(header, delimiter, tuple(rows)))
            i = j
        else:
            i += 1
    return tables


def _pipe_positions(line: str, protect_code: bool) -> list[int]:
    """Offsets of the pipes that separate cells: unescaped, and (optionally) outside code spans."""
    if "\\" not in line and not (protect_code and "`" in line):
        return [m.start() for m in _PIPE.finditer(line)]  # the common case, at C speed
    positions: list[int] = []
    i = 0
    n = len(line)
    while i < n:
        ch = line[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "`" and protect_code:
            run = 1
            while i + run < n and line[i + run] == "`":
                run += 1
            close = _closing_backticks(line, i + run, run)
            if close is not None:
                i = close + run
                continue
            i += run
            continue
        if ch == "|":
            positions.append(i)
        i += 1
    return positions


def _closing_backticks(line: str, start: int, run: int) -> int | None:
    i = start
    n = len(line)
    while i < n:
        if line[i] == "`":
            j = i
            while j < n and line[j] == "`":
                j += 1
            if j - i == run:
                return i
            i = j
        else:
            i += 1
    return None


def _cells_from_pipes(line: str, pipes: list[int]) -> tuple[Cell, ...]:
    stripped_start = len(line) - len(line.lstrip())
    stripped_end = len(line.rstrip())
    bounds = list(pipes)
    leading = bool(bounds) and bounds[0] == stripped_start
    trailing = (
        bool(bounds) and bounds[-1] == stripped_end - 1 and len(bounds) > (1 if leading else 0)
    )
    starts: list[int] = []
    ends: list[int] = []
    if leading:
        cursor = bounds[0] + 1
        inner = bounds[1:]
    else:
        cursor = 0
        inner = bounds
    if trailing:
        inner = inner[:-1]
    for p in inner:
        starts.append(cursor)
        ends.append(p)
        cursor = p + 1
    starts.append(cursor)
    ends.append(bounds[-1] if trailing else len(line))
    return tuple(Cell(s, e, line[s:e]) for s, e in zip(starts, ends, strict=True))


def split_row(line: str, index: int, expected: int | None = None) -> Row:
    """Split a table line into cells.

    GFM splits on every unescaped pipe, even inside code spans; people write
    `a | b` in a code span and mean one cell. When the header's cell count is
    known, the reading that produces it wins; GFM's reading is the default.
    """
    plain = _cells_from_pipes(line, _pipe_positions(line, protect_code=False))
    if expected is None or len(plain) == expected:
        return Row(index, plain)
    guarded = _cells_from_pipes(line, _pipe_positions(line, protect_code=True))
    if len(guarded) == expected:
        return Row(index, guarded)
    return Row(index, plain)


def code_spans(text: str) -> list[str]:
    """The contents of the code spans in `text`, in order (CommonMark rules, simplified)."""
    spans: list[str] = []
    for a, b in code_span_ranges(text):
        run = len(text[a:b]) - len(text[a:b].lstrip("`"))
        content = text[a + run : b - run].replace("\n", " ")
        if len(content) >= 2 and content[0] == " " and content[-1] == " " and content.strip():
            content = content[1:-1]
        spans.append(content)
    return spans


def code_span_ranges(text: str) -> list[tuple[int, int]]:
    """[start, end) of each code span in `text`, backticks included."""
    if "`" not in text:
        return []
    ranges: list[tuple[int, int]] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "`":
            run = 1
            while i + run < n and text[i + run] == "`":
                run += 1
            close = _closing_backticks(text, i + run, run)
            if close is None:
                i += run
                continue
            ranges.append((i, close + run))
            i = close + run
            continue
        i += 1
    return ranges


def display_width(text: str) -> int:
    """Terminal/editor columns `text` takes: wide characters count two, combining marks none."""
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


def escape_cell(text: str) -> str:
    """Make text safe inside a table cell or list item: one line, no pipes or HTML."""
    text = " ".join(text.split())
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("`", "'")
    return text.replace("<", "&lt;").replace(">", "&gt;")
