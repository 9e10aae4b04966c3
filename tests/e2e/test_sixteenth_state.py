"""Issue 19, case 1, the sixteenth pass: the engine's own state is disposable and
self-healing. A well-formed JSON file nested 100,000 deep in the doit database, the saved
results or the block cache raised RecursionError on every later run (exit 70, a traceback)
until someone deleted it. It is read as unreadable now: set aside, and rebuilt. Through the
CLI in a real git repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import plan, row, write_plan

DEEP = '{"a":' * 100_000 + "1" + "}" * 100_000


@pytest.mark.parametrize("folder", ["doit", "results", "cache"])
@pytest.mark.parametrize("shape", [DEEP, "[" * 100_000 + "]" * 100_000])
def test_a_deeply_nested_state_file_is_rebuilt(repo: Path, folder: str, shape: str) -> None:
    write_plan(repo, [row("T1", "`true`"), row("T2", "`false`")])
    assert plan("run", "T1").code == 0
    files = sorted((repo / ".git" / "plan" / folder).glob("*.json"))
    assert files, folder
    for f in files:
        f.write_text(shape, encoding="utf-8")
    r = plan("run", "T2")
    assert r.code == 1, r.out + r.err  # T2 fails: its result, not a crash
    assert "Traceback" not in r.out + r.err
    assert "RecursionError" not in r.out + r.err
    s = plan("status")
    assert s.code == 0, s.out + s.err
    again = plan("run", "T2")
    assert again.code == 1
    assert "Traceback" not in again.out + again.err


def test_a_record_separator_in_a_trailer_breaks_no_history(repo: Path) -> None:
    # attack16b, case 17: a trailer holding 0x1e split a record: ValueError, exit 70, for good
    from tests.conftest import git

    path = write_plan(repo, [row("T1", "`true`"), row("T2", "`false`")])
    assert plan("run", "T1").code == 0
    with path.open("a", encoding="utf-8") as fh:
        fh.write("\n")
    message = repo / "msg"
    message.write_bytes(
        b"plan(p): x\n\nPlan-File: plans/0001-run.md\nPlan-Task: T1\x1e\nPlan-Result: passed\n"
        b"X-Evil: \x1eabc\n"
    )
    git(repo, "add", "plans")
    git(repo, "commit", "-q", "-F", str(message))
    message.unlink()
    for args in (("history", "T1"), ("history",), ("report", "-o", "r.html")):
        r = plan(*args)
        assert r.code == 0, (args, r.out + r.err)
        assert "Traceback" not in r.out + r.err
    assert "T1" in plan("history", "T1").out


@pytest.mark.parametrize(
    ("command", "name", "stale"),
    [
        # attack16c F4: what a gate reads, named in shapes the fingerprint did not read
        ('grep -qx ok "$PWD/.env"', ".env", "no\n"),
        ("cat cfg/*.ini | grep -qx ok", "cfg/a.ini", "no\n"),
        ("grep -qx ok *.local", "x.local", "no\n"),
    ],
)
def test_a_changed_ignored_file_reruns_the_gate(
    repo: Path, command: str, name: str, stale: str
) -> None:
    (repo / name).parent.mkdir(parents=True, exist_ok=True)
    (repo / name).write_text("ok\n", encoding="utf-8")
    (repo / ".gitignore").write_text(".env\ncfg/\n*.local\n", encoding="utf-8")
    write_plan(repo, [row("T1", "`true`")], gates=[f"| G | `{command}` | exit 0 |"])
    assert plan("gates").code == 0
    (repo / name).write_text(stale, encoding="utf-8")
    r = plan("gates")
    assert r.code == 1, r.out + r.err


def test_a_variable_named_by_its_length_reruns_the_gate(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STAGE", "prod")
    write_plan(repo, [row("T1", "`true`")], gates=["| G | `test ${#STAGE} -gt 3` | exit 0 |"])
    assert plan("gates").code == 0
    monkeypatch.setenv("STAGE", "qa")
    r = plan("gates")
    assert r.code == 1, r.out + r.err


def test_a_mode_change_reruns_the_gate(repo: Path) -> None:
    script = repo / "run.sh"
    script.write_text("#!/bin/sh\n", encoding="utf-8")
    script.chmod(0o755)
    (repo / ".gitignore").write_text("run.sh\n", encoding="utf-8")
    write_plan(repo, [row("T1", "`true`")], gates=["| G | `test -x run.sh` | exit 0 |"])
    assert plan("gates").code == 0
    script.chmod(0o644)
    r = plan("gates")
    assert r.code == 1, r.out + r.err


@pytest.mark.parametrize("shape", ["folder", "link"])
def test_a_lock_file_that_is_not_a_file_is_set_aside(repo: Path, shape: str) -> None:
    # attack16b, case 1: a folder or a link in the lock's place stopped every run (exit 2)
    write_plan(repo, [row("T1", "`true`"), row("T2", "`true`")])
    assert plan("run", "T1").code == 0
    locks = repo / ".git" / "plan" / "locks"
    found = [*sorted(locks.glob("*.lock")), repo / ".git" / "plan-commit.lock"]
    for lock in found:
        lock.unlink(missing_ok=True)
        if shape == "folder":
            lock.mkdir()
        else:
            lock.symlink_to("/dev/null")
    r = plan("run", "T2")
    assert r.code == 0, r.out + r.err
    assert "set aside" in r.err


def test_a_declared_input_that_is_a_fifo_is_never_opened(repo: Path) -> None:
    # attack16c F16: a named pipe declared as an input (1Password mounts `.env` as one) hung
    # `plan gates` and `plan gates --dry-run` for ever, past --timeout
    import os

    os.mkfifo(repo / ".env")
    (repo / "pyproject.toml").write_text('[tool.plan]\ngate_inputs = [".env"]\n', encoding="utf-8")
    (repo / ".gitignore").write_text(".env\n", encoding="utf-8")
    write_plan(repo, [row("T1", "`true`")], gates=["| G | `true` | exit 0 |"])
    assert plan("gates", "--dry-run", "--timeout", "5s").code == 0
    r = plan("gates", "--timeout", "5s")
    assert r.code == 0, r.out + r.err
    assert "up to date" in plan("gates").out


def test_a_cache_entry_changed_by_hand_is_no_cache(repo: Path) -> None:
    # attack16b, case 1: the block cache was trusted whenever its key matched; an entry
    # whose `excluded` hid T2 made T2 vanish and the plan Complete
    import json

    path = write_plan(repo, [row("T1", "`true`"), row("T2", "`false`")])
    text = path.read_text(encoding="utf-8").replace("- Status: Proposed", "- Status: In Progress")
    path.write_text(text, encoding="utf-8")
    from tests.conftest import git

    git(repo, "commit", "-qam", "status")
    assert plan("run", "T1").code == 0
    assert plan("status").code == 0
    lines = path.read_text(encoding="utf-8").splitlines()
    t2 = next(i for i, ln in enumerate(lines) if "| T2" in ln)
    for entry in (repo / ".git" / "plan" / "cache").glob("*.json"):
        data = json.loads(entry.read_text(encoding="utf-8"))
        data["blocks"]["excluded"] = [[t2, t2 + 1]]
        entry.write_text(json.dumps(data), encoding="utf-8")
    shown = plan("status", "--json")
    assert [t["id"] for t in shown.json()["tasks"]] == ["T1", "T2"]
    assert plan("run", "--all").code == 1
    assert "Complete" not in path.read_text(encoding="utf-8")
