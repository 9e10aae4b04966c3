"""Issue 19, the eleventh pass (F9a): a run killed between its commit and the real index's
update left the previous plan staged (`MM`), and the user's next `git commit` put it back.
A post-commit hook that kills the runner stands for the kill -9 in that window."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import git
from tests.helpers import row, write_plan

# The hook's parent is `git commit`; git's parent is the runner, which it kills at once.
KILLER = """#!/bin/sh
runner=$(awk '{print $4}' /proc/$PPID/stat)
kill -9 "$runner"
"""


def test_a_run_killed_after_its_commit_leaves_the_plan_staged_as_committed(repo: Path) -> None:
    if not Path("/proc/self/stat").exists():
        import pytest

        pytest.skip("needs /proc")
    path = write_plan(repo, [row("T1", "`true`")])
    hook = repo / ".git" / "hooks" / "post-commit"
    hook.write_text(KILLER, encoding="utf-8")
    hook.chmod(0o755)
    run = subprocess.run(
        [sys.executable, "-m", "runner", "run", "T1", "-p", str(path.relative_to(repo))],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == -9, run.stdout + run.stderr
    rel = str(path.relative_to(repo))
    assert "passed" in git(repo, "show", f"HEAD:{rel}")
    # The index holds what HEAD holds: the user's next commit cannot undo the result.
    assert git(repo, "diff", "--cached", "--name-only", "HEAD", "--", rel) == ""
    hook.unlink()
    git(repo, "commit", "-q", "--allow-empty", "-m", "mine")
    assert "passed" in git(repo, "show", f"HEAD:{rel}")


def test_a_refused_commit_leaves_the_index_as_it_was(repo: Path) -> None:
    """The plan's entry is staged before the commit now; a hook that refuses the commit
    puts it back, so the index holds what the person had staged, not the run's bytes."""
    path = write_plan(repo, [row("T1", "`true`")])
    rel = str(path.relative_to(repo))
    staged = path.read_text(encoding="utf-8") + "\nA line the person staged.\n"
    path.write_text(staged, encoding="utf-8")
    git(repo, "add", rel)
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    run = subprocess.run(
        [sys.executable, "-m", "runner", "run", "T1", "-p", rel],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode != 0, run.stdout + run.stderr
    assert "commit" in run.stderr
    assert git(repo, "show", f":{rel}") == staged
