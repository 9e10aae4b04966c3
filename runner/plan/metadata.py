"""A plan's title and metadata: YAML front matter and the bullet fields under its title; pure."""

from __future__ import annotations

from runner.markdown.blocks import Structure
from runner.markdown.doc import Document
from runner.markdown.patterns import later
from runner.plan.model import MetaField

_META_PART = later(
    r"^\s*(?:\*\*(?P<bk>[^*:]+?):?\*\*:?|(?P<k>[A-Za-z][A-Za-z /#&-]{0,30}?):)\s*(?P<v>.*?)\s*$"
)
_FM_LINE = later(r"^(?P<k>[A-Za-z_][\w-]*(?: [A-Za-z_][\w-]*){0,3})\s*:\s*(?P<v>.*?)\s*$")
_BULLET = later(r"^\s*[-*+]\s+")
_BOLD_KEY = later(r"^\s*(?=\*\*[A-Za-z][^*:]{0,30}(?::\*\*|\*\*:))")
_BOLD_LINE = later(r"^\s*\*\*[A-Za-z][^*:]{0,30}?:?\*\*")
_SEPARATORS = later(r"(•|·| \| )")
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
    """The fields of a metadata line as the writer finds them again: a bullet line's, or a
    line that starts with a bold key without a bullet (`**Status:** PARKED`)."""
    if _BULLET.match(line):
        return bullet_fields(line, i)
    return _fields(line, i, 0) if _BOLD_LINE.match(line) else []


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
            for f in bullet_fields(doc.lines[i], i):
                add(f)
    return found
