"""Issue 19 case 11, the sixteenth pass (attack16c F3): an acceptance criterion passed on one
branch and failed later on the other merged, through git, into a ticked box and `Status:
Complete` with no note, while `plan status` itself said the check failed. The merge now
judges a Complete by the acceptance checks' last results too (kept per repository, so the
later run of either branch counts)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import git
from tests.helpers import plan, write_text_plan

PLAN = """# Accepted plan

- Status: In Progress
- Last Updated: 2026-12-01T10:00Z

## Detailed Phase Task Steps

| ID | Task | Validation | Status |
|----|------|------------|--------|
| T1 | one | `true` | |

## Acceptance Criteria

- [ ] Running `test -f oka` succeeds.

## Progress Per Session (Running Summary Log)

- (2026-12-01T10:00Z) Plan created.
"""


def _status(path: Path) -> str:
    return next(x for x in path.read_text(encoding="utf-8").splitlines() if "Status:" in x)


def test_a_criterion_failed_later_keeps_the_merge_from_complete(repo: Path) -> None:
    (repo / ".git" / "info" / "exclude").write_text("oka\n", encoding="utf-8")
    path = write_text_plan(repo, PLAN)
    assert plan("merge-driver", "install").code == 0
    git(repo, "add", ".gitattributes")
    git(repo, "commit", "-q", "-m", "merge driver")
    assert plan("run", "T1").code == 0
    git(repo, "checkout", "-q", "-b", "b")
    (repo / "oka").write_text("", encoding="utf-8")
    assert plan("accept").code == 0
    (repo / "oka").unlink()
    assert "Complete" in _status(path)
    git(repo, "checkout", "-q", "-b", "a", "main")
    assert plan("accept").code == 1  # later, here: the criterion fails
    assert "Complete" not in _status(path)
    merged = subprocess.run(
        ["git", "merge", "-q", "--no-edit", "b"], cwd=repo, capture_output=True, text=True
    )
    text = path.read_text(encoding="utf-8")
    assert "Complete" not in _status(path), (merged.returncode, text)
    assert "acceptance: 1 check, 1 failed" in plan("status").out
