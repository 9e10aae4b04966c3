"""The one backtick scanner answers as the two scans it replaced did (pipes and code spans)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from runner.markdown.codespans import code_span_ranges, code_spans, scan_line, unescaped_pipes
from runner.markdown.tables import split_row

# Awkward alphabets: escapes, pipes, runs of backticks, spaces and a wide character.
awkward = st.text(alphabet="`|\\ ab\u4e00", max_size=40)


def _closing(line: str, start: int, run: int) -> int | None:
    i = start
    while i < len(line):
        if line[i] == "`":
            j = i
            while j < len(line) and line[j] == "`":
                j += 1
            if j - i == run:
                return i
            i = j
        else:
            i += 1
    return None


def reference_pipes(line: str, protect_code: bool) -> list[int]:
    """The pipe scan as it was written before the scanners were merged."""
    positions: list[int] = []
    i = 0
    while i < len(line):
        ch = line[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "`" and protect_code:
            run = 1
            while i + run < len(line) and line[i + run] == "`":
                run += 1
            close = _closing(line, i + run, run)
            i = close + run if close is not None else i + run
            continue
        if ch == "|":
            positions.append(i)
        i += 1
    return positions


def reference_spans(text: str) -> list[tuple[int, int]]:
    """The code span scan as it was written before the scanners were merged."""
    ranges: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "`":
            run = 1
            while i + run < len(text) and text[i + run] == "`":
                run += 1
            close = _closing(text, i + run, run)
            if close is None:
                i += run
                continue
            ranges.append((i, close + run))
            i = close + run
            continue
        i += 1
    return ranges


@settings(max_examples=400)
@given(awkward)
def test_one_scan_finds_the_pipes_and_spans_the_two_scans_found(line: str) -> None:
    found = scan_line(line)
    assert found.pipes == reference_pipes(line, protect_code=True)
    assert found.spans == reference_spans(line)
    assert code_span_ranges(line) == reference_spans(line)
    assert unescaped_pipes(line) == reference_pipes(line, protect_code=False)


@settings(max_examples=600)
@given(st.text(alphabet="`` a|\n", max_size=60))
def test_the_regular_expression_reads_spans_as_the_scanner_where_no_backslash_is(
    line: str,
) -> None:
    # code_span_ranges answers these by one regular expression, not by the scanner.
    assert code_span_ranges(line) == reference_spans(line) == scan_line(line).spans
    assert code_spans(line) == reference_contents(line)


@settings(max_examples=400)
@given(awkward)
def test_span_contents_are_read_as_commonmark_reads_them(line: str) -> None:
    assert code_spans(line) == reference_contents(line)


def reference_contents(line: str) -> list[str]:
    """Each span's content: inside its backticks, line breaks as spaces, one space off each
    side when both sides have one and it is not all space."""
    found = []
    for a, b in reference_spans(line):
        run = len(line[a:b]) - len(line[a:b].lstrip("`"))
        inside = line[a + run : b - run].replace("\n", " ")
        if len(inside) >= 2 and inside[0] == inside[-1] == " " and inside.strip():
            inside = inside[1:-1]
        found.append(inside)
    return found


def reference_cells(line: str, pipes: list[int]) -> list[tuple[int, int]]:
    """Cell bounds from pipe offsets, as the reader computed them before the split."""
    stripped_start = len(line) - len(line.lstrip())
    stripped_end = len(line.rstrip())
    leading = bool(pipes) and pipes[0] == stripped_start
    trailing = bool(pipes) and pipes[-1] == stripped_end - 1 and len(pipes) > (1 if leading else 0)
    cursor, inner = (pipes[0] + 1, pipes[1:]) if leading else (0, pipes)
    if trailing:
        inner = inner[:-1]
    bounds = []
    for p in inner:
        bounds.append((cursor, p))
        cursor = p + 1
    bounds.append((cursor, pipes[-1] if trailing else len(line)))
    return bounds


@settings(max_examples=300)
@given(awkward, st.sampled_from(["", "|", " | ", "  "]), st.integers(min_value=1, max_value=6))
def test_split_row_reads_a_row_as_before(line: str, edge: str, width: int) -> None:
    line = edge + line + edge
    plain = reference_cells(line, reference_pipes(line, protect_code=False))
    guarded = reference_cells(line, reference_pipes(line, protect_code=True))
    expected = guarded if len(plain) != width and len(guarded) == width else plain
    row = split_row(line, 0, expected=width)
    assert [(c.start, c.end) for c in row.cells] == expected
    assert [c.raw for c in row.cells] == [line[a:b] for a, b in expected]
    assert [(c.start, c.end) for c in split_row(line, 0).cells] == plain


def test_awkward_cases() -> None:
    assert scan_line("a | `b | c` | d").pipes == [2, 12]
    assert code_spans("`` a ` b `` and `c`") == ["a ` b", "c"]
    assert code_spans("\\`not` `yes`") == [" "]  # an escaped backtick opens nothing
    assert code_span_ranges("``` unclosed `` run") == []
    assert scan_line("\\| `x\\` |").pipes == [8]  # a backslash in a code span escapes nothing
    assert code_spans("`\\`") == ["\\"]
