"""Issue 19 case 11, sixteenth pass (F1, F2): a checklist box holds only done or not done, so
a failure on one branch and a pass on the other merged, through git, into a ticked box, a
`passed` status and even `Status: Complete`, with no journal note. The merge now reads what
each side journaled since the base: a pass beside a failure leaves the box open, with a
journal item naming the task and both branches. In the cookbook dialect (the journal kept
under `## Progress` itself) the journal merges as it does under "Progress Per Session", so
a box the merge opens again gets its journal item there too."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import git
from tests.helpers import plan, write_text_plan

TRACKED = """# Checklist plan

- Status: In Progress
- Last Updated: 2026-12-01T10:00Z

Some purpose.

## Tasks

- [ ] Step one: Run `test -f ok1`.
- [ ] Step two: check the output.
  - Check: `cat n.txt`
  - Expected: `3`

## Progress Per Session (Running Summary Log)

- (2026-12-01T10:00Z) Plan created.

## Decision Log

- Decision: start.
"""

COOKBOOK = """# Cookbook plan

Some purpose.

## Progress

- [ ] Step one: Run `test -f ok1`.
- [ ] Step two: check the output.
  - Check: `cat n.txt`
  - Expected: `3`

## Decision Log

- Decision: start.
"""


def _start(repo: Path, text: str) -> Path:
    """The plan and `n.txt` committed on main with the merge driver installed; `ok*` files
    ignored (a branch makes one to pass step one, then removes it)."""
    (repo / ".git" / "info" / "exclude").write_text("ok*\n", encoding="utf-8")
    (repo / "n.txt").write_text("3\n", encoding="utf-8")
    git(repo, "add", "n.txt")
    path = write_text_plan(repo, text)
    assert plan("merge-driver", "install").code == 0
    git(repo, "add", ".gitattributes")
    git(repo, "commit", "-q", "-m", "merge driver")
    return path


def _run_passing(repo: Path, *args: str) -> None:
    (repo / "ok1").write_text("", encoding="utf-8")
    try:
        assert plan("run", *args).code == 0
    finally:
        (repo / "ok1").unlink()


def _merge(repo: Path, branch: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "merge", "-q", "--no-edit", branch], cwd=repo, capture_output=True, text=True
    )


def _status_line(text: str) -> str:
    return next(x for x in text.splitlines() if x.startswith("- Status:"))


def test_a_failure_beside_a_pass_leaves_the_box_open_with_a_note(repo: Path) -> None:
    path = _start(repo, TRACKED)
    git(repo, "checkout", "-q", "-b", "b")
    _run_passing(repo, "1")
    assert "- [x] Step one" in path.read_text(encoding="utf-8")
    git(repo, "checkout", "-q", "-b", "a", "main")
    assert plan("run", "1").code != 0  # fails here: the box stays open
    assert "- [ ] Step one" in path.read_text(encoding="utf-8")
    merged = _merge(repo, "b")
    text = path.read_text(encoding="utf-8")
    assert "- [ ] Step one" in text, text
    assert "task 1 passed" in text  # both sides' journal kept
    assert "task 1 failed" in text
    note = next(x for x in text.splitlines() if "merge: task 1" in x)
    assert "`a` recorded failed, `b` recorded passed" in note
    assert merged.returncode == 0, merged.stdout + merged.stderr
    shown = plan("status").out
    assert "passed" not in next(x for x in shown.splitlines() if "Step one" in x), shown


def test_the_other_way_round_too(repo: Path) -> None:
    """The pass merged into the failing side and the failure into the passing side alike."""
    path = _start(repo, TRACKED)
    git(repo, "checkout", "-q", "-b", "a")
    assert plan("run", "1").code != 0
    git(repo, "checkout", "-q", "-b", "b", "main")
    _run_passing(repo, "1")
    merged = _merge(repo, "a")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    text = path.read_text(encoding="utf-8")
    assert "- [ ] Step one" in text, text
    assert "merge: task 1" in text


def test_a_complete_from_one_side_is_withdrawn_by_the_others_failure(repo: Path) -> None:
    path = _start(repo, TRACKED)
    git(repo, "checkout", "-q", "-b", "b")
    _run_passing(repo, "--all")
    assert "Complete" in _status_line(path.read_text(encoding="utf-8"))
    git(repo, "checkout", "-q", "-b", "a", "main")
    assert plan("run", "1").code != 0
    merged = _merge(repo, "b")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    text = path.read_text(encoding="utf-8")
    assert "- [ ] Step one" in text, text
    assert "- [x] Step two" in text  # passed on b, never disputed
    assert "Complete" not in _status_line(text), text
    assert "merge: task 1" in text


def test_passes_on_both_sides_stay_ticked_without_a_note(repo: Path) -> None:
    path = _start(repo, TRACKED)
    git(repo, "checkout", "-q", "-b", "b")
    _run_passing(repo, "1")
    git(repo, "checkout", "-q", "-b", "a", "main")
    _run_passing(repo, "1")
    merged = _merge(repo, "b")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    text = path.read_text(encoding="utf-8")
    assert "- [x] Step one" in text, text
    assert "merge:" not in text


def test_a_failure_before_a_pass_on_the_same_side_is_not_a_disagreement(repo: Path) -> None:
    """A side's own later pass settles its earlier failure: only its last result counts."""
    path = _start(repo, TRACKED)
    git(repo, "checkout", "-q", "-b", "b")
    _run_passing(repo, "1")
    git(repo, "checkout", "-q", "-b", "a", "main")
    assert plan("run", "1").code != 0
    _run_passing(repo, "1")
    merged = _merge(repo, "b")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    text = path.read_text(encoding="utf-8")
    assert "- [x] Step one" in text, text
    assert "merge:" not in text


def test_cookbook_a_failure_beside_a_pass_leaves_the_box_open_with_a_note(repo: Path) -> None:
    """The journal under `## Progress` itself: both sides' items are kept, no conflict."""
    path = _start(repo, COOKBOOK)
    git(repo, "checkout", "-q", "-b", "b")
    _run_passing(repo, "1")
    git(repo, "checkout", "-q", "-b", "a", "main")
    assert plan("run", "1").code != 0
    merged = _merge(repo, "b")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    text = path.read_text(encoding="utf-8")
    assert "<<<<<<<" not in text
    assert "- [ ] Step one" in text, text
    assert "task 1 passed" in text
    assert "task 1 failed" in text
    assert "merge: task 1" in text
    assert "P1" not in plan("lint").out  # read as before: no structural error
    shown = plan("status").out
    assert "passed" not in next(x for x in shown.splitlines() if "Step one" in x), shown


def test_cookbook_a_box_opened_again_gets_its_journal_item(repo: Path) -> None:
    """F2: one side ticked step two, the other changed its Expected: reopened, and said."""
    path = _start(repo, COOKBOOK)
    git(repo, "checkout", "-q", "-b", "a")
    assert plan("run", "2").code == 0
    git(repo, "checkout", "-q", "-b", "b", "main")
    path.write_text(
        path.read_text(encoding="utf-8").replace("Expected: `3`", "Expected: `4`"), "utf-8"
    )
    git(repo, "commit", "-q", "-am", "expect 4")
    git(repo, "checkout", "-q", "a")
    merged = _merge(repo, "b")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    text = path.read_text(encoding="utf-8")
    assert "- [ ] Step two" in text, text
    assert "Expected: `4`" in text
    assert "task 2 passed" in text
    note = next(x for x in text.splitlines() if "merge: task 2" in x)
    assert "changed on `b` while `a` ticked it" in note


def test_cookbook_items_added_on_both_sides_still_conflict_as_text(repo: Path) -> None:
    """Only the journal's items merge as a journal: two new checklist items at the end of
    `## Progress` are still people's edits, merged as git merges text."""
    path = _start(repo, COOKBOOK)
    git(repo, "checkout", "-q", "-b", "a")
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "  - Expected: `3`\n", "  - Expected: `3`\n- [ ] Step three: from a.\n"
        ),
        "utf-8",
    )
    git(repo, "commit", "-q", "-am", "three a")
    git(repo, "checkout", "-q", "-b", "b", "main")
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "  - Expected: `3`\n", "  - Expected: `3`\n- [ ] Step three: from b.\n"
        ),
        "utf-8",
    )
    git(repo, "commit", "-q", "-am", "three b")
    merged = _merge(repo, "a")
    assert merged.returncode != 0
    assert "<<<<<<<" in path.read_text(encoding="utf-8")


def test_without_a_journal_in_the_base_git_stops_and_says_why(repo: Path) -> None:
    """Each side started its own journal: nowhere shared to write the note, so the box is
    left open and the disagreement said where git stops."""
    text = TRACKED.replace(
        "## Progress Per Session (Running Summary Log)\n\n- (2026-12-01T10:00Z) Plan created.\n\n",
        "",
    )
    path = _start(repo, text)
    git(repo, "checkout", "-q", "-b", "b")
    _run_passing(repo, "1")
    git(repo, "checkout", "-q", "-b", "a", "main")
    assert plan("run", "1").code != 0
    merged = _merge(repo, "b")
    assert merged.returncode != 0
    assert "- [ ] Step one" in path.read_text(encoding="utf-8")
    assert "task 1: `a` recorded failed, `b` recorded passed" in merged.stdout + merged.stderr


def test_a_prose_conflict_elsewhere_still_leaves_the_box_open(repo: Path) -> None:
    """git stops for a conflict in the prose; the box, outside that conflict, is not left
    ticked for a person to `git add` after settling only the prose."""
    path = _start(repo, TRACKED)
    git(repo, "checkout", "-q", "-b", "b")
    path.write_text(path.read_text(encoding="utf-8").replace("Some purpose.", "B's aim."), "utf-8")
    git(repo, "commit", "-q", "-am", "b's words")
    _run_passing(repo, "1")
    git(repo, "checkout", "-q", "-b", "a", "main")
    path.write_text(path.read_text(encoding="utf-8").replace("Some purpose.", "A's aim."), "utf-8")
    git(repo, "commit", "-q", "-am", "a's words")
    assert plan("run", "1").code != 0
    merged = _merge(repo, "b")
    assert merged.returncode != 0
    text = path.read_text(encoding="utf-8")
    assert "<<<<<<<" in text
    assert "- [ ] Step one" in text, text
    assert "merge: task 1: `a` recorded failed, `b` recorded passed" in text


def test_cookbook_a_note_with_no_journal_yet_is_no_sub_item_of_the_last_task(repo: Path) -> None:
    """Ticked by hand on one side (nothing journaled), the last item's Expected changed on
    the other: the note starts the journal as a list of its own after the checklist."""
    path = _start(repo, COOKBOOK)
    git(repo, "checkout", "-q", "-b", "a")
    path.write_text(path.read_text(encoding="utf-8").replace("- [ ] Step two", "- [x] Step two"))
    git(repo, "commit", "-q", "-am", "ticked")
    git(repo, "checkout", "-q", "-b", "b", "main")
    path.write_text(path.read_text(encoding="utf-8").replace("Expected: `3`", "Expected: `4`"))
    git(repo, "commit", "-q", "-am", "expect 4")
    merged = _merge(repo, "a")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    text = path.read_text(encoding="utf-8")
    assert "- [ ] Step two" in text, text
    assert "  - Expected: `4`\n\n* (" in text, text
    assert "merge: task 2" not in plan("show", "2").out


def test_marks_by_hand_disagree_as_runs_do(repo: Path) -> None:
    """`plan done` on one side, `plan fail` on the other: journaled in other words, read
    the same."""
    path = _start(repo, TRACKED)
    git(repo, "checkout", "-q", "-b", "b")
    assert plan("done", "2").code == 0
    git(repo, "checkout", "-q", "-b", "a", "main")
    assert plan("fail", "2").code == 0
    merged = _merge(repo, "b")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    text = path.read_text(encoding="utf-8")
    assert "- [ ] Step two" in text, text
    assert "merge: task 2: `a` recorded failed, `b` recorded passed" in text


def test_a_verify_failure_beside_a_verify_pass_is_said(repo: Path) -> None:
    """Ticked before the branches split; verified on one side, no longer passing on the
    other: the box stays open (git merged the one change) and the journal says why."""
    path = _start(repo, TRACKED)
    _run_passing(repo, "1")
    git(repo, "checkout", "-q", "-b", "b")
    (repo / "ok1").write_text("", encoding="utf-8")
    assert plan("verify").code == 0
    (repo / "ok1").unlink()
    git(repo, "checkout", "-q", "-b", "a", "main")
    assert plan("verify").code != 0
    merged = _merge(repo, "b")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    text = path.read_text(encoding="utf-8")
    assert "- [ ] Step one" in text, text
    assert "merge: task 1: `a` recorded failed, `b` recorded passed" in text
