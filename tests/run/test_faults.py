"""Signals, locks and concurrent edits, with the installed CLI in real subprocesses."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import DemoRun
from tests.helpers import alive, row, spawn, until, write_plan


def wait_for(path: Path, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.02)


@pytest.mark.parametrize(
    ("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)]
)
def test_signal_stops_the_group_and_records_nothing(repo: Path, sig: int, code: int) -> None:
    started = repo / "started"
    child = repo / "child.pid"
    path = write_plan(repo, [row("1", f"`sleep 30 & echo $! > {child}; touch {started}; wait`")])
    proc = spawn(repo, "next")
    wait_for(started)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=15)
    assert proc.returncode == code, err
    assert not alive(int(child.read_text()))
    text = path.read_text(encoding="utf-8")
    assert "|        | 1       | 1      |" in text  # no result claimed
    assert "interrupted" in text
    assert "Traceback" not in err


def test_second_run_exits_naming_the_lock(repo: Path) -> None:
    started, release = repo / "started", repo / "release"
    write_plan(repo, [row("1", f"`touch {started}; {until(release)}`"), row("2", "`true`")])
    first = spawn(repo, "next")
    wait_for(started)
    second = subprocess.run(
        [sys.executable, "-m", "runner", "next"],
        cwd=repo,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    release.touch()
    assert second.returncode == 5
    assert f"pid {first.pid}" in second.stderr
    assert "--wait" in second.stderr
    first.communicate(timeout=15)
    assert first.returncode == 0
    waited = subprocess.run(
        [sys.executable, "-m", "runner", "next", "--wait", "10"],
        cwd=repo,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert waited.returncode == 0, waited.stderr


def test_concurrent_runs_take_turns(repo: Path) -> None:
    path = write_plan(repo, [row(str(i), "`sleep 0.2`") for i in range(1, 6)])
    procs = [spawn(repo, "next", "--wait", "30") for _ in range(5)]
    for p in procs:
        p.communicate(timeout=60)
        assert p.returncode == 0
    text = path.read_text(encoding="utf-8")
    assert text.count("| X      |") == 5
    assert text.count("passed in") == 5


def test_a_persons_edit_during_a_run_survives(repo: Path) -> None:
    started, edited = repo / "started", repo / "edited"
    path = write_plan(repo, [row("1", f"`touch {started}; {until(edited)}`")])
    proc = spawn(repo, "next")
    wait_for(started)
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "## Surprises & Discoveries\n",
            "## Surprises & Discoveries\n\n- Found a bug meanwhile.\n",
        ),
        encoding="utf-8",
    )
    edited.touch()
    proc.communicate(timeout=15)
    assert proc.returncode == 0
    final = path.read_text(encoding="utf-8")
    assert "- Found a bug meanwhile." in final
    assert "| X      | 1       | 1      |" in final


def test_read_only_plan_is_left_alone(repo: Path) -> None:
    path = write_plan(repo, [row("1", "`true`")])
    path.chmod(0o444)
    before = path.read_bytes()
    r = subprocess.run(
        [sys.executable, "-m", "runner", "next"], cwd=repo, capture_output=True, text=True
    )
    assert r.returncode == 3
    assert "read-only" in r.stderr
    assert path.read_bytes() == before


def test_demo_from_an_empty_folder(demo_run: DemoRun) -> None:
    r, target = demo_run, demo_run.target
    assert r.returncode == 0, r.stderr
    assert "$ plan next" in r.stdout
    assert "task P1.T1 passed" in r.stdout
    assert "task P1.T2 failed" in r.stdout
    assert "gate Syntax up to date" in r.stdout
    assert demo_run.made == {target}
    plan_text = (target / "plans" / "0001-greeting-script.md").read_text(encoding="utf-8")
    assert "| X      | 1       | 1      | P1.T1 |" in plan_text
    # The second act (issue 21): a scripted agent fixes the French greeting through
    # `plan loop`, the fix committed with the plan's record, and the plan is done.
    assert "$ plan loop --agent 'sh agent.sh'" in r.stdout
    assert "task P1.T2 passed" in r.stdout
    assert "loop stopped (the plan is done)" in r.stdout
    assert "- Status: Complete" in plan_text
    fixed = subprocess.run(
        ["git", "log", "--format=", "--name-only", "--grep", "task P1.T2 passed"],
        cwd=target,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert fixed == ["greet.sh", "plans/0001-greeting-script.md"]
    again = subprocess.run(
        [sys.executable, "-m", "runner", "demo", str(target)], capture_output=True, text=True
    )
    assert again.returncode == 2


def test_kill_9_at_random_moments_leaves_a_whole_plan(repo: Path) -> None:
    import random

    from runner.plan.reading import parse

    path = write_plan(repo, [row(str(i), "`true`") for i in range(1, 401)])
    original = path.read_text(encoding="utf-8")
    last_line = original.rstrip("\n").splitlines()[-1]
    rng = random.Random(20261125)
    for _ in range(8):
        before = path.read_bytes()
        proc = spawn(repo, "run", "--all", "--no-commit")
        time.sleep(rng.uniform(0.05, 0.7))
        proc.kill()
        proc.communicate(timeout=15)
        after = path.read_bytes()
        if after != before:
            text = after.decode("utf-8")
            parsed = parse(text)
            assert len(parsed.tasks) == 400
            assert not [p for p in parsed.problems if p.severity == "error"]
            assert text.rstrip("\n").splitlines()[-1] == last_line
    # The lock is free, and a run finishes what the killed ones left.
    done = subprocess.run(
        [sys.executable, "-m", "runner", "run", "--all", "--no-commit"],
        cwd=repo,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    assert path.read_text(encoding="utf-8").count("| X      |") == 400
    assert not list(path.parent.glob(".*.plan-tmp"))


def test_disk_full_leaves_the_plan_untouched(repo: Path) -> None:
    import resource

    path = write_plan(repo, [row("1", "`true`")])
    before = path.read_bytes()
    limit = len(before)  # every write past the old plan's size fails, as on a full disk

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    r = subprocess.run(
        [sys.executable, "-m", "runner", "next"],
        cwd=repo,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        preexec_fn=small_disk,
    )
    assert r.returncode == 3, r.stderr
    assert "cannot write the plan" in r.stderr
    assert "Traceback" not in r.stderr
    assert path.read_bytes() == before
    assert not list(path.parent.glob(".*.plan-tmp"))


def test_runs_on_two_plans_at_once_keep_separate_gate_records(repo: Path) -> None:
    started, release = repo.parent / "started", repo.parent / "release"
    write_plan(
        repo,
        [row("1", "`true`")],
        gates=[f"| Slow | `touch {started}; {until(release)}` | x |"],
        name="0001-a.md",
    )
    write_plan(repo, [row("1", "`true`")], gates=["| Quick | `true` | x |"], name="0002-b.md")
    first = spawn(repo, "gates", "0001", "--no-commit")
    wait_for(started)
    second = subprocess.run(
        [sys.executable, "-m", "runner", "gates", "0002", "--no-commit"],
        cwd=repo,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    release.touch()
    assert second.returncode == 0, second.stderr
    first.communicate(timeout=15)
    assert first.returncode == 0
    databases = sorted(p.name for p in (repo / ".git" / "plan" / "doit").iterdir())
    assert len(databases) == 2
    assert all(p.endswith(".json") for p in databases)


def test_sigterm_while_a_slow_pattern_is_matched_ends_the_run(repo: Path) -> None:
    # Issue 19, item 3 (second pass): the pattern runs in a child the run can stop.
    started = repo / "started"
    (repo / "plans").mkdir()
    (repo / "plans" / "0001-run.md").write_text(
        "# P\n\n## Progress\n\n- [ ] One\n  - Run:\n\n    ```\n"
        f"    $ touch {started}; python3 -c \"print('a' * 6000)\"\n"
        "    a*a*a*a*a*a*a*b (re)\n    ```\n",
        encoding="utf-8",
    )
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run(["git", "commit", "-qm", "plan"], cwd=repo, check=True)
    proc = spawn(repo, "run", "--all")
    wait_for(started)
    time.sleep(1.0)  # the command has ended; its output is being matched
    sent = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=15)
    assert time.monotonic() - sent < 3
    assert proc.returncode == 143, err
    assert "Traceback" not in err
