"""The Quality Gates table's rows as gates; pure."""

from __future__ import annotations

import re

from runner.markdown.tables import Cell, Table
from runner.plan.inference import declared_commands
from runner.plan.model import Gate, Problem, Status, asks_a_person
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
                person_step=_person_step(text(cmd_col), text(thr_col)),
            )
        )
    return found


def _person_step(command: str, threshold: str) -> str:
    """The words of a person's step in the Command or Threshold cell, "" when none."""
    for cell in (command, threshold):
        if asks_a_person(cell):
            return " ".join(re.sub(r"`[^`]*`", " ", cell).split()).strip(" ,;:.-")
    return ""


_VARIABLE_LABELS = ("env", "envs", "environment", "var", "vars", "variable", "variables")
_FILE_LABELS = ("file", "files", "path", "paths")


def gate_inputs(cell: str) -> tuple[str, ...]:
    """An Inputs cell: code spans, else comma- or space-separated words (`.env, $API_URL`).
    `%NAME%` and `${NAME}` are variables as `$NAME` is; after an `env:` (`environment:`,
    `vars:`) label each bare name is a variable, after `files:` a path. Beside code spans,
    a word outside them counts when it is a variable or follows a label (`` `.env`, env:
    STAGE ``): the seventh pass found `env: STAGE` dropped there."""
    from runner.markdown.codespans import code_span_ranges, code_spans

    ranges = code_span_ranges(cell)
    pieces: list[tuple[bool, str]] = []  # (inside a span, text)
    at = 0
    for a, b in ranges:
        pieces.append((False, cell[at:a]))
        pieces += [(True, s.strip()) for s in code_spans(cell[a:b]) if s.strip()]
        at = b
    pieces.append((False, cell[at:]))
    spans = bool(ranges)
    found: list[str] = []
    variables: bool | None = None  # after a label: variables (True) or paths (False)
    for inside, text in pieces:
        words = [text] if inside else text.replace(",", " ").split()
        for word in words:
            if word in ("-", "—", "none", "and", "&"):
                continue
            label, colon, rest = word.partition(":")
            name = label.strip().lower()
            if colon and name in (*_VARIABLE_LABELS, *_FILE_LABELS):
                variables = name in _VARIABLE_LABELS
                word = rest.strip()
                if not word:
                    continue
            elif word.lower() in _VARIABLE_LABELS or word.lower() in _FILE_LABELS:
                variables = word.lower() in _VARIABLE_LABELS
                continue
            labelled = variables is not None
            if spans and not inside and not labelled and not word.startswith(("$", "%")):
                continue  # prose beside the spans
            found.append(_as_input(word, bool(variables)))
    return tuple(found)


def _as_input(word: str, variables: bool) -> str:
    """One input as the fingerprint reads it: `$NAME` for a variable, else a path."""
    if len(word) > 2 and word.startswith("%") and word.endswith("%"):
        return "$" + word[1:-1]
    if word.startswith("${") and word.endswith("}"):
        return "$" + word[2:-1]
    if variables and word.isidentifier():
        return "$" + word
    return word


def looks_like_variable(item: str) -> bool:
    """A declared file input written like an environment variable's name (`API_URL`): it
    is read as a file, which is surely not what was meant."""
    return (
        not item.startswith("$")
        and len(item) > 1
        and item.replace("_", "").isalnum()
        and item.upper() == item
        and any(c.isalpha() for c in item)
    )


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
