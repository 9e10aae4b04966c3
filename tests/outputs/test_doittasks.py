"""doit_export: the plans' tasks as doit tasks, listed and run by a real doit."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from runner.outputs.doittasks import LOCK_WAIT, plan_keys, plan_tasks
from tests.conftest import git
from tests.helpers import row, write_plan

RUNNER = [sys.executable, "-m", "runner"]

DODO = """from pathlib import Path

from runner.outputs.doittasks import plan_tasks

DOIT_CONFIG = {"dep_file": "../doit.db"}


def task_plans():
    yield from plan_tasks(Path(__file__).parent / "plans")
"""


def doit(repo: Path, *args: str) -> int:
    """`doit ARGS` in-process, over the plans in repo/plans, its database outside the repo."""
    from doit.cmd_base import ModuleTaskLoader
    from doit.doit_cmd import DoitMain
    from doit.globals import Globals

    def task_plans() -> Iterator[dict[str, Any]]:
        yield from plan_tasks(repo / "plans")

    # doit's default output stream is the sys.stdout of import time: name the current one.
    config = {"dep_file": str(repo.parent / "db"), "outfile": sys.stdout}
    namespace = {"task_plans": task_plans, "DOIT_CONFIG": config}
    code = int(DoitMain(ModuleTaskLoader(namespace)).run(list(args)))
    # doit keeps the run's database open in doit.globals until its next run; close it now,
    # while its folder exists (a passing test's tmp_path is removed as it ends), not when a
    # later test's run replaces it.
    if Globals.dep_manager is not None:
        Globals.dep_manager.close()
        Globals.dep_manager = None
    return code


def doit_cli(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m doit ARGS` in the repository, with a dodo.py that exports its plans."""
    (repo / "dodo.py").write_text(DODO, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "doit", "-f", "dodo.py", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )


def listed(out: str) -> list[str]:
    """The task names of `doit list` output, in order."""
    return [line.split()[0] for line in out.splitlines() if line.strip()]


def test_one_task_per_plan_task_and_one_for_the_gates(repo: Path) -> None:
    path = write_plan(
        repo,
        [row("P1.T1", "`true`"), row("P1.T2", "`exit 3`", depends="P1.T1", status="X")],
        ["| Ok | `true` | passes |", "| Lint | `true` | clean |"],
    )
    tasks = list(plan_tasks(repo / "plans"))
    assert [t["basename"] for t in tasks] == ["0001.P1.T1", "0001.P1.T2", "0001.gates"]
    wait = ["--wait", LOCK_WAIT]
    assert [t["actions"] for t in tasks] == [
        [[*RUNNER, "run", "-p", str(path), *wait, "P1.T1"]],
        [[*RUNNER, "run", "-p", str(path), *wait, "P1.T2"]],
        [[*RUNNER, "gates", "-p", str(path), *wait]],
    ]
    assert [t.get("task_dep") for t in tasks] == [[], ["0001.P1.T1"], None]
    assert [t["doc"] for t in tasks] == [
        "[outstanding] Task P1.T1.",
        "[passed] Task P1.T2.",
        "Quality Gates of 0001-run.md: Ok, Lint",
    ]
    # Up to date when the plan records the task done: P1.T2 is, P1.T1 is not; `plan gates`
    # decides about the gates itself.
    assert [[c() if callable(c) else c for c in t["uptodate"]] for t in tasks] == [
        [False],
        [True],
        [False],
    ]


def test_a_plan_without_gates_has_no_gates_task(repo: Path) -> None:
    write_plan(repo, [row("P1.T1", "`true`")], gates=[])
    assert [t["basename"] for t in plan_tasks(repo / "plans")] == ["0001.P1.T1"]


def test_doit_list_shows_them(repo: Path, capfd: pytest.CaptureFixture[str]) -> None:
    write_plan(repo, [row("P1.T1", "`true`"), row("P1.T2", "`true`")])
    assert doit(repo, "list") == 0
    out = capfd.readouterr().out
    assert listed(out) == ["0001.P1.T1", "0001.P1.T2", "0001.gates"]
    assert "[outstanding] Task P1.T1." in out


def test_running_a_doit_task_runs_plan_run_and_records_it(repo: Path) -> None:
    path = write_plan(repo, [row("P1.T1", "`true`"), row("P1.T2", "`exit 3`")])
    before = git(repo, "rev-parse", "HEAD")
    done = doit_cli(repo, "0001.P1.T1")
    assert done.returncode == 0, done.stderr
    text = path.read_text(encoding="utf-8")
    assert "| X      | 1       | P1.T1  |" in text
    assert "| X      | 1       | P1.T2  |" not in text
    assert git(repo, "rev-list", "--count", f"{before.strip()}..HEAD").strip() == "1"
    assert git(repo, "diff", "--name-only", "HEAD~1", "HEAD").split() == ["plans/0001-run.md"]


def test_a_failing_doit_task_records_the_failure(repo: Path) -> None:
    path = write_plan(repo, [row("P1.T1", "`exit 3`")])
    done = doit_cli(repo, "0001.P1.T1")
    assert done.returncode == 1
    assert "TaskFailed - taskid:0001.P1.T1" in done.stdout
    assert "| !      | 1       | P1.T1  |" in path.read_text(encoding="utf-8")


def test_gates_task_runs_plan_gates(repo: Path) -> None:
    path = write_plan(repo, [row("P1.T1", "`true`")], ["| Ok | `true` | passes |"])
    before = path.read_text(encoding="utf-8")
    assert doit_cli(repo, "0001.gates").returncode == 0
    assert path.read_text(encoding="utf-8") != before
    assert "gates" in git(repo, "log", "-1", "--format=%s")


def test_plans_that_share_a_number_are_keyed_by_their_stems(
    repo: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    write_plan(repo, [row("P1.T1", "`true`")])
    a = write_plan(repo, [row("P1.T1", "`true`")], name="0002-a.md")
    b = write_plan(repo, [row("P1.T1", "`true`")], name="0002-b.md")
    assert doit(repo, "list") == 0
    out, err = capfd.readouterr()
    assert "duplicated" not in err
    assert listed(out) == [
        "0001.P1.T1",
        "0001.gates",
        "0002-a.P1.T1",
        "0002-a.gates",
        "0002-b.P1.T1",
        "0002-b.gates",
    ]
    assert doit_cli(repo, "0002-b.P1.T1").returncode == 0
    assert "| X      | 1       | P1.T1  |" in b.read_text(encoding="utf-8")
    assert "| X      | 1       | P1.T1  |" not in a.read_text(encoding="utf-8")


def test_plan_keys_fall_back_from_number_to_stem_to_name() -> None:
    names = ["0001-a.md", "0002-a.md", "0002-b.md", "notes.md", "x.md", "x.MD", "7.md", "7-x.md"]
    keys = plan_keys([Path("plans") / n for n in names])
    assert [keys[Path("plans") / n] for n in names] == [
        "0001",
        "0002-a",
        "0002-b",
        "notes",
        "x.md",
        "x.MD",
        "7",
        "7-x",
    ]


def test_an_unreadable_plan_is_listed_and_fails_when_run(
    repo: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    write_plan(repo, [row("P1.T1", "`true`")])
    (repo / "plans" / "0003-bad.md").write_bytes(b"# ExecPlan: bad\n\n\xff\xfe not UTF-8\n")
    assert doit(repo, "list") == 0
    out, err = capfd.readouterr()
    assert listed(out) == ["0001.P1.T1", "0001.gates", "0003.unreadable"]
    line = out.splitlines()[-1]
    assert "unreadable:" in line
    assert "0003-bad.md:3:" in line
    assert "P001" in line
    assert "plan: warning: unreadable plan:" in err
    assert "0003-bad.md:3:" in err
    done = doit_cli(repo, "0003.unreadable")
    assert done.returncode == 1
    assert "plan: error:" in done.stderr
    assert "0003-bad.md:3:" in done.stderr


def test_a_task_id_twice_in_one_plan_is_listed_once(
    repo: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    write_plan(repo, [row("P1.T1", "`true`"), row("P1.T1", "`false`")])
    assert doit(repo, "list") == 0
    out, err = capfd.readouterr()
    assert listed(out) == ["0001.P1.T1", "0001.gates"]
    assert "0001.P1.T1 is defined twice" in err


def test_one_plan_per_folder_is_keyed_by_its_folder() -> None:
    paths = [Path("plans/timer-ux/PLAN.md"), Path("plans/nav/PLAN.md"), Path("plans/0003-x.md")]
    assert plan_keys(paths) == {
        paths[0]: "timer-ux-PLAN",
        paths[1]: "nav-PLAN",
        paths[2]: "0003",
    }


@pytest.mark.parametrize(
    ("depends", "expected"),
    [
        # A chain: every edge kept.
        ({"A": "", "B": "A", "C": "B"}, {"A": [], "B": ["A"], "C": ["B"]}),
        # A task on itself, and one the plan does not have: dropped.
        ({"A": "A, Z", "B": "A"}, {"A": [], "B": ["A"]}),
        # A cycle B -> C -> D -> B behind A, and E waiting behind the cycle.
        (
            {"A": "", "B": "A, D", "C": "B", "D": "C", "E": "D"},
            {"A": [], "B": ["A"], "C": [], "D": [], "E": ["D"]},
        ),
        # Two cycles, one waiting on the other.
        (
            {"A": "B", "B": "A", "C": "D, A", "D": "C"},
            {"A": [], "B": [], "C": ["A"], "D": []},
        ),
    ],
)
def test_depends_become_task_deps_without_cycles(
    repo: Path, depends: dict[str, str], expected: dict[str, list[str]]
) -> None:
    write_plan(repo, [row(i, "`true`", depends=d) for i, d in depends.items()])
    deps = {t["basename"]: t.get("task_dep") for t in plan_tasks(repo / "plans")}
    assert deps == {
        **{f"0001.{i}": [f"0001.{d}" for d in ds] for i, ds in expected.items()},
        "0001.gates": None,
    }


@pytest.mark.parametrize("closed", [False, True])
def test_a_long_dependency_chain_is_exported(repo: Path, closed: bool) -> None:
    # 3,000 tasks in a chain (closed into one cycle, or not): no recursion limit, no
    # quadratic walk.
    first = row("T0", "`true`", depends="T2999" if closed else "")
    rows = [first] + [row(f"T{n}", "`true`", depends=f"T{n - 1}") for n in range(1, 3000)]
    write_plan(repo, rows)
    deps = {t["basename"]: t.get("task_dep") for t in plan_tasks(repo / "plans")}
    assert deps["0001.T2999"] == ([] if closed else ["0001.T2998"])
    assert deps["0001.T0"] == []
