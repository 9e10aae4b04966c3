"""Issue 19, case 1 (eleventh pass): the engine's state is disposable whatever stands in its
place. A FIFO as the engine's database hung every run; a folder there stopped every run with
exit 70; `.git/plan` a regular file stopped every command with exit 2. Each is set aside,
kept, with a note, and the run runs for real: never a hang, never a pass."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.helpers import plan, row, spawn, write_plan


def _database(repo: Path) -> Path:
    """The engine's database of the plan, after a first run made it."""
    assert plan("run", "T1").code == 0
    (db,) = (repo / ".git" / "plan" / "doit").glob("*.json")
    return db


def _run(repo: Path, *args: str) -> tuple[int, str]:
    """`plan ARGS` as a process, stopped (and the test failed) if it hangs."""
    proc = spawn(repo, *args)
    try:
        out, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail(f"plan {' '.join(args)} hung")
    return proc.returncode, out + err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_as_the_engines_database_is_set_aside_and_the_run_does_not_hang(
    repo: Path,
) -> None:
    write_plan(repo, [row("T1", "`true`"), row("T2", "`false`")])
    db = _database(repo)
    db.unlink()
    os.mkfifo(db)
    code, said = _run(repo, "run", "T2")
    assert code == 1, said
    assert "task T2 failed" in said
    assert "was not a file; it is set aside" in said
    assert db.is_file()
    assert Path(f"{db}.set-aside").is_fifo()


def test_a_folder_as_the_engines_database_is_set_aside_and_the_gates_run(repo: Path) -> None:
    write_plan(repo, [row("T1", "`true`")], gates=["| Bad | `false` | exit 0 |"])
    db = _database(repo)
    db.unlink()
    (db / "inner").mkdir(parents=True)
    result = plan("gates")
    assert result.code == 1, result.out + result.err
    assert "gate Bad failed" in result.out + result.err
    assert "set aside" in result.err
    assert (Path(f"{db}.set-aside") / "inner").is_dir()
    assert db.is_file()


def test_the_state_folder_made_a_file_is_set_aside_and_made_anew(repo: Path) -> None:
    write_plan(repo, [row("T1", "`true`"), row("T2", "`false`")])
    state = repo / ".git" / "plan"
    state.write_text("not a folder\n", encoding="utf-8")
    result = plan("run", "T2")
    assert result.code == 1, result.out + result.err
    assert "task T2 failed" in result.out + result.err
    assert "set aside as plan.set-aside and made anew" in result.err
    assert state.is_dir()
    assert (repo / ".git" / "plan.set-aside").read_text(encoding="utf-8") == "not a folder\n"
    assert plan("run", "T1").code == 0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_the_state_folder_made_a_fifo_never_hangs(repo: Path) -> None:
    write_plan(repo, [row("T1", "`true`"), row("T2", "`false`")])
    os.mkfifo(repo / ".git" / "plan")
    code, said = _run(repo, "run", "T2")
    assert code == 1, said
    assert "task T2 failed" in said


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("folder", ["results", "cache"])
def test_a_fifo_in_place_of_saved_results_or_the_cache_never_hangs(repo: Path, folder: str) -> None:
    write_plan(repo, [row("T1", "`true`"), row("T2", "`false`")])
    assert plan("run", "T1").code == 0
    (state,) = (repo / ".git" / "plan" / folder).glob("*.json")
    state.unlink()
    os.mkfifo(state)
    code, said = _run(repo, "run", "T2")
    assert code == 1, said
    assert "task T2 failed" in said
    assert state.is_file()  # written anew, the FIFO replaced
