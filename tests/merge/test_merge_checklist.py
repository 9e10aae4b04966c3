"""Case 11, ninth pass: a checklist item ticked on one branch while the other changed its
`Run:` line merged, through git's text merge, into a ticked item with the new, never-run
check, and the plan Complete. A table row was caught so; now a checklist item is too."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import git
from tests.helpers import plan, write_text_plan

PLAN = """# Merge a checklist

- Status: In Progress

## Progress

- [ ] one: check a
  - note: keep this
  - Run: `test -f a`
- [x] two: done before

## Progress Per Session

- (2026-01-01T00:00Z) Hand-written line.
"""


def _ticked_on_a_branch(repo: Path) -> Path:
    """The plan with the merge driver installed, `one` ticked by a run on branch `a`; main
    checked out again."""
    path = write_text_plan(repo, PLAN)
    assert plan("merge-driver", "install").code == 0
    git(repo, "add", ".gitattributes")
    git(repo, "commit", "-q", "-m", "merge driver")
    git(repo, "checkout", "-q", "-b", "a")
    (repo / "a").write_text("", encoding="utf-8")
    git(repo, "add", "a")
    git(repo, "commit", "-q", "-m", "a")
    assert plan("run", "--all").code == 0
    assert "- [x] one" in path.read_text(encoding="utf-8")
    git(repo, "checkout", "-q", "main")
    return path


def test_a_tick_for_a_check_the_other_side_changed_is_opened_again(repo: Path) -> None:
    path = _ticked_on_a_branch(repo)
    path.write_text(path.read_text(encoding="utf-8").replace("test -f a", "test -f b"), "utf-8")
    git(repo, "commit", "-q", "-am", "check b instead")
    merged = subprocess.run(
        ["git", "merge", "-q", "--no-edit", "a"], cwd=repo, capture_output=True, text=True
    )
    assert merged.returncode == 0, merged.stdout + merged.stderr
    text = path.read_text(encoding="utf-8")
    assert "- [ ] one: check a" in text, text
    assert "Run: `test -f b`" in text
    assert "- [x] two: done before" in text
    assert "its checks changed on" in text
    assert "Complete" not in next(x for x in text.splitlines() if x.startswith("- Status:"))


def test_a_tick_over_an_open_sub_item_the_other_side_added_is_opened_again(repo: Path) -> None:
    """The fourteenth pass (F11a): one side ticked `one`, the other added an open sub-item
    under it; git merged both clean, and the runner then refused the plan (P106)."""
    path = _ticked_on_a_branch(repo)
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("  - Run: `test -f a`\n", "  - Run: `test -f a`\n  - [ ] Also check docs\n"),
        "utf-8",
    )
    git(repo, "commit", "-q", "-am", "one more part")
    merged = subprocess.run(
        ["git", "merge", "-q", "--no-edit", "a"], cwd=repo, capture_output=True, text=True
    )
    assert merged.returncode == 0, merged.stdout + merged.stderr
    text = path.read_text(encoding="utf-8")
    assert "- [ ] one: check a" in text, text
    assert "  - [ ] Also check docs" in text
    assert "an open sub-item was added under it" in text
    assert "P106" not in plan("lint").out
    assert plan("status").code == 0
    assert "Complete" not in next(x for x in text.splitlines() if x.startswith("- Status:"))
