"""Issue 19, case 8, the fourteenth pass (F8e): a Description's statement beside a
Validation cell.

`| ... | The script should print 3. | `echo 4` |` passed on exit 0: the description was read
only when it held a code span. "Prints out 3." (the issue's own wording), "Expected output
is 3.", "Output: `3`.", "Must return 3.", "Expect: 3", "The count is 3.", "Coverage must be
at least 90%." each decide now; a sentence about something else ("the API should return
200") stays the author's prose.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import plan, row, write_plan, write_text_plan


def described(task_id: str, validation: str, desc: str) -> str:
    """A canonical row with its own Description."""
    return f"| | 1 | {task_id} | {task_id} | Code | {desc} | {validation} |  |  |"


@pytest.mark.parametrize(
    "desc",
    [
        "The script should print 3.",
        "Prints out 3.",
        "Expected output is 3.",
        "Output: `3`.",
        "Must return 3.",
        "Expect: 3",
        "The count is 3.",
        "It should print `3`.",
    ],
)
def test_the_descriptions_statement_decides(repo: Path, desc: str) -> None:
    write_plan(repo, [described("T1", "`echo 4`", desc), row("T2", "`true`")])
    r = plan("run", "T1")
    assert r.code == 1, r.out + r.err


@pytest.mark.parametrize(
    "desc",
    [
        "Refactor the module.",
        "Implement the API; the API should return 200.",
        "Users should be able to log in.",
        "See `docs/x.md`.",
    ],
)
def test_a_sentence_about_something_else_is_left_alone(repo: Path, desc: str) -> None:
    write_plan(repo, [described("T1", "`echo 4`", desc), row("T2", "`true`")])
    r = plan("run", "T1")
    assert r.code == 0, r.out + r.err


def test_a_threshold_in_the_description_is_checked(repo: Path) -> None:
    write_plan(
        repo,
        [
            described("T1", "`echo 'coverage: 85%'`", "Coverage must be at least 90%."),
            row("T2", "`true`"),
        ],
    )
    r = plan("run", "T1")
    assert r.code == 1, r.out + r.err


def test_a_checklist_items_words_decide_its_labelled_command(repo: Path) -> None:
    write_text_plan(
        repo,
        "# Plan: t\n\n## Progress\n\n- [ ] T1. Count rows; it should print 3.\n"
        "  - Verify: `echo 4`\n- [ ] T2. Run `true`.\n",
    )
    r = plan("run", "T1")
    assert r.code == 1, r.out + r.err
