"""Headings, fences, HTML blocks, comments and front matter, as markdown-it finds them; pure.

markdown-it-py knows the CommonMark rules for these; `Structure` adds the
tables of the lenient scan (`tables.scan_tables`) and answers "which section
is this line in" in logarithmic time, so a reader stays linear in the plan.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from runner.markdown.doc import Document
from runner.markdown.patterns import later
from runner.markdown.tables import Table, scan_tables

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@dataclass(frozen=True)
class Heading:
    """A heading: 0-based line, level 1-6, its text as written."""

    line: int
    level: int
    text: str


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


@dataclass
class Structure:
    """What markdown-it and the table scan found in a document."""

    headings: list[Heading]
    tables: list[Table]
    excluded: list[bool]
    comments: list[tuple[int, int]] = field(default_factory=list)
    front_matter: tuple[int, int] | None = None
    blocks: Blocks | None = None

    @cached_property
    def _heading_lines(self) -> list[int]:
        return [h.line for h in self.headings]

    @cached_property
    def _section_ends(self) -> dict[int, int]:
        """Each heading's section end, by its line: one pass with a stack of open sections."""
        ends: dict[int, int] = {}
        open_: list[Heading] = []
        for h in self.headings:
            while open_ and open_[-1].level >= h.level:
                ends[open_.pop().line] = h.line
            open_.append(h)
        for h in open_:
            ends[h.line] = len(self.excluded)
        return ends

    def section_end(self, heading: Heading) -> int:
        """The 0-based line where the heading's section (with its subsections) ends."""
        end = self._section_ends.get(heading.line)
        if end is not None:
            return end
        for h in self.headings:  # a heading not from this structure
            if h.line > heading.line and h.level <= heading.level:
                return h.line
        return len(self.excluded)

    def own_end(self, heading: Heading) -> int:
        """The end of a heading's own text, before its first subsection."""
        lines = self._heading_lines
        i = bisect_left(lines, heading.line + 1)
        return lines[i] if i < len(lines) else len(self.excluded)

    def heading_before(self, line: int) -> Heading | None:
        """The nearest heading above `line`."""
        i = bisect_left(self._heading_lines, line)
        return self.headings[i - 1] if i > 0 else None


def front_matter_range(lines: list[str]) -> tuple[int, int] | None:
    """YAML front matter: 0-based [start, end) including both `---` lines."""
    if not lines or lines[0].rstrip() != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return (0, i + 1)
    return None


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    # Only block structure is needed; inline parsing is most of markdown-it's time.
    return MarkdownIt("commonmark", {"maxNesting": NESTING}).disable(
        ["inline", "text_join"], ignoreInvalid=True
    )


# markdown-it stops reading a block nested this deep (its default is 20): whatever follows
# inside it is swallowed unread, so fences and comments there would go unseen. Deeper than
# that, `_line_scan` reads the rest of the window instead.
NESTING = 50


WINDOW = 20_000  # lines markdown-it parses at a time (its tokens take ~1 kB a line)
# Top-level blocks that a blank line always closes (lists, fences, code and some HTML run on).
_ENDED_BY_BLANK = ("paragraph_open", "heading_open", "hr")


def find_blocks(doc: Document, window: int = WINDOW) -> Blocks:
    """Run markdown-it's block parser over the document, a window of lines at a time."""
    lines = doc.lines
    fm = front_matter_range(lines)
    source = list(lines)
    if fm:
        source[fm[0] : fm[1]] = [""] * (fm[1] - fm[0])
    excluded: list[tuple[int, int]] = []
    headings: list[Heading] = []
    comments: list[tuple[int, int]] = []
    for offset, stop, tokens in _windows(source, window):
        deep = _gave_up(tokens)
        if deep is not None:
            tokens = [t for t in tokens if t.map is not None and t.map[1] <= deep]
            _line_scan(source, offset + deep, stop, (excluded, comments, headings))
        for i, tok in enumerate(tokens):
            if tok.map is None:
                continue
            start, end = offset + tok.map[0], min(offset + tok.map[1], len(lines))
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


def _windows(source: list[str], window: int = WINDOW) -> Iterator[tuple[int, int, list[Token]]]:
    """markdown-it's tokens for consecutive windows of lines, each with its first and end line.

    A window ends at a blank line where it can, and its last top-level block is
    left to the next window (it may run on), which starts on that block's first
    line: at the top level no block depends on the blocks before it, so the
    tokens are those of one parse of the whole text, while memory stays bounded.
    """
    parser = _parser()
    start, n, size = 0, len(source), window
    while start < n:
        end = min(n, start + size)
        while end < n and source[end].strip():
            end += 1  # a blank line ends every paragraph: a good place to cut
        # markdown-it treats a lone CR as a line break; we do not, so hide it.
        text = "\n".join(source[start:end]) + "\n"
        tokens = parser.parse(text.replace("\r", " ") if "\r" in text else text)
        if end == n:
            yield start, end, tokens
            return
        tops = [t for t in tokens if t.level == 0 and t.nesting >= 0 and t.map]
        if tops and tops[-1].type in _ENDED_BY_BLANK and not source[end].strip():
            yield start, end, tokens  # the blank line after the window ends its last block
            start, size = end, window
            continue
        last = tops[-1].map[0] if len(tops) > 1 and tops[-1].map else 0
        if not last:
            size *= 2  # one block fills the window: widen it
            continue
        yield start, start + last, [t for t in tokens if t.map is None or t.map[0] < last]
        start, size = start + last, window


def _gave_up(tokens: list[Token]) -> int | None:
    """The window line of the top-level block where markdown-it reached its nesting limit
    (and may have stopped reading), or None when it read everything."""
    top = 0
    for tok in tokens:
        if tok.level == 0 and tok.nesting >= 0 and tok.map:
            top = tok.map[0]
        if tok.level >= NESTING - 1:
            return top
    return None


# Block quote markers, list markers and indentation before a line's text, at any depth.
_PREFIX = later(r"(?:[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))*[ \t]*")
_FENCE = later(r"(`{3,}|~{3,})(.*)")
_ATX = later(r" {0,3}(#{1,6})(?:[ \t]+(.*?))??(?:[ \t]+#+)?[ \t]*$")
Found = tuple[list[tuple[int, int]], list[tuple[int, int]], list[Heading]]


def _line_scan(lines: list[str], start: int, stop: int, found: Found) -> None:
    """Fences, HTML comments and headings of lines[start:stop], line by line, where markdown-it
    gave up: a fence or comment opens at any depth, and an unclosed one runs to `stop`."""
    excluded, comments, headings = found
    i = start
    while i < stop:
        line = lines[i]
        prefix = _PREFIX.match(line)
        body = line[prefix.end() if prefix else 0 :]
        fence = _FENCE.match(body)
        if fence and not (fence[1][0] == "`" and "`" in fence[2]):
            mark = fence[1]
            end = i + 1
            while end < stop and not _closes(lines[end], mark):
                end += 1
            end = min(end + 1, stop)
            excluded.append((i, end))
        elif body.startswith("<!--"):
            end = i
            while end < stop and "-->" not in (body[4:] if end == i else lines[end]):
                end += 1
            end = min(end + 1, stop)
            excluded.append((i, end))
            comments.append((i, end))
        else:
            heading = _ATX.match(line)
            if heading:
                headings.append(Heading(i, len(heading[1]), (heading[2] or "").strip()))
            end = i + 1
        i = end


def _closes(line: str, mark: str) -> bool:
    prefix = _PREFIX.match(line)
    body = line[prefix.end() if prefix else 0 :].rstrip()
    return len(body) >= len(mark) and body == mark[0] * len(body)


def scan(doc: Document, blocks: Blocks | None = None) -> Structure:
    """Find headings, excluded (code/HTML) lines and table blocks."""
    found = blocks if blocks is not None else find_blocks(doc)
    n = len(doc.lines)
    excluded = [False] * n
    for start, end in found.excluded:
        end = min(end, n)
        if start < end:
            excluded[start:end] = [True] * (end - start)
    tables = scan_tables(doc.lines, excluded)
    return Structure(
        list(found.headings), tables, excluded, list(found.comments), found.front_matter, found
    )
