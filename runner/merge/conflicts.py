"""Conflicts git's merge-file left in a plan: rows both sides added are kept, the rest are
drawn the way git draws them; pure."""

from __future__ import annotations


def _marker(line: str, ch: str) -> bool:
    return line.startswith(ch * 7) and (len(line) == 7 or line[7] in " \r\n")


def _row(line: str) -> bool:
    return line.lstrip().startswith("|")


def settle(text: str, style: str) -> tuple[str, int]:
    """Resolve conflicts inside a table where a side only added rows (both sides at the same
    place: ours first, then theirs); the rest stay, drawn in git's `merge.conflictStyle`."""
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    conflicts = 0
    i = 0
    while i < len(lines):
        if not _marker(lines[i], "<"):
            out.append(lines[i])
            i += 1
            continue
        parts: list[list[str]] = [[lines[i]]]
        i += 1
        while i < len(lines) and not _marker(lines[i], ">"):
            if _marker(lines[i], "|") or _marker(lines[i], "="):
                parts.append([])
            parts[-1].append(lines[i])
            i += 1
        if i == len(lines) or len(parts) != 3:
            out.extend(line for part in parts for line in part)
            conflicts += 1
            continue
        close = lines[i]
        i += 1
        ours, base, theirs = parts[0][1:], parts[1][1:], parts[2][1:]
        rows = _rows_added(ours, base, theirs, bool(out) and _row(out[-1]))
        if rows is not None:
            out += rows
            continue
        conflicts += 1
        out += _draw(parts[0][0], ours, parts[1], parts[2][0], theirs, close, style)
    return "".join(out), conflicts


def _rows_added(
    ours: list[str], base: list[str], theirs: list[str], after_row: bool
) -> list[str] | None:
    """Table rows only, and one side kept the base's rows and added some before or after
    them: the other side's version with those rows added; otherwise None (a conflict)."""
    if not all(map(_row, ours + base + theirs)) or not (base or after_row):
        return None
    n = len(base)
    for mine, other in ((ours, theirs), (theirs, ours)):
        if other[:n] == base:
            return mine + [x for x in other[n:] if x not in mine]
        if n and other[len(other) - n :] == base:
            return [x for x in other[: len(other) - n] if x not in mine] + mine
    return None


def _draw(
    opening: str,
    ours: list[str],
    base: list[str],
    separator: str,
    theirs: list[str],
    closing: str,
    style: str,
) -> list[str]:
    """One conflict as git draws it: `diff3` keeps the base; `merge` and `zdiff3` move the
    lines both sides share at either end out of the conflict."""
    if style == "diff3":
        return [opening, *ours, *base, separator, *theirs, closing]
    head = 0
    while head < min(len(ours), len(theirs)) and ours[head] == theirs[head]:
        head += 1
    tail = 0
    while tail < min(len(ours), len(theirs)) - head and ours[-1 - tail] == theirs[-1 - tail]:
        tail += 1
    middle = [opening, *ours[head : len(ours) - tail]]
    if style == "zdiff3":
        middle += base
    middle += [separator, *theirs[head : len(theirs) - tail], closing]
    return ours[:head] + middle + ours[len(ours) - tail :]
