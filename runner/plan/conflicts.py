"""Git's conflict markers left in a plan: an unresolved merge (lint P003; issue 20).

git draws a conflict at the start of lines: `<<<<<<< ours`, then (with `merge.conflictStyle
diff3` or `zdiff3`) `||||||| base`, then `=======`, then `>>>>>>> theirs`. A plan holding
them is two plans at once, so no command may run or rewrite it. Markers inside a fenced code
block are a plan showing what a conflict looks like (a plan about merging), not a conflict.
`=======` alone is a setext heading's underline unless a conflict is open.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from runner.markdown.patterns import later

# Seven marker characters, then a space and a label, or the end of the line.
_SIDE = later(r"(<{7}|\|{7}|>{7})(?: .*)?\r?$")
_MIDDLE = later(r"={7}[ \t]*\r?$")
_FENCE = later(r"[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*(`{3,}|~{3,})(.*)")
# Every conflict has its opening or closing marker: without these, no line is looked at.
_MARKS = (b"<<<<<<<", b">>>>>>>", b"|||||||")


@dataclass(frozen=True)
class Conflict:
    """Markers from `line` to `end` (1-based, inclusive); `marker` is the first line's seven
    characters. A whole conflict (`<<<<<<<` to `>>>>>>>`) or one stray marker line."""

    line: int
    end: int
    marker: str

    def describe(self) -> str:
        """In words, with what to do."""
        if self.marker == "<<<<<<<" and self.end > self.line:
            return (
                f"unresolved merge conflict (git's markers, lines {self.line}-{self.end}):"
                " keep what each side meant, delete the marker lines, then `git add` the plan"
            )
        return (
            f"git conflict marker `{self.marker}` left from a merge: resolve the conflict"
            " and delete the marker line"
        )


def might_hold(data: bytes) -> bool:
    """Whether a plan's bytes could hold a marker at all (a quick scan, before `conflicts`)."""
    return any(mark in data for mark in _MARKS)


def conflicts(lines: Sequence[str]) -> list[Conflict]:
    """Every conflict, and every stray marker, outside fenced code blocks."""
    found: list[Conflict] = []
    fence = ""  # the open fence's marker, or "" outside a fence
    opened: int | None = None  # the 1-based line of a `<<<<<<<` not yet closed
    for number, line in enumerate(lines, start=1):
        if fence:
            body = _FENCE.match(line)
            closing = body and body[1][0] == fence[0] and len(body[1]) >= len(fence)
            if closing and body and not body[2].strip():
                fence = ""
            continue
        side = _SIDE.match(line)
        if side:
            marker = side[1]
            if marker == "<<<<<<<":
                if opened is not None:
                    found.append(Conflict(opened, opened, "<<<<<<<"))
                opened = number
            elif marker == ">>>>>>>" and opened is not None:
                found.append(Conflict(opened, number, "<<<<<<<"))
                opened = None
            elif marker == ">>>>>>>" or opened is None:
                found.append(Conflict(number, number, marker))
            continue
        if _MIDDLE.match(line):
            continue  # a conflict's middle (reported with it), or a setext underline
        body = _FENCE.match(line)
        if body and not (body[1][0] == "`" and "`" in body[2]):
            fence = body[1]
    if opened is not None:
        found.append(Conflict(opened, opened, "<<<<<<<"))
    return found
