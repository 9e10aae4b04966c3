"""Durations as people write them (`90s`, `10m`, `1h30m`, `45`): seconds, or None; pure.

The plan's Timeout column, `[tool.plan]` settings and `--timeout` all read durations here.
"""

from __future__ import annotations

import re

from runner.markdown.patterns import later

_DURATION = later(r"(\d+(?:\.\d+)?)\s*(mins|min|ms|secs|sec|s|m|hrs|hr|h)?", re.IGNORECASE)
_UNITS = {
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


def parse_duration(text: str) -> float | None:
    """`90s`, `10m`, `1h30m`, `45` (seconds), `0`; None when empty or unreadable."""
    text = text.strip().replace("`", "")
    if not text:
        return None
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
