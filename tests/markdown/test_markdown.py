"""Lines, cells and code spans: string in, string out."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from runner.markdown.blocks import scan
from runner.markdown.codespans import code_spans
from runner.markdown.doc import Document, NotUtf8Error
from runner.markdown.tables import display_width, escape_cell, replace_cell, split_row


@pytest.mark.parametrize(
    "text",
    [
        "",
        "a",
        "a\n",
        "a\r\nb\r\n",
        "a\nb\r\nc",
        "\ufeff# t\r\n\r\n",
        "tab\there  \n\n\n",
        "lone\rcr\n",
        "ünïcødé ✅\n",
    ],
)
def test_document_round_trip(text: str) -> None:
    assert Document.from_text(text).text() == text


def test_not_utf8_names_the_line() -> None:
    with pytest.raises(NotUtf8Error) as info:
        Document.from_bytes(b"ok\nstill ok\nbad \xff here\n")
    assert info.value.line == 3


def test_insert_after_missing_final_newline_keeps_style() -> None:
    doc = Document.from_text("a\r\nb")
    doc.insert(2, ["c"])
    assert doc.text() == "a\r\nb\r\nc"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("| a | b |", ["a", "b"]),
        ("a | b", ["a", "b"]),
        ("| a \\| b | c |", ["a \\| b", "c"]),
        ("|  | x |", ["", "x"]),
        ("| `a | b` | c |", ["`a | b`", "c"]),
    ],
)
def test_split_row(line: str, expected: list[str]) -> None:
    assert [c.text for c in split_row(line, 0, expected=len(expected)).cells] == expected


def test_split_row_prefers_gfm_when_no_reading_fits() -> None:
    assert len(split_row("| `a | b` | c |", 0, expected=7).cells) == 3


def test_code_spans() -> None:
    assert code_spans("run `a` and ``b ` c`` then `unclosed") == ["a", "b ` c"]
    assert code_spans("`` `x` ``") == ["`x`"]


@pytest.mark.parametrize(
    ("raw", "value", "expected"),
    [
        ("|        |", "X", "| X      |"),
        ("| X      |", "!", "| !      |"),
        ("| TODO |", "in progress", "| in progress |"),
        ("||", "X", "|X|"),
        ("|x|", "done", "|done|"),
        ("| ⬜ planned |", "✅", "| ✅         |"),
    ],
)
def test_replace_cell_keeps_width(raw: str, value: str, expected: str) -> None:
    cell = split_row(raw, 0).cells[0]
    assert replace_cell(raw, cell, value) == expected


def test_display_width() -> None:
    assert display_width("✅") == 2
    assert display_width("⏸️") == 1 or display_width("⏸️") == 2
    assert display_width("abc") == 3


def test_escape_cell_cannot_break_a_table_or_list() -> None:
    text = escape_cell("a | b\n- c `d` <script>")
    assert "\n" not in text
    assert "|" not in text.replace("\\|", "")
    assert "`" not in text
    assert "<" not in text


def test_scan_ignores_fences_and_comments() -> None:
    doc = Document.from_text(
        "# T\n\n```\n## Not\n| a | b |\n|---|---|\n```\n<!--\n| c | d |\n|---|---|\n-->\n"
        "## Real\n\n| e | f |\n|---|---|\n| 1 | 2 |\n"
    )
    st_ = scan(doc)
    assert [h.text for h in st_.headings] == ["T", "Real"]
    assert len(st_.tables) == 1
    assert st_.tables[0].header.line == 13


def test_scan_reads_table_with_mismatched_delimiter() -> None:
    doc = Document.from_text("| a | b |\n|---|---|---|\n| 1 | 2 |\n")
    (table,) = scan(doc).tables
    assert len(table.delimiter.cells) == 3
    assert len(table.rows) == 1


cell_text = st.lists(
    st.sampled_from([*"ab c`\\|✅⬜🔄é-_*:", "\\|", "`x|y`", "  ", "`done`", "[x]"]),
    max_size=8,
).map("".join)


@given(
    st.lists(st.lists(cell_text, min_size=3, max_size=3), min_size=1, max_size=6),
    st.sampled_from(["\n", "\r\n"]),
    st.booleans(),
)
def test_tables_round_trip_and_edit_one_cell(rows: list[list[str]], nl: str, bom: bool) -> None:
    from runner.plan.edits import SetTaskStatus, apply
    from runner.plan.model import Status
    from runner.plan.reading import parse

    body = [
        "# P",
        "",
        "## Tasks",
        "",
        "| Status | Task | Notes |",
        "| --- | --- | --- |",
        *[f"|  | t{i} {r[0]} | {r[1]} {r[2]} |" for i, r in enumerate(rows)],
    ]
    text = ("\ufeff" if bom else "") + nl.join(body) + nl
    plan = parse(text)
    assert Document.from_text(text).text() == text
    assert apply(text, []) == text
    sound = [t for t in plan.tasks if not t.malformed]
    if not sound:
        return
    target = sound[0]
    edited = apply(text, [SetTaskStatus(target.id, Status.PASSED)])
    before, after = text.split(nl), edited.split(nl)
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert changed == [target.line - 1]
    line_before, line_after = before[target.line - 1], after[target.line - 1]
    assert line_after.startswith("| X")
    # Only the status cell changed: everything from its closing pipe on is the same.
    assert line_after[line_after.index("|", 1) :] == line_before[line_before.index("|", 1) :]
    assert parse(edited).task(target.id) is not None
    reparsed = parse(edited).task(target.id)
    assert reparsed is not None
    assert reparsed.status is Status.PASSED


@given(st.lists(st.integers(min_value=1, max_value=6), max_size=12), st.integers(0, 40))
def test_sections_found_by_index_match_a_scan(levels: list[int], probe: int) -> None:
    from runner.markdown.blocks import Heading, Structure

    headings = [Heading(i * 3, level, f"h{i}") for i, level in enumerate(levels)]
    st_ = Structure(headings, [], [False] * 40)
    for h in headings:
        later = [g.line for g in headings if g.line > h.line and g.level <= h.level]
        assert st_.section_end(h) == (later[0] if later else 40)
        after = [g.line for g in headings if g.line > h.line]
        assert st_.own_end(h) == (after[0] if after else 40)
    before = [g for g in headings if g.line < probe]
    assert st_.heading_before(probe) == (before[-1] if before else None)


_PIECES = [
    "# Title",
    "## Tasks",
    "text",
    "",
    "",
    "```",
    "~~~",
    "````md",
    "<!-- plan:tasks",
    "-->",
    "<div>",
    "</div>",
    "- item",
    "  - nested",
    "1. first",
    "    indented code",
    "| a | b |",
    "| --- | --- |",
    "===",
    "---",
    "> quote",
    "[ref]: /url",
    "<script>",
    "</script>",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=40), st.integers(min_value=1, max_value=6))
def test_markdown_it_by_windows_finds_what_one_parse_finds(pieces: list[str], window: int) -> None:
    from runner.markdown.blocks import find_blocks

    doc = Document.from_text("\n".join(pieces) + "\n")
    assert find_blocks(doc, window=window) == find_blocks(doc, window=10**9)
