"""Typing the status table's columns once draws the very table tabulate drew by guessing."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from tabulate import tabulate

from runner.outputs.textcolumns import typed_columns


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
def test_typed_columns_never_fail_and_draw_words_and_digits_as_tabulate_does(
    rows: list[list[str]],
) -> None:
    headers = [f"c{i}" for i in range(len(rows[0]))]
    typed, text = typed_columns(rows)
    # Any cells at all: tabulate 0.9 itself raises on a float beside a boolean.
    drawn = tabulate(typed, headers=headers, tablefmt="simple", disable_numparse=text)
    columns = list(zip(*rows, strict=True))
    plain = all(_digits("".join(c)) or not any(_NUMBERISH.fullmatch(v) for v in c) for c in columns)
    if plain:  # columns of digits, or of values no number can be: exactly tabulate's table
        assert drawn == tabulate(rows, headers=headers, tablefmt="simple")


def test_text_and_digit_columns_are_told_apart() -> None:
    typed, text = typed_columns([["1", "Code", "True"], ["12", "Read", "False"]])
    assert text == [1, 2]  # booleans are words in a plan (and tabulate 0.9 trips on them)
    assert [r[0] for r in typed] == [1, 12]
