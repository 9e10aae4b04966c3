"""Which commands a task declares, which files it names, how long it may run; pure."""

from __future__ import annotations

import re

from runner.duration import parse_duration as parse_duration  # plandoc and config read it here
from runner.markdown import code_span_ranges, code_spans

_CUE = re.compile(
    r"(?<![\w-])(run quality gates:|validate with|verify with|check with|execute|run|via)(?![\w-])",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
_PLACEHOLDER = re.compile(r"^<[^<>]*>$")
_LINE_REF = re.compile(r":\d+(?:-\d+)?$")
_FILE_NAME = re.compile(r"^[\w.@+-]*\.[A-Za-z][\w]{0,9}$")
# `path:line` anywhere in prose or code: a file name with an extension, then a line number.
_PATH_LINE = re.compile(
    r"(?<![\w/.:-])((?:[\w.@+-]+/)*[\w.@+-]*\.[A-Za-z][\w]{0,9}):(\d+)(?:-\d+)?(?![\w:])"
)


def is_placeholder(span: str) -> bool:
    """`<cmd>` and the like: a blank in a template, not a command."""
    return bool(_PLACEHOLDER.match(span.strip()))


def is_path(span: str) -> bool:
    """A code span that names a file (or `path:line`) rather than a command.

    `./script` is taken as a command: nobody writes the `./` to name a file.
    """
    span = span.strip()
    if not span or any(c.isspace() for c in span) or span.startswith("./"):
        return False
    return bool(_LINE_REF.search(span) or "/" in span or _FILE_NAME.match(span))


def unescape_cell(text: str) -> str:
    """Inside a table cell `\\|` stands for a pipe, even in a code span."""
    return text.replace("\\|", "|")


def declared_commands(cell: str) -> tuple[str, ...]:
    """A Validation (or gate Command) cell: every code span is a command, placeholders aside."""
    return tuple(
        c
        for c in (unescape_cell(s).strip() for s in code_spans(cell))
        if c and not is_placeholder(c)
    )


def inferred_commands(description: str) -> tuple[str, ...]:
    """Code spans after a cue (`Run`, `Execute`, `via`, ...) up to the end of the sentence."""
    spans = code_span_ranges(description)

    def in_code(pos: int) -> bool:
        return any(a <= pos < b for a, b in spans)

    ends = [m.start() for m in _SENTENCE_END.finditer(description) if not in_code(m.start())]
    found: list[str] = []
    for cue in _CUE.finditer(description):
        if in_code(cue.start()):
            continue
        stop = next((e for e in ends if e >= cue.end()), len(description))
        for a, b in spans:
            if cue.end() <= a < stop:
                for command in code_spans(description[a:b]):
                    command = unescape_cell(command).strip()
                    usable = command and not is_path(command) and not is_placeholder(command)
                    if usable and command not in found:
                        found.append(command)
    return tuple(found)


def file_refs(text: str) -> tuple[tuple[str, int], ...]:
    """Every `path:line` reference in the text, in order, without repeats."""
    seen: list[tuple[str, int]] = []
    for m in _PATH_LINE.finditer(text):
        ref = (m.group(1), int(m.group(2)))
        if ref not in seen:
            seen.append(ref)
    return tuple(seen)


def named_files(text: str) -> tuple[str, ...]:
    """Files a description names: `path:line` references and code spans that are paths."""
    names = [f"{p}:{n}" for p, n in file_refs(text)]
    for span in code_spans(text):
        span = span.strip()
        known = any(span.startswith(n) or n.startswith(span) for n in names)
        if is_path(span) and "<" not in span and not known:
            names.append(span)
    return tuple(names)
