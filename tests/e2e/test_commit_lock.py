"""Runs on several plans of one repository at once: every run's commit holds every other's.

The commit is made from an index of the runner's own, read from HEAD. Without a lock, a run
that read HEAD before another run committed makes a commit whose tree holds the other plan as
it was: the other run's results vanish from HEAD, and the work tree then differs from it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import git
from tests.helpers import row, write_plan

RUNS = 8


def test_eight_runs_on_eight_plans_at_once_keep_each_others_commits(repo: Path) -> None:
    names = [f"00{n:02d}-p{n}.md" for n in range(1, RUNS + 1)]
    for name in names:
        write_plan(repo, [row("1", "`true`"), row("2", "`true`")], name=name)
    before = int(git(repo, "rev-list", "--count", "HEAD"))
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "runner", "run", "--all", "-p", f"plans/{name}"],
            cwd=repo,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in names
    ]
    outs = [p.communicate() for p in procs]
    assert [p.returncode for p in procs] == [0] * RUNS, outs
    assert int(git(repo, "rev-list", "--count", "HEAD")) == before + RUNS
    for name in names:
        committed = git(repo, "show", f"HEAD:plans/{name}")
        on_disk = (repo / "plans" / name).read_text(encoding="utf-8")
        assert committed.strip() == on_disk.strip(), name
        assert "passed" in committed
    # Nothing a run wrote is left uncommitted, and nothing was undone.
    assert git(repo, "status", "--porcelain", "plans") == ""
