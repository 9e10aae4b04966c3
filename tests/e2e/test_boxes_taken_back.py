"""Issue 19 case 10, ninth pass: a tick whose own label or last words say the item is not done
(`[x] WIP two`, `[x] two: blocked on DB`, `[x] two (in progress)`) read as passed and made
the plan Complete. The family is read, not a list of strings; a task's own words are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import plan, write_text_plan


def _progress(repo: Path, second: str) -> None:
    write_text_plan(
        repo,
        f"# C10\n\n- Status: In Progress\n\n## Progress\n\n- [ ] one\n  - Run: `true`\n{second}\n",
    )


@pytest.mark.parametrize(
    "item",
    [
        "- [x] (reverted in 4f2a) two",
        "- [x] WIP two",
        "- [x] two (in progress)",
        "- [x] two — not yet",
        "- [x] two: blocked on DB",
        "- [x] ❌ two",
        "- [x] ⏳ two",
        "- [x] 🚧 two",
        "- [x] two: FAILED",
        "- [x] two (fails)",
        "- [x] two - partially done",
        "- [x] _(not started)_ two",
        "- [x] two (undone)",
        "- [x] two (pending)",
        "- [x] **Pending:** two",
        "- [x] two: deferred to v2",
        "- [x] two (on hold).",
    ],
)
def test_a_tick_its_own_words_take_back_is_never_passed(repo: Path, item: str) -> None:
    _progress(repo, item)
    tasks = plan("status", "--json").json()["tasks"]
    assert [t["status"] for t in tasks] == ["outstanding", None], item
    lint = plan("lint")
    assert lint.code == 1, lint.out
    assert "P106" in lint.out
    assert plan("next").code != 0
    assert "Complete" not in (repo / "plans" / "0001-run.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "item",
    [
        "- [x] Fix the failing tests",
        "- [x] Handle pending requests",
        "- [x] Fail fast on errors",
        "- [x] Blocked users list",
        "- [x] Tests: all passing",
        "- [x] Priority levels: critical/high (immediate), medium/low (deferred)",
        "- [x] States `incomplete | ready | failed` stored",
    ],
)
def test_a_tasks_own_words_keep_its_tick(repo: Path, item: str) -> None:
    _progress(repo, item)
    tasks = plan("status", "--json").json()["tasks"]
    assert [t["status"] for t in tasks] == ["outstanding", "passed"], item
