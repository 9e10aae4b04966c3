"""`parse_document`: a plan read from its document, with what a writer needs to find cells."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from re import Match

from runner.errors import NoTrackerError
from runner.markdown.blocks import Blocks, Heading, Structure, scan
from runner.markdown.doc import Document
from runner.markdown.nogc import paused_gc
from runner.markdown.tables import Row, Table
from runner.plan import items as items_
from runner.plan import metadata as meta
from runner.plan import rows, tracker
from runner.plan.actions import Acting, acting
from runner.plan.gates import gates as read_gates
from runner.plan.model import Plan, Problem, Status, Task, Tracker, by_doing
from runner.plan.rows import DEFAULT_OPTIONS, Options
from runner.plan.statuses import dialect


@dataclass
class Parsed:
    """A plan with the document and structure it came from, for writers."""

    doc: Document
    structure: Structure
    plan: Plan
    task_cells: dict[str, tuple[Row, int]]
    gates_table: Table | None
    options: Options


def parse(text: str, options: Options = DEFAULT_OPTIONS) -> Plan:
    """Read a plan from its text."""
    return parse_document(Document.from_text(text), options=options).plan


def _tasks(
    doc: Document,
    st: Structure,
    gates_table: Table | None,
    options: Options,
    problems: list[Problem],
) -> tuple[
    list[Task], Tracker | None, dict[Status, str], dict[str, Status], dict[str, tuple[Row, int]]
]:
    """The tasks, where they came from, the status dialect and legend, and the task cells."""
    heading, tables, reason = tracker.tracker_tables(doc, st, gates_table, options.task_table)
    legend = tracker.legend(doc, st, heading)
    task_cells: dict[str, tuple[Row, int]] = {}
    if tables:
        above = st.heading_before(tables[0].header.line)
        track = Tracker("table", tables[0].header.line + 1, above.text if above else "", reason)
        tasks, cells = rows.table_tasks(tables, legend, problems, task_cells, options)
        return tasks, track, dialect(legend, cells), legend, task_cells
    dia = dialect({}, ["[ ]", "[x]"])
    check = tracker.checklist(doc, st)
    sections = tracker.task_sections(st)
    kind = sections[0][1].group("kind").capitalize() if sections else ""
    if sections and (check is None or (kind == "Task" and _within(st, sections, check[1]))):
        # `### Task N:` sections are the tasks; boxes inside them are their steps.
        first = sections[0][0]
        why = f"`{kind} N:` sections (no task table; their checkboxes are steps)"
        track = Tracker("sections", first.line + 1, first.text, why)
        found = items_.section_tasks(doc, st, sections)
        if kind == "Phase" and all(not t.status_raw and not t.commands for t in found):
            # Phases written only as prose say nothing of what landed: showing them all
            # "outstanding" would contradict the plan (issue 18).
            problems.append(Problem(first.line + 1, "P002", "error", PROSE_PHASES))
            return [], None, dia, legend, task_cells
        return found, track, dia, legend, task_cells
    if check is None:
        problems.append(Problem(1, NoTrackerError.code or "", "error", NoTrackerError.TEXT))
        return [], None, dia, legend, task_cells
    under, items = check
    line = (items[0] if items else under.line) + 1
    tasks = items_.checklist_tasks(doc, st, items, options)
    # Named by the section of its first item, where "tasks from line N" points (a trial
    # found "line 28 (checklist under 'Phase 3')" with line 28 under Phase 1).
    head = (st.heading_before(items[0]) if items else None) or under
    why = f"checklist under '{head.text}'"
    others = {st.heading_before(i) for i in items} - {head, None}
    if others:
        why += f" and {len(others)} more section(s)"
    track = Tracker("checklist", line, under.text, why)
    loose, left_open = _loose(doc, st, tasks, problems)
    criteria = tracker.criteria_items(doc, st)
    if loose or criteria:
        parts = []
        if criteria:
            parts.append(f"{criteria} criteria (acceptance, exit criteria, phase gates)")
        if loose:
            parts.append(f"{loose} outside the tracker's sections (`plan lint`: P110)")
        if left_open:
            parts.append(
                f"{len(left_open)} of them open: the plan is not Complete until each is done or"
                " read as a task"
            )
        track = replace(
            track, left_out=loose + criteria, left_out_why="; ".join(parts), left_open=left_open
        )
    for t in tasks:
        if t.status is None:
            message = f"unknown checkbox '{t.status_raw}' (no runner meaning; left alone)"
            end = t.anchor.line + 1 + len(t.body)
            child = items_.open_child(doc, st, t.anchor.line, end)
            if child is not None and t.status_raw.lower() == "[x]":
                message = (
                    f"'{t.status_raw}' ticked while its sub-item on line {child + 1} is open"
                    f" ('{doc.lines[child].strip()}'); a parent passes when its parts are done"
                )
            problems.append(Problem(t.line, "P106", "error", message))
    return tasks, track, dia, legend, task_cells


PROSE_PHASES = (
    "no task table: the phases are only prose sections (`### Phase N:` headings with no"
    " checkbox, table, status or command), so nothing here records what landed; add a Progress"
    " checklist or a task table"
)


def plain_status(value: str) -> str:
    """A metadata status as text, its Markdown dropped: `[✅ **100% COMPLETE** (2025-10-10)]`
    reads `✅ 100% COMPLETE (2025-10-10)` (the plan itself is not changed)."""
    text = re.sub(r"(\*\*|__|`)", "", value).strip()
    while len(text) > 1 and text[0] == "[" and text[-1] == "]":
        text = text[1:-1].strip()
    return text


def no_tracker_reason(plan: Plan) -> str:
    """Why a plan has no tracker, in the words its P002 problem gives."""
    return next((p.message for p in plan.problems if p.code == "P002"), "")


def _within(st: Structure, sections: list[tuple[Heading, Match[str]]], items: list[int]) -> bool:
    """Are all the checklist items inside `### Task N:` sections?"""
    spans = [(h.line, st.section_end(h)) for h, _ in sections]
    return all(any(a < i < b for a, b in spans) for i in items)


def _loose(
    doc: Document, st: Structure, tasks: list[Task], problems: list[Problem]
) -> tuple[int, tuple[int, ...]]:
    """P110 for each checklist item that is neither a task (nor a task's sub-step) nor an
    acceptance criterion: a reader should know the runner passed it by. Returns how many,
    and the lines (1-based) of those still open in a section of the work: an open item the
    runner did not read never lets the plan become Complete (issue 19 case 10: a second
    `## Progress (phase 2)` block with `- [ ] four` was left out and the plan turned
    Complete)."""
    count = 0
    left_open: list[int] = []
    taken = [t.anchor.line for t in tasks]
    ends = [t.anchor.line + 1 + len(t.body) for t in tasks]
    for i in tracker.loose_items(doc, st, taken, ends):
        where = st.heading_before(i)
        under = f" under '{where.text}'" if where else ""
        message = f"checklist item{under} is not read as a task or an acceptance criterion"
        m = tracker.CHECK_ITEM.match(doc.lines[i])
        status = (
            items_.box_status(m.group("box"), m.group("text"), glued=not m.group("after"))
            if m is not None and not m.group("more")
            else None
        )
        # A short mark alone (`- [Note] ...`, `- [1] ...`) cites or labels: no box to hold.
        boxed = m is not None and not tracker.odd_box(m.group("box"))
        if boxed and (status is None or not status.done) and tracker.holds_work(st, i):
            message += "; it is not done, so the plan is not Complete while it stands"
            left_open.append(i + 1)
        problems.append(Problem(i + 1, "P110", "warning", message))
        count += 1
    return count, tuple(left_open)


def _checks_only(t: Task, allowed: bool) -> Task:
    """A task whose commands act (docs/format.md, "Checks and actions") keeps them in
    `acting`; without the user's opt-in they leave `commands`, so the task is manual."""
    found = acting(t.commands)
    if t.inferred and by_doing(t.type):
        why = f"read from the description of a task typed `{t.type}`: the work, not a check of it"
        said = {a.command: a for a in found}
        found = tuple(said.get(c, Acting(c, why)) for c in t.commands)
    if not found:
        return t
    if allowed:
        return replace(t, acting=found)
    return replace(t, commands=(), expects=(), sources=(), inferred=False, acting=found)


def parse_document(
    doc: Document, blocks: Blocks | None = None, options: Options = DEFAULT_OPTIONS
) -> Parsed:
    """Read a plan, keeping what a writer needs to find its cells again."""
    with paused_gc():
        return _parse_document(doc, blocks, options)


def _parse_document(doc: Document, blocks: Blocks | None, options: Options) -> Parsed:
    st = scan(doc, blocks)
    problems: list[Problem] = []
    title = meta.title(doc, st)
    metadata = meta.metadata(doc, st)
    gates_table, gates_heading = tracker.gates_table(doc, st)
    tasks, track, dia, legend, task_cells = _tasks(doc, st, gates_table, options, problems)
    tasks = [_checks_only(t, options.allow_actions) for t in tasks]
    rows.check_ids(tasks, problems)
    gates = read_gates(gates_table, legend, problems) if gates_table else []
    plan = Plan(
        title=title,
        status=plain_status(metadata["status"].value) if "status" in metadata else "",
        metadata=metadata,
        tasks=tuple(tasks),
        gates=tuple(gates),
        tracker=track,
        gates_line=(gates_heading.line + 1) if gates_heading else None,
        problems=tuple(problems),
        headings=tuple(h.text for h in st.headings),
        dialect=dia,
        legend=legend,
    )
    return Parsed(doc, st, plan, task_cells, gates_table, options)
