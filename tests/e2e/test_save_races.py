"""A person's save that races a run (issue 19, case 12, eighth pass): an editor that writes
the plan in place, in parts, is never caught between the parts, and a save that lands in
the file the runner's write replaced is not lost."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from tests.conftest import git
from tests.helpers import plan, row, spawn, write_plan

NOTES = "".join(f"- a person's note number {i}\n" for i in range(400))


def _started(repo: Path) -> None:
    logs = repo / ".git" / "plan" / "logs"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not (logs.exists() and any(logs.rglob("*.log"))):
        time.sleep(0.02)


def test_a_longer_save_caught_between_its_parts_is_waited_for(repo: Path) -> None:
    # The editor's first part is longer than the plan the run began with and ends in the
    # middle of a line: it was taken as the plan, the run's lines written onto it and
    # committed, the save's second part lost to the replaced file or joined to a cut line.
    path = write_plan(repo, [row("T1", "`sleep 1; true`")])
    proc = spawn(repo, "run", "T1")
    _started(repo)
    data = path.read_bytes() + NOTES.encode("utf-8")
    cut = len(data) - len(NOTES) // 3 - 5  # inside a note, far past the plan's old end

    def save_in_parts() -> None:
        with path.open("r+b") as fh:
            fh.truncate(0)
            fh.write(data[:cut])
            fh.flush()
            time.sleep(2.0)  # the run ends meanwhile
            fh.write(data[cut:])

    saver = threading.Thread(target=save_in_parts)
    saver.start()
    out, err = proc.communicate(timeout=60)
    saver.join()
    assert proc.returncode == 0, out + err
    for text in (path.read_text(encoding="utf-8"), git(repo, "show", "HEAD:plans/0001-run.md")):
        assert text.endswith(NOTES), text[-300:]
        assert "| X " in next(ln for ln in text.splitlines() if "| T1 " in ln)


def test_a_save_into_the_replaced_file_is_put_back(repo: Path) -> None:
    # An editor that opened the plan before the runner's write replaced it, and then wrote
    # it over in place: the save went into the replaced file, and was lost.
    path = write_plan(repo, [row("T1", "`sleep 1; true`")])
    fh = path.open("r+b")  # opened now, as an editor holding the file
    proc = spawn(repo, "run", "T1")
    _started(repo)
    saved = path.read_bytes().replace(b"Run things.", b"Run things, as the person now says.")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and b"| X " not in path.read_bytes():
        time.sleep(0.005)
    fh.truncate(0)
    fh.write(saved)
    fh.close()
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, out + err
    assert b"as the person now says" in path.read_bytes()
    assert "| X " in next(
        ln for ln in git(repo, "show", "HEAD:plans/0001-run.md").splitlines() if "| T1 " in ln
    )


def test_an_agent_save_in_parts_is_waited_for_by_the_loop_guard(repo: Path) -> None:
    # `plan loop` puts back what its agent wrote into the plan: it read the plan while the
    # save was half done, wrote the half back, and the save's second part went into the
    # replaced file: the person's (here the agent's) notes were lost.
    from tests.e2e.test_loop_guard import agent

    path = write_plan(repo, [row("T1", "`test -f a`")])
    cmd = agent(
        repo,
        "import sys, time\n"
        "pathlib.Path('a').touch()\n"
        "t1 = next(x for x in text.splitlines() if '| T1 |' in x)\n"
        "notes = ''.join(f'- a note number {i}\\n' for i in range(400))\n"
        "data = (text.replace(t1, '| X ' + t1[t1.index('|', 1):]) + notes).encode()\n"
        "cut = len(data) - 3005  # in the middle of a line\n"
        "fh = open(plan, 'r+b'); fh.truncate(0); fh.write(data[:cut]); fh.flush()\n"
        "if os.fork() == 0:\n"
        "    os.setsid(); time.sleep(0.8); fh.write(data[cut:]); fh.close(); os._exit(0)\n",
    )
    result = plan("loop", "--agent", cmd, "--attempts", "1")
    time.sleep(1.0)  # the agent's second part, had the loop not waited for it
    text = path.read_text(encoding="utf-8")
    assert text.count("- a note number ") == 400, result.out + result.err + text[-500:]
    assert text.endswith("- a note number 399\n"), text[-300:]


@pytest.mark.parametrize("args", [("run", "T1"), ("run", "--all"), ("loop", "--agent", "true")])
def test_a_plan_caught_half_saved_as_a_run_begins_is_read_again(
    repo: Path, args: tuple[str, ...]
) -> None:
    # Ninth pass: the first reading caught an editor's first part (no task rows yet):
    # `run T1` said "no task T1", `run --all` ran nothing and `loop` said "the plan is done".
    path = write_plan(repo, [row("T1", "`touch ran`")])
    data = path.read_bytes()
    cut = data.index(b"| T1 ") - 3  # the table's head, and the file ends mid-line

    def save_in_parts() -> None:
        with path.open("r+b") as fh:
            fh.truncate(0)
            fh.write(data[:cut])
            fh.flush()
            time.sleep(0.06)
            fh.write(data[cut:])

    with path.open("r+b") as fh:
        fh.truncate(0)
        fh.write(data[:cut])
    saver = threading.Thread(target=save_in_parts)
    saver.start()
    result = plan(*args)
    saver.join()
    assert (repo / "ran").exists(), result.out + result.err
