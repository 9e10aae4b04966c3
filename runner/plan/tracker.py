"""Which table (or checklist) holds a plan's tasks, which holds its gates, and the legend; pure."""

from __future__ import annotations

import re
from bisect import bisect_right

from runner.markdown.blocks import Heading, Structure
from runner.markdown.doc import Document
from runner.markdown.patterns import later
from runner.markdown.tables import Table, normalise_name
from runner.plan.model import Status
from runner.plan.statuses import parse_legend

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
    "slice",
    "summary",
)
TASK_HEADINGS = later(r"task steps|task table|\btasks\b", re.IGNORECASE)
MARKER = "plan:tasks"
GATE_MARKER = "plan:gates"

# An author's stamp before the item's text, as people write it: `(2026-01-11)`,
# `(2025-10-17 18:00Z)`, `(2026-01-27 11:47-08:00)`, the template's `(YYYY-MM-DD HH:MMZ)`.
STAMP = (
    r"\d{4}-\d\d-\d\d(?:[ T]\d\d:\d\d(?::\d\d)?(?:Z|[+-]\d\d:?\d\d)?)?"
    r"|YYYY-MM-DD(?:[ T]HH:MM(?::SS)?Z?)?"
)
# A checklist item. Boxes people write: ` ` `x` `X` `✓` `✔` `☑`, `~` `/` `>` (in progress,
# or skipped when the text says so), `-` (skipped), and marks nobody defines (`?`, `!`, `*`,
# `o`, `v`, `=`, `✗`, `x ` or `xx`: one or two symbols, or x/o/v): read as unknown, never
# dropped (issue 19). A status word is a box too (`- [completed]`, `- [in_progress]`:
# realfix item 4). Any other short mark (`[y]`, `[1]`, `[]`, `[DONE?]`, `[N/A]`) is a box
# only in a list that has a box of the kinds above (issue 19 case 10: they were dropped, and
# the plan turned Complete); alone, `[1]` cites and `[a]` labels. Boxes stacked (`[ ][x]`,
# `[x][ ]`, and `[x] [ ]` with a space: `more`) are one box nobody defines: unknown, never
# dropped (issue 19, tenth and eleventh passes); a tag after the box (`[x] [P1] two`) is text.
# A colon after the box is a separator (`- [x]: two — not started yet` is an item read by its
# words), unless the line is a link reference definition (`- [x]: https://example.com`).
_BOX = (
    r"(?:[^\]\w\n]|[xXoOvV]){1,2}|(?i:completed?|done|in[_ -]progress|pending|todo"
    r"|blocked|skipped|deferred|cancell?ed|failed|wip)"
)
_ODD_BOX = r"[^\]\[\n]{0,12}"
# A link reference definition: a label that is not blank, a destination that looks like one
# (`<x>`, or with `/`, `.`, `#` or `:` in it), an optional title, nothing else.
_LINK_DEFINITION = (
    r"(?<!\[\s\])(?<!\[\])"
    r":\s*(?:<[^>\n]*>|[^\s<]*[/.#:][^\s]*)?(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?\s*$"
)
CHECK_ITEM = later(
    r"^(?P<indent>\s*)(?P<bullet>[-*+]|\d+[.)])\s+"
    rf"\[(?P<box>{_BOX}|{_ODD_BOX})\]"
    rf"(?P<more>(?:\[[^\]\[\n]{{0,3}}\]|\s+\[[ xX\u2713\u2714\u2611~/>?!*-]\](?![(\[]))*)"
    rf"(?![(\[]|{_LINK_DEFINITION})(?::(?=\s))?"
    rf"(?P<after>\s*(?:\((?P<stamp>{STAMP})\))?)\s*(?P<text>.*)$"
)
# Whole words: "workflow" is not "work" (issue 10).
_PREFERRED = later(r"\b(?:steps?|tasks?|to-?dos?|checklists?|milestones?|work)\b", re.IGNORECASE)
# Sibling sections that hold checklists which are not work to do.
_NOT_WORK = later(
    r"\b(?:questions?|risks?|decisions?|notes?|surprises|outcomes?|retrospective|references?"
    r"|glossary|appendix|ideas?)\b",
    re.IGNORECASE,
)


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
    # Its own section first, then a section of the plan that is a legend ("## Status
    # Semantics", "## Legend", "### Status keys"): realfix item 4.
    sections = [heading] + [h for h in st.headings if h != heading and _LEGEND.search(h.text)]
    found: dict[str, Status] = {}
    for h in sections:
        text_lines = []
        for i in range(h.line + 1, st.section_end(h)):
            line = doc.lines[i]
            if "|" in line and not st.excluded[i]:
                continue
            text_lines.append(line)
        for key, status in parse_legend("\n".join(text_lines)).items():
            found.setdefault(key, status)
    return found


_LEGEND = later(
    r"^(?:status\s+(?:semantics|legend|keys?|values|meanings?|definitions)|legend|status\s+legend)\b",
    re.I,
)


_PLAIN_BOX = later(rf"(?:{_BOX})")


def odd_box(box: str) -> bool:
    """A mark that is a box only beside boxes of the usual kinds (`[y]`, `[1]`, `[N/A]`)."""
    return _PLAIN_BOX.fullmatch(box) is None


def _checklist_items(doc: Document, st: Structure, start: int, end: int) -> list[int]:
    found = [
        (i, m)
        for i in range(start, end)
        if not st.excluded[i]
        and "[" in doc.lines[i]
        and (m := CHECK_ITEM.match(doc.lines[i]))
        and len(doc.lines[i]) - len(doc.lines[i].lstrip()) < 2
    ]
    if all(odd_box(m.group("box")) for _, m in found):
        return []
    return [i for i, _ in found]


# Sections of criteria: their checklists are acceptance or a phase's exit criteria, never
# tasks. (`Concrete Steps` is read by `plan accept` too, but its checklist is steps of work
# and may be the tracker.) A phase of the work ("7.5 Final Validation and Release", "Phase
# 3.7: Validation and Verification") holds tasks, whatever its name says.
_CRITERIA = later(
    r"\b(?:validation|acceptance|success criteria|exit criteria|phase gate|complete when|"
    r"done when|definition of done|gate criteria|done criteria|completion criteria)\b"
    r"|验证|验收|驗證|驗收|校验|完成标准|退出标准",
    re.IGNORECASE,
)
_GATE = later(
    r"\b(?:exit criteria|phase gate|complete when|done when|definition of done|gate criteria"
    r"|done criteria|completion criteria)\b",
    re.IGNORECASE,
)
PHASE_HEADING = later(
    r"^\W*(?:(?:phase|stage|milestone|step|week|sprint|part|task|epic|achievement|iteration"
    r"|workstream|(?:user\s+)?story)\b|\d+\.\d+(?:\.\d+)*[.:)]?\s)",
    re.IGNORECASE,
)


def is_criteria(text: str) -> bool:
    """Does a heading name criteria (acceptance, a phase's exit criteria), not work?"""
    if _GATE.search(text):
        return True
    return bool(_CRITERIA.search(text)) and not PHASE_HEADING.match(text)


class _Sections:
    """Checklist items by section, with the criteria sections left out."""

    def __init__(self, doc: Document, st: Structure) -> None:
        self.doc, self.st = doc, st
        # The title names the whole document ("..., tests, and rollout validation"); a
        # "Validation" subsection of a phase ("## Phase 3" > "### Image Validation") is a
        # step of that phase's work, not the plan's criteria.
        phases = [(h.line, st.section_end(h)) for h in st.headings if PHASE_HEADING.match(h.text)]
        self.accept = [
            (h.line, st.section_end(h))
            for h in st.headings
            if h.level > 1
            and is_criteria(h.text)
            and (_GATE.search(h.text) or not any(a < h.line < b for a, b in phases))
        ]

    def accepted(self, line: int) -> bool:
        return any(a <= line < b for a, b in self.accept)

    def items(self, start: int, end: int) -> list[int]:
        found = _checklist_items(self.doc, self.st, start, end)
        return [i for i in found if not self.accepted(i)] if self.accept else found

    def whole(self, h: Heading) -> list[int]:
        return self.items(h.line + 1, self.st.section_end(h))

    def own(self, h: Heading) -> list[int]:
        return self.items(h.line + 1, self.st.own_end(h))


def _siblings(st: Structure, h: Heading) -> list[Heading]:
    """The headings at `h`'s level under the same parent, in order (`h` among them)."""
    parent = next((p for p in reversed(st.headings) if p.line < h.line and p.level < h.level), None)
    start = parent.line if parent else -1
    end = st.section_end(parent) if parent else len(st.excluded)
    return [s for s in st.headings if start < s.line < end and s.level == h.level]


def _spread(sec: _Sections, h: Heading) -> list[Heading]:
    """The chosen section and the sibling sections beside it that go on with checklists; a
    sibling of prose between them (`### Routing` between `### A` and `### Auth`) does not
    end the tracker, it only holds no task."""
    return [s for s in _siblings(sec.st, h) if s is h or _continues(sec, s)]


def _continues(sec: _Sections, h: Heading) -> bool:
    return not _NOT_WORK.search(h.text) and bool(sec.whole(h))


def checklist(doc: Document, st: Structure) -> tuple[Heading, list[int]] | None:
    """The checklist a plan without a task table tracks, as one list in document order.

    Under a heading `Progress` (with its subsections); else under the first heading naming the
    work as a whole word (steps, tasks, todo, checklist, milestones, work), else the first
    heading with checklist items of its own; with its subsections, and with the sibling
    sections beside it (same level, same parent) that go on with checklists (`## Thread 1`,
    `## Thread 2` ...). Acceptance sections are never part of it.
    """
    sec = _Sections(doc, st)
    for h in st.headings:
        if h.text.strip().lower().rstrip(":") == "progress":
            return h, _checklist_items(doc, st, h.line + 1, st.section_end(h))
    chosen: Heading | None = None
    for h in st.headings:
        if sec.accepted(h.line):
            continue
        if h.level > 1 and _PREFERRED.search(h.text) and sec.whole(h):
            chosen = h
            break
        if chosen is None and sec.own(h):
            chosen = h
    if chosen is None:
        return None
    if chosen.level == 1:
        return chosen, sec.own(chosen)
    chosen = _climb(sec, chosen)
    items = [i for h in _spread(sec, chosen) for i in sec.whole(h)]
    return chosen, items


def _climb(sec: _Sections, h: Heading) -> Heading:
    """From `### 1.1` up to `## Phase 1` while the parent's siblings hold checklists too: a
    roadmap's `## Phase 1..9` each with `### N.M` blocks is one tracker, in document order
    (issue 18: 295 items were read as the first block's 18)."""
    st = sec.st
    while h.level > 2:
        parent = next(
            (p for p in reversed(st.headings) if p.line < h.line and p.level < h.level), None
        )
        if parent is None or parent.level < 2 or sec.accepted(parent.line):
            return h
        others = [s for s in _siblings(st, parent) if s is not parent and _continues(sec, s)]
        if not others:
            return h
        h = parent
    return h


def criteria_items(doc: Document, st: Structure) -> int:
    """How many top-level checklist items sit in criteria sections (never tasks)."""
    sec = _Sections(doc, st)
    return len({i for a, b in sec.accept for i in _checklist_items(doc, st, a + 1, b)})


# Sections whose checklists are work for later or elsewhere, not this plan's: an open item
# there does not hold the plan back.
_LATER = later(
    r"\b(?:follow[- ]?ups?|future|backlog|later|out of scope|deferred|parking lot|wishlist"
    r"|nice to have)\b",
    re.IGNORECASE,
)


def holds_work(st: Structure, line: int) -> bool:
    """Is the 0-based `line` in a section of this plan's work: no heading over it names
    notes, questions, risks, ideas ... or work for later (`## Follow-ups`, `## Future work`)?"""
    return not any(
        h.line < line < st.section_end(h) and (_NOT_WORK.search(h.text) or _LATER.search(h.text))
        for h in st.headings
        if h.level > 1
    )


def loose_items(doc: Document, st: Structure, taken: list[int], ends: list[int]) -> list[int]:
    """Checklist items neither the tracker (`taken`, whose items end at `ends`) nor an
    acceptance section holds: lint says each was left out."""
    sec = _Sections(doc, st)
    inside = [(a, b) for a, b in zip(taken, ends, strict=True)]
    out: list[int] = []
    k = 0
    for i in range(len(doc.lines)):
        line = doc.lines[i]
        if st.excluded[i] or "[" not in line or not CHECK_ITEM.match(line):
            continue
        while k < len(inside) and inside[k][1] <= i:
            k += 1
        if k < len(inside) and inside[k][0] <= i < inside[k][1]:
            continue
        if not sec.accepted(i):
            out.append(i)
    return out


# `### Task 3: Title` (superpowers' style), optionally `[x]` before or a check mark after.
_TASK_HEADING = later(
    r"^(?:\[(?P<box>[ xX~/>-])\]\s*)?(?:\*\*)?(?P<kind>task|phase)\s+(?P<id>\d+(?:\.\d+)*[a-z]?)"
    r"(?:\*\*)?"
    r"\s*(?:[:.)\u2013\u2014-]\s*(?P<title>.*))?$",
    re.IGNORECASE,
)


def task_sections(st: Structure) -> list[tuple[Heading, re.Match[str]]]:
    """The `### Task N: title` sections of a plan that has no table and no checklist tracker;
    without any, its `## Phase N: title` sections (with `**Test:**` lines, say)."""
    found: dict[str, list[tuple[Heading, re.Match[str]]]] = {"task": [], "phase": []}
    for h in st.headings:
        m = _TASK_HEADING.match(h.text.strip())
        if h.level > 1 and m:
            found[m.group("kind").lower()].append((h, m))
    return found["task"] or found["phase"]
