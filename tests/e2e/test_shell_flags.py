"""Rule 6, ninth pass: a shell's script given with short flags run together with `-c`
(`bash -lc`, `-ic`, `-ec`, `-xc`, `sh -euc`) or after `-c --` was not read, so `git tag`
inside ran as a check and was recorded passed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import git
from tests.helpers import plan, row, write_plan


@pytest.mark.parametrize(
    "command",
    [
        'bash -lc "git tag v1"',
        'bash -ic "git tag v1"',
        'bash -ec "git tag v1"',
        'bash -xc "git tag v1"',
        'sh -ec "git tag v1"',
        'sh -euc "git tag v1"',
        'bash -c -- "git tag v1"',
    ],
)
def test_a_shell_script_behind_run_together_flags_is_read(repo: Path, command: str) -> None:
    write_plan(repo, [row("T1", f"`{command}`")])
    result = plan("run", "T1")
    assert result.code == 4, result.out + result.err  # manual: an action, never run
    assert git(repo, "tag", "--list").strip() == ""


def test_a_check_behind_run_together_flags_still_runs(repo: Path) -> None:
    write_plan(repo, [row("T1", '`bash -ec "test -d .git"`')])
    assert plan("run", "T1").code == 0
