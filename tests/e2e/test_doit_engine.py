"""Issue 22: doit as the local engine. Real doit runs (`python -m doit` over a dodo.py that
exports the plans) in real git repositories: tasks of one plan take turns for its lock under
`doit -n 2`, tasks of two plans still overlap, a second `doit` runs and commits nothing, and
`doit list` shows a task's words, not its table escapes."""

from __future__ import annotations

from pathlib import Path

from runner.outputs.doittasks import plan_tasks
from tests.conftest import git
from tests.helpers import plan, row, write_plan
from tests.outputs.test_doittasks import doit_cli

# Kept out of git's view, so the runner's gates do not see the dodo.py the test writes.
IGNORED = "dodo.py\n.gitignore\n"


def commits(repo: Path) -> int:
    return int(git(repo, "rev-list", "--count", "HEAD").strip())


def ignore_dodo(repo: Path) -> None:
    (repo / ".gitignore").write_text(IGNORED, encoding="utf-8")


def test_two_tasks_of_one_plan_take_turns_under_doit_n2(repo: Path) -> None:
    # Before: both `plan run`s raced for the plan's lock; the loser exited 5 and doit failed.
    path = write_plan(
        repo, [row("P1.T1", "`true`"), row("P1.T2", "`sleep 0.5`"), row("P1.T3", "`sleep 0.5`")]
    )
    before = commits(repo)
    done = doit_cli(repo, "-n", "2", "0001.P1.T2", "0001.P1.T3")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "lock" not in done.stderr
    text = path.read_text(encoding="utf-8")
    assert "| X      | 1       | P1.T2  |" in text
    assert "| X      | 1       | P1.T3  |" in text
    assert "| X      | 1       | P1.T1  |" not in text  # not asked for, not a dependency
    assert commits(repo) == before + 2


def test_tasks_of_two_plans_still_run_at_once(repo: Path) -> None:
    # Each task passes only if the other has started while it waits: they must overlap.
    def meets(mine: str, other: str) -> str:
        return (
            f"`touch {mine} && for i in $(seq 300); do test -e {other} && exit 0;"
            " sleep 0.05; done; exit 1`"
        )

    a = write_plan(repo, [row("T1", meets("a.on", "b.on"))], name="0001-a.md")
    b = write_plan(repo, [row("T1", meets("b.on", "a.on"))], name="0002-b.md")
    done = doit_cli(repo, "-n", "2", "0001.T1", "0002.T1")
    assert done.returncode == 0, done.stdout + done.stderr
    for path in (a, b):
        assert "| X      | 1       | T1     |" in path.read_text(encoding="utf-8")


def test_depends_order_the_doit_tasks(repo: Path) -> None:
    # T2 needs T1: doit runs T1 first, then T2, each once (not T1 again inside `plan run T2`).
    path = write_plan(
        repo,
        [
            row("T1", "`sleep 0.3`"),
            row("T2", "`true`", depends="T1"),
            row("T3", "`true`", depends="T1"),
        ],
    )
    before = commits(repo)
    done = doit_cli(repo, "-n", "2", "0001.T2", "0001.T3")
    assert done.returncode == 0, done.stdout + done.stderr
    text = path.read_text(encoding="utf-8")
    assert text.count("| X      |") == 3
    subjects = git(repo, "log", "--format=%s", f"-{commits(repo) - before}").splitlines()
    assert subjects[-1] == "plan(0001-run): task T1 passed"
    assert sorted(subjects[:-1]) == [
        "plan(0001-run): task T2 passed",
        "plan(0001-run): task T3 passed",
    ]


def test_a_second_doit_runs_nothing_and_commits_nothing(repo: Path) -> None:
    # Before: every exported task was never up to date, so each `doit` ran (and committed)
    # every task again.
    ignore_dodo(repo)
    write_plan(
        repo,
        [row("T1", "`true`"), row("T2", "`true`", depends="T1"), row("T3", "`true`")],
        ["| Ok | `true` | passes |"],
    )
    first = doit_cli(repo)
    assert first.returncode == 0, first.stdout + first.stderr
    head = git(repo, "rev-parse", "HEAD")
    second = doit_cli(repo)
    assert second.returncode == 0, second.stdout + second.stderr
    assert git(repo, "rev-parse", "HEAD") == head
    assert git(repo, "status", "--porcelain") == ""
    for task in ("0001.T1", "0001.T2", "0001.T3"):
        assert f"-- {task}" in second.stdout
    assert "passed" not in second.stdout + second.stderr.replace("gate Ok up to date", "")


def test_a_task_passed_by_hand_is_up_to_date(repo: Path) -> None:
    write_plan(repo, [row("T1", "`exit 3`")])
    assert plan("done", "T1").code == 0
    head = git(repo, "rev-parse", "HEAD")
    done = doit_cli(repo, "0001.T1")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "-- 0001.T1" in done.stdout
    assert git(repo, "rev-parse", "HEAD") == head


def test_a_passed_task_whose_command_changed_runs_again(repo: Path) -> None:
    path = write_plan(repo, [row("T1", "`true`"), row("T2", "`true`")])
    assert doit_cli(repo, "0001.T1", "0001.T2").returncode == 0
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("| `true` |", "| `exit 4` |", 1), encoding="utf-8")
    git(repo, "commit", "-qam", "T1 checks something else now")
    done = doit_cli(repo, "--continue", "0001.T1", "0001.T2")
    assert done.returncode == 1
    assert "TaskFailed - taskid:0001.T1" in done.stdout
    assert "-- 0001.T2" in done.stdout  # its command is the one that passed
    assert "| !      | 1       | T1     |" in path.read_text(encoding="utf-8")


def test_a_failed_task_is_not_up_to_date(repo: Path) -> None:
    path = write_plan(repo, [row("T1", "`test -e flag`")])
    assert doit_cli(repo, "0001.T1").returncode == 1
    (repo / "flag").write_text("", encoding="utf-8")
    done = doit_cli(repo, "0001.T1")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "| X      | 1       | T1     |" in path.read_text(encoding="utf-8")


def test_doit_list_shows_words_not_table_escapes(repo: Path) -> None:
    path = write_plan(repo, [row("T1", "`true`")], ["| A\\|B | `true` | passes |"])
    text = path.read_text(encoding="utf-8").replace(
        "Task T1.", "Run `merge-driver install\\|uninstall`."
    )
    path.write_text(text, encoding="utf-8")
    git(repo, "commit", "-qam", "a pipe in a cell")
    done = doit_cli(repo, "list")
    assert done.returncode == 0, done.stderr
    assert "[outstanding] Run `merge-driver install|uninstall`." in done.stdout
    assert "Quality Gates of 0001-run.md: A|B" in done.stdout
    assert "\\|" not in done.stdout


def test_a_dependency_cycle_does_not_stop_doit(repo: Path) -> None:
    write_plan(
        repo,
        [
            row("T1", "`true`"),
            row("T2", "`true`", depends="T1, T3"),
            row("T3", "`true`", depends="T2"),
            row("T4", "`true`", depends="T3"),
        ],
    )
    deps = {t["basename"]: t.get("task_dep", []) for t in plan_tasks(repo / "plans")}
    assert deps["0001.T1"] == []
    assert deps["0001.T2"] == ["0001.T1"]
    assert deps["0001.T3"] == []
    assert deps["0001.T4"] == ["0001.T3"]
    done = doit_cli(repo, "0001.T1")
    assert done.returncode == 0, done.stdout + done.stderr
