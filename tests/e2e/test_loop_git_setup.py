"""`plan loop`, ninth pass: an agent that changes git's own setup (a pre-commit hook that
writes a pass into the plan, a clean filter that rewrites it as git stores it) made the
loop's own commit record a pass nobody ran. Such a turn proves nothing and commits nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import git
from tests.e2e.test_loop_guard import agent
from tests.helpers import plan, row, write_plan

HOOK = (
    "h = pathlib.Path('.git/hooks/pre-commit')\n"
    "h.write_text('#!/bin/sh\\nsed -i \"s/^| *| 1 *| T2 /| X | 1 | T2 /\" ' + str(plan)"
    " + '\\ngit add ' + str(plan) + '\\n')\n"
    "h.chmod(0o755)\n"
)
FILTER = (
    "import subprocess\n"
    "subprocess.run(['git', 'config', 'filter.pw.clean', 'sed \"s/Task T2\\./Task T2 ran./\"'])\n"
    "pathlib.Path('.git/info').mkdir(exist_ok=True)\n"
    "with open('.git/info/attributes', 'a') as fh: fh.write('*.md filter=pw\\n')\n"
)


@pytest.mark.parametrize("change", [HOOK, FILTER], ids=["pre-commit hook", "clean filter"])
def test_an_agent_that_changes_gits_setup_proves_nothing(repo: Path, change: str) -> None:
    path = write_plan(repo, [row("T1", "`test -f done.txt`"), row("T2", "`test -f nothing`")])
    head = git(repo, "rev-parse", "HEAD").strip()
    cmd = agent(repo, "pathlib.Path('done.txt').touch()\n" + change)
    result = plan("loop", "--agent", cmd, "--max-tasks", "1")
    assert result.code == 1, result.out + result.err
    assert "git's own setup" in result.out + result.err
    # Nothing committed after the agent's own commit, and no pass for T2 anywhere.
    log = git(repo, "log", "--format=%s", f"{head}..HEAD")
    assert "passed" not in log, log
    committed = git(repo, "show", "HEAD:plans/0001-run.md")
    assert "T2 ran" not in committed
    t2 = next(x for x in committed.splitlines() if "| T2 " in x)
    assert not t2.startswith("| X"), t2
    assert "not proved" in path.read_text(encoding="utf-8")
