"""Issue 19, case 6: a person's edit of another task's check while a run goes on.

Since F6c (a check that rewrites the plan's other checks proves nothing) any change to the
plan's checks during a run withdrew every pass of it, though most of its commands ran before
or after the change, when no process of theirs was alive to make it. The runner cannot tell
a check's write from a person's made while that check runs, so the pass of a command running
when the checks changed is still withdrawn, and the plan is still written but not committed;
the passes of commands that ran wholly before or after the change stand.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.conftest import git
from tests.helpers import row, spawn, write_plan

PLAN = "plans/0001-run.md"
HOLD = "until [ -e edited ]; do sleep 0.01; done"
GO = f"touch go; {HOLD}; true"
# Task 9's check: a person makes it `true` while the run goes on.
NINE = row("9", "`false`", status="!")
NINE_EDITED = NINE.replace("`false`", "`true`")


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


def results(out: str) -> dict[str, dict[str, object]]:
    return {str(x.get("id") or x.get("name")): x for x in json.loads(out)["results"]}


@pytest.mark.parametrize(
    ("rows", "during", "apart"),
    [
        ([row("1", f"`{GO}`"), row("2", "`true`"), NINE], "1", "2"),
        ([row("2", "`true`"), row("1", f"`{GO}`", depends="2"), NINE], "1", "2"),
    ],
    ids=["after-the-edit", "before-the-edit"],
)
def test_a_pass_whose_commands_ran_apart_from_the_edit_stands(
    repo: Path, rows: list[str], during: str, apart: str
) -> None:
    path = write_plan(repo, rows)
    head = git(repo, "rev-parse", "HEAD")
    code, out, err = edit_while_running(repo, path, ("run", "1", "2"), NINE, NINE_EDITED)
    got = results(out)
    assert got[apart]["status"] == "passed", out + err
    # The one running when the check changed may have changed it: withdrawn, as for F6c.
    assert got[during]["status"] != "passed", out + err
    assert "task 9" in str(got[during]["reason"]), got[during]
    assert code == 1, out + err
    # The plan keeps the person's edit and the pass, and waits uncommitted for review.
    text = path.read_text(encoding="utf-8")
    assert NINE_EDITED in text
    (two,) = [x for x in text.splitlines() if "| Task 2. |" in x]
    assert two.startswith("| X"), two
    assert git(repo, "rev-parse", "HEAD") == head
    assert any("not committed" in n for n in json.loads(out)["notices"]), out


def test_a_gate_that_ran_before_the_edit_keeps_its_pass(repo: Path) -> None:
    path = write_plan(
        repo,
        [row("1", "`true`"), NINE],
        gates=["| Ok | `true` | exit 0 |", f"| Slow | `{GO}` | exit 0 |"],
    )
    code, out, err = edit_while_running(repo, path, ("gates", "-j", "1"), NINE, NINE_EDITED)
    got = results(out)
    assert got["Ok"]["status"] == "passed", out + err
    assert got["Slow"]["status"] != "passed", out + err
    assert "task 9" in str(got["Slow"]["reason"])
    assert code == 1, out + err


def test_the_check_that_rewrote_another_check_is_still_withdrawn(repo: Path) -> None:
    # F6c run one at a time: task 1's check rewrites task 9's; task 2 runs after it ended.
    # Task 1's pass is withdrawn and the plan is not committed; task 2's pass stands.
    (repo / "fix.sh").write_text(
        "python3 - <<'PY'\nimport os, pathlib\np = pathlib.Path(os.environ['PLAN_FILE'])\n"
        f"p.write_text(p.read_text().replace({NINE!r}, {NINE_EDITED!r}))\nPY\n",
        encoding="utf-8",
    )
    git(repo, "add", "fix.sh")
    git(repo, "commit", "-q", "-m", "script")
    path = write_plan(repo, [row("1", "`sh fix.sh`"), row("2", "`true`"), NINE])
    head = git(repo, "rev-parse", "HEAD")
    proc = spawn(repo, "run", "1", "2", "--json")
    out, err = proc.communicate(timeout=60)
    got = results(out)
    assert got["1"]["status"] != "passed", out + err
    assert "task 9" in str(got["1"]["reason"])
    assert got["2"]["status"] == "passed", out + err
    assert proc.returncode == 1
    assert git(repo, "rev-parse", "HEAD") == head
    assert NINE_EDITED in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("args", [("run", "--all"), ("run", "--all", "-j", "2")])
def test_a_check_that_rewrites_a_task_the_same_run_runs_is_withdrawn(
    repo: Path, args: tuple[str, ...]
) -> None:
    # Task 1's check makes task 9's `false` into `true`; task 9 then runs too (the command it
    # was given at the start, so its own result is withdrawn as edited). That made every
    # change "a row's own edit": task 1 was recorded passed and the rewrite committed.
    nine = row("9", "`false`", depends="1")
    (repo / "fix.sh").write_text(
        "python3 - <<'PY'\nimport os, pathlib\np = pathlib.Path(os.environ['PLAN_FILE'])\n"
        f"p.write_text(p.read_text().replace({nine!r}, {nine.replace('false', 'true')!r}))\nPY\n",
        encoding="utf-8",
    )
    git(repo, "add", "fix.sh")
    git(repo, "commit", "-q", "-m", "script")
    path = write_plan(repo, [row("1", "`sh fix.sh`"), nine])
    head = git(repo, "rev-parse", "HEAD")
    proc = spawn(repo, *args, "--json")
    out, err = proc.communicate(timeout=60)
    got = results(out)
    assert got["1"]["status"] != "passed", out + err
    assert "task 9" in str(got["1"]["reason"])
    assert proc.returncode == 1
    assert git(repo, "rev-parse", "HEAD") == head
    assert nine.replace("false", "true") in path.read_text(encoding="utf-8")
