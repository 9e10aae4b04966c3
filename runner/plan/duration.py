"""Durations as people write them (`90s`, `10m`, `1h30m`, `45`): seconds, or None; pure.

The plan's Timeout column, `[tool.plan]` settings and `--timeout` all read durations here.
"""

from __future__ import annotations

import re

from runner.markdown.patterns import later

_DURATION = later(
    r"(\d+(?:\.\d+)?)\s*(milliseconds?|millis|seconds?|minutes?|hours?|mins|min|ms|secs|sec|s|m"
    r"|hrs|hr|h)?(?![a-z])",
    re.IGNORECASE,
)
_UNITS = {
    "millisecond": 0.001,
    "milliseconds": 0.001,
    "millis": 0.001,
    "second": 1,
    "seconds": 1,
    "minute": 60,
    "minutes": 60,
    "hour": 3600,
    "hours": 3600,
    "ms": 0.001,
    "s": 1,
    "sec": 1,
    "secs": 1,
    "m": 60,
    "min": 60,
    "mins": 60,
    "h": 3600,
    "hr": 3600,
    "hrs": 3600,
}


# Words around a limit that say it is one (the thirteenth pass: `~2s`, `<2s`, `2 secs max`,
# `up to 2 minutes` were not read, and the default applied without a word).
_BOUND_BEFORE = later(
    r"^(?:~|\u2248|<=?|\u2264|(?:up\s+to|at\s+most|max(?:imum)?\.?|under|about|approx\.?|ca\.)\s*)",
    re.IGNORECASE,
)
_BOUND_AFTER = later(r"\s*(?:max(?:imum)?\.?|at\s+most|or\s+less|tops)$", re.IGNORECASE)
# ISO 8601's `PT1H30M`, `PT2S`.
_ISO = later(r"^PT(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$", re.I)
# A remark after the limit (`2s (CI: 10m)`): the limit here is the one written first.
_REMARK = later(r"\s*\([^()]*\)\s*$")


def parse_duration(text: str) -> float | None:
    """`90s`, `10m`, `1h30m`, `45` (seconds), `0`, `2 minutes`, `PT2S`, `~2s`, `<2s`, `2 secs
    max`, `2s (CI: 10m)`; None when empty or unreadable."""
    text = text.strip().replace("`", "")
    text = _REMARK.sub("", text)
    text = _BOUND_AFTER.sub("", _BOUND_BEFORE.sub("", text)).strip()
    if not text:
        return None
    if (iso := _ISO.match(text)) is not None and any(iso.groups()):
        hours, minutes, secs = (float(g) if g else 0.0 for g in iso.groups())
        return hours * 3600 + minutes * 60 + secs
    total = 0.0
    pos = 0
    for m in _DURATION.finditer(text):
        if text[pos : m.start()].strip():
            return None
        total += float(m.group(1)) * _UNITS[(m.group(2) or "s").lower()]
        pos = m.end()
    if text[pos:].strip() or pos == 0:
        return None
    return total
