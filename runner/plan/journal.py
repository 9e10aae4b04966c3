"""The session journal in "Progress Per Session"; the clock is passed in; pure."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from runner.markdown.blocks import Blocks, Heading, Structure, scan
from runner.markdown.doc import Document
from runner.markdown.patterns import later
from runner.markdown.tables import escape_cell
from runner.plan.redact import strip_controls

# Results are stamped to the second (issue 20: two in one minute are told apart); stamps
# to the minute, which older runners wrote, are still read.
STAMP = "%Y-%m-%dT%H:%M:%SZ"
MINUTE_STAMP = "%Y-%m-%dT%H:%MZ"
_SESSION = later(
    r"^[-*+] \((?P<stamp>\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?Z)\) plan session "
    r"(?:on `(?P<branch>[^`]*)`|(?P<nogit>outside git))"
)
_NESTED = later(r"^\s+- \((?P<stamp>\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?Z)\)")
_ITEM = later(r"^\s{0,3}(?:[-*+]|\d+[.)])\s")
_CHECK = later(r"^\s{0,3}(?P<bullet>[-*+]|\d+[.)])\s+\[[ xX~]\]")
# A log people keep: its heading names one, its items start with a date.
_LOG_HEADING = later(r"\b(?:change ?log|history|progress|log|journal)\b", re.IGNORECASE)
# Dated, but what they record is not the work's progress.
_NOT_A_LOG = later(r"\b(?:decisions?|surprises?|discover)", re.IGNORECASE)
_DATED_ITEM = later(r"^(?:[-*+]|\d+[.)])\s+[(\[*`_]*(?P<date>\d{4}-\d\d-\d\d)")
# A history kept as dated headings: `### 2026-02-19 08:47 - created`.
_DATED_HEADING = later(
    r"^(?P<date>\d{4}-\d\d-\d\d)(?:(?P<sep>[ T])(?P<time>\d\d:\d\d)(?P<z>Z?))?"
    r"(?P<dash>\s*[-–—:]\s*)(?P<title>.*)$"
)


@dataclass(frozen=True)
class Entry:
    """One run to record: what ran and how it went, already in words."""

    text: str


def stamp(moment: datetime) -> str:
    """`2026-11-25T17:30:05Z`."""
    return moment.strftime(STAMP)


def session_line(moment: datetime, branch: str | None) -> str:
    """The runner's own session item: recognisable by `plan session`."""
    where = f"on `{branch}`" if branch is not None else "outside git"
    return f"- ({stamp(moment)}) plan session {where}"


def _parse_stamp(text: str) -> datetime:
    shape = STAMP if text.count(":") == 2 else MINUTE_STAMP
    return datetime.strptime(text, shape).replace(tzinfo=None)


@dataclass(frozen=True)
class _Journal:
    """Where the journal goes: [head, end) of its section, and the section's kind: the
    runner's own `journal`, a dated `log` the plan keeps (`newest_first` when its items
    run from the latest down), or a cookbook `checklist` the journal follows as its own
    list."""

    head: int
    end: int
    kind: str
    newest_first: bool = False


def journal_heading(doc: Document, blocks: Blocks | None = None) -> int | None:
    """The 0-based line of the heading the journal goes under; None: a new section."""
    found = _section(doc, blocks)
    return found.head if found is not None else None


def journal_span(doc: Document, blocks: Blocks | None = None) -> tuple[int, int] | None:
    """The 0-based [start, end) lines of the journal's section (its heading's text), wherever
    the plan keeps it; None when it has none yet."""
    found = _section(doc, blocks)
    return (found.head + 1, found.end) if found is not None else None


def journal_kind(doc: Document, blocks: Blocks | None = None) -> str | None:
    """What the journal's section is: `journal` ("Progress Per Session"), a dated `log`,
    dated `headings`, or the cookbook's `checklist` (`## Progress`, the journal following
    the checklist as its own list); None when it has none yet."""
    found = _section(doc, blocks)
    return found.kind if found is not None else None


def _own_end(st: Structure, h: Heading, total: int) -> int:
    """Where the heading's own text ends (a subsection is not the journal)."""
    return next((x.line for x in st.headings if x.line > h.line), total)


def _dated_log(doc: Document, head: int, end: int) -> tuple[bool, bool]:
    """Is [head, end) a dated log (top-level items that start with a date, no checkbox)?
    And are its items newest first?"""
    dates: list[str] = []
    items = 0
    for i in range(head + 1, end):
        line = doc.lines[i]
        if _CHECK.match(line):
            return False, False
        if _ITEM.match(line) and not line[:1].isspace():
            items += 1
            m = _DATED_ITEM.match(line)
            if m:
                dates.append(m.group("date"))
    is_log = items > 0 and len(dates) * 2 > items
    return is_log, len(dates) >= 2 and dates[0] > dates[-1]


def _section(doc: Document, blocks: Blocks | None) -> _Journal | None:
    """The journal's section, ended where a comment that never closes opens: what is
    written after that line is hidden (N5 of the eighth pass)."""
    found = _find_section(doc, blocks)
    if found is None or not any("<!--" in line for line in doc.lines[found.head :]):
        return found
    hidden = unclosed_comment(doc.lines)
    if hidden is not None and found.head < hidden < found.end:
        while hidden > found.head + 1 and not doc.lines[hidden - 1].strip():
            hidden -= 1
        return replace(found, end=hidden)
    return found


def _find_section(doc: Document, blocks: Blocks | None) -> _Journal | None:
    """The journal: "Progress Per Session", else a dated log the plan keeps (Changelog,
    History, Progress, ...), else a cookbook `## Progress`."""
    st = scan(doc, blocks)
    total = len(doc.lines)
    for h in st.headings:
        if "progress per session" in h.text.lower():
            return _Journal(h.line, st.section_end(h), "journal")
    for h in st.headings:
        if _LOG_HEADING.search(h.text) and not _NOT_A_LOG.search(h.text):
            end = _own_end(st, h, total)
            is_log, newest_first = _dated_log(doc, h.line, end)
            if is_log:
                return _Journal(h.line, end, "log", newest_first)
    for h in st.headings:
        if _LOG_HEADING.search(h.text) and not _NOT_A_LOG.search(h.text):
            subs = _dated_headings(st, h)
            if subs:
                newest_first = len(subs) >= 2 and subs[0][1] > subs[-1][1]
                return _Journal(h.line, st.section_end(h), "headings", newest_first)
    for h in st.headings:
        if h.text.strip().lower().rstrip(":") == "progress":
            return _Journal(h.line, _own_end(st, h, total), "checklist")
    return None


def _dated_headings(st: Structure, h: Heading) -> list[tuple[Heading, str]]:
    """The dated subsections of a history (`### 2026-02-19 08:47 - created`), with their
    dates, when most of its subsections are dated; else none."""
    end = st.section_end(h)
    children = [c for c in st.headings if h.line < c.line < end and c.level == h.level + 1]
    dated = [(c, m.group("date")) for c in children if (m := _DATED_HEADING.match(c.text.strip()))]
    return dated if dated and len(dated) * 2 > len(children) else []


def _add_heading_entry(
    doc: Document,
    journal: _Journal,
    items: list[str],
    *,
    now: datetime,
    branch: str | None,
    gap: timedelta,
    new_session: bool,
    blocks: Blocks | None,
) -> None:
    """A history of dated headings gets the session in its own form: a heading `### DATE
    TIME - plan session on `main`` (as the others are written) with the runs as bullets;
    a later run within the session gap goes under the same heading."""
    st = scan(doc, blocks)
    head = next(h for h in st.headings if h.line == journal.head)
    subs = _dated_headings(st, head)
    model = _DATED_HEADING.match(subs[-1][0].text.strip()) if subs else None
    title = f"plan session on `{branch}`" if branch else "plan session outside git"
    bullets = [ln.strip() for ln in items]
    target = subs[0][0] if journal.newest_first else subs[-1][0]
    tm = _DATED_HEADING.match(target.text.strip())
    if tm and tm.group("title").strip() == title and not new_session and tm.group("time"):
        when = datetime.strptime(f"{tm.group('date')} {tm.group('time')}", "%Y-%m-%d %H:%M")
        if now.replace(tzinfo=None) - when <= gap:
            end = st.section_end(target)
            while end > target.line + 1 and not doc.lines[end - 1].strip():
                end -= 1
            doc.insert(end, bullets)
            return
    date = now.strftime("%Y-%m-%d")
    if model is None or model.group("time"):
        sep = model.group("sep") if model else " "
        z = model.group("z") if model else ""
        date += f"{sep}{now.strftime('%H:%M')}{z}"
    dash = model.group("dash") if model else " - "
    heading = "#" * (head.level + 1) + f" {date}{dash}{title}"
    block = [heading, "", *bullets, ""]
    if journal.newest_first:
        doc.insert(subs[0][0].line, block)
        return
    end = st.section_end(head)
    while end > head.line + 1 and not doc.lines[end - 1].strip():
        end -= 1
    doc.insert(end, ["", *block[:-1]])


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
    journal = _section(doc, blocks)
    if journal is not None and journal.kind == "headings":
        _add_heading_entry(
            doc,
            journal,
            items,
            now=now,
            branch=branch,
            gap=gap,
            new_session=new_session,
            blocks=blocks,
        )
        return
    if journal is None:
        block = ["## Progress Per Session", "", session_line(now, branch), *items]
        at = unclosed_comment(doc.lines)
        if at is not None:
            # After an `<!--` that never closes, the section would be hidden in the comment
            # in every rendered view, and missed by the next run, which then appended
            # another (the eighth pass): it goes before the comment instead.
            if at and doc.lines[at - 1].strip():
                block.insert(0, "")
            doc.insert(at, [*block, ""])
            return
        if doc.lines and doc.lines[-1].strip():
            block.insert(0, "")
        doc.insert(len(doc.lines), block)
        return
    last, tops, top, going_on = _place(doc, journal, now, branch, gap, new_session)
    if going_on is not None:
        doc.insert(going_on, items)
        return
    session = session_line(now, branch)
    if journal.newest_first and top is not None:
        doc.insert(top, [session, *items])  # the log runs from the latest down
        return
    block = [session, *items]
    check = _CHECK.match(doc.lines[tops[-1]]) if tops else None
    if last == journal.head + 1:
        block.insert(0, "")
    elif check is not None:
        # After a checklist, a list of its own: a blank line, and another bullet so that
        # Markdown starts a new list instead of continuing the checklist.
        if check.group("bullet") == "-":
            block[0] = "*" + session[1:]
        block.insert(0, "")
    elif not _ITEM.match(doc.lines[last - 1]) and not doc.lines[last - 1][:1].isspace():
        block.insert(0, "")  # after a paragraph a list needs a blank line
    doc.insert(last, block)


_FENCE = later(r"^ {0,3}(`{3,}|~{3,})")
_SPAN = later(r"(`+)[^`]*?\1")


def unclosed_comment(lines: list[str]) -> int | None:
    """The line where an HTML comment opens that never closes (`<!--` with no `-->` after
    it, outside fenced code): all that follows it is hidden. None when there is none."""
    fence = ""
    opened: int | None = None
    for i, line in enumerate(lines):
        if opened is None and (m := _FENCE.match(line)):
            mark = m.group(1)
            if not fence:
                fence = mark
            elif mark[0] == fence[0] and len(mark) >= len(fence) and not line.strip(" `~"):
                fence = ""
            continue
        if fence:
            continue
        rest = _SPAN.sub("", line) if "`" in line else line
        while True:
            if opened is None:
                start = rest.find("<!--")
                if start < 0:
                    break
                opened, rest = i, rest[start + 4 :]
            end = rest.find("-->")
            if end < 0:
                break
            opened, rest = None, rest[end + 3 :]
    return opened


def _place(
    doc: Document,
    journal: _Journal,
    now: datetime,
    branch: str | None,
    gap: timedelta,
    new_session: bool,
) -> tuple[int, list[int], int | None, int | None]:
    """Where a run's items go in a list journal: the end of its text, its top-level items,
    the latest of them, and the line to insert at when that is the current session (None:
    a new session starts)."""
    head, last = journal.head, journal.end
    # A closing rule (`---`) and the blank lines around it end the section's text: the
    # journal goes above them, never after them under no heading (issue 18).
    while last > head + 1 and (not doc.lines[last - 1].strip() or _RULE.match(doc.lines[last - 1])):
        last -= 1
    tops = [i for i in range(head + 1, last) if _ITEM.match(doc.lines[i]) and _top(doc, i)]
    # The current session is the latest top-level item of the journal, if it is ours.
    top = (tops[0] if journal.newest_first else tops[-1]) if tops else None
    if top is not None and not new_session:
        after = next((i for i in tops if i > top), last)
        while after > top + 1 and not doc.lines[after - 1].strip():
            after -= 1
        if _current(doc, top, after, now=now, branch=branch, gap=gap):
            return last, tops, top, after
    return last, tops, top, None


def session_for(
    doc: Document,
    *,
    now: datetime,
    branch: str | None,
    gap: timedelta,
    new_session: bool = False,
    blocks: Blocks | None = None,
) -> tuple[str, bool] | None:
    """The session line a run's items will go under, and whether the run starts it; None
    for a journal kept under dated headings."""
    journal = _section(doc, blocks)
    if journal is not None and journal.kind == "headings":
        return None
    if journal is not None:
        _, _, top, going_on = _place(doc, journal, now, branch, gap, new_session)
        if going_on is not None and top is not None:
            return doc.lines[top].strip(), False
    return session_line(now, branch), True


_RULE = later(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")


def _top(doc: Document, i: int) -> bool:
    return not doc.lines[i][:1].isspace()


def _current(
    doc: Document, top: int, end: int, *, now: datetime, branch: str | None, gap: timedelta
) -> bool:
    """Is the item at `top` (its lines up to `end`) the runner's session, on this branch,
    with its latest run within the session gap?"""
    m = _SESSION.match(doc.lines[top])
    if not m:
        return False
    same_branch = m.group("branch") == branch or (bool(m.group("nogit")) and branch is None)
    latest = _parse_stamp(m.group("stamp"))
    for i in range(top + 1, end):
        nested = _NESTED.match(doc.lines[i])
        if nested:
            latest = max(latest, _parse_stamp(nested.group("stamp")))
    return same_branch and now.replace(tzinfo=None) - latest <= gap
