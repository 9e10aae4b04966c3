"""`parse(text) -> Plan` and `apply(text, edits) -> text`: the round trip lives here; pure."""

from __future__ import annotations

import re
from dataclasses import dataclass

from runner.errors import UnusablePlanError
from runner.inference import (
    declared_commands,
    inferred_commands,
    named_files,
    parse_duration,
)
from runner.markdown import (
    Blocks,
    Cell,
    Document,
    Heading,
    Row,
    Structure,
    Table,
    normalise_name,
    replace_cell,
    scan,
    split_row,
)
from runner.model import TASK_TYPES, Anchor, Gate, MetaField, Plan, Problem, Status, Task, Tracker
from runner.statuses import dialect, parse_key, parse_legend

STATUS_COLUMNS = ("status", "state")
WORK_COLUMNS = (
    "task",
    "description",
    "step",
    "task #",
    "id",
    "item",
    "title",
    "milestone",
    "deliverable",
)
DESCRIPTION_COLUMNS = (
    "description",
    "task",
    "item",
    "title",
    "milestone",
    "deliverable",
    "step",
    "details",
    "what",
)
TASK_HEADINGS = re.compile(r"task steps|task table|\btasks\b", re.IGNORECASE)
MARKER = "plan:tasks"
LAST_RUN = ("last run", "last_run", "last ran", "ran")
GATE_MARKER = "plan:gates"

_CHECK_ITEM = re.compile(
    r"^(?P<indent>\s*)(?P<bullet>[-*+]|\d+[.)])\s+\[(?P<box>[ xX~])\]"
    r"(?P<after>\s*(?:\((?P<stamp>\d{4}-\d\d-\d\d[ T]\d\d:\d\dZ?)\))?)\s*(?P<text>.*)$"
)
_META_PART = re.compile(
    r"^\s*(?:\*\*(?P<bk>[^*:]+?):?\*\*:?|(?P<k>[A-Za-z][A-Za-z /#&-]{0,30}?):)\s*(?P<v>.*?)\s*$"
)
_FM_LINE = re.compile(r"^(?P<k>[A-Za-z_][\w-]*)\s*:\s*(?P<v>.*?)\s*$")


def meta_key(key: str) -> str:
    """`Last Updated`, `**Last updated:**`, `last_updated` all name one key."""
    return re.sub(r"[^a-z0-9]", "", key.lower())


@dataclass(frozen=True)
class Options:
    """Reading settings (`[tool.plan]`): command inference, and a heading for the task table."""

    infer_commands: bool = True
    task_table: str | None = None


DEFAULT_OPTIONS = Options()


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


def parse_document(
    doc: Document, blocks: Blocks | None = None, options: Options = DEFAULT_OPTIONS
) -> Parsed:
    """Read a plan, keeping what a writer needs to find its cells again."""
    st = scan(doc, blocks)
    problems: list[Problem] = []
    title = _title(doc, st)
    metadata = _metadata(doc, st)
    gates_table, gates_heading = _gates_table(doc, st)
    tracker, tables, reason = _tracker_tables(doc, st, gates_table, options.task_table)
    task_cells: dict[str, tuple[Row, int]] = {}
    legend = _legend(doc, st, tracker)
    tasks: list[Task] = []
    track: Tracker | None = None
    dia: dict[Status, str]
    if tables:
        heading = st.heading_before(tables[0].header.line)
        track = Tracker("table", tables[0].header.line + 1, heading.text if heading else "", reason)
        tasks, cells = _table_tasks(doc, tables, legend, problems, task_cells, options)
        dia = dialect(legend, cells)
    else:
        check = _checklist(doc, st)
        dia = dialect({}, ["[ ]", "[x]"])
        if check is not None:
            heading, items = check
            track = Tracker(
                "checklist",
                (items[0] if items else heading.line) + 1,
                heading.text,
                f"checklist under '{heading.text}'",
            )
            tasks = _checklist_tasks(doc, items, options)
        else:
            problems.append(
                Problem(
                    1, "P002", "error", "no task table: no status table and no Progress checklist"
                )
            )
    _check_ids(tasks, problems)
    gates = _gates(doc, gates_table, legend, problems) if gates_table else []
    journal = _journal_heading(st)
    status = metadata["status"].value if "status" in metadata else ""
    plan = Plan(
        title=title,
        status=status,
        metadata=metadata,
        tasks=tuple(tasks),
        gates=tuple(gates),
        tracker=track,
        gates_line=(gates_heading.line + 1) if gates_heading else None,
        journal_line=journal.line + 1 if journal else None,
        problems=tuple(problems),
        headings=tuple(h.text for h in st.headings),
        dialect=dia,
        legend=legend,
    )
    return Parsed(doc, st, plan, task_cells, gates_table, options)


def _title(doc: Document, st: Structure) -> str:
    for h in st.headings:
        if h.level == 1:
            return h.text
    if st.front_matter:
        for i in range(*st.front_matter):
            m = _FM_LINE.match(doc.lines[i])
            if m and m.group("k").lower() == "title":
                return m.group("v").strip("'\"")
    return st.headings[0].text if st.headings else ""


def _front_matter_fields(line: str, i: int) -> list[MetaField]:
    m = _FM_LINE.match(line)
    if not m:
        return []
    return [MetaField(m.group("k"), m.group("v"), i, m.start("v"), m.end("v"))]


def _bullet_fields(line: str, i: int) -> list[MetaField]:
    bullet = re.match(r"^\s*[-*+]\s+", line)
    if not bullet:
        return []
    found: list[MetaField] = []
    offset = bullet.end()
    for part in re.split(r"(•|·| \| )", line[offset:]):
        if part in ("•", "·", " | "):
            offset += len(part)
            continue
        m = _META_PART.match(part)
        if m:
            key = (m.group("bk") or m.group("k") or "").strip()
            start = offset + m.start("v")
            found.append(MetaField(key, m.group("v"), i, start, start + len(m.group("v"))))
        offset += len(part)
    return found


def _metadata(doc: Document, st: Structure) -> dict[str, MetaField]:
    found: dict[str, MetaField] = {}
    if st.front_matter:
        for i in range(st.front_matter[0] + 1, st.front_matter[1] - 1):
            for f in _front_matter_fields(doc.lines[i], i):
                found.setdefault(meta_key(f.key), f)
    first = next((h for h in st.headings if h.level == 1), None)
    start = first.line + 1 if first else (st.front_matter[1] if st.front_matter else 0)
    end = next((h.line for h in st.headings if h.line >= start), len(doc.lines))
    for i in range(start, end):
        if not st.excluded[i]:
            for f in _bullet_fields(doc.lines[i], i):
                found.setdefault(meta_key(f.key), f)
    return found


def _status_table(table: Table) -> bool:
    return table.column(*STATUS_COLUMNS) is not None and table.column(*WORK_COLUMNS) is not None


def _header_key(table: Table) -> tuple[str, ...]:
    return tuple(normalise_name(c.text) for c in table.header.cells)


def _preceding_comment(doc: Document, st: Structure, line: int, marker: str) -> bool:
    i = line - 1
    while i >= 0 and not doc.lines[i].strip():
        i -= 1
    return i >= 0 and marker in doc.lines[i] and "<!--" in doc.lines[i]


def _gates_table(doc: Document, st: Structure) -> tuple[Table | None, Heading | None]:
    for t in st.tables:
        if _preceding_comment(doc, st, t.header.line, GATE_MARKER):
            return t, st.heading_before(t.header.line)
    for h in st.headings:
        if "quality gates" in h.text.lower():
            end = st.section_end(h)
            for t in st.tables:
                if h.line < t.header.line < end:
                    return t, h
            return None, h
    return None, None


def _tracker_tables(
    doc: Document, st: Structure, gates: Table | None, setting: str | None
) -> tuple[Heading | None, list[Table], str]:
    candidates = [t for t in st.tables if t is not gates]
    for t in candidates:
        if _preceding_comment(doc, st, t.header.line, MARKER):
            return st.heading_before(t.header.line), [t], f"marker <!-- {MARKER} -->"
    status_tables = [t for t in candidates if _status_table(t)]
    first: Table | None = None
    reason = ""
    if setting:
        # `[tool.plan] task_table`: the first status table under that heading wins.
        for h in st.headings:
            if setting.lower() in h.text.lower():
                end = st.section_end(h)
                first = next((t for t in status_tables if h.line < t.header.line < end), None)
                if first:
                    return (
                        st.heading_before(first.header.line),
                        [first],
                        (f"setting task_table = '{setting}'"),
                    )
    for h in st.headings:
        if TASK_HEADINGS.search(h.text):
            end = st.section_end(h)
            first = next((t for t in status_tables if h.line < t.header.line < end), None)
            if first:
                reason = f"first status table under '{h.text}'"
                break
    if first is None and status_tables:
        first = status_tables[0]
        reason = "first status table in the document"
    if first is None:
        return None, [], ""
    key = _header_key(first)
    tables = [first] + [
        t for t in status_tables if t.header.line > first.header.line and _header_key(t) == key
    ]
    if len(tables) > 1:
        reason += f", continued by {len(tables) - 1} table(s) with the same header"
    return st.heading_before(first.header.line), tables, reason


def _legend(doc: Document, st: Structure, heading: Heading | None) -> dict[str, Status]:
    if heading is None:
        return {}
    end = st.section_end(heading)
    text_lines = []
    for i in range(heading.line + 1, end):
        line = doc.lines[i]
        if "|" in line and not st.excluded[i]:
            continue  # table rows are data, not legend
        text_lines.append(line)
    return parse_legend("\n".join(text_lines))


def _salvage(cells: tuple[Cell, ...], width: int) -> tuple[Cell, ...]:
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


def _row_cells(row: Row, width: int, problems: list[Problem]) -> tuple[tuple[Cell, ...], bool]:
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
    return _salvage(row.cells, width), False


def _table_tasks(
    doc: Document,
    tables: list[Table],
    legend: dict[str, Status],
    problems: list[Problem],
    task_cells: dict[str, tuple[Row, int]],
    options: Options,
) -> tuple[list[Task], list[str]]:
    tasks: list[Task] = []
    status_cells: list[str] = []
    rows: list[tuple[Table, Row, tuple[Cell, ...], bool]] = []
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
            cells, sound = _row_cells(row, width, problems)
            if not any(c.text for c in cells):
                continue
            rows.append((table, row, cells, sound))
    first = tables[0]
    col = {
        "status": first.column(*STATUS_COLUMNS),
        "phase": first.column("phase #", "phase"),
        "task#": first.column("task #", "task no", "task number"),
        "id": first.column("id"),
        "type": first.column("task type", "type"),
        "validation": first.column("validation", "validate", "verify"),
        "depends": first.column("depends", "depends on", "dependencies", "deps"),
        "timeout": first.column("timeout"),
    }
    description = first.column("description")
    if description is None:
        description = next(
            (first.column(n) for n in DESCRIPTION_COLUMNS if first.column(n) is not None), None
        )
    number_col: int | None = None
    if col["id"] is None and col["task#"] is None:
        lead = normalise_name(first.header.cells[0].text)
        if lead in ("#", "step", "no", "no.", "num", "task", "n") and description != 0:
            values = [cells[0].text for _, _, cells, _ in rows]
            if all(re.fullmatch(r"[\w.-]+", v) for v in values) and len(set(values)) == len(values):
                number_col = 0
    phase = ""

    def cell(cells: tuple[Cell, ...], name: str) -> str:
        index = col[name]
        return cells[index].text if index is not None else ""

    for position, (_table, row, cells, sound) in enumerate(rows, start=1):
        if col["id"] is not None and cell(cells, "id"):
            task_id = cell(cells, "id")
        elif col["task#"] is not None and cell(cells, "task#"):
            task_id = cell(cells, "task#")
        elif number_col is not None:
            task_id = cells[number_col].text
        else:
            task_id = str(position)
        task_id = task_id.strip("`*").replace("\\|", "|")
        raw_status = cell(cells, "status")
        status = parse_key(raw_status, legend)
        if status is None:
            problems.append(
                Problem(
                    row.line + 1, "P106", "error", f"unknown status key '{raw_status}' (left alone)"
                )
            )
        else:
            status_cells.append(raw_status)
        phase = cell(cells, "phase") or phase
        task_type = _task_type(cell(cells, "type"))
        desc = cells[description].text if description is not None else ""
        if col["validation"] is not None:
            commands, inferred = declared_commands(cells[col["validation"]].text), False
        else:
            commands = inferred_commands(desc) if options.infer_commands else ()
            inferred = bool(commands)
        if task_type.lower() in ("read", "human"):
            commands, inferred = (), False
        depends = tuple(
            d
            for d in re.split(r"[,\s]+", cell(cells, "depends").replace("`", ""))
            if d and d.lower() not in ("-", "—", "none", "n/a")
        )
        timeout_text = cell(cells, "timeout")
        timeout = parse_duration(timeout_text)
        if timeout_text and timeout is None:
            problems.append(
                Problem(
                    row.line + 1,
                    "P109",
                    "warning",
                    f"timeout '{timeout_text}' is not a duration like 90s or 10m",
                )
            )
        status_col = col["status"] if col["status"] is not None else 0
        tasks.append(
            Task(
                id=task_id,
                line=row.line + 1,
                status=status,
                status_raw=raw_status,
                description=desc,
                phase=phase,
                type=task_type,
                commands=commands,
                inferred=inferred,
                depends=depends,
                timeout=timeout,
                files=named_files(desc),
                malformed=not sound,
                anchor=Anchor(row.line, status_col),
            )
        )
        task_cells.setdefault(task_id, (row, status_col))
    return tasks, status_cells


def _task_type(text: str) -> str:
    clean = text.strip("`* ")
    for known in TASK_TYPES:
        if clean.lower() == known.lower():
            return known
    return clean


def _check_ids(tasks: list[Task], problems: list[Problem]) -> None:
    seen: dict[str, int] = {}
    for t in tasks:
        if t.id in seen:
            problems.append(
                Problem(
                    t.line,
                    "P103",
                    "error",
                    f"duplicate task ID '{t.id}' (first on line {seen[t.id]})",
                )
            )
        else:
            seen[t.id] = t.line


def _checklist_items(doc: Document, st: Structure, start: int, end: int) -> list[int]:
    return [
        i
        for i in range(start, end)
        if not st.excluded[i]
        and _CHECK_ITEM.match(doc.lines[i])
        and len(doc.lines[i]) - len(doc.lines[i].lstrip()) < 2
    ]


def _checklist(doc: Document, st: Structure) -> tuple[Heading, list[int]] | None:
    progress = [h for h in st.headings if h.text.strip().lower().rstrip(":") == "progress"]
    for h in progress:
        return h, _checklist_items(doc, st, h.line + 1, st.section_end(h))
    preferred = re.compile(r"step|task|todo|checklist|milestone|work", re.IGNORECASE)
    fallback: tuple[Heading, list[int]] | None = None
    for h in st.headings:
        items = _checklist_items(doc, st, h.line + 1, _own_end(st, h))
        if not items:
            continue
        if preferred.search(h.text):
            return h, items
        if fallback is None:
            fallback = (h, items)
    return fallback


def _own_end(st: Structure, heading: Heading) -> int:
    """The end of a heading's own text, before its first subsection."""
    for h in st.headings:
        if h.line > heading.line:
            return h.line
    return len(st.excluded)


def _checklist_tasks(doc: Document, items: list[int], options: Options) -> list[Task]:
    tasks: list[Task] = []
    for n, i in enumerate(items, start=1):
        m = _CHECK_ITEM.match(doc.lines[i])
        assert m is not None
        box = m.group("box")
        status = {"x": Status.PASSED, "X": Status.PASSED, "~": Status.IN_PROGRESS}.get(
            box, Status.OUTSTANDING
        )
        text = m.group("text")
        commands = inferred_commands(text) if options.infer_commands else ()
        tasks.append(
            Task(
                id=str(n),
                line=i + 1,
                status=status,
                status_raw=f"[{box}]",
                description=text,
                commands=commands,
                inferred=bool(commands),
                files=named_files(text),
                anchor=Anchor(i, None),
            )
        )
    return tasks


def _gates(
    doc: Document, table: Table, legend: dict[str, Status], problems: list[Problem]
) -> list[Gate]:
    name_col = table.column("gate", "name", "check")
    cmd_col = table.column("command", "commands", "cmd")
    status_col = table.column("status", "result")
    last_col = table.column(*LAST_RUN)
    thr_col = table.column("threshold / expectation", "threshold", "expectation")
    gates: list[Gate] = []
    for n, row in enumerate(table.rows, start=1):
        cells, sound = _row_cells(row, table.width, problems)

        def text(index: int | None, cells: tuple[Cell, ...] = cells) -> str:
            return cells[index].text if index is not None else ""

        name = text(name_col).strip("`*_ ") or f"gate {n}"
        raw = text(status_col)
        status = parse_key(raw, legend) if status_col is not None else Status.OUTSTANDING
        gates.append(
            Gate(
                name=name,
                line=row.line + 1,
                commands=declared_commands(text(cmd_col)),
                status=status,
                status_raw=raw,
                last_run=text(last_col),
                threshold=text(thr_col),
                malformed=not sound,
            )
        )
    return gates


def _journal_heading(st: Structure) -> Heading | None:
    for h in st.headings:
        if "progress per session" in h.text.lower():
            return h
    return None


# --- writing ------------------------------------------------------------------------------


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
    """Replace a metadata value in place (only when the plan has that key)."""

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
    for edit in edits:
        if isinstance(edit, SetTaskStatus):
            _set_task(parsed, tasks.get(edit.task_id), edit)
        elif isinstance(edit, SetGateResult):
            _set_gate(parsed, edit)
        else:
            _set_meta(parsed, edit)


def _set_task(parsed: Parsed, task: Task | None, edit: SetTaskStatus) -> None:
    if task is None:
        raise UnusablePlanError(f"task '{edit.task_id}' is no longer in the plan")
    if task.malformed:
        raise UnusablePlanError(
            f"task '{task.id}' is on a row with the wrong number of cells; fix the row first"
            " (nothing was written)",
            line=task.line,
        )
    doc = parsed.doc
    line = doc.lines[task.anchor.line]
    if task.anchor.column is None:
        doc.lines[task.anchor.line] = _set_box(line, edit.status, edit.stamp)
        return
    row, column = parsed.task_cells[task.id]
    cell = split_row(line, row.line, expected=len(row.cells)).cells[column]
    if cell.text and parse_key(cell.text, parsed.plan.legend) is edit.status:
        return  # already says so, in whatever words: leave the person's choice alone
    doc.lines[task.anchor.line] = replace_cell(line, cell, parsed.plan.dialect[edit.status])


def _set_box(line: str, status: Status, stamp: str) -> str:
    m = _CHECK_ITEM.match(line)
    assert m is not None
    if status is Status.PASSED:
        box = "x" if m.group("box") not in "xX" else m.group("box")
    elif status in (Status.OUTSTANDING, Status.FAILED):
        box = " "
    else:
        return line  # a checkbox cannot say in progress, blocked or skipped; the journal does
    new = line[: m.start("box")] + box + line[m.end("box") : m.start("after")]
    rest = line[m.end("after") :]
    if status is Status.PASSED and stamp:
        old_stamp = m.group("stamp")
        # The cookbook writes `(2025-10-01 13:00Z)`; keep a plan's own `T` style if it has one.
        value = stamp if old_stamp and "T" in old_stamp else stamp.replace("T", " ")
        return new + f" ({value})" + (" " + rest.lstrip() if rest.strip() else "")
    return new + m.group("after") + rest


def _column(cells: tuple[Cell, ...], *names: str) -> int | None:
    wanted = {normalise_name(n) for n in names}
    return next((i for i, c in enumerate(cells) if normalise_name(c.text) in wanted), None)


def _set_gate(parsed: Parsed, edit: SetGateResult) -> None:
    table = parsed.gates_table
    gate = next((g for g in parsed.plan.gates if g.name == edit.name), None)
    if table is None or gate is None:
        raise UnusablePlanError(f"gate '{edit.name}' is no longer in the plan")
    doc = parsed.doc
    header = split_row(doc.lines[table.header.line], table.header.line).cells
    status_col = _column(header, "status", "result")
    last_col = _column(header, *LAST_RUN)
    if status_col is None or last_col is None:
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
    if gate.malformed:
        raise UnusablePlanError(
            f"gate '{gate.name}' is on a malformed row (nothing was written)", line=gate.line
        )
    index = gate.line - 1
    cells = split_row(doc.lines[index], index, expected=len(header)).cells
    line = replace_cell(doc.lines[index], cells[status_col], parsed.plan.dialect[edit.status])
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
    fields = _front_matter_fields(line, field.line) if in_fm else _bullet_fields(line, field.line)
    current = next((f for f in fields if meta_key(f.key) == key), None)
    if current is None:
        return
    doc.lines[field.line] = line[: current.start] + edit.value + line[current.end :]
