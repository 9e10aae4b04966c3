"""Rows for a terminal table, typed once per column so tabulate need not guess per cell; pure.

tabulate decides each column's type by trying to read every cell as a number
(most of `plan status`'s time at 10,000 rows, bench/). Here a column of plain
digits is handed over as ints (tabulate prints an int-typed `01` as written, so
such a value stays a string) and every other column is text, number parsing off:
tabulate 0.9 (pinned for its start-up, pyproject.toml) raises on a column that
mixes a float and a boolean (`1.5`, `False`), and a plan's cells are words.
"""

from __future__ import annotations

from collections.abc import Sequence


def _digits(values: tuple[str, ...]) -> bool:
    joined = "".join(values)
    return joined.isascii() and joined.isdigit()


def typed_columns(rows: list[list[str]]) -> tuple[Sequence[Sequence[str | int]], list[int]]:
    """The rows with all-digit columns as ints, and the columns that are surely text."""
    columns = list(zip(*rows, strict=True))
    digits = [i for i, c in enumerate(columns) if _digits(c)]
    text = [i for i in range(len(columns)) if i not in digits]
    if not digits:
        return rows, text
    typed: list[list[str | int]] = [list(r) for r in rows]
    for i in digits:
        for row in typed:
            value = str(row[i])
            if value and (value[0] != "0" or value == "0"):  # "01" stays text: tabulate keeps it
                row[i] = int(value)
    return typed, text
