"""Issue 19, eleventh pass, case 11: two checklist items with one author's ID (`- [ ] **T3**
a`, `- [ ] **T3** b`) were renumbered by position without a word, so `plan run T3` found no
task, lint was silent, and a merge that added `T3` on both sides was clean. The ID is kept
twice: lint P103 names the line, runs refuse the ambiguous ID as they do for table rows, and
the merge stops."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import git
from tests.e2e.test_truth import commits
from tests.helpers import plan, write_text_plan

PLAN = """# C11

- Status: In Progress

## Progress

- [ ] **T1** one
  - Run: `true`
- [ ] **T3** a
  - Run: `true`
{more}- [ ] **T4** four
  - Run: `true`

## Progress Per Session

- (2026-01-01T00:00Z) Hand-written line.
"""
TWIN = "- [ ] **T3** b\n  - Run: `false`\n"


def test_a_checklist_id_used_twice_is_a_lint_error_and_refused(repo: Path) -> None:
    path = write_text_plan(repo, PLAN.format(more=TWIN))
    lint = plan("lint", "plans/0001-run.md")
    assert lint.code == 1
    assert "plans/0001-run.md:11: P103 duplicate task ID 'T3' (first on line 9)" in lint.out
    before, count = path.read_bytes(), commits(repo)
    for args in (("run", "T3"), ("done", "T3"), ("run", "--all")):
        r = plan(*args)
        assert r.code == 3, args
        assert "P103 task ID 'T3' is on lines 9 and 11" in r.err, args
    assert path.read_bytes() == before
    assert commits(repo) == count
    ids = [t["id"] for t in plan("status", "--json").json()["tasks"]]
    assert ids == ["T1", "T3", "T3", "T4"]
    assert plan("run", "T1").code == 0  # only the ambiguous ID is refused
    assert plan("next").code == 3


def test_numbers_that_restart_in_each_phase_stay_positions(repo: Path) -> None:
    write_text_plan(
        repo,
        "# P\n\n- Status: In Progress\n\n## Progress\n\n### Phase 1\n\n- [ ] Task 1: a\n"
        "- [ ] Task 2: b\n\n### Phase 2\n\n- [ ] Task 1: c\n",
    )
    assert [t["id"] for t in plan("status", "--json").json()["tasks"]] == ["1", "2", "3"]
    assert "P103" not in plan("lint").out


def test_a_checklist_id_added_on_both_sides_stops_the_merge(repo: Path) -> None:
    path = write_text_plan(repo, PLAN.format(more=""))
    assert plan("merge-driver", "install").code == 0
    git(repo, "add", ".gitattributes")
    git(repo, "commit", "-q", "-m", "merge driver")
    text = path.read_text(encoding="utf-8")
    git(repo, "checkout", "-q", "-b", "feat")
    path.write_text(text.replace("- [ ] **T4**", "- [ ] **T5** b\n- [ ] **T4**"), "utf-8")
    git(repo, "commit", "-q", "-am", "T5: b")
    git(repo, "checkout", "-q", "main")
    four = "- [ ] **T4** four\n  - Run: `true`\n"
    path.write_text(text.replace(four, four + "- [ ] **T5** c\n"), "utf-8")
    git(repo, "commit", "-q", "-am", "T5: c")
    merged = subprocess.run(
        ["git", "merge", "-q", "--no-edit", "feat"], cwd=repo, capture_output=True, text=True
    )
    assert merged.returncode != 0, merged.stdout + merged.stderr
    assert "task ID(s) added on both sides" in merged.stdout + merged.stderr
