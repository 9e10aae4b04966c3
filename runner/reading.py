"""`parse_document`: a plan read from its document, with what a writer needs to find cells."""

from __future__ import annotations

from dataclasses import dataclass

from runner import metadata as meta
from runner import rows, tracker
from runner.blocks import Blocks, Structure, scan
from runner.doc import Document
from runner.gates import gates as read_gates
from runner.model import Plan, Problem, Status, Task, Tracker
from runner.nogc import paused_gc
from runner.rows import DEFAULT_OPTIONS, Options
from runner.statuses import dialect
from runner.tables import Row, Table


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


_NO_TRACKER = "no task table: no status table and no Progress checklist"


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
    if check is None:
        problems.append(Problem(1, "P002", "error", _NO_TRACKER))
        return [], None, dia, legend, task_cells
    under, items = check
    line = (items[0] if items else under.line) + 1
    track = Tracker("checklist", line, under.text, f"checklist under '{under.text}'")
    return rows.checklist_tasks(doc, items, options), track, dia, legend, task_cells


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
    rows.check_ids(tasks, problems)
    gates = read_gates(gates_table, legend, problems) if gates_table else []
    plan = Plan(
        title=title,
        status=metadata["status"].value if "status" in metadata else "",
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
