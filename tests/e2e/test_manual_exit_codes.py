"""Issue 19, case 14 (F14a): exit codes beside a manual task.

`plan run --all` exited 0 while T4, a task a machine could run, was set aside because it
waits on T1, a task for a person ("task T4 not run: waits for T1"): the work is not done,
so 4 (do T1, then `plan done T1` and run again). And `plan run T1 --dry-run` of a manual
task exited 0 where the run itself exits 4: a dry run ends with the code the run would.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import plan, row, write_plan


def manual_first(repo: Path) -> None:
    write_plan(
        repo,
        [
            row("T1", "", kind="Human"),
            row("T2", "`true`"),
            row("T3", "`true`", depends="T4"),
            row("T4", "`true`", depends="T1"),
        ],
    )


@pytest.mark.parametrize("dry", [False, True], ids=["run", "dry-run"])
def test_run_all_with_work_waiting_on_a_person_exits_4(repo: Path, dry: bool) -> None:
    manual_first(repo)
    r = plan("run", "--all", *(["--dry-run"] if dry else []))
    assert r.code == 4, r.out + r.err
    assert "T4" in r.out + r.err


def test_run_all_with_only_manual_tasks_aside_exits_as_its_tasks_did(repo: Path) -> None:
    # Documented: a manual task nothing waits on is named and set aside; the run is 0.
    write_plan(repo, [row("T1", "", kind="Human"), row("T2", "`true`")])
    r = plan("run", "--all")
    assert r.code == 0, r.out + r.err


@pytest.mark.parametrize("args", [("run", "T1"), ("next",)], ids=["run-named", "next"])
def test_a_dry_run_of_a_manual_task_exits_as_the_run_would(
    repo: Path, args: tuple[str, ...]
) -> None:
    manual_first(repo)
    dry = plan(*args, "--dry-run")
    assert dry.code == 4, dry.out + dry.err
    real = plan(*args)
    assert real.code == 4, real.out + real.err


def test_a_dry_run_of_a_named_task_that_cannot_run_exits_1(repo: Path) -> None:
    manual_first(repo)
    dry = plan("run", "T4", "--dry-run")
    real = plan("run", "T4")
    assert (dry.code, real.code) == (real.code, real.code)
    assert dry.code != 0


def test_a_failure_still_wins_over_a_task_waiting_on_a_person(repo: Path) -> None:
    write_plan(
        repo,
        [row("T1", "", kind="Human"), row("T2", "`false`"), row("T4", "`true`", depends="T1")],
    )
    assert plan("run", "--all", "--keep-going").code == 1
