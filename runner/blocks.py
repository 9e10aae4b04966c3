"""Headings, fences, HTML blocks, comments and front matter, as markdown-it finds them; pure.

markdown-it-py knows the CommonMark rules for these; `Structure` adds the
tables of the lenient scan (`tables.scan_tables`) and answers "which section
is this line in" in logarithmic time, so a reader stays linear in the plan.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from runner.doc import Document
from runner.tables import Table, scan_tables

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


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
    return MarkdownIt("commonmark").disable(["inline", "text_join"], ignoreInvalid=True)


def find_blocks(doc: Document) -> Blocks:
    """Run markdown-it's block parser over the document."""
    lines = doc.lines
    fm = front_matter_range(lines)
    source_lines = list(lines)
    if fm:
        for i in range(*fm):
            source_lines[i] = ""
    # markdown-it treats a lone CR as a line break; we do not, so hide it.
    source = "\n".join(source_lines) + "\n"
    if "\r" in source:
        source = source.replace("\r", " ")
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
