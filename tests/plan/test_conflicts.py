"""Git's conflict markers in a plan's lines: which are a conflict, which are not."""

from __future__ import annotations

import pytest

from runner.plan.conflicts import Conflict, conflicts, might_hold


def found(text: str) -> list[tuple[int, int, str]]:
    return [(c.line, c.end, c.marker) for c in conflicts(text.split("\n"))]


MERGE = """| Status | Task |
| --- | --- |
<<<<<<< HEAD
| X | one |
=======
| ! | one |
>>>>>>> side
| | two |"""

DIFF3 = """text
<<<<<<< ours
| X | one |
||||||| base
| | one |
=======
| ! | one |
>>>>>>> theirs
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (MERGE, [(3, 7, "<<<<<<<")]),
        (DIFF3, [(2, 8, "<<<<<<<")]),
        (MERGE.replace("\n", "\r\n"), [(3, 7, "<<<<<<<")]),
        # Bare markers (no label) are git's too, with `conflict-marker-size` unset.
        ("a\n<<<<<<<\nb\n=======\nc\n>>>>>>>\n", [(2, 6, "<<<<<<<")]),
        # Half resolved: the opening line deleted, the rest left.
        ("a\n=======\nc\n>>>>>>> side\n", [(4, 4, ">>>>>>>")]),
        # Half resolved: the closing line deleted.
        ("a\n<<<<<<< HEAD\nb\n", [(2, 2, "<<<<<<<")]),
        ("a\n||||||| base\nb\n", [(2, 2, "|||||||")]),
        (MERGE + "\n\n" + MERGE, [(3, 7, "<<<<<<<"), (12, 16, "<<<<<<<")]),
    ],
)
def test_a_conflict_is_found_with_its_lines(text: str, expected: list[object]) -> None:
    assert might_hold(text.encode())
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # A setext heading's underline is seven `=` too.
        "Title\n=======\n\ntext\n",
        # A plan about merging shows what git writes, in a fence.
        "Git writes:\n\n```text\n" + MERGE + "\n```\n\nafter\n",
        "Git writes:\n\n~~~~\n" + DIFF3 + "~~~~\n",
        "- step:\n  ```\n" + MERGE + "\n  ```\n",
        # Not git's: more or fewer marker characters, a word straight after, indented.
        "<<<<<<<< eight\n>>>>>> six\n",
        "<<<<<<<HEAD\n",
        "    <<<<<<< HEAD\n    >>>>>>> side\n",
        "text with <<<<<<< inside\n",
    ],
)
def test_what_is_not_a_conflict(text: str) -> None:
    assert found(text) == []


def test_a_fence_opened_inside_a_conflict_still_shows_the_conflict() -> None:
    text = "<<<<<<< HEAD\n```python\n=======\n```sh\n>>>>>>> side\nx = 1\n```\n"
    assert found(text) == [(1, 1, "<<<<<<<")]


def test_no_marker_bytes_no_scan() -> None:
    assert not might_hold(b"# Plan\n\n=======\n")


def test_each_is_described_with_what_to_do() -> None:
    whole = Conflict(3, 7, "<<<<<<<").describe()
    assert "lines 3-7" in whole
    assert "delete the marker lines" in whole
    stray = Conflict(4, 4, ">>>>>>>").describe()
    assert "`>>>>>>>`" in stray
