"""Case 11, eighth pass: a plan outside the plans folders, named by PLAN_FILE, was left out of
the `.gitattributes` lines `plan merge-driver install` writes, so git merged it as text."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import git
from tests.helpers import TABLE, plan, row


def test_install_covers_the_plan_plan_file_names(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = repo / "PLAN.md"
    rows = "\n".join([row("1", "`true`"), row("2", "`true`")])
    path.write_text(TABLE.format(rows=rows, gates="| Ok | `true` | passes |"), encoding="utf-8")
    git(repo, "add", "PLAN.md")
    git(repo, "commit", "-q", "-m", "plan at the root")
    monkeypatch.setenv("PLAN_FILE", "PLAN.md")
    result = plan("merge-driver", "install")
    assert result.code == 0, result.err
    assert "PLAN.md merge=plan" in (repo / ".gitattributes").read_text(encoding="utf-8")
    git(repo, "add", ".gitattributes")
    git(repo, "commit", "-q", "-m", "merge driver")
    # Both branches run a task; a real `git merge` keeps both results, no conflict.
    git(repo, "checkout", "-q", "-b", "a")
    assert plan("run", "1").code == 0
    git(repo, "checkout", "-q", "-b", "b", "main")
    assert plan("run", "2").code == 0
    merged = subprocess.run(
        ["git", "merge", "-q", "--no-edit", "a"], cwd=repo, capture_output=True, text=True
    )
    assert merged.returncode == 0, merged.stdout + merged.stderr
    cells = [x.split("|") for x in path.read_text(encoding="utf-8").splitlines()]
    status = {c[4].strip(): c[1].strip() for c in cells if len(c) > 9}
    assert (status["1"], status["2"]) == ("X", "X"), status
