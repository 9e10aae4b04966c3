"""Issue 19, tenth pass, case 10: stacked boxes (`- [ ][x] two`) were dropped, and ticked
items whose note says "not done" in other words or languages passed. Each is unknown (lint
P106, an error), never done; a task's own words keep their tick."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_boxes_not_done import _not_done, _progress
from tests.helpers import plan


@pytest.mark.parametrize(
    "item",
    ["- [ ][x] two", "- [x][ ] two", "- [x][x] two", "* [ ][ ][x] two", "1. [x][?] two"],
)
def test_stacked_boxes_are_an_unknown_box_never_dropped(repo: Path, item: str) -> None:
    _progress(repo, item)
    out = _not_done(repo)
    assert "unknown checkbox" in out, out
    assert plan("run", "--all").code != 0


@pytest.mark.parametrize(
    "item",
    [
        "- [x] two: todo",
        "- [x] **pending** two",
        "- [x] two (not yet)",
        "- [x] tbd two",
        "- [x] two tbd",
        "- [x] two (to be done)",
        "- [x] to be done: two",
        "- [x] wip two",
        "- [x] two — partially",
        "- [x] two — partially done",
        "- [x] half done two",
        "- [x] two (🚧)",
        "- [x] **⏳** two",
        "- [x] two [⏳]",
        "- [x] two TODO",
        "- [x] two: offen",
        "- [x] two (noch offen)",
        "- [x] en cours two",
        "- [x] two — en cours",
        "- [x] two (pendiente)",
        "- [x] two: por hacer",
        "- [x] two 进行中",
        "- [x] 未完成 two",
        "- [x] two（进行中）",
        "- [x] two — в процессе",
        "- [x] two: nog niet",
        "- [x] two (in corso)",
        "- [x] two: 진행 중",
    ],
)
def test_a_tick_a_not_done_word_takes_back_is_not_done(repo: Path, item: str) -> None:
    _progress(repo, item)
    _not_done(repo)


@pytest.mark.parametrize(
    "item",
    [
        "- [x] Todo app",
        "- [x] Handle pending requests",
        "- [x] Partially apply the function",
        "- [x] List the things to be done",
        "- [x] Add the 🚧 banner component",
        "- [x] Translate offen to English",
        "- [x] two [link](https://example.com/x)",
    ],
)
def test_a_task_s_own_words_keep_its_tick(repo: Path, item: str) -> None:
    _progress(repo, item)
    tasks = plan("status", "--json").json()["tasks"]
    assert [t["status"] for t in tasks] == ["outstanding", "passed"], item
