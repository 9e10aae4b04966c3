"""A plan's title and metadata: YAML front matter and the bullet fields under its title; pure."""

from __future__ import annotations

from collections.abc import Sequence

from runner.markdown.blocks import Structure
from runner.markdown.doc import Document
from runner.markdown.patterns import later
from runner.markdown.tables import Cell, split_row
from runner.plan.model import MetaField

_META_PART = later(
    r"^\s*(?:\*\*(?P<bk>[^*:]+?):?\*\*:?|(?P<k>[A-Za-z][A-Za-z /#&-]{0,30}?):)\s*(?P<v>.*?)\s*$"
)
_FM_LINE = later(r"^(?P<k>[A-Za-z_][\w-]*(?: [A-Za-z_][\w-]*){0,3})\s*:\s*(?P<v>.*?)\s*$")
_BULLET = later(r"^\s*[-*+]\s+")
_BOLD_KEY = later(r"^\s*(?=\*\*[A-Za-z][^*:]{0,30}(?::\*\*|\*\*:))")
_SEPARATORS = later(r"(•|·| \| )")
# `> - Status: Draft`, `> **Status:** Draft`: metadata in a block quote reads as without it.
_QUOTED = later(r"^\s*(?:>\s?)+")
# A bare `Last Updated: 2026-01-01` line (no bullet, no bold), or in emphasis:
# `*Last updated: 2026-01-01*`. Only the keys the runner writes are read from bare lines:
# a line of prose that happens to start `Note: ...` is no field.
_BARE = later(
    r"^(?P<em>[*_]?)(?P<k>[A-Za-z][A-Za-z _-]{0,30}?)\s*:\s*(?P<v>[^*_\s](?:.*?[^*_\s])?)"
    r"\s*(?P=em)\s*$"
)
_BARE_KEYS = frozenset(["lastupdated", "status"])
_ROW = later(r"^\s*\|")
_DELIM = later(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_CELL_KEY = later(r"^[*_`]*(?P<k>[A-Za-z][A-Za-z /#&_-]{0,30}?)[*_`]*:?[*_`]*$")
_KEY_NOISE = later(r"[^a-z0-9]")


# Names the time a plan was last changed goes by (front matter's `updated:` most of all).
_LAST_UPDATED = frozenset(
    ["updated", "lastupdate", "lastmodified", "dateupdated", "updatedat", "updatedon", "lastedited"]
)


def meta_key(key: str) -> str:
    """`Last Updated`, `**Last updated:**`, `last_updated`, `updated` all name one key."""
    found = _KEY_NOISE.sub("", key.lower())
    return "lastupdated" if found in _LAST_UPDATED else found


def title(doc: Document, st: Structure) -> str:
    """The first level-1 heading, else the front matter's title, else the first heading."""
    for h in st.headings:
        if h.level == 1:
            return h.text
    if st.front_matter:
        for i in range(*st.front_matter):
            m = _FM_LINE.match(doc.lines[i])
            if m and m.group("k").lower() == "title":
                return m.group("v").strip("'\"")
    return st.headings[0].text if st.headings else ""


def front_matter_fields(line: str, i: int) -> list[MetaField]:
    """The `key: value` on a front matter line."""
    m = _FM_LINE.match(line)
    if not m:
        return []
    return [MetaField(m.group("k"), m.group("v"), i, m.start("v"), m.end("v"))]


def bullet_fields(line: str, i: int) -> list[MetaField]:
    """The `Key: value` fields of a bullet line (several may share it, split by • · or |),
    or of a line that starts with a bold key (`**Status:** PARKED`, no bullet)."""
    bullet = _BULLET.match(line) or _BOLD_KEY.match(line)
    return _fields(line, i, bullet.end()) if bullet else []


def line_fields(line: str, i: int) -> list[MetaField]:
    """The fields of a metadata line as the writer finds them again: a bullet line's, a line
    that starts with a bold key without a bullet (`**Status:** PARKED`), a bare line naming
    Last Updated or Status, any of these in a block quote."""
    quote = _QUOTED.match(line)
    offset = quote.end() if quote else 0
    rest = line[offset:]
    if _BULLET.match(rest):
        return [_moved(f, offset) for f in bullet_fields(rest, i)]
    if _BOLD_KEY.match(rest):
        return [_moved(f, offset) for f in _fields(rest, i, 0)]
    m = _BARE.match(rest)
    if m and meta_key(m.group("k")) in _BARE_KEYS:
        return [
            MetaField(
                m.group("k").strip(), m.group("v"), i, offset + m.start("v"), offset + m.end("v")
            )
        ]
    return []


def fields_at(lines: Sequence[str], i: int) -> list[MetaField]:
    """The fields on line `i` of a plan's preamble: `line_fields`, or a metadata table's row
    (`| Last Updated | 2026-01-01 |`, a key and its value; or a header naming the keys over
    one row of values, `| Status | Last Updated |`)."""
    if not _ROW.match(lines[i]):
        return line_fields(lines[i], i)
    top = i
    while top > 0 and _ROW.match(lines[top - 1]):
        top -= 1
    if top + 1 >= len(lines) or not _DELIM.match(lines[top + 1]) or i <= top + 1:
        return []
    header = [c.text for c in split_row(lines[top], top).cells]
    row = split_row(lines[i], i).cells
    keys = [_cell_key(h) for h in header]
    last = top + 2
    while last + 1 < len(lines) and _ROW.match(lines[last + 1]):
        last += 1
    found: list[MetaField] = []
    if last == top + 2 and any(k is not None and meta_key(k) in _BARE_KEYS for k in keys):
        # One row of values under a header of keys.
        for key, cell in zip(keys, row, strict=False):
            if key is not None:
                found.append(_cell_field(key, cell, i))
        return found
    key = _cell_key(row[0].text) if len(row) >= 2 else None
    if key is not None and row[1].text:
        found.append(_cell_field(key, row[1], i))
    return found


def _cell_key(text: str) -> str | None:
    m = _CELL_KEY.match(text.strip())
    return m.group("k").strip() if m else None


def _cell_field(key: str, cell: Cell, i: int) -> MetaField:
    lead = len(cell.raw) - len(cell.raw.lstrip())
    value = cell.raw.strip()
    return MetaField(key, value, i, cell.start + lead, cell.start + lead + len(value))


def _moved(f: MetaField, offset: int) -> MetaField:
    return MetaField(f.key, f.value, f.line, f.start + offset, f.end + offset)


def _fields(line: str, i: int, offset: int) -> list[MetaField]:
    found: list[MetaField] = []
    for part in _SEPARATORS.split(line[offset:]):
        if part in ("•", "·", " | "):
            offset += len(part)
            continue
        m = _META_PART.match(part)
        if m:
            key = (m.group("bk") or m.group("k") or "").strip()
            start = offset + m.start("v")
            found.append(MetaField(key, m.group("v"), i, start, start + len(m.group("v"))))
        offset += len(part)
    return found


def status_like(old: str, meaning: str, *, identifier: bool) -> str:
    """A plan status (`In Progress`, `Complete`) written the way `old` is: front matter as an
    identifier in the value's own separator and case (`planned` -> `in_progress`,
    `InProgress` -> `Completed`, `in-progress` -> `completed`), a bullet as prose in the
    value's case (`proposed` -> `in progress`). Quotes are kept."""
    quote = old[0] if len(old) >= 2 and old[0] == old[-1] and old[0] in "'\"" else ""
    inner = old[1:-1] if quote else old
    words = meaning.lower().split()
    separator = next((c for c in "_- " if c in inner), None)
    camel = separator is None and not inner.isupper() and any(c.isupper() for c in inner[1:])
    # In front matter a lower (or upper) case word, `a_b`, `a-b` or `CamelCase` is an
    # identifier; a capitalised word (`Proposed`) is a word, written like a bullet's.
    spelt = inner.islower() or inner.isupper() or camel or separator in ("_", "-")
    if identifier and spelt and words == ["complete"]:
        words = ["completed"]  # the identifier schemas use (`completed`, `in_progress`)
    if separator is None:
        separator = "" if camel else ("_" if identifier and spelt else " ")
    letters = [c for c in inner if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        words = [w.upper() for w in words]
    elif not letters or letters[0].isupper():
        words = [w.capitalize() for w in words]
    return quote + separator.join(words) + quote


def metadata(doc: Document, st: Structure) -> dict[str, MetaField]:
    """Front matter fields, then the bullet fields between the title and the next heading.
    A Last Updated written again (front matter's `updated:` and a bullet's `Last Updated:`)
    is kept too, as `lastupdated2`, `lastupdated3`: each is moved on."""
    found: dict[str, MetaField] = {}

    def add(f: MetaField) -> None:
        key = meta_key(f.key)
        if key == "lastupdated" and key in found:
            key += str(sum(k.startswith("lastupdated") for k in found) + 1)
        found.setdefault(key, f)

    if st.front_matter:
        for i in range(st.front_matter[0] + 1, st.front_matter[1] - 1):
            for f in front_matter_fields(doc.lines[i], i):
                add(f)
    first = next((h for h in st.headings if h.level == 1), None)
    start = first.line + 1 if first else (st.front_matter[1] if st.front_matter else 0)
    end = next((h.line for h in st.headings if h.line >= start), len(doc.lines))
    for i in range(start, end):
        if not st.excluded[i]:
            for f in fields_at(doc.lines, i):
                add(f)
    return found
