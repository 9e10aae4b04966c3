"""Rows for a terminal table, typed once per column so tabulate need not guess per cell; pure.

tabulate decides each column's type by trying to read every cell as a number
(most of `plan status`'s time at 10,000 rows, bench/). A column with one value
that no number or boolean can be is text whatever the rest say, so number
parsing is switched off for it; a column of plain digits is handed over as ints
(tabulate prints an int-typed `01` as written, so such a value stays a string).
Either way tabulate draws exactly the table it would have drawn.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Every printable ASCII character that cannot appear in a number tabulate reads
# (digits, sign, point, exponent, `_` and `,` separators, inf/infinity/nan).
_TEXT_CHAR = re.compile(
    "["
    + re.escape(
        "".join(chr(c) for c in range(33, 127) if chr(c) not in "0123456789+-.,_eEinftyaINFTYA")
    )
    + "]"
)
_BOOLEANS = ("True", "False")


def _is_text(values: tuple[str, ...]) -> bool:
    if not _TEXT_CHAR.search(" ".join(values)):  # one search per column, not one per cell
        return False
    if not set(_BOOLEANS) & set(values):
        return True
    return any(v not in _BOOLEANS and _TEXT_CHAR.search(v) for v in values)


def _digits(values: tuple[str, ...]) -> bool:
    joined = "".join(values)
    return joined.isascii() and joined.isdigit()


def typed_columns(rows: list[list[str]]) -> tuple[Sequence[Sequence[str | int]], list[int]]:
    """The rows with all-digit columns as ints, and the columns that are surely text."""
    columns = list(zip(*rows, strict=True))
    text = [i for i, c in enumerate(columns) if _is_text(c)]
    digits = [i for i, c in enumerate(columns) if i not in text and _digits(c)]
    if not digits:
        return rows, text
    typed: list[list[str | int]] = [list(r) for r in rows]
    for i in digits:
        for row in typed:
            value = str(row[i])
            if value and (value[0] != "0" or value == "0"):  # "01" stays text: tabulate keeps it
                row[i] = int(value)
    return typed, text
