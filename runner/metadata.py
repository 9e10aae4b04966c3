"""A plan's title and metadata: YAML front matter and the bullet fields under its title; pure."""

from __future__ import annotations

import re

from runner.blocks import Structure
from runner.doc import Document
from runner.model import MetaField

_META_PART = re.compile(
    r"^\s*(?:\*\*(?P<bk>[^*:]+?):?\*\*:?|(?P<k>[A-Za-z][A-Za-z /#&-]{0,30}?):)\s*(?P<v>.*?)\s*$"
)
_FM_LINE = re.compile(r"^(?P<k>[A-Za-z_][\w-]*)\s*:\s*(?P<v>.*?)\s*$")
_BULLET = re.compile(r"^\s*[-*+]\s+")
_BOLD_KEY = re.compile(r"^\s*(?=\*\*[A-Za-z][^*:]{0,30}(?::\*\*|\*\*:))")
_SEPARATORS = re.compile(r"(•|·| \| )")
_KEY_NOISE = re.compile(r"[^a-z0-9]")


def meta_key(key: str) -> str:
    """`Last Updated`, `**Last updated:**`, `last_updated` all name one key."""
    return _KEY_NOISE.sub("", key.lower())


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
    if not bullet:
        return []
    found: list[MetaField] = []
    offset = bullet.end()
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


def metadata(doc: Document, st: Structure) -> dict[str, MetaField]:
    """Front matter fields, then the bullet fields between the title and the next heading."""
    found: dict[str, MetaField] = {}
    if st.front_matter:
        for i in range(st.front_matter[0] + 1, st.front_matter[1] - 1):
            for f in front_matter_fields(doc.lines[i], i):
                found.setdefault(meta_key(f.key), f)
    first = next((h for h in st.headings if h.level == 1), None)
    start = first.line + 1 if first else (st.front_matter[1] if st.front_matter else 0)
    end = next((h.line for h in st.headings if h.line >= start), len(doc.lines))
    for i in range(start, end):
        if not st.excluded[i]:
            for f in bullet_fields(doc.lines[i], i):
                found.setdefault(meta_key(f.key), f)
    return found
