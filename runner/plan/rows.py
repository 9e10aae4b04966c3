"""Rows to tasks: table rows (salvaging malformed ones) and checklist items; pure."""

from __future__ import annotations

import re
from dataclasses import dataclass

from runner.markdown.patterns import later
from runner.markdown.tables import Cell, Row, Table, normalise_name
from runner.plan import declared as dc
from runner.plan.duration import parse_duration
from runner.plan.expect import Expectation
from runner.plan.inference import unescape_cell
from runner.plan.model import (
    TASK_TYPES,
    Anchor,
    Problem,
    Status,
    Task,
    asks_a_person,
    by_a_person,
    for_a_person,
)
from runner.plan.statuses import parse_key
from runner.plan.tracker import STATUS_COLUMNS

DESCRIPTION_COLUMNS = (
    "description",
    "task",
    "item",
    "title",
    "milestone",
    "deliverable",
    "summary",
    "scope",
    "step",
    "slice",
    "details",
    "what",
    "action",  # "| Type | Command | Expected Output | Action |": the row's work, in prose
)
_DEPENDS_SPLIT = later(r"[,\s]+")
_NUMBER = later(r"[\w.-]+")
_NO_DEPENDENCY = ("-", "—", "none", "n/a")
_NO_COMMAND = later(r"[`*_]*(?:n/?a|none|-+|—|not\s+applicable)[`*_]*\.?", re.IGNORECASE)


@dataclass(frozen=True)
class Options:
    """Reading settings (`[tool.plan]`): command inference, and a heading for the task table."""

    infer_commands: bool = True
    task_table: str | None = None
    allow_actions: bool = False  # `--allow-action` or `[tool.plan] allow_actions`


DEFAULT_OPTIONS = Options()


def salvage(cells: tuple[Cell, ...], width: int) -> tuple[Cell, ...]:
    """Read a row with too many or too few cells the way a person would."""
    out = list(cells)
    while len(out) > width and not out[-1].text:
        out.pop()
    i = 1
    while len(out) > width and i < len(out):
        if not out[i].text:
            del out[i]
        else:
            i += 1
    while len(out) < width:
        out.append(Cell(-1, -1, ""))
    return tuple(out[:width])


def row_cells(row: Row, width: int, problems: list[Problem]) -> tuple[tuple[Cell, ...], bool]:
    """A row's cells, read as best they can be when the count is wrong (reported once)."""
    if len(row.cells) == width:
        return row.cells, True
    problems.append(
        Problem(
            row.line + 1,
            "P102",
            "error",
            f"row has {len(row.cells)} cells, the header has {width}; it is read as best it can"
            " be and never rewritten",
        )
    )
    return salvage(row.cells, width), False


RowCells = tuple[Row, tuple[Cell, ...], bool]


def _gather(tables: list[Table], problems: list[Problem]) -> list[RowCells]:
    """Every non-empty row of the tracker's tables, with its cells and whether it is sound."""
    rows: list[RowCells] = []
    for table in tables:
        width = table.width
        if len(table.delimiter.cells) != width:
            problems.append(
                Problem(
                    table.delimiter.line + 1,
                    "P101",
                    "error",
                    f"delimiter row has {len(table.delimiter.cells)} cells, the header has {width}"
                    " (GitHub will not render this table)",
                )
            )
        for row in table.rows:
            cells, sound = row_cells(row, width, problems)
            if any(c.raw.strip() for c in cells):
                rows.append((row, cells, sound))
    return rows


@dataclass(frozen=True)
class Columns:
    """Where each field of a task sits in the tracker's header (None: no such column)."""

    status: int | None
    phase: int | None
    number: int | None
    id: int | None
    type: int | None
    validation: int | None
    expected: int | None  # an Expected (Expected result, Pass condition ...) column
    depends: int | None
    timeout: int | None
    description: int | None
    lead_number: int | None  # a first column like `#` or `Step` holding unique IDs


def columns(first: Table, rows: list[RowCells]) -> Columns:
    """Find the task fields in the first tracker table's header."""
    description = first.column("description")
    if description is None:
        description = next(
            (first.column(n) for n in DESCRIPTION_COLUMNS if first.column(n) is not None), None
        )
    cols = Columns(
        status=first.column(*STATUS_COLUMNS),
        phase=first.column("phase #", "phase"),
        number=first.column("task #", "task no", "task number"),
        id=first.column("id"),
        type=first.column("task type", "type"),
        # A column of commands that prove the row ("| Command | Expected Output |", as a
        # generator of real plans writes it) is its Validation column (FORMAT.md §2 rule 8).
        validation=first.column(
            "validation",
            "validate",
            "verify",
            "command",
            "commands",
            "validation command",
            "validation commands",
            "check command",
            "test command",
            "verify command",
        ),
        expected=_expected_column(first),
        depends=first.column("depends", "depends on", "dependencies", "deps"),
        timeout=first.column("timeout"),
        description=description,
        lead_number=None,
    )
    if cols.id is None and cols.number is None:
        lead = normalise_name(first.header.cells[0].text)
        if lead in ("#", "step", "slice", "no", "no.", "num", "task", "n") and description != 0:
            values = [cells[0].text for _, cells, _ in rows]
            if all(_NUMBER.fullmatch(v) for v in values) and len(set(values)) == len(values):
                return Columns(**{**cols.__dict__, "lead_number": 0})
    return cols


def _expected_column(first: Table) -> int | None:
    """The column that states what a task's command must show (`Expected`, `Expected
    result`, `Pass condition`, `Should print`)."""
    from runner.plan.verdicts import EXPECTED_HEADER

    return next(
        (
            k
            for k, cell in enumerate(first.header.cells)
            if EXPECTED_HEADER.match(normalise_name(cell.text))
            and not normalise_name(cell.text).startswith("verification")
        ),
        None,
    )


def _with_expected(
    commands: tuple[str, ...], expects: tuple[Expectation | None, ...], cell: str
) -> tuple[Expectation | None, ...]:
    """The Expected cell states what the row's last command must show (issue 19 case 8: it
    was ignored and the task passed on exit 0); the Validation cell's own words about that
    command, when they state something checkable, stand."""
    from runner.plan.declared import expected_cell

    if not commands or not cell.strip():
        return expects
    told = expected_cell(cell)
    if told is None:
        return expects
    full: list[Expectation | None] = list(expects) if expects else [None] * len(commands)
    last = full[-1]
    if last is None or last.kind == "unchecked" or (last.kind == "exit" and last.lines == ("0",)):
        full[-1] = told
    return tuple(full)


def _text(cells: tuple[Cell, ...], index: int | None) -> str:
    return cells[index].text if index is not None else ""


def _task_id(cells: tuple[Cell, ...], col: Columns, position: int) -> str:
    if col.id is not None and _text(cells, col.id):
        task_id = _text(cells, col.id)
    elif col.number is not None and _text(cells, col.number):
        task_id = _text(cells, col.number)
    elif col.lead_number is not None:
        task_id = cells[col.lead_number].text
    else:
        task_id = str(position)
    return task_id.strip("`*").replace("\\|", "|")


def _depends(text: str) -> tuple[str, ...]:
    if not text:
        return ()
    parts = _DEPENDS_SPLIT.split(text.replace("`", ""))
    return tuple(d for d in parts if d and d.lower() not in _NO_DEPENDENCY)


def _commands(
    cells: tuple[Cell, ...], col: Columns, desc: str, task_type: str, infer: bool
) -> dc.Commands:
    """The Validation column, else labelled text in the description, else inference."""
    if by_a_person(task_type) or for_a_person(desc):
        return dc.Commands()
    if col.validation is not None:
        if _NO_COMMAND.fullmatch(cells[col.validation].text.strip()):
            return dc.Commands()  # `n/a`, `none`, `-`: the row says it has no command
        if asks_a_person(cells[col.validation].text):
            return dc.Commands()  # "`x` then ask the reviewer": done when the person is
        commands, expects = dc.validation_checks(cells[col.validation].text)
        expects = dc.with_description(commands, expects, desc)
        expects = _with_expected(commands, expects, _text(cells, col.expected))
        return dc.Commands(commands, expects, ("Validation column",) * len(commands))
    found = dc.declared([desc], [False], 0, 1) if ":" in desc else []
    if found:
        return dc.from_declared(
            [dc.Declared(d.command, d.expect, "Description cell") for d in found]
        )
    return dc.inferred(desc) if infer else dc.Commands()


def _timeout(text: str, line: int, problems: list[Problem]) -> float | None:
    timeout = parse_duration(text) if text else None
    if text and timeout is None:
        problems.append(
            Problem(line, "P109", "warning", f"timeout '{text}' is not a duration like 90s or 10m")
        )
    elif text and timeout == 0:
        # `0s` is no limit of the task's own: the run's --timeout (or the default) holds.
        problems.append(
            Problem(line, "P109", "info", f"timeout '{text}' sets no limit; the run's own holds")
        )
    return timeout


def table_tasks(
    tables: list[Table],
    legend: dict[str, Status],
    problems: list[Problem],
    task_cells: dict[str, tuple[Row, int]],
    options: Options,
) -> tuple[list[Task], list[str]]:
    """The tasks of the tracker's tables, and the status cells that were understood."""
    rows = _gather(tables, problems)
    col = columns(tables[0], rows)
    status_col = col.status if col.status is not None else 0
    tasks: list[Task] = []
    status_cells: list[str] = []
    meanings: dict[str, Status | None] = {}  # a plan repeats a handful of status keys
    types: dict[str, str] = {}
    phase = ""
    for position, (row, cells, sound) in enumerate(rows, start=1):
        task_id = _task_id(cells, col, position)
        raw_status = _text(cells, col.status)
        if raw_status not in meanings:
            meanings[raw_status] = parse_key(raw_status, legend)
        status = meanings[raw_status]
        if status is None:
            message = f"unknown status key '{raw_status}' (left alone)"
            problems.append(Problem(row.line + 1, "P106", "error", message))
        else:
            status_cells.append(raw_status)
        phase = _text(cells, col.phase) or phase
        raw_type = _text(cells, col.type)
        if raw_type not in types:
            types[raw_type] = task_type(raw_type)
        desc = _text(cells, col.description)
        found = _commands(cells, col, desc, types[raw_type], options.infer_commands)
        said = (
            dc.mentioned(cells[col.validation].text)
            if col.validation is not None and not found.commands and not by_a_person(raw_type)
            else ()
        )
        tasks.append(
            Task(
                id=task_id,
                line=row.line + 1,
                status=status,
                status_raw=raw_status,
                # What the cell says: `install\|uninstall` is `install|uninstall` in every
                # output (the commands above are read from the cell as written).
                description=unescape_cell(desc),
                phase=phase,
                type=types[raw_type],
                commands=found.commands,
                inferred=found.inferred,
                expects=found.expects,
                sources=found.sources,
                depends=_depends(_text(cells, col.depends)),
                timeout=_timeout(_text(cells, col.timeout), row.line + 1, problems),
                files_text=desc,
                mentions=said,
                malformed=not sound,
                anchor=Anchor(row.line, status_col),
            )
        )
        task_cells.setdefault(task_id, (row, status_col))
    return tasks, status_cells


def task_type(text: str) -> str:
    """A Task Type cell, spelled as docs/format.md spells the known types."""
    clean = text.strip("`* ")
    for known in TASK_TYPES:
        if clean.lower() == known.lower():
            return known
    return clean


def check_ids(tasks: list[Task], problems: list[Problem]) -> None:
    """Report every task ID that repeats an earlier one."""
    seen: dict[str, int] = {}
    for t in tasks:
        first = seen.setdefault(t.id, t.line)
        if first != t.line:
            message = f"duplicate task ID '{t.id}' (first on line {first})"
            problems.append(Problem(t.line, "P103", "error", message))
