"""Status keys: reading every dialect docs/format.md lists, and writing the plan's own; pure.

A cell is a status only when, once its decorations are taken off, what is left is one
key: a known alias, or a key the plan's legend defines. Decorations that never change a
key: surrounding whitespace, emoji variation selectors, backticks, bold (`**DONE**`,
`__done__`), italics, and an emoji (or checkbox) written together with a word of the same
meaning (`✅ done`, `done ✅`, `⬜ planned`, `[x] done`). Anything else (a negation, a
question, strikethrough, extra words, two keys of different meanings) is not guessed:
`parse_key` answers None and the caller reports the cell (issue 11).
"""

from __future__ import annotations

import re
from collections import Counter

from runner.markdown.patterns import later
from runner.plan.model import Status

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
    Status.SKIPPED: (
        "-",
        "skip",
        "skipped",
        "cancelled",
        "canceled",
        "deferred",
        "n/a",
        "wontfix",
        "⏭",
    ),
}

_SYMBOLIC = {"", "@", "x", "!", "b", "-"}
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
    "pair": {
        Status.OUTSTANDING: "⬜ todo",
        Status.IN_PROGRESS: "🔄 in progress",
        Status.PASSED: "✅ done",
        Status.FAILED: "❌ failed",
        Status.BLOCKED: "⛔ blocked",
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

_KNOWN: dict[str, Status] = {a: s for s, aliases in _ALIASES.items() for a in aliases}

# Whole-cell wrappers that leave the key inside unchanged (innermost text must not be empty).
_WRAPPERS = (
    later(r"(?P<tick>`+)(?P<in>.+)(?P=tick)"),
    later(r"\*\*(?P<in>.+)\*\*"),
    later(r"__(?P<in>.+)__"),
    later(r"\*(?P<in>[^*]+)\*"),
    later(r"_(?P<in>[^_]+)_"),
)
# An emoji, or a checkbox, then a word (or the word then the emoji), with optional space.
_SYMBOL = r"(?P<sym>\[[ x~]\]|[^\x00-\x7f\s]+)"
_SYMBOL_HEAD = later(_SYMBOL + r"(?:\s+|(?=[!-~]))(?P<word>.+)")
_SYMBOL_TAIL = later(r"(?P<word>.+?)(?:\s+|(?<=[!-~]))" + _SYMBOL)


def _normal(text: str) -> str:
    """Lower case, no variation selectors, no whitespace around, no whole-cell markup."""
    text = text.replace("\ufe0f", "").replace("\ufe0e", "").replace("\u00a0", " ")
    text = " ".join(text.split()).lower()
    while True:
        for wrapper in _WRAPPERS:
            m = wrapper.fullmatch(text)
            if m and m.group("in").strip():
                text = m.group("in").strip()
                break
        else:
            return text


def _is_symbol(key: str) -> bool:
    # Emoji (no ASCII at all) and checkboxes may decorate a word of the same meaning.
    return key in _CHECKBOX or (bool(key) and all(ord(c) > 0x7F for c in key))


def _one(key: str, legend: dict[str, Status]) -> Status | None:
    return legend.get(key, _KNOWN.get(key))


def _read(cell: str, legend: dict[str, Status]) -> tuple[str, Status] | None:
    """The key a cell holds (normalised) and its meaning; None when it is not one key."""
    text = _normal(cell)
    if not text:
        return "", Status.OUTSTANDING
    status = _one(text, legend)
    if status is not None:
        return text, status
    for shape in (_SYMBOL_HEAD, _SYMBOL_TAIL):
        m = shape.fullmatch(text)
        if not m:
            continue
        sym, word = m.group("sym"), _normal(m.group("word"))
        if not _is_symbol(sym) or _is_symbol(word):
            continue
        meaning, word_meaning = _one(sym, legend), _one(word, legend)
        if meaning is not None and meaning is word_meaning:
            return f"{sym} {word}", meaning
        # The word says it and an emoji of no meaning decorates it (`🚀 **BLOCKED**`): the
        # word's meaning, but never a pass on the word alone. An emoji that means something
        # else (`⏳ BLOCKED`, `❌ DONE`) leaves the cell unknown: two keys.
        decorative = meaning is None and sym not in _CHECKBOX
        if decorative and word_meaning is not None and word_meaning is not Status.PASSED:
            return f"{sym} {word}", word_meaning
        # An hourglass on a word of waiting (`⏳ **BLOCKED**`, `⏳ DEFERRED`): the
        # word says which kind of waiting (realfix item 4).
        waiting = sym in ("\u23f3", "\u231b")
        if waiting and word_meaning in (Status.BLOCKED, Status.SKIPPED):
            return f"{sym} {word}", word_meaning
    return None


def _lowered(legend: dict[str, Status] | None) -> dict[str, Status]:
    return {_normal(k): v for k, v in (legend or {}).items() if k.strip()}


def parse_key(cell: str, legend: dict[str, Status] | None = None) -> Status | None:
    """The meaning of a status cell; None when the cell is not exactly one (decorated) key."""
    found = _read(cell, _lowered(legend))
    return found[1] if found else None


_LEGEND = later(
    r"""(?:["'`](?P<key>[^"'`\n]{0,12})["'`]|(?P<blank>\bblank\b|\bempty\b))\s*"""
    r"""(?:-|=|:|→|->|–|—|means|is)\s*(?P<meaning>[A-Za-z][A-Za-z _/-]{1,30})""",
    re.IGNORECASE,
)
# `Status key: TODO, WIP, DONE, FAIL, BLOCKED, SKIP.`: a bare list of keys after a label.
_KEY_LIST = later(r"\b(?:status\s+)?(?:keys?|legend)\s*:\s*(?P<list>.+)", re.IGNORECASE)

_MEANING_WORDS: list[tuple[str, Status]] = sorted(
    [
        *((a, s) for s, aliases in _ALIASES.items() for a in aliases if a[0].isalpha()),
        ("outstanding", Status.OUTSTANDING),
        ("not done", Status.OUTSTANDING),
        ("incomplete", Status.OUTSTANDING),
        # Words of a plan's own legend ("`resolved`: fixed, evidence linked").
        ("fixed", Status.PASSED),
        ("resolved", Status.PASSED),
        ("closed", Status.PASSED),
        ("merged", Status.PASSED),
        ("shipped", Status.PASSED),
        ("landed", Status.PASSED),
        ("captured", Status.OUTSTANDING),
        ("queued", Status.OUTSTANDING),
        ("prioritized", Status.OUTSTANDING),
        ("scheduled", Status.OUTSTANDING),
        ("being addressed", Status.IN_PROGRESS),
        ("being worked", Status.IN_PROGRESS),
        ("consciously accepted", Status.SKIPPED),
        ("won't fix", Status.SKIPPED),
        ("wont fix", Status.SKIPPED),
    ],
    key=lambda p: -len(p[0]),
)


def _key_list(line: str) -> list[tuple[str, Status]]:
    m = _KEY_LIST.search(line)
    if not m:
        return []
    text = m.group("list").strip()
    text = re.sub(r"\s*-->\s*$", "", text).rstrip(" .")
    found: list[tuple[str, Status]] = []
    for item in re.split(r"\s*[,;]\s*", text):
        key = item.strip()
        while len(key) > 1 and key[0] == key[-1] and key[0] in "`\"'":
            key = key[1:-1].strip()  # the key as the plan writes it, without its quotes
        if key.lower() in ("blank", "empty"):
            found.append(("", Status.OUTSTANDING))
        elif key and (status := parse_key(key)) is not None:
            found.append((key, status))
        else:
            return []  # not a bare list of keys: prose, or the `"@" - in progress` form
    return found


def parse_legend(text: str) -> dict[str, Status]:
    """Keys a legend defines: `"@" - in progress`, `` `X` = complete ``, `blank = outstanding`,
    and a bare list of known keys such as `Status key: TODO, WIP, DONE, FAIL, BLOCKED, SKIP.`
    (each word mapped to its meaning by the alias table)."""
    legend: dict[str, Status] = {}
    for m in _LEGEND.finditer(text):
        meaning = m.group("meaning").strip().lower()
        status = next((s for w, s in _MEANING_WORDS if meaning.startswith(w)), None)
        if status is None:
            continue
        key = "" if m.group("blank") else (m.group("key") or "").strip()
        legend.setdefault(key, status)
    for line in text.splitlines():
        for key, status in _key_list(line):
            legend.setdefault(key, status)
    return legend


_NEGATION = later(r"(?:not|no|un|in)[\s_-]*(?P<rest>.+)")


def own_meaning(key: str) -> Status | None:
    """What a word key means by itself, whatever a legend says: a known alias (`done`), a
    meaning word (`outstanding`), or the negation of a finished one (`not done`,
    `incomplete`). None for symbols (`-`, `x`): plans give those their own meanings."""
    text = _normal(key)
    if sum(c.isalpha() for c in text) < 2:
        return None
    known = _KNOWN.get(text) or next((s for w, s in _MEANING_WORDS if w == text), None)
    if known is not None:
        return known
    m = _NEGATION.fullmatch(text)
    if m and _KNOWN.get(m.group("rest")) is Status.PASSED:
        return Status.OUTSTANDING
    return None


def legend_contradictions(line: str) -> list[tuple[str, Status, Status]]:
    """The `"key" - meaning` entries of one line of a legend whose meaning contradicts the
    key's own (`"not done" - complete`): key as written, the legend's meaning, the key's own."""
    found: list[tuple[str, Status, Status]] = []
    for m in _LEGEND.finditer(line):
        meaning = m.group("meaning").strip().lower()
        status = next((s for w, s in _MEANING_WORDS if meaning.startswith(w)), None)
        key = (m.group("key") or "").strip()
        own = own_meaning(key) if key and not m.group("blank") else None
        if status is not None and own is not None and own is not status:
            found.append((key, status, own))
    return found


def _style_of(token: str) -> str:
    if token in _SYMBOLIC:
        return "symbolic"
    if token in _CHECKBOX:
        return "checkbox"
    if _is_symbol(token):
        return "emoji"
    if " " in token and _is_symbol(token.split(" ", 1)[0]):
        return "pair" if token.split(" ", 1)[0] not in _CHECKBOX else "checkbox"
    return "word"


def _case_like(word: str, samples: list[str]) -> str:
    letters = [s for s in samples if any(c.isalpha() for c in s)]
    if letters and all(s == s.upper() for s in letters):
        return word.upper()
    if letters and all(s.lstrip("`*_ ")[:1].isupper() for s in letters):
        return word[:1].upper() + word[1:]
    return word


# The decorations a table may put around every key: code, bold, italics.
_DECORATIONS = ("`", "**", "__", "*", "_")


def _decoration(cell: str) -> str:
    """The marks around a whole cell (`**DONE**` -> `**`), or ''."""
    for mark in _DECORATIONS:
        n = len(mark)
        wrapped = len(cell) > 2 * n and cell.startswith(mark) and cell.endswith(mark)
        if wrapped and (mark == "`" or cell[n : n + 1] not in "*_`"):
            return mark
    return ""


def _default(style: str, status: Status, samples: list[str], decoration: str) -> str:
    value = DEFAULTS[style][status]
    bare = [s[len(decoration) : len(s) - len(decoration)] if decoration else s for s in samples]
    if style == "word":
        value = _case_like(value, bare)
    elif style == "pair":
        symbol, word = value.split(" ", 1)
        value = f"{symbol} {_case_like(word, [s.split(' ', 1)[-1] for s in bare])}"
    if decoration and value:
        value = f"{decoration}{value}{decoration}"
    return value


def _reads_as(cell: str, legend: dict[str, Status], status: Status) -> bool:
    found = _read(cell, legend)
    return found is not None and found[1] is status


def dialect(legend: dict[str, Status], cells: list[str]) -> dict[Status, str]:
    """What to write for each meaning: the legend's own key for every meaning it defines,
    else the key the rows already use for it, else the rows' style (then the legend's),
    else symbolic. Every value written reads back as its meaning."""
    lowered = _lowered(legend)
    written: dict[Status, Counter[str]] = {s: Counter() for s in Status}
    styles: Counter[str] = Counter()
    samples: list[str] = []
    decorations: Counter[str] = Counter()
    reads: dict[str, tuple[str, Status] | None] = {}  # a plan repeats a handful of cells
    for raw in cells:
        # Only a cell that is one key is a sample: a noisy cell (`**DONE** (slices 0-3
        # PASS)`) reads as None and is never copied into another row.
        if raw not in reads:
            reads[raw] = _read(raw, lowered)
        found = reads[raw]
        if not found or not raw.strip():
            continue
        token, status = found
        written[status][raw.strip()] += 1
        if token not in lowered:
            styles[_style_of(token)] += 1
        samples.append(raw.strip())
        decorations[_decoration(raw.strip())] += 1
    if not styles:
        # Only legend keys (or nothing) in the rows: write the rest in the legend's style.
        styles.update(_style_of(_normal(k)) for k in legend if k.strip())
        samples += [k for k in legend if k.strip()]
    style = styles.most_common(1)[0][0] if styles else "symbolic"
    mark, count = decorations.most_common(1)[0] if decorations else ("", 0)
    decoration = mark if count * 2 >= len(samples) else ""
    result: dict[Status, str] = {}
    for status in Status:
        candidates = [k for k, v in legend.items() if v is status]
        candidates += [raw for raw, _ in written[status].most_common()]
        candidates.append(_default(style, status, samples, decoration))
        candidates += [DEFAULTS[other][status] for other in DEFAULTS]
        # A legend may give a known key another meaning: write only what reads back.
        result[status] = next((c for c in candidates if _reads_as(c, lowered, status)), "")
    return result
