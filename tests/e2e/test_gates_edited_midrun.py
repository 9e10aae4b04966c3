"""Issue 19, case 6: Quality Gates rows edited while a run goes on.

A gate row added meanwhile with its Status already `passed` (by the running check or by a
person) stayed passed and was committed, though nothing ran it: it is put back to blank, as
a task row added so is. A gate renamed meanwhile to another gate's name (two rows of one
name) had a result written into whichever row came first: the write is refused, as a task
ID duplicated meanwhile is (exit 3, nothing written), and a run is refused at the start on
a plan whose chosen gates share a name.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.conftest import git
from tests.helpers import plan, row, spawn, write_plan

PLAN = "plans/0001-run.md"
HEADER = (
    "| Gate | Command | Threshold / Expectation |\n| ---- | ------- | ----------------------- |"
)
WITH_STATUS = (
    "| Gate | Command | Threshold / Expectation | Status | Last Run |\n"
    "| ---- | ------- | ----------------------- | ------ | -------- |"
)
SNEAK = "| Sneak | `false` | exit 0 | passed | 2026-01-01T00:00Z |"

ADD_PASSED_GATE = f"""python3 - <<'PY'
import os, pathlib
p = pathlib.Path(os.environ["PLAN_FILE"])
t = p.read_text()
row = next(x for x in t.splitlines() if x.startswith("| Ok |"))
p.write_text(t.replace(row, row + "\\n" + {SNEAK!r}))
PY"""

HOLD = "until [ -e edited ]; do sleep 0.01; done"
GO = f"touch go; {HOLD}; true"


def committed(repo: Path) -> str:
    return git(repo, "show", f"HEAD:{PLAN}")


def plan_with_status_column(repo: Path, tasks: list[str], gates: list[str]) -> Path:
    path = write_plan(repo, tasks, gates=gates)
    path.write_text(path.read_text(encoding="utf-8").replace(HEADER, WITH_STATUS))
    git(repo, "commit", "-qam", "status column")
    return path


def sneak_row(text: str) -> str:
    (line,) = [x for x in text.splitlines() if x.startswith("| Sneak |")]
    return line


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


@pytest.mark.parametrize("args", [("run", "1"), ("next",), ("run", "--all", "-j", "2")])
def test_a_gate_a_check_adds_marked_passed_is_put_back(repo: Path, args: tuple[str, ...]) -> None:
    (repo / "fix.sh").write_text(ADD_PASSED_GATE + "\n", encoding="utf-8")
    git(repo, "add", "fix.sh")
    git(repo, "commit", "-q", "-m", "script")
    path = plan_with_status_column(
        repo, [row("1", "`sh fix.sh`")], ["| Ok | `true` | exit 0 |  |  |"]
    )
    r = plan(*args, "--json")
    out = json.loads(r.out)
    assert any("gate Sneak status 'passed'" in n for n in out["notices"]), r.out + r.err
    for text in (committed(repo), path.read_text(encoding="utf-8")):
        assert "passed" not in sneak_row(text), sneak_row(text)


def test_a_gate_a_person_adds_marked_passed_while_gates_run_is_put_back(repo: Path) -> None:
    path = plan_with_status_column(repo, [row("1", "`true`")], [f"| Ok | `{GO}` | exit 0 |  |  |"])
    code, out, err = edit_while_running(
        repo, path, ("gates",), "| exit 0 |  |  |", "| exit 0 |  |  |\n" + SNEAK
    )
    doc = json.loads(out)
    assert [(x["name"], x["status"]) for x in doc["results"]] == [("Ok", "passed")], out + err
    assert code == 0, out + err
    assert any("gate Sneak status 'passed'" in n for n in doc["notices"]), doc["notices"]
    for text in (committed(repo), path.read_text(encoding="utf-8")):
        assert "passed" not in sneak_row(text), sneak_row(text)
    # `plan status` does not count it passed.
    status = plan("status", "--json").json()
    (sneak,) = [g for g in status["gates"] if g["name"] == "Sneak"]
    assert sneak["status"] != "passed", sneak


LINT = "| Lint | `false` | exit 0 |"
OK = f"| Ok | `{GO}` | exit 0 |"


@pytest.mark.parametrize(
    ("args", "gates"),
    [(("gates",), [LINT, OK]), (("run", "1"), [OK, LINT])],
    ids=["gates", "gate-task"],
)
def test_a_gate_renamed_to_the_name_of_one_that_ran_refuses_the_write(
    repo: Path, args: tuple[str, ...], gates: list[str]
) -> None:
    # Lint fails, Ok passes; while Ok runs, a person renames Lint to Ok. Under `plan gates`
    # the pass of Ok was written into the first row named Ok, the one whose command is
    # `false`, and committed. (A Gate task stops at its first failure: Ok runs first.)
    path = write_plan(repo, [row("1", "", kind="Gate")], gates=gates)
    head = git(repo, "rev-parse", "HEAD")
    before = path.read_text(encoding="utf-8")
    code, out, err = edit_while_running(repo, path, args, "| Lint | `false` |", "| Ok | `false` |")
    assert code == 3, out + err
    assert "P303" in out + err
    assert "gate 'Ok'" in out + err
    assert git(repo, "rev-parse", "HEAD") == head
    # The person's edit is there, and no result was written into either row named Ok.
    assert path.read_text(encoding="utf-8") == before.replace(
        "| Lint | `false` |", "| Ok | `false` |"
    )


def test_gates_that_share_a_name_are_refused_before_they_run(repo: Path) -> None:
    # Which row's result would it be? As a duplicated task ID (P103), nothing runs.
    write_plan(
        repo,
        [row("1", "", kind="Gate")],
        gates=["| Ok | `touch ran` | exit 0 |", "| ok | `false` | exit 0 |"],
    )
    head = git(repo, "rev-parse", "HEAD")
    for args in (("gates",), ("gates", "--only", "ok"), ("run", "1")):
        r = plan(*args)
        assert r.code == 3, (args, r.out + r.err)
        assert "is named on lines 30 and 31" in r.out + r.err, (args, r.out + r.err)
        assert "P303" in r.out + r.err
    assert not (repo / "ran").exists()
    assert git(repo, "rev-parse", "HEAD") == head


def test_gates_whose_names_are_swapped_while_they_run_keep_no_result(repo: Path) -> None:
    # A passed and B failed, but the rows now say A is `false` and B is the other command:
    # neither result is the result of the row now bearing its name, so both are withdrawn
    # and neither row is marked.
    path = write_plan(
        repo, [row("1", "`true`")], gates=[f"| A | `{GO}` | exit 0 |", "| B | `false` | exit 0 |"]
    )
    swapped = f"| B | `{GO}` | exit 0 |\n| A | `false` | exit 0 |"
    code, out, err = edit_while_running(
        repo, path, ("gates",), f"| A | `{GO}` | exit 0 |\n| B | `false` | exit 0 |", swapped
    )
    assert code == 1, out + err
    results = {x["name"]: x for x in json.loads(out)["results"]}
    assert results["A"]["status"] != "passed", results
    assert "changed while it ran" in results["A"]["reason"]
    assert "changed while it ran" in results["B"]["reason"]
    # The rows are as the person left them: no result was written into either.
    assert swapped in path.read_text(encoding="utf-8")
