"""Issue 19 case 10, ninth pass (cases/10d): ticks whose words say the item is not done in
shapes the family did not read (a closing note of doubt, an HTML comment, a strike its words
take back) and a ticked item over an open sub-item made the plan Complete."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import plan, write_text_plan


def _progress(repo: Path, second: str) -> None:
    write_text_plan(
        repo,
        f"# C10\n\n- Status: In Progress\n\n## Progress\n\n- [ ] one\n  - Run: `true`\n{second}\n",
    )


def _not_done(repo: Path) -> str:
    tasks = plan("status", "--json").json()["tasks"]
    assert [t["status"] for t in tasks] == ["outstanding", None]
    lint = plan("lint")
    assert lint.code == 1, lint.out
    assert "P106" in lint.out
    assert plan("next").code != 0
    assert "Complete" not in (repo / "plans" / "0001-run.md").read_text(encoding="utf-8")
    return lint.out


@pytest.mark.parametrize(
    "item",
    [
        "- [x] two: not done",
        "- [X] two: NOT DONE",
        "- [x] two - not done",
        "- [x] two [not done]",
        "- [x] two (?)",
        "- [x] two? (unsure)",
        "- [x] two [to be confirmed]",
        "- [x] two <!-- not done -->",
        "- [x] **two** (blocked)",
        "- [x] ~~two~~ (still needed)",
        "- [x] ~~two~~ reinstated, still to do",
        "- [x] ~~two~~ no wait two",
        "* [x] two (in progress)",
        "1. [x] two (pending)",
        "+ [x] two — WIP",
        "- [x] (2026-01-01 10:00Z) two ❌",
        "- [x] two ~~done~~",
    ],
)
def test_a_tick_its_words_doubt_or_hide_is_not_done(repo: Path, item: str) -> None:
    _progress(repo, item)
    _not_done(repo)


@pytest.mark.parametrize("child", ["  - [ ] two.a: migrate prod db", "  - [?] two.a"])
def test_a_ticked_item_over_an_open_sub_item_is_not_done(repo: Path, child: str) -> None:
    _progress(repo, f"- [x] two\n  - [x] two.b\n{child}")
    out = _not_done(repo)
    assert "sub-item on line 11 is open" in out, out


@pytest.mark.parametrize(
    "item",
    [
        "- [x] two\n  - [x] two.a\n  - [-] two.b\n  - [ ] ~~two.c~~",
        "- [x] Is the cache warm? Checked\n  ```md\n  - [ ] in a fence\n  ```",
        "- [x] ~~two~~ (obsolete)",
        "- [x] ~~two~~ no longer needed",
        "- [x] two <!-- see #12 -->",
        "- [x] Which port? 8080",
    ],
)
def test_done_parts_and_kept_strikes_keep_their_reading(repo: Path, item: str) -> None:
    _progress(repo, item)
    tasks = plan("status", "--json").json()["tasks"]
    assert [t["status"] for t in tasks][1] in ("passed", "skipped"), item
