"""Issue 19, eleventh pass, case 10: a colon after the box (`- [x]: two — not started yet`)
dropped the item, and ticks whose words or marks say "not done" (`⚠️ failing`, `🔴`, a struck
done word then `reopened`, a second box after a space, `(revisit)`) read as passed. Each is
now an item, unknown (lint P106, an error), never done."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_boxes_not_done import _not_done, _progress
from tests.helpers import plan, write_text_plan


@pytest.mark.parametrize(
    "item",
    [
        "- [x]: two — not started yet",
        "- [x] two ⚠️ failing",
        "- [x] ⚠️ failing two",
        "- [x] two ⚠️",
        "- [x] 🔴 two",
        "- [x] two 🔴",
        "- [x] two — 🟡 tests red",
        "- [x] two ~~done~~ reopened",
        "- [x] two <del>done</del>, reopened after review",
        "- [x] [ ] two",
        "- [x] [x] two",
        "* [ ] [x] two",
        "- [x] two (revisit)",
        "- [x] two: revisit",
        "- [x] two — needs rework",
        "- [x] two (to recheck)",
    ],
)
def test_a_tick_its_marks_or_words_take_back_is_not_done(repo: Path, item: str) -> None:
    _progress(repo, item)
    _not_done(repo)


def test_an_open_box_with_a_colon_is_an_item_and_keeps_the_plan_open(repo: Path) -> None:
    _progress(repo, "- [ ]: two")
    tasks = plan("status", "--json").json()["tasks"]
    assert [(t["status"], t["description"]) for t in tasks] == [
        ("outstanding", "one"),
        ("outstanding", "two"),
    ]


@pytest.mark.parametrize(
    ("item", "text"),
    [
        ("- [x]: two", "two"),
        ("- [x] [P1] two", "[P1] two"),
        ("- [x] Fix the ⚠️ banner", "Fix the ⚠️ banner"),
        ("- [x] two ~~done~~ reopened, done again ✅", "two ~~done~~ reopened, done again ✅"),
        ("- [x] Revisit the cache design", "Revisit the cache design"),
    ],
)
def test_a_task_s_own_words_and_tags_keep_its_tick(repo: Path, item: str, text: str) -> None:
    _progress(repo, item)
    tasks = plan("status", "--json").json()["tasks"]
    assert [(t["status"], t["description"]) for t in tasks] == [
        ("outstanding", "one"),
        ("passed", text),
    ]


def test_a_link_reference_definition_is_no_item(repo: Path) -> None:
    _progress(repo, "- [x]: https://example.com/two")
    assert len(plan("status", "--json").json()["tasks"]) == 1


SECTION = """# S

- Status: In Progress

## Tasks

### Task 1: one

- [x] first step
- [x] {step}

### Task 2: two

- [ ] a step
"""


@pytest.mark.parametrize("step", ["second step 🔴", "second step (revisit)", "two ⚠️ failing"])
def test_a_step_its_words_take_back_keeps_its_section_open(repo: Path, step: str) -> None:
    write_text_plan(repo, SECTION.format(step=step))
    tasks = plan("status", "--json").json()["tasks"]
    assert [(t["id"], t["status"]) for t in tasks] == [("1", "in_progress"), ("2", "outstanding")]


def test_a_section_of_plain_ticked_steps_still_passes(repo: Path) -> None:
    write_text_plan(repo, SECTION.format(step="second step"))
    tasks = plan("status", "--json").json()["tasks"]
    assert [(t["id"], t["status"]) for t in tasks] == [("1", "passed"), ("2", "outstanding")]
