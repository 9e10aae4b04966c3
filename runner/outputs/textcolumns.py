"""Rows for a terminal table, aligned once per column so tabulate need not guess per cell;
pure.

tabulate decides each column's type by trying every cell as a bool, an int and a float
(most of `plan status`'s time at 10,000 rows, bench/). Here every cell is handed over as a
`Shown`, which tabulate takes for text without trying it, and each column is aligned as
tabulate would align it: a column of plain digits to the right, the rest to the left.
Besides, tabulate 0.9 (pinned for its start-up, pyproject.toml) raises on a column that
mixes a float and a boolean (`1.5`, `False`), and a plan's cells are words.
"""

from __future__ import annotations


class Shown:
    """A cell tabulate prints as it is: not a `str`, so tabulate does not try each one as a
    bool, an int and a float (its `_type`, most of `plan status` at 10,000 rows, bench/); its
    text is what `format` gives. The columns' alignment is `column_alignment`."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text

    def __format__(self, spec: str) -> str:
        return format(self.text, spec)

    def isoformat(self) -> str:
        """The text. tabulate's typing asks first whether a cell has `isoformat` (a date or a
        time, which it prints as text); answering yes ends its typing of the cell there,
        before it tries the cell as a bool, an int and a float (each a raised exception)."""
        return self.text


def as_text(rows: list[list[str]]) -> list[list[Shown]]:
    """Every cell as a `Shown`."""
    return [[Shown(c) for c in row] for row in rows]


def column_alignment(rows: list[list[str]]) -> tuple[str, ...]:
    """How tabulate aligns each column when the cells stay text (`disable_numparse`, so it
    types no cell): all-digit columns to the right, as it aligns numbers, the rest left."""
    return tuple(
        "right" if all(v.isascii() and v.isdigit() for v in c) else "left"
        for c in zip(*rows, strict=True)
    )
