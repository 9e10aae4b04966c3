"""Issue 19, case 6 (F6a, F6b): a dependency undone, or a row given the running task's ID,
while the task runs.

F6a: T1 depends on T2 (done). While T1 ran, a person set T2 to failed (`!`) or blank; T1 was
recorded passed, though the plan now says it could not have run. Its result is withdrawn,
as for a dependency added meanwhile. F6b: while T1 ran, a person renamed row T2 to T1; the
runner wrote the result into the first T1 and committed. A duplicated ID refuses the write
as it refuses the run at the start (exit 3, nothing written).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.conftest import git
from tests.helpers import plan, row, spawn, write_plan

HOLD = "until [ -e edited ]; do sleep 0.01; done"
GO = f"touch go; {HOLD}; true"


def edit_while_running(
    repo: Path, path: Path, args: tuple[str, ...], old: str, new: str
) -> tuple[int, str, str]:
    assert old in path.read_text(encoding="utf-8")
    proc = spawn(repo, *args, "--json")
    deadline = time.monotonic() + 20
    while not (repo / "go").exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    (repo / "edited").touch()
    out, err = proc.communicate(timeout=60)
    return proc.returncode, out, err


@pytest.mark.parametrize("now", ["!", " "], ids=["failed", "blank"])
@pytest.mark.parametrize(
    "args",
    [("run", "T1"), ("next",), ("run", "--all", "-j", "2")],
    ids=["run", "next", "all-j2"],
)
def test_a_dependency_undone_while_the_task_ran_withdraws_its_pass(
    repo: Path, now: str, args: tuple[str, ...]
) -> None:
    path = write_plan(repo, [row("T2", "`true`", status="X"), row("T1", f"`{GO}`", depends="T2")])
    code, out, err = edit_while_running(
        repo, path, args, "| X      | 1       | T2", f"| {now}      | 1       | T2"
    )
    assert code == 1, out + err
    (result,) = [r for r in json.loads(out)["results"] if r["id"] == "T1"]
    assert result["status"] != "passed", result
    assert "no longer done" in result["reason"], result


def test_a_dependency_the_run_itself_passed_is_done(repo: Path) -> None:
    # T2 runs first in the same run and passes: T1's dependency is done, though the plan
    # read back before the results are written still says outstanding.
    write_plan(repo, [row("T2", "`true`"), row("T1", "`true`", depends="T2")])
    r = plan("run", "--all", "--json")
    assert r.code == 0, r.out + r.err
    assert [x["status"] for x in r.json()["results"]] == ["passed", "passed"]


@pytest.mark.parametrize(
    "args",
    [("run", "T1"), ("next",), ("run", "--all", "-j", "2")],
    ids=["run", "next", "all-j2"],
)
def test_a_row_given_the_running_tasks_id_refuses_the_write(
    repo: Path, args: tuple[str, ...]
) -> None:
    # T2 is done, so `next` and `--all` run only T1 (and T2 is not run under the new name).
    path = write_plan(repo, [row("T1", f"`{GO}`"), row("T2", "`true`", status="X")])
    head = git(repo, "rev-parse", "HEAD")
    before = path.read_text(encoding="utf-8")
    code, out, err = edit_while_running(
        repo, path, args, "| 1       | T2     | T2 |", "| 1       | T2     | T1 |"
    )
    assert code == 3, out + err
    assert "P103" in out + err
    assert git(repo, "rev-parse", "HEAD") == head
    # The person's edit is there; no status was written into either T1.
    assert path.read_text(encoding="utf-8") == before.replace(
        "| 1       | T2     | T2 |", "| 1       | T2     | T1 |"
    )
