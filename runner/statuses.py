"""Status keys: reading every dialect FORMAT.md lists, and writing the plan's own; pure."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from runner.model import Status

_ALIASES: dict[Status, tuple[str, ...]] = {
    Status.OUTSTANDING: (
        "todo",
        "to do",
        "pending",
        "planned",
        "not started",
        "open",
        "[ ]",
        "⏳",
        "⬜",
        "🔲",
        "☐",
    ),
    Status.IN_PROGRESS: (
        "@",
        "wip",
        "in progress",
        "in-progress",
        "in_progress",
        "doing",
        "[~]",
        "🔄",
        "🚧",
        "🟨",
    ),
    Status.PASSED: ("x", "done", "complete", "completed", "pass", "passed", "[x]", "✅", "☑", "✔"),
    Status.FAILED: ("!", "fail", "failed", "❌"),
    Status.BLOCKED: ("b", "blocked", "⏸", "⛔"),
    Status.SKIPPED: ("-", "skip", "skipped", "cancelled", "canceled", "deferred", "n/a", "wontfix"),
}

_SYMBOLIC = {"", "@", "x", "!", "b", "-"}
_EMOJI = {"⏳", "⬜", "🔲", "☐", "🔄", "🚧", "🟨", "✅", "☑", "✔", "❌", "⏸", "⛔"}
_CHECKBOX = {"[ ]", "[~]", "[x]"}

DEFAULTS: dict[str, dict[Status, str]] = {
    "symbolic": {
        Status.OUTSTANDING: "",
        Status.IN_PROGRESS: "@",
        Status.PASSED: "X",
        Status.FAILED: "!",
        Status.BLOCKED: "B",
        Status.SKIPPED: "-",
    },
    "word": {
        Status.OUTSTANDING: "todo",
        Status.IN_PROGRESS: "in progress",
        Status.PASSED: "done",
        Status.FAILED: "failed",
        Status.BLOCKED: "blocked",
        Status.SKIPPED: "skipped",
    },
    "emoji": {
        Status.OUTSTANDING: "⬜",
        Status.IN_PROGRESS: "🔄",
        Status.PASSED: "✅",
        Status.FAILED: "❌",
        Status.BLOCKED: "⛔",
        Status.SKIPPED: "⏭️ skipped",
    },
    "checkbox": {
        Status.OUTSTANDING: "[ ]",
        Status.IN_PROGRESS: "[~]",
        Status.PASSED: "[x]",
        Status.FAILED: "failed",
        Status.BLOCKED: "blocked",
        Status.SKIPPED: "skipped",
    },
}

_LOOKUP: list[tuple[str, Status]] = sorted(
    ((alias, status) for status, aliases in _ALIASES.items() for alias in aliases),
    key=lambda pair: -len(pair[0]),
)


def _clean(cell: str) -> str:
    # Markup around a key (`done`, **X**) and emoji variation selectors do not change it.
    return cell.replace("`", "").replace("*", "").replace("\ufe0f", "").strip()


def _match_at(text: str, pos: int, extra: dict[str, Status]) -> tuple[str, Status] | None:
    for alias, status in [*sorted(extra.items(), key=lambda p: -len(p[0])), *_LOOKUP]:
        if not alias or not text.startswith(alias, pos):
            continue
        end = pos + len(alias)
        if alias[-1].isalnum() and end < len(text) and (text[end].isalnum() or text[end] == "_"):
            continue
        return alias, status
    return None


def parse_key(cell: str, legend: dict[str, Status] | None = None) -> Status | None:
    """The meaning of a status cell; None when no token in it is a known key."""
    found = _find_key(cell, legend or {})
    return found[1] if found else None


def _find_key(cell: str, legend: dict[str, Status]) -> tuple[str, Status] | None:
    text = _clean(cell).lower()
    if not text:
        return "", Status.OUTSTANDING
    extra = {k.lower(): v for k, v in legend.items() if k.strip()}
    pos = 0
    while pos < len(text):
        while pos < len(text) and (text[pos].isspace() or text[pos] in ",;:()"):
            pos += 1
        if pos >= len(text):
            break
        hit = _match_at(text, pos, extra)
        if hit:
            return hit
        # Not a key here: go on to the next token.
        if text[pos].isalnum():
            while pos < len(text) and (text[pos].isalnum() or text[pos] in "_'"):
                pos += 1
        else:
            pos += 1
    return None


_LEGEND = re.compile(
    r"""(?:["'`](?P<key>[^"'`\n]{0,12})["'`]|(?P<blank>\bblank\b|\bempty\b))\s*"""
    r"""(?:-|=|:|→|->|–|—|means|is)\s*(?P<meaning>[A-Za-z][A-Za-z _/-]{1,30})""",
    re.IGNORECASE,
)

_MEANING_WORDS: list[tuple[str, Status]] = sorted(
    [
        *((a, s) for s, aliases in _ALIASES.items() for a in aliases if a[0].isalpha()),
        ("outstanding", Status.OUTSTANDING),
        ("not done", Status.OUTSTANDING),
        ("incomplete", Status.OUTSTANDING),
    ],
    key=lambda p: -len(p[0]),
)


def parse_legend(text: str) -> dict[str, Status]:
    """Keys a legend defines: `"@" - in progress`, `` `X` = complete ``, `blank = outstanding`."""
    legend: dict[str, Status] = {}
    for m in _LEGEND.finditer(text):
        meaning = m.group("meaning").strip().lower()
        status = next((s for w, s in _MEANING_WORDS if meaning.startswith(w)), None)
        if status is None:
            continue
        key = "" if m.group("blank") else (m.group("key") or "").strip()
        legend.setdefault(key, status)
    return legend


@dataclass(frozen=True)
class Observed:
    """A status cell as written, for learning the plan's dialect."""

    raw: str
    status: Status


def _style_of(token: str) -> str:
    if token in _SYMBOLIC:
        return "symbolic"
    if token in _EMOJI:
        return "emoji"
    if token in _CHECKBOX:
        return "checkbox"
    return "word"


def _case_like(word: str, samples: list[str]) -> str:
    letters = [s for s in samples if any(c.isalpha() for c in s)]
    if letters and all(s == s.upper() for s in letters):
        return word.upper()
    if letters and all(s[:1].isupper() for s in letters):
        return word[:1].upper() + word[1:]
    return word


def dialect(legend: dict[str, Status], cells: list[str]) -> dict[Status, str]:
    """What to write for each meaning: the legend's keys, else the rows' style, else symbolic."""
    written: dict[Status, Counter[str]] = {s: Counter() for s in Status}
    styles: Counter[str] = Counter()
    samples: list[str] = []
    backticked = 0
    for raw in cells:
        found = _find_key(raw, legend)
        if not found or not raw.strip():
            continue
        token, status = found
        written[status][raw.strip()] += 1
        if token in legend or token.lower() in {k.lower() for k in legend}:
            styles["legend"] += 1
        else:
            styles[_style_of(token)] += 1
        samples.append(_clean(raw))
        backticked += raw.strip().startswith("`")
    style = "symbolic"
    ranked = [s for s, _ in styles.most_common() if s != "legend"]
    if ranked:
        style = ranked[0]
    result: dict[Status, str] = {}
    by_meaning = {v: k for k, v in reversed(list(legend.items()))}
    for status in Status:
        if status in by_meaning:
            result[status] = by_meaning[status]
        elif written[status]:
            result[status] = written[status].most_common(1)[0][0]
        else:
            value = DEFAULTS[style][status]
            if style == "word":
                value = _case_like(value, samples)
            if backticked and value and backticked * 2 >= len(samples):
                value = f"`{value}`"
            result[status] = value
    return result
