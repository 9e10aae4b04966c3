"""Which table (or checklist) holds a plan's tasks, which holds its gates, and the legend; pure."""

from __future__ import annotations

import re
from bisect import bisect_right

from runner.blocks import Heading, Structure
from runner.doc import Document
from runner.model import Status
from runner.statuses import parse_legend
from runner.tables import Table, normalise_name

STATUS_COLUMNS = ("status", "state")
WORK_COLUMNS = (
    "task",
    "description",
    "step",
    "task #",
    "id",
    "item",
    "title",
    "milestone",
    "deliverable",
)
TASK_HEADINGS = re.compile(r"task steps|task table|\btasks\b", re.IGNORECASE)
MARKER = "plan:tasks"
GATE_MARKER = "plan:gates"

CHECK_ITEM = re.compile(
    r"^(?P<indent>\s*)(?P<bullet>[-*+]|\d+[.)])\s+\[(?P<box>[ xX~])\]"
    r"(?P<after>\s*(?:\((?P<stamp>\d{4}-\d\d-\d\d[ T]\d\d:\d\dZ?)\))?)\s*(?P<text>.*)$"
)
_PREFERRED = re.compile(r"step|task|todo|checklist|milestone|work", re.IGNORECASE)


def _status_table(table: Table) -> bool:
    return table.column(*STATUS_COLUMNS) is not None and table.column(*WORK_COLUMNS) is not None


def _header_key(table: Table) -> tuple[str, ...]:
    return tuple(normalise_name(c.text) for c in table.header.cells)


def _preceding_comment(doc: Document, line: int, marker: str) -> bool:
    i = line - 1
    while i >= 0 and not doc.lines[i].strip():
        i -= 1
    return i >= 0 and marker in doc.lines[i] and "<!--" in doc.lines[i]


def _first_in(tables: list[Table], lines: list[int], start: int, end: int) -> Table | None:
    """The first table whose header lies strictly between `start` and `end`.

    `lines` are the tables' header lines, in order: a bisection, not a scan per heading.
    """
    i = bisect_right(lines, start)
    if i < len(tables) and tables[i].header.line < end:
        return tables[i]
    return None


def gates_table(doc: Document, st: Structure) -> tuple[Table | None, Heading | None]:
    """The Quality Gates table: after a `plan:gates` comment, else under a heading naming it."""
    for t in st.tables:
        if _preceding_comment(doc, t.header.line, GATE_MARKER):
            return t, st.heading_before(t.header.line)
    for h in st.headings:
        if "quality gates" in h.text.lower():
            lines = [t.header.line for t in st.tables]
            return _first_in(st.tables, lines, h.line, st.section_end(h)), h
    return None, None


def tracker_tables(
    doc: Document, st: Structure, gates: Table | None, setting: str | None
) -> tuple[Heading | None, list[Table], str]:
    """The task table and the tables continuing it, its heading, and why it was chosen."""
    candidates = [t for t in st.tables if t is not gates]
    for t in candidates:
        if _preceding_comment(doc, t.header.line, MARKER):
            return st.heading_before(t.header.line), [t], f"marker <!-- {MARKER} -->"
    status_tables = [t for t in candidates if _status_table(t)]
    lines = [t.header.line for t in status_tables]
    first: Table | None = None
    reason = ""
    if setting:
        # `[tool.plan] task_table`: the first status table under that heading wins.
        for h in st.headings:
            if setting.lower() in h.text.lower():
                first = _first_in(status_tables, lines, h.line, st.section_end(h))
                if first:
                    why = f"setting task_table = '{setting}'"
                    return st.heading_before(first.header.line), [first], why
    for h in st.headings:
        if TASK_HEADINGS.search(h.text):
            first = _first_in(status_tables, lines, h.line, st.section_end(h))
            if first:
                reason = f"first status table under '{h.text}'"
                break
    if first is None and status_tables:
        first = status_tables[0]
        reason = "first status table in the document"
    if first is None:
        return None, [], ""
    key = _header_key(first)
    tables = [first] + [
        t for t in status_tables if t.header.line > first.header.line and _header_key(t) == key
    ]
    if len(tables) > 1:
        reason += f", continued by {len(tables) - 1} table(s) with the same header"
    return st.heading_before(first.header.line), tables, reason


def legend(doc: Document, st: Structure, heading: Heading | None) -> dict[str, Status]:
    """The status keys the tracker's section defines in its prose (table rows are data)."""
    if heading is None:
        return {}
    end = st.section_end(heading)
    text_lines = []
    for i in range(heading.line + 1, end):
        line = doc.lines[i]
        if "|" in line and not st.excluded[i]:
            continue
        text_lines.append(line)
    return parse_legend("\n".join(text_lines))


def _checklist_items(doc: Document, st: Structure, start: int, end: int) -> list[int]:
    return [
        i
        for i in range(start, end)
        if not st.excluded[i]
        and "[" in doc.lines[i]
        and CHECK_ITEM.match(doc.lines[i])
        and len(doc.lines[i]) - len(doc.lines[i].lstrip()) < 2
    ]


def checklist(doc: Document, st: Structure) -> tuple[Heading, list[int]] | None:
    """The checklist a plan without a task table tracks: under Progress, else a likely heading."""
    for h in st.headings:
        if h.text.strip().lower().rstrip(":") == "progress":
            return h, _checklist_items(doc, st, h.line + 1, st.section_end(h))
    fallback: tuple[Heading, list[int]] | None = None
    for h in st.headings:
        items = _checklist_items(doc, st, h.line + 1, st.own_end(h))
        if not items:
            continue
        if _PREFERRED.search(h.text):
            return h, items
        if fallback is None:
            fallback = (h, items)
    return fallback
