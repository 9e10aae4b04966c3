"""The write side: edits to a plan's text, each local to its line; every other byte kept; pure."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from runner.errors import MalformedRowError, UnusablePlanError
from runner.markdown.doc import Document
from runner.markdown.tables import Cell, Table, normalise_name, replace_cell, split_row
from runner.plan.gates import LAST_RUN, gate_dialect
from runner.plan.metadata import fields_at, front_matter_fields, meta_key, status_like
from runner.plan.model import Status, Task
from runner.plan.reading import Parsed, parse_document
from runner.plan.stamps import find_stamp, is_placeholder, parse_utc, render
from runner.plan.statuses import parse_key
from runner.plan.tracker import CHECK_ITEM


@dataclass(frozen=True)
class SetTaskStatus:
    """Write a task's status in the plan's dialect (a checklist box gets a timestamp)."""

    task_id: str
    status: Status
    stamp: str = ""


@dataclass(frozen=True)
class SetGateResult:
    """Write a gate's status and last-run time, adding the columns when missing."""

    name: str
    status: Status
    last_run: str


@dataclass(frozen=True)
class SetMeta:
    """Replace a metadata value in place (only when the plan has that key); a Status is
    given as its meaning (`In Progress`, `Complete`) and written in the value's own style."""

    key: str
    value: str


Edit = SetTaskStatus | SetGateResult | SetMeta


def apply(text: str, edits: list[Edit]) -> str:
    """Apply edits to a plan's text; every other byte stays as it was."""
    doc = Document.from_text(text)
    apply_document(doc, edits)
    return doc.text()


def apply_document(doc: Document, edits: list[Edit], parsed: Parsed | None = None) -> None:
    """Apply edits in place. Every edit is local to its line (no line is added or removed),
    so one reading of the plan serves them all; each line is split afresh when edited."""
    parsed = parsed or parse_document(doc)
    tasks: dict[str, Task] = {}
    for t in parsed.plan.tasks:
        tasks.setdefault(t.id, t)
    checklist = [doc.lines[t.anchor.line] for t in parsed.plan.tasks if t.anchor.column is None]
    style = stamp_style(checklist) if checklist else None
    for edit in edits:
        if isinstance(edit, SetTaskStatus):
            _set_task(parsed, tasks.get(edit.task_id), edit, style)
        elif isinstance(edit, SetGateResult):
            _set_gate(parsed, edit)
        else:
            _set_meta(parsed, edit)


def _set_task(
    parsed: Parsed, task: Task | None, edit: SetTaskStatus, style: StampStyle | None
) -> None:
    if task is None:
        raise UnusablePlanError(f"task '{edit.task_id}' is no longer in the plan")
    if not task.status_holder:
        return  # a `### Task N:` section: nothing holds its status (record.py journals it)
    if task.malformed:
        raise MalformedRowError(what=f"task '{task.id}'", line=task.line)
    doc = parsed.doc
    line = doc.lines[task.anchor.line]
    if task.anchor.column is None:
        doc.lines[task.anchor.line] = _set_box(line, edit.status, edit.stamp, style)
        return
    row, column = parsed.task_cells[task.id]
    cell = split_row(line, row.line, expected=len(row.cells)).cells[column]
    if cell.text and parse_key(cell.text, parsed.plan.legend) is edit.status:
        return  # already says so, in whatever words: leave the person's choice alone
    doc.lines[task.anchor.line] = replace_cell(line, cell, parsed.plan.dialect[edit.status])


_BOX_WORDS = {
    Status.PASSED: "completed",
    Status.OUTSTANDING: "pending",
    Status.IN_PROGRESS: "in_progress",
    Status.FAILED: "failed",
    Status.BLOCKED: "blocked",
    Status.SKIPPED: "skipped",
}


def _set_box(line: str, status: Status, stamp: str, style: StampStyle | None) -> str:
    """Tick or untick a checklist box. An author's stamp is never changed (a placeholder is
    filled in); a stamp is added only when the plan's items carry them, in their format."""
    m = CHECK_ITEM.match(line)
    assert m is not None
    if len(m.group("box")) > 2:  # `[completed]`: a status word, written as the plan writes it
        word = _BOX_WORDS[status]
        head = line[: m.start("box")] + (word.upper() if m.group("box").isupper() else word)
        return head + line[m.end("box") :]
    if status is Status.PASSED:
        box = "x" if m.group("box") not in ("x", "X") else m.group("box")
    elif status in (Status.OUTSTANDING, Status.FAILED):
        box = " "
    else:
        return line  # a checkbox cannot say in progress, blocked or skipped; the journal does
    head = line[: m.start("box")] + box + "]"
    rest = line[m.end("box") + 1 :]
    moment = parse_utc(stamp) if stamp else None
    if status is not Status.PASSED or moment is None:
        return head + rest
    found = find_stamp(rest)
    if found is not None:
        if is_placeholder(rest[found.start : found.end]):
            value = f"({render(moment, found.format)})"
            return head + rest[: found.start] + value + rest[found.end :]
        return head + rest
    if style is None:
        return head + rest  # the plan's items carry no stamps: none is added
    value = f"({render(moment, style.format)})"
    body = rest.strip()
    if style.trailing and body:
        kept = rest.rstrip()
        return head + kept + " " + value + rest[len(kept) :]
    return head + f" {value}" + (" " + rest.lstrip() if body else "")


@dataclass(frozen=True)
class StampStyle:
    """How a plan's checklist items carry their stamps: the format and the place."""

    format: str
    trailing: bool


def stamp_style(lines: list[str]) -> StampStyle | None:
    """The stamps of a plan's checklist items (their lines): the most common format and
    place among the ticked items' (completion stamps), else among all; None when no item
    has one."""
    ticked: Counter[tuple[str, bool]] = Counter()
    every: Counter[tuple[str, bool]] = Counter()
    for line in lines:
        m = CHECK_ITEM.match(line)
        rest = line[m.end("box") + 1 :] if m else ""
        found = find_stamp(rest) if m else None
        if m is None or found is None:
            continue
        shape = (found.format, bool(rest[: found.start].strip()))
        every[shape] += 1
        if m.group("box") in ("x", "X"):
            ticked[shape] += 1
    chosen = ticked or every
    if not chosen:
        return None
    fmt, trailing = chosen.most_common(1)[0][0]
    return StampStyle(fmt, trailing)


def _column(cells: tuple[Cell, ...], *names: str) -> int | None:
    wanted = {normalise_name(n) for n in names}
    return next((i for i, c in enumerate(cells) if normalise_name(c.text) in wanted), None)


def _gate_columns(doc: Document, table: Table) -> tuple[tuple[Cell, ...], int, int]:
    """The gates table's header cells and its Status and Last Run columns, added if missing."""
    header = split_row(doc.lines[table.header.line], table.header.line).cells
    status_col = _column(header, "status", "result")
    last_col = _column(header, *LAST_RUN)
    if status_col is not None and last_col is not None:
        return header, status_col, last_col
    if any(len(r.cells) != table.width for r in table.rows):
        raise UnusablePlanError(
            "the Quality Gates table has rows with the wrong number of cells; adding its"
            " Status and Last Run columns would rewrite them (nothing was written)",
            line=table.header.line + 1,
        )
    missing = [n for n, c in (("Status", status_col), ("Last Run", last_col)) if c is None]
    _append_columns(doc, table, missing)
    header = split_row(doc.lines[table.header.line], table.header.line).cells
    status_col = _column(header, "status", "result")
    last_col = _column(header, *LAST_RUN)
    assert status_col is not None
    assert last_col is not None
    return header, status_col, last_col


def _set_gate(parsed: Parsed, edit: SetGateResult) -> None:
    table = parsed.gates_table
    gate = next((g for g in parsed.plan.gates if g.name == edit.name), None)
    if table is None or gate is None:
        raise UnusablePlanError(f"gate '{edit.name}' is no longer in the plan")
    doc = parsed.doc
    header, status_col, last_col = _gate_columns(doc, table)
    if gate.malformed:
        raise MalformedRowError(what=f"gate '{gate.name}'", line=gate.line)
    index = gate.line - 1
    cells = split_row(doc.lines[index], index, expected=len(header)).cells
    checklist = parsed.plan.tracker is not None and parsed.plan.tracker.kind == "checklist"
    own = [g.status_raw for g in parsed.plan.gates]
    words = gate_dialect(own, parsed.plan.legend, parsed.plan.dialect, checklist)
    line = replace_cell(doc.lines[index], cells[status_col], words[edit.status])
    cells = split_row(line, index, expected=len(header)).cells
    doc.lines[index] = replace_cell(line, cells[last_col], edit.last_run)


def _append_columns(doc: Document, table: Table, names: list[str]) -> None:
    def extend(index: int, values: list[str]) -> None:
        line = doc.lines[index]
        body = line.rstrip()
        tail = line[len(body) :]
        add = " | ".join(values) + " |"
        doc.lines[index] = (body + " " + add if body.endswith("|") else body + " | " + add) + tail

    extend(table.header.line, names)
    extend(table.delimiter.line, ["-" * max(3, len(n)) for n in names])
    for row in table.rows:
        extend(row.line, [" " * len(n) for n in names])


def _set_meta(parsed: Parsed, edit: SetMeta) -> None:
    key = meta_key(edit.key)
    field = parsed.plan.metadata.get(key)
    if field is None:
        return
    doc = parsed.doc
    line = doc.lines[field.line]
    # Find the value again on the line as it is now: an earlier edit may have moved it.
    fm = parsed.structure.front_matter
    in_fm = fm is not None and field.line < fm[1]
    fields = front_matter_fields(line, field.line) if in_fm else fields_at(doc.lines, field.line)
    named = key.rstrip("0123456789") if key.startswith("lastupdated") else key  # `lastupdated2`
    current = next((f for f in fields if meta_key(f.key) == named), None)
    if current is None:
        return
    value = edit.value
    if key == "status":
        # A status is a meaning: written as the value already is (identifier or prose).
        value = status_like(current.value, value, identifier=in_fm)
    doc.lines[field.line] = line[: current.start] + value + line[current.end :]
