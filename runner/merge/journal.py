"""The journal's part of a three-way plan merge: what each side appended, merged; pure.

Each side's "Progress Per Session" is split into what it shares with the base and the tail
it appended after it. The shared part merges as text; the tails are merged here: every item
kept word for word, each in the session it belongs to, ordered by its timestamp.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from runner.markdown.blocks import Structure
from runner.markdown.doc import Document
from runner.markdown.patterns import later

JOURNAL_HEADING = "progress per session"
_ITEM = later(r"^(?P<indent>\s*)(?:[-*+]|\d+[.)])\s")
_STAMP = later(r"^\s*(?:[-*+]|\d+[.)])\s+\((?P<stamp>\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d)?Z?)\)")

Line = tuple[str, str]  # text and its line ending


def content(doc: Document, st: Structure) -> tuple[int, int] | None:
    """[first, end) of the journal's lines, trailing blank lines left out; None: no journal."""
    span = _span(doc, st)
    return span[:2] if span is not None else None


def follows_checklist(doc: Document, st: Structure) -> bool:
    """Whether the journal is the cookbook's, following the checklist in `## Progress`."""
    span = _span(doc, st)
    return span is not None and span[2]


def _span(doc: Document, st: Structure) -> tuple[int, int, bool] | None:
    """The journal's lines as `content`, and whether its section is the cookbook's
    `## Progress`, where the journal follows the checklist in one section."""
    from runner.plan.journal import journal_kind, journal_span

    heading = next((h for h in st.headings if JOURNAL_HEADING in h.text.lower()), None)
    if heading is not None:
        first, end, shared = heading.line + 1, st.section_end(heading), False
    elif journal_kind(doc) == "checklist" and (found := journal_span(doc)) is not None:
        (first, end), shared = found, True
    else:
        return None
    while end > first and not doc.lines[end - 1].strip():
        end -= 1
    return first, end, shared


def appended(base: Document, side: Document) -> list[str]:
    """The lines `side` added to its journal after the base (wherever the plan keeps it, as
    the runner finds it): what a side recorded since the branches split."""
    from runner.plan.journal import journal_span

    ours, theirs = journal_span(base), journal_span(side)
    if theirs is None:
        return []
    new = side.lines[theirs[0] : theirs[1]]
    if ours is None:
        return new
    old = base.lines[ours[0] : ours[1]]
    ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    return [x for tag, _, _, j1, j2 in ops if tag in ("insert", "replace") for x in new[j1:j2]]


def tail_start(base: list[str], side: list[str]) -> int:
    """Where the lines this side appended after the base's journal begin (len: none)."""
    if side[: len(base)] == base:
        return len(base)
    ops = difflib.SequenceMatcher(None, base, side, autojunk=False).get_opcodes()
    if not ops:
        return len(side)
    tag, i1, i2, j1, j2 = ops[-1]
    # The base's last lines replaced by more lines: those lines edited, then items appended.
    if tag in ("insert", "replace") and i2 == len(base) and j2 - j1 > i2 - i1:
        return j1 + (i2 - i1)
    return len(side)


def cut_tail(doc: Document, st: Structure, base: list[str], token: str) -> list[Line] | None:
    """Take the appended tail out of the document, leaving `token` on a line in its place."""
    span = _span(doc, st)
    if span is None:
        return None
    first, end, shared = span
    at = first + tail_start(base, doc.lines[first:end])
    if shared:
        # The cookbook: what a side added after the checklist is the journal from its first
        # dated item on (a blank line before it too); items added before that are people's
        # edits to the checklist, merged as text.
        dated = next((i for i in range(at, end) if _STAMP.match(doc.lines[i])), end)
        while dated > at and not doc.lines[dated - 1].strip():
            dated -= 1
        at = dated
    tail = list(zip(doc.lines[at:end], doc.endings[at:end], strict=True))
    if tail:
        ending = doc.endings[end - 1]
        doc.lines[at:end] = [token]
        doc.endings[at:end] = [ending]
    else:
        doc.insert(at, [token])
    return tail


@dataclass
class _Unit:
    """One list item of a tail with the lines that follow it (continuations, blank lines)."""

    top: bool
    key: str
    lines: list[Line]


@dataclass
class _Block:
    """A top-level item and the nested items under it (no head: the base's last session)."""

    head: _Unit | None
    items: list[tuple[_Unit, int, int]] = field(default_factory=list)


def _stamp_key(text: str) -> str | None:
    m = _STAMP.match(text)
    return m.group("stamp").replace(" ", "T") if m else None


def _units(tail: list[Line]) -> tuple[list[_Unit], bool, bool]:
    """The tail's items; whether it opened with a blank line, and whether it had blank lines
    between items (a loose list)."""
    units: list[_Unit] = []
    lead = loose = False
    key = ""
    for text, ending in tail:
        item = _ITEM.match(text)
        if item:
            key = _stamp_key(text) or key
            units.append(_Unit(not item.group("indent"), key, [(text, ending)]))
        elif not units:
            lead = lead or not text.strip()
            if text.strip():
                units.append(_Unit(False, key, [(text, ending)]))
        else:
            units[-1].lines.append((text, ending))
    for unit in units:
        while len(unit.lines) > 1 and not unit.lines[-1][0].strip():
            unit.lines.pop()
            loose = True
    return units, lead, loose


def _blocks(sides: list[list[_Unit]]) -> tuple[_Block, list[_Block]]:
    """Group the units of every side under their sessions; same session line, one block."""
    carry = _Block(None)
    blocks: list[_Block] = []
    by_head: dict[str, _Block] = {}
    for side, units in enumerate(sides):
        current = carry
        for pos, unit in enumerate(units):
            if unit.top:
                text = unit.lines[0][0]
                if text in by_head:
                    current = by_head[text]
                    continue
                current = _Block(unit, [])
                by_head[text] = current
                blocks.append(current)
            else:
                current.items.append((unit, side, pos))
    return carry, blocks


def merge_tails(
    tails: list[list[Line]], notes: list[str], newline: str, *, own_list: bool = False
) -> list[Line]:
    """Every item of every tail, in its session, sessions and items ordered by timestamp;
    `notes` (already list items) go last. `own_list`: the journal follows a checklist in
    its section, so notes with no journal item above them start a list of their own (as
    the runner's first session does there), never a sub-item of the last checklist item."""
    parsed = [_units(t) for t in tails]
    carry, blocks = _blocks([p[0] for p in parsed])
    lead = any(p[1] for p in parsed)
    loose = any(p[2] for p in parsed)
    out: list[Line] = []

    def items(block: _Block) -> None:
        # An item both sides hold word for word (a cherry-picked commit) is kept once.
        seen: dict[tuple[str, ...], int] = {}
        for unit, side, _ in sorted(block.items, key=lambda it: (it[0].key, it[1], it[2])):
            words = tuple(text for text, _ in unit.lines)
            if seen.setdefault(words, side) != side:
                continue
            out.extend(unit.lines)

    items(carry)
    order = {id(b): i for i, b in enumerate(blocks)}
    for n, block in enumerate(
        sorted(blocks, key=lambda b: (b.head.key if b.head else "", order[id(b)]))
    ):
        if (n == 0 and lead) or (n > 0 and loose):
            out.append(("", newline))
        assert block.head is not None
        out.extend(block.head.lines)
        items(block)
    if own_list and notes and not any(_ITEM.match(t) and not t[:1].isspace() for t, _ in out):
        out.append(("", newline))
        notes = ["* " + note.lstrip()[2:] for note in notes]
    out.extend((note, newline) for note in notes)
    return out


def put_tail(doc: Document, token: str, lines: list[Line]) -> bool:
    """Replace the token's line with the merged tail; False when the token is not there once."""
    at = [i for i, text in enumerate(doc.lines) if text == token]
    if len(at) != 1:
        return False
    i = at[0]
    ending = doc.endings[i]
    if not lines:
        del doc.lines[i], doc.endings[i]
        if not ending and i > 0 and i == len(doc.lines):
            doc.endings[i - 1] = ""
        return True
    newline = doc.newline()
    endings = [e or newline for _, e in lines[:-1]] + [ending]
    doc.lines[i : i + 1] = [text for text, _ in lines]
    doc.endings[i : i + 1] = endings
    return True
