"""Issue 19, case 10, the fourteenth stop: a ticked item that says it was dropped, and one
whose first word only sounds like it.

`- [x] T2. (dropped) Run ...`, `[DROPPED]`, `(cancelled)`, `WONTFIX` were read as passed (a
label before the mark hid it, and "cancelled" was no mark); "Dropped support for Python 2"
and "Skip list implemented" were read as skipped (work done, named by its first word).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import plan, write_text_plan

HEAD = "# Plan: boxes\n\n## Progress\n\n"


def first_status(repo: Path, item: str) -> object:
    write_text_plan(repo, HEAD + f"- [x] {item}\n- [ ] T9. Run `true`.\n")
    tasks = plan("status", "--json").json()["tasks"]
    return tasks[0]["status"]


@pytest.mark.parametrize(
    "item",
    [
        "T2. (dropped) Run `true`.",
        "T2. [DROPPED] Run `true`.",
        "T2. DROPPED: Run `true`.",
        "(cancelled) Run `true`.",
        "WONTFIX Run `true`.",
        "Won't do: Run `true`.",
        "**Skipped** — not needed",
        "T2. ~~old step~~",
        "Skipped.",
    ],
)
def test_a_ticked_item_marked_dropped_is_skipped(repo: Path, item: str) -> None:
    assert first_status(repo, item) == "skipped"


@pytest.mark.parametrize(
    "item",
    [
        "Dropped support for Python 2.",
        "Skip list implemented in `src/skip.py`.",
        "Skipped tests re-enabled.",
        "Cancelled orders are refunded.",
        "T2. (2026-01-01 10:00Z) Run `true`.",
    ],
)
def test_work_done_that_starts_with_such_a_word_is_passed(repo: Path, item: str) -> None:
    assert first_status(repo, item) == "passed"


@pytest.mark.parametrize(
    "item", ["Two (dropped)", "Two — cancelled", "Two (cancelled)", "Two [wontfix]"]
)
def test_a_drop_said_after_the_words_takes_the_tick_back(repo: Path, item: str) -> None:
    # The fourteenth pass (F10a): `- [x] Two (dropped)` counted as passed while `— cancelled`
    # was unknown; both take the tick back now, as "(won't do)" does (the twelfth stop).
    assert first_status(repo, item) is None
    assert "P106" in plan("lint").out
