"""Issue 19: a process a check detaches (`setsid -f`) does not outlive the check.

Before, a check could start `setsid -f sh -c 'sleep 5; echo x >> plans/p.md'`: it left the
command's process group, so killing the group missed it, and it edited the plan after the
run. The runner is now a child subreaper (Linux): what a check orphans comes back to it and
is stopped when the check ends. Each test has the daemon write its pid before the check
ends (the check waits for it), so nothing here depends on timing.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.helpers import alive, plan, row, write_plan

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux prctl")

PLAN = "plans/0001-run.md"
WAIT = "while [ ! -s d.pid ]; do sleep 0.01; done; echo started"


def run_and_pid(repo: Path, command: str) -> tuple[dict[str, object], int]:
    write_plan(repo, [row("1", "`" + command + "`", timeout="60s")])
    r = plan("run", "1", "--json")
    assert r.code == 0, r.out + r.err
    return r.json()["results"][0], int((repo / "d.pid").read_text(encoding="utf-8"))


def test_a_detached_child_that_would_edit_the_plan_later_is_stopped(repo: Path) -> None:
    daemon = f"setsid -f sh -c 'echo $$ > d.pid; sleep 300; echo x >> {PLAN}'"
    result, pid = run_and_pid(repo, f"{daemon}; {WAIT}")
    assert result["status"] == "passed"
    assert not alive(pid)
    log = Path(str(result["commands"][0]["log"])).read_text(encoding="utf-8")  # type: ignore[index]
    assert "stopped a process the command left running" in log


def test_a_detached_grandchild_in_a_session_of_its_own_is_stopped(repo: Path) -> None:
    # The daemon detaches again: its own child leaves its group and session too.
    inner = 'setsid -f sh -c "echo \\$\\$ > d.pid; exec sleep 300"; exec sleep 300'
    result, pid = run_and_pid(repo, f"setsid -f sh -c '{inner}'; {WAIT}")
    assert result["status"] == "passed"
    assert not alive(pid)


def test_a_double_forked_child_is_stopped(repo: Path) -> None:
    result, pid = run_and_pid(repo, f"(setsid sh -c 'echo $$ > d.pid; exec sleep 300' &); {WAIT}")
    assert result["status"] == "passed"
    assert not alive(pid)
