"""Case 16, ninth pass: a file git is told not to look at (`update-index --skip-worktree` or
`--assume-unchanged`, as sparse checkouts and local config files use) was edited or deleted,
and the gate that reads it was called up to date on a tree where it fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import git
from tests.helpers import plan, row, write_plan


@pytest.mark.parametrize("flag", ["--skip-worktree", "--assume-unchanged"])
@pytest.mark.parametrize("change", ["edit", "delete"])
def test_a_flagged_file_changed_reruns_its_gate(repo: Path, flag: str, change: str) -> None:
    (repo / "f1").write_text("good\n", encoding="utf-8")
    git(repo, "add", "f1")
    git(repo, "commit", "-q", "-m", "f1")
    write_plan(repo, [row("T1", "`true`")], gates=["| Skip | `grep -q good f1` | exit 0 |"])
    assert plan("gates").code == 0
    git(repo, "update-index", flag, "f1")
    if change == "edit":
        (repo / "f1").write_text("bad\n", encoding="utf-8")
    else:
        (repo / "f1").unlink()
    result = plan("gates", "--json")
    assert result.code == 1, result.out
    assert [r["status"] for r in result.json()["results"]] == ["failed"]
