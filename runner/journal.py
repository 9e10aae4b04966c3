"""The session journal in "Progress Per Session"; the clock is passed in; pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from runner.markdown import Blocks, Document, escape_cell, scan
from runner.redact import strip_controls

STAMP = "%Y-%m-%dT%H:%MZ"
_SESSION = re.compile(
    r"^- \((?P<stamp>\d{4}-\d\d-\d\dT\d\d:\d\dZ)\) plan session "
    r"(?:on `(?P<branch>[^`]*)`|(?P<nogit>outside git))"
)
_NESTED = re.compile(r"^\s+- \((?P<stamp>\d{4}-\d\d-\d\dT\d\d:\d\dZ)\)")
_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s")


@dataclass(frozen=True)
class Entry:
    """One run to record: what ran and how it went, already in words."""

    text: str


def stamp(moment: datetime) -> str:
    """`2026-11-25T17:30Z`."""
    return moment.strftime(STAMP)


def session_line(moment: datetime, branch: str | None) -> str:
    """The runner's own session item: recognisable by `plan session`."""
    where = f"on `{branch}`" if branch is not None else "outside git"
    return f"- ({stamp(moment)}) plan session {where}"


def _parse_stamp(text: str) -> datetime:
    return datetime.strptime(text, STAMP).replace(tzinfo=None)


def _section(doc: Document, blocks: Blocks | None) -> tuple[int, int] | None:
    """[heading, end) of the journal: "Progress Per Session", else a cookbook `## Progress`."""
    st = scan(doc, blocks)
    for words in ("progress per session",):
        for h in st.headings:
            if words in h.text.lower():
                return h.line, st.section_end(h)
    for h in st.headings:
        if h.text.strip().lower().rstrip(":") == "progress":
            # Only the heading's own text: a subsection is not the journal.
            nxt = next((x.line for x in st.headings if x.line > h.line), len(doc.lines))
            return h.line, nxt
    return None


def add(
    doc: Document,
    entries: list[Entry],
    *,
    now: datetime,
    branch: str | None,
    gap: timedelta,
    new_session: bool = False,
    blocks: Blocks | None = None,
) -> None:
    """Append entries (one run's worth) under the current session, in one insertion.

    `blocks` is the document's block structure when the caller has it (only valid while
    no line has been added or removed since it was found).
    """
    if not entries:
        return
    # Defence in depth: callers clean command output; no control byte reaches the plan.
    items = [
        f"  - ({stamp(now)}) {escape_cell(strip_controls(e.text, one_line=True))}" for e in entries
    ]
    section = _section(doc, blocks)
    if section is None:
        at = len(doc.lines)
        block = ["## Progress Per Session", "", session_line(now, branch), *items]
        if doc.lines and doc.lines[-1].strip():
            block.insert(0, "")
        doc.insert(at, block)
        return
    head, end = section
    last = end
    while last > head + 1 and not doc.lines[last - 1].strip():
        last -= 1
    # The current session is the last top-level item of the journal, if it is ours.
    top = None
    for i in range(head + 1, last):
        if _ITEM.match(doc.lines[i]) and not doc.lines[i][:1].isspace():
            top = i
    current = None
    if top is not None and not new_session:
        m = _SESSION.match(doc.lines[top])
        if m:
            same_branch = (m.group("branch") if m.group("branch") is not None else None) == branch
            if m.group("nogit") and branch is None:
                same_branch = True
            latest = _parse_stamp(m.group("stamp"))
            for i in range(top + 1, last):
                nested = _NESTED.match(doc.lines[i])
                if nested:
                    latest = max(latest, _parse_stamp(nested.group("stamp")))
            fresh = now.replace(tzinfo=None) - latest <= gap
            if same_branch and fresh:
                current = top
    if current is not None:
        doc.insert(last, items)
        return
    block = [session_line(now, branch), *items]
    if last == head + 1:
        block.insert(0, "")
    elif not _ITEM.match(doc.lines[last - 1]) and not doc.lines[last - 1][:1].isspace():
        block.insert(0, "")  # after a paragraph a list needs a blank line
    doc.insert(last, block)
