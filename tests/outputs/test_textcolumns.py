"""Cells handed to tabulate as they are, aligned by column, draw the very table tabulate drew
by guessing each cell's type."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from tabulate import tabulate

from runner.outputs.textcolumns import as_text, column_alignment


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


_NUMBERISH = re.compile(r"[\s0-9.,_eE+-]*|inf|nan|True|False|\u0663")

# Values tabulate reads as numbers, booleans or text, and some that only look like numbers.
cells = st.one_of(
    st.sampled_from(["", "1", "01", "007", "1.5", "1.10", "-3", "1e3", "inf", "nan", "True"]),
    st.sampled_from(["False", "1,000", "1_000", " 2 ", "\u0663", "Task 1", "a|b", "x", "1.1.1"]),
    st.text(alphabet="0123456789.,-eETaFx ", max_size=6),
)


@settings(max_examples=300)
@given(
    st.integers(min_value=1, max_value=4).flatmap(
        lambda w: st.lists(st.lists(cells, min_size=w, max_size=w), min_size=1, max_size=6)
    )
)
def test_shown_cells_never_fail_and_draw_words_and_digits_as_tabulate_does(
    rows: list[list[str]],
) -> None:
    headers = [f"c{i}" for i in range(len(rows[0]))]
    # Any cells at all: tabulate 0.9 itself raises on a float beside a boolean.
    drawn = tabulate(
        as_text(rows),
        headers=headers,
        tablefmt="simple",
        disable_numparse=True,
        colalign=column_alignment(rows),
    )
    columns = list(zip(*rows, strict=True))
    plain = all(_digits("".join(c)) or not any(_NUMBERISH.fullmatch(v) for v in c) for c in columns)
    if plain:  # columns of digits, or of values no number can be: exactly tabulate's table
        assert drawn == tabulate(rows, headers=headers, tablefmt="simple")


def test_text_and_digit_columns_are_told_apart() -> None:
    # Booleans are words in a plan (and tabulate 0.9 trips on them); "01" is printed as
    # written, to the right, as tabulate does.
    assert column_alignment([["1", "Code", "True"], ["12", "Read", "False"]]) == (
        "right",
        "left",
        "left",
    )
    assert column_alignment([["01"], ["2"]]) == ("right",)
