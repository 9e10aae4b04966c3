"""Whether the lines of one shell block are one procedure rather than separate checks; pure.

Each check runs in a shell of its own, so a block whose lines lean on each other cannot be
cut into checks: a variable set on one line is empty on the next (`d=$(mktemp -d)` then
`touch "$d/x"` writes `/x`), a `cd` is forgotten, and a line that starts a server never ends.
Such a block is a procedure, a step for a person (docs/format.md §3), never run.
"""

from __future__ import annotations

import re

from runner.markdown.patterns import later

# A variable the shell keeps for the lines after: `NAME=value` at the start of a command,
# `export NAME=`, `read NAME`, `for NAME in`.
_SETS = later(
    r"(?:^|[;&|(]\s*|\b(?:export|local|declare|readonly|typeset)\s+(?:-\w+\s+)*)"
    r"(?P<name>[A-Za-z_]\w*)\+?="
)
_READS = later(r"(?:^|[;&|]\s*)(?:read|mapfile|readarray)\s+(?:-\w+\s+)*(?P<names>[A-Za-z_][\w ]*)")
_FOR = later(r"(?:^|[;&|]\s*)for\s+(?P<name>[A-Za-z_]\w*)\s+in\b")
_CD = later(r"(?:^|[;&|]\s*)(?:cd|pushd|popd)\b")
# A line that listens: a port given to it, or a subcommand that serves.
_PORT = later(r"(?:^|\s)(?:--port|--http-port|--listen)(?:[=\s]+\S+|\s*$)|(?:^|\s)PORT=\d+")
_SERVES = frozenset(["web", "serve", "server", "dev", "start", "runserver", "preview", "watch"])
_ASSIGN = later(r"^[A-Za-z_]\w*=")


def procedure(commands: list[str] | tuple[str, ...], *, cd: bool = True) -> str | None:
    """Why `commands`, the lines of one block, are one procedure (None: each may be a check).
    `cd=False` when the caller follows `cd` itself (a transcript's `$ cd DIR`)."""
    kept: set[str] = set()
    written: set[str] = set()
    moved = False
    for n, command in enumerate(commands):
        if n and moved:
            return "a line moves to another folder (cd) for the lines after it: one procedure"
        used = sorted(v for v in kept if re.search(rf"\$\{{?{v}\b", command))
        if used:
            return f"a line uses ${used[0]}, set by a line before it: one procedure"
        if (why := serves(command)) is not None:
            return why
        read = next((f for f in sorted(written) if _mentions(command, f)), None)
        if read is not None:
            return f"a line reads {read}, written by a line before it: one procedure"
        kept |= _set_by(command)
        written |= _writes(command)
        moved = cd and _CD.search(command) is not None
    return None


def leans_on_earlier(commands: list[str] | tuple[str, ...], at: int) -> bool:
    """Whether line `at` uses a variable a line before it sets: alone, it does something
    else (`touch "$d/x"` writes `/x`), so it is judged with its block, as one procedure."""
    kept: set[str] = set()
    for command in commands[:at]:
        kept |= _set_by(command)
    return any(re.search(rf"\$\{{?{v}\b", commands[at]) for v in kept)


def serves(command: str) -> str | None:
    """Why a command starts a server that does not end (None: it need not)."""
    if _PORT.search(command):
        return "starts a server (it is given a port): it does not end, nothing to observe"
    from runner.plan.actions import split_words

    words = split_words(command)
    while words and _ASSIGN.match(words[0]):
        words = words[1:]
    if len(words) > 1 and words[1] in _SERVES and _local_program(words[0]):
        return f"starts a server ({words[0]} {words[1]}): it does not end, nothing to observe"
    return None


def _local_program(word: str) -> bool:
    """A program of the project's own (`./vcompress`, `bin/app`): its `web` or `serve`
    subcommand serves. Known tools' servers are the action table's business."""
    return word.startswith(("./", "../")) or ("/" in word and not word.startswith("/"))


def _set_by(command: str) -> set[str]:
    names = {m.group("name") for m in _SETS.finditer(command)}
    names |= {m.group("name") for m in _FOR.finditer(command)}
    for m in _READS.finditer(command):
        names |= {w for w in m.group("names").split() if re.fullmatch(r"[A-Za-z_]\w*", w)}
    return names


# A file a line writes (`> /tmp/keys.txt`, `>> log`, `| tee out.txt`): a later line that
# reads it leans on the earlier one (the second trial's F-L: `sort > /tmp/a.txt`, then
# `diff /tmp/a.txt /tmp/b.txt`, was cut into independent checks).
_WRITES = later(
    r"(?<![<&\d])\d?>>?\s*(?P<a>[^\s&|;<>]+)|\btee\s+(?:-a\s+)?(?P<b>[^\s&|;<>-][^\s&|;<>]*)"
)


def _writes(command: str) -> set[str]:
    found = {m.group("a") or m.group("b") for m in _WRITES.finditer(command)}
    return {f.strip("'\"") for f in found if f and f != "/dev/null" and not f.startswith("&")}


def _mentions(command: str, path: str) -> bool:
    return re.search(rf"(?<![\w./-]){re.escape(path)}(?![\w./-])", command) is not None
