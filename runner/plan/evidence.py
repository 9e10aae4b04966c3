"""Evidence, as the ExecPlan rules ask ("concise, focused on what proves success"): a passing
task's last output lines as an indented block under `Artifacts & Notes`; pure.

Each task has at most one block, introduced by its own line:

    Evidence for task T1 (passed 2026-12-04T10:17Z):

        $ pytest -q tests/test_x.py
        3 passed in 0.12s

A task that passes again has its block replaced where it stands, never a second one. The
section is created at the end of the plan when it has none. The lines given are already
masked of secrets (runner.plan.redact); here they are only cut and indented.
"""

from __future__ import annotations

import re

from runner.markdown.blocks import Heading, Structure
from runner.markdown.doc import Document

SECTION = "Artifacts & Notes"
LINES = 8  # at most this many output lines per task
LINE_CHARS = 160

# A section's only line saying it is empty ("- None.", "_None yet._", "(nothing yet)", "TBD"):
# the first evidence takes its place rather than sitting under it.
_EMPTY = re.compile(
    r"^\s*(?:[-*+]\s+)?[_*(]*\s*(?:none|nothing|n/?a|tbd|todo|empty)(?:\s+(?:yet|so far))?"
    r"\s*[.)_*]*\s*$",
    re.IGNORECASE,
)
_SECTION = re.compile(r"^\s*artifacts?\b.*\bnotes?\b|^\s*artifacts?\s*$", re.IGNORECASE)


def intro(task_id: str) -> str:
    """The line that begins a task's block, without its stamp."""
    return f"Evidence for task {task_id} ("


def block(task_id: str, stamp: str, lines: list[str]) -> list[str]:
    """The task's block: its line, a blank line, the output indented as code."""
    kept = [ln.rstrip() for ln in lines if ln.strip()][-LINES:]
    cut = [ln if len(ln) <= LINE_CHARS else ln[: LINE_CHARS - 1] + "…" for ln in kept]
    return [f"{intro(task_id)}passed {stamp}):", "", *(f"    {ln}" for ln in cut)]


def section(st: Structure) -> Heading | None:
    """The plan's `Artifacts & Notes` heading (any level below the title), if it has one."""
    return next((h for h in st.headings if h.level > 1 and _SECTION.match(h.text)), None)


def _existing(doc: Document, start: int, end: int, task_id: str) -> tuple[int, int] | None:
    """Where the task's block is in the section: its first line, and the line after it."""
    head = intro(task_id)
    for i in range(start, end):
        if doc.lines[i].startswith(head):
            j = i + 1
            while j < end and (not doc.lines[j].strip() or doc.lines[j].startswith("    ")):
                j += 1
            while j > i + 1 and not doc.lines[j - 1].strip():
                j -= 1  # the blank lines after the block belong to what follows
            return i, j
    return None


def put(doc: Document, st: Structure, task_id: str, stamp: str, lines: list[str]) -> None:
    """Write (or replace) the task's evidence block in the document; `st` is its structure
    as it reads now."""
    new = block(task_id, stamp, lines)
    heading = section(st)
    if heading is None:
        at = len(doc.lines)
        while at > 0 and not doc.lines[at - 1].strip():
            at -= 1
        lead = [""] if at > 0 else []
        doc.lines[at:] = []
        doc.endings[at:] = []
        doc.insert(len(doc.lines), [*lead, f"## {SECTION}", "", *new])
        doc.endings[-1] = doc.newline()
        return
    end = st.section_end(heading)
    found = _existing(doc, heading.line + 1, end, task_id)
    if found is not None:
        first, last = found
        del doc.lines[first:last]
        del doc.endings[first:last]
        doc.lines[first:first] = new
        doc.endings[first:first] = [doc.newline()] * len(new)
        return
    body = [i for i in range(heading.line + 1, end) if doc.lines[i].strip()]
    if len(body) == 1 and _EMPTY.match(doc.lines[body[0]]):
        first = body[0]
        doc.lines[first : first + 1] = new
        doc.endings[first : first + 1] = [doc.newline()] * len(new)
        return
    at = end
    while at > heading.line + 1 and not doc.lines[at - 1].strip():
        at -= 1
    trail = [""] if at < len(doc.lines) and doc.lines[at].strip() else []
    doc.insert(at, ["", *new, *trail])
