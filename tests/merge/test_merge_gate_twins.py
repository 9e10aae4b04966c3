"""Case 11, tenth pass: both sides add a Quality Gate of the same name (one `true`, one
`false`). `git merge` was clean with two `tests` rows; only the first ever ran, and `plan
gates` said "up to date" for ever. Like a task ID added on both sides, it is a conflict."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import git
from tests.helpers import plan, row, write_plan

LINT = "| Ok | `true` | passes |"


def test_a_gate_name_added_on_both_sides_stops_the_merge(repo: Path) -> None:
    path = write_plan(repo, [row("1", "`true`")])
    assert plan("merge-driver", "install").code == 0
    git(repo, "add", ".gitattributes")
    git(repo, "commit", "-q", "-m", "merge driver")
    git(repo, "checkout", "-q", "-b", "feat")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(LINT, LINT + "\n| tests | `true` | passes |"), "utf-8")
    git(repo, "commit", "-q", "-am", "tests gate: true")
    assert plan("gates").code == 0
    git(repo, "checkout", "-q", "main")
    path.write_text(text.replace(LINT, LINT + "\n| tests | `false` | passes |"), "utf-8")
    git(repo, "commit", "-q", "-am", "tests gate: false")
    merged = subprocess.run(
        ["git", "merge", "-q", "--no-edit", "feat"], cwd=repo, capture_output=True, text=True
    )
    assert merged.returncode != 0, merged.stdout + merged.stderr
    assert "Quality Gate name(s) added on both sides" in merged.stdout + merged.stderr
