"""The Quality Gates table's rows as gates; pure."""

from __future__ import annotations

from runner.markdown.tables import Cell, Table
from runner.plan.inference import declared_commands
from runner.plan.model import Gate, Problem, Status
from runner.plan.rows import row_cells
from runner.plan.statuses import dialect, parse_key

LAST_RUN = ("last run", "last_run", "last ran", "ran")


def gates(table: Table, legend: dict[str, Status], problems: list[Problem]) -> list[Gate]:
    """One gate per row: name, commands, status, last run and threshold."""
    name_col = table.column("gate", "name", "check")
    cmd_col = table.column("command", "commands", "cmd")
    status_col = table.column("status", "result")
    last_col = table.column(*LAST_RUN)
    thr_col = table.column("threshold / expectation", "threshold", "expectation")
    inputs_col = table.column("inputs", "reads", "depends on")
    found: list[Gate] = []
    for n, row in enumerate(table.rows, start=1):
        cells, sound = row_cells(row, table.width, problems)

        def text(index: int | None, cells: tuple[Cell, ...] = cells) -> str:
            return cells[index].text if index is not None else ""

        raw = text(status_col)
        found.append(
            Gate(
                name=text(name_col).strip("`*_ ") or f"gate {n}",
                line=row.line + 1,
                commands=declared_commands(text(cmd_col)),
                status=parse_key(raw, legend) if status_col is not None else Status.OUTSTANDING,
                status_raw=raw,
                last_run=text(last_col),
                threshold=text(thr_col),
                malformed=not sound,
                inputs=gate_inputs(text(inputs_col)),
            )
        )
    return found


def gate_inputs(cell: str) -> tuple[str, ...]:
    """An Inputs cell: code spans, else comma- or space-separated words (`.env, $API_URL`)."""
    from runner.markdown.codespans import code_spans

    spans = [s.strip() for s in code_spans(cell) if s.strip()]
    if spans:
        return tuple(spans)
    return tuple(w for w in cell.replace(",", " ").split() if w not in ("-", "—", "none"))


def gate_dialect(
    cells: list[str], legend: dict[str, Status], tasks_dialect: dict[Status, str], checklist: bool
) -> dict[Status, str]:
    """What to write in the gates table's Status cells: the dialect of its own cells; with
    none written yet, the task table's; checkboxes (a checklist plan's, or a task table of
    `[x]` cells) never go into a gate's cell (words instead)."""
    if any(c.strip() and parse_key(c, legend) is not None for c in cells):
        return dialect(legend, cells)
    if not checklist and "[" not in tasks_dialect[Status.PASSED]:
        return tasks_dialect
    return dialect({}, ["passed", "failed"])
