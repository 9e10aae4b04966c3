"""The values of a plan the runner owns, read from one version for a three-way merge; pure.

Task Status cells, gate Status and Last Run cells, the Status and Last Updated metadata:
each with what it says and where it sits, keyed so the same value can be found in the
base, ours and theirs.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from runner.markdown.tables import Table, normalise_name, split_row
from runner.plan.gates import LAST_RUN
from runner.plan.model import Status
from runner.plan.reading import Parsed
from runner.plan.tracker import STATUS_COLUMNS

# ("task", ID), ("row", the row without its Status cell), ("gate", name), ("meta", key)
Key = tuple[str, str]


@dataclass(frozen=True)
class Spot:
    """Where a plan-owned value sits: a line, [start, end) on it, the raw text there."""

    line: int
    start: int
    end: int
    raw: str
    cell: bool


@dataclass(frozen=True)
class Entry:
    """One plan-owned value on one side: what it says, its status meaning, where it sits."""

    value: tuple[str, ...]
    status: Status | None
    spots: dict[str, Spot]
    label: str = ""
    # The row's other cells (its commands among them): a result proves nothing for others.
    context: tuple[str, ...] = ()


def entries(parsed: Parsed) -> dict[Key, Entry]:
    """Every plan-owned value of one version, by key."""
    out = _task_entries(parsed)
    out.update(_gate_entries(parsed))
    for key in ("lastupdated", "status"):
        f = parsed.plan.metadata.get(key)
        if f is not None:
            spot = Spot(f.line, f.start, f.end, f.value, False)
            out[("meta", key)] = Entry((f.value.strip(),), None, {"value": spot})
    return out


def _task_entries(parsed: Parsed) -> dict[Key, Entry]:
    """Task Status cells, keyed by the task's ID when a column declares it; a row numbered
    by its position is keyed by its other cells, as rows added above it renumber it."""
    found: list[tuple[Key, Entry]] = []
    ids = Counter(t.id for t in parsed.plan.tasks)
    # Each table's status column and whether it declares IDs, looked up by row line.
    kinds = [(x.column(*STATUS_COLUMNS), _declared(x)) for x in parsed.structure.tables]
    where = {r.line: n for n, x in enumerate(parsed.structure.tables) for r in x.rows}
    for t in parsed.plan.tasks:
        if t.anchor.column is None or t.malformed or ids[t.id] != 1:
            continue  # a checklist box or an ambiguous row merges as text
        row, col = parsed.task_cells[t.id]
        if row.line not in where or kinds[where[row.line]][0] != col:
            continue
        cell = row.cells[col]
        spot = Spot(row.line, cell.start, cell.end, cell.raw, True)
        line = parsed.doc.lines[row.line]
        declared = kinds[where[row.line]][1]
        key = ("task", t.id) if declared else ("row", line[: cell.start] + line[cell.end :])
        context = tuple(c.text for n, c in enumerate(row.cells) if n != col)
        found.append((key, Entry((cell.text,), t.status, {"status": spot}, t.id, context)))
    keys = Counter(k for k, _ in found)
    return {k: e for k, e in found if keys[k] == 1}


def _declared(table: Table) -> bool:
    """Whether a column names each row's ID (docs/format.md: ID, Task #, or a first column of
    numbers), rather than its position."""
    if table.column("id", "task #", "task no", "task number") is not None:
        return True
    lead = normalise_name(table.header.cells[0].text) if table.header.cells else ""
    return lead in ("#", "step", "no", "no.", "num", "task", "n")


def _gate_entries(parsed: Parsed) -> dict[Key, Entry]:
    out: dict[Key, Entry] = {}
    table = parsed.gates_table
    if table is None:
        return out
    columns = {"status": table.column("status", "result"), "last": table.column(*LAST_RUN)}
    names = Counter(g.name for g in parsed.plan.gates)
    for g in parsed.plan.gates:
        if g.malformed or names[g.name] != 1:
            continue
        index = g.line - 1
        cells = split_row(parsed.doc.lines[index], index, expected=table.width).cells
        if len(cells) != table.width:
            continue
        spots = {
            part: Spot(index, cells[c].start, cells[c].end, cells[c].raw, True)
            for part, c in columns.items()
            if c is not None
        }
        owned = set(columns.values())
        context = tuple(c.text for n, c in enumerate(cells) if n not in owned)
        out[("gate", g.name)] = Entry((g.status_raw, g.last_run), g.status, spots, "", context)
    return out


def unproven(found: list[Entry | None], side: str) -> str | None:
    """The other side ("ours", "theirs") when the result the merge keeps from `side` was
    recorded for commands that side changed: the row's other cells (its Validation or
    Description, a gate's Command or Threshold) differ there from both the base and `side`.
    `found` is base, ours, theirs."""
    if side not in ("ours", "theirs"):
        return None
    index = 1 if side == "ours" else 2
    base, kept, other = found[0], found[index], found[3 - index]
    if base is None or kept is None or other is None or kept.value == base.value:
        return None
    if kept.status not in (Status.PASSED, Status.FAILED):
        return None
    if other.context in (base.context, kept.context):
        return None
    return "theirs" if index == 1 else "ours"


def outstanding(found: list[Entry | None], side: str, part: str) -> str:
    """The raw cell for a result withdrawn: the base's own when it was outstanding there,
    else blank, as wide as the cell it replaces."""
    base = found[0]
    kept = found[1 if side == "ours" else 2]
    assert kept is not None
    width = len(kept.spots[part].raw) if part in kept.spots else 2
    if base is not None and base.status is Status.OUTSTANDING and part == "status":
        return base.spots[part].raw if part in base.spots else " " * max(width, 2)
    return " " * max(width, 2)
