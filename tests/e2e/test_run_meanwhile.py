"""A pass written into the plan by hand while a run goes on (issue 19, seventh pass): put
back, said once and truly, and the running task's own result recorded."""

from __future__ import annotations

import time
from pathlib import Path

from tests.helpers import plan, row, spawn, write_plan

HOLD = "touch go; until [ -e edited ]; do sleep 0.01; done"


def status_of(task: str) -> str:
    doc = plan("status", "--json").json()
    return str(next(t["status"] for t in doc["tasks"] if t["id"] == task))


def test_a_pass_written_meanwhile_is_put_back_and_the_real_failure_recorded(repo: Path) -> None:
    path = write_plan(repo, [row("T1", f"`{HOLD}; false`"), row("T3", "`true`")])
    proc = spawn(repo, "run", "T1")
    deadline = time.monotonic() + 20
    while not (repo / "go").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    text = path.read_text(encoding="utf-8")
    for task in ("T1", "T3"):
        text = text.replace(f"|        | 1       | {task}", f"| X      | 1       | {task}")
    path.write_text(text, encoding="utf-8")
    (repo / "edited").touch()
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1, out + err
    after = path.read_text(encoding="utf-8")
    # One true account: both marks put back, once; T1's own failure recorded.
    assert "that mark is kept" not in after
    assert after.count("put back what was written into the plan while the run went on") == 1
    assert "task T1 status 'X' (was '')" in after
    assert "task T3 status 'X' (was '')" in after
    assert status_of("T1") == "failed"
    assert "task T1 failed" in after or "T1 (Code) failed" in after
    assert status_of("T3") == "outstanding"
