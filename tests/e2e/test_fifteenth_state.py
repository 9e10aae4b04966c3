"""Issue 19, case 6, the fifteenth stop (the fourteenth pass's F6n): an item inserted above
a running checklist item must not undo a tick committed before the run.

Items with no ID of their own are numbered by place. A person inserted an item at the top
while item 2 ran; the guard that puts back a pass written meanwhile compared item 2 then
(unticked) with item 2 now (the committed, ticked "Prepare") and unticked it in the work tree.
A checklist item is matched by its own line now, wherever it stands.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.conftest import git
from tests.e2e.test_edits_midrun_ids import GO, edit_while_running
from tests.helpers import plan, row, write_plan, write_text_plan


@pytest.mark.parametrize("marker", ["-", "1."])
def test_an_item_inserted_above_keeps_a_committed_tick(repo: Path, marker: str) -> None:
    two = "2." if marker == "1." else "-"
    three = "3." if marker == "1." else "-"
    path = write_text_plan(
        repo,
        "# Plan: places\n\n## Progress\n\n"
        f"{marker} [x] Prepare. Run `true`.\n"
        f"{two} [ ] Build the thing.\n  - Run: `{GO}`\n"
        f"{three} [ ] Ship it. Run `true`.\n",
    )
    first = f"{marker} [x] Prepare."
    code, out, err = edit_while_running(
        repo, path, ("run", "2"), first, f"{marker} [ ] New first step. Run `false`.\n{first}"
    )
    text = path.read_text(encoding="utf-8")
    assert f"{marker} [x] Prepare. Run `true`." in text, text
    assert "put back" not in out + err, out + err
    assert "[ ] New first step" in text
    assert code in (0, 1), out + err


LINK_OUT = {
    "doit": "rm -rf .git/plan/doit; ln -s {out} .git/plan/doit",
    "results": "rm -rf .git/plan/results; ln -s {out} .git/plan/results",
    "cache": "rm -rf .git/plan/cache; ln -s {out} .git/plan/cache",
    "state": "mv .git/plan .git/plan.old; ln -s {out} .git/plan",
}


@pytest.mark.parametrize("folder", sorted(LINK_OUT))
@pytest.mark.parametrize("args", [("run", "T1"), ("gates",)])
def test_a_state_folder_linked_out_by_a_check_is_not_written_through(
    repo: Path, tmp_path: Path, folder: str, args: tuple[str, ...]
) -> None:
    """The fourteenth pass (F15t): the state folder is checked when a command starts; a
    check that links it, or a folder in it, out while it runs got the runner's cache, doit
    database and saved results written outside the repository."""
    outside = tmp_path / "outside"
    outside.mkdir()
    script = LINK_OUT[folder].format(out=outside)
    (repo / "mk.sh").write_text(script + "\n", encoding="utf-8")
    write_plan(
        repo, [row("T1", "`sh mk.sh`"), row("T2", "`true`")], gates=["| G | `sh mk.sh` | exit 0 |"]
    )
    git(repo, "add", "mk.sh")
    git(repo, "commit", "-qm", "mk")
    r = plan(*args)
    assert "Traceback" not in r.err, r.err
    assert sorted(p.name for p in outside.rglob("*")) == [], (r.out, r.err)
    assert "not written" in r.err, r.err


def test_an_output_written_inside_never_lands_outside(repo: Path, tmp_path: Path) -> None:
    """attack15b (case 15): a folder of `--junit reports/x.xml` flipped between a link in and
    a link out every half millisecond; the check before the write passed, and the write
    followed the link out (10 files of 50). The write holds the folder, checks where it is,
    and writes inside it only: here the link is out when the write looks."""
    from runner.workspace.state import write_output

    outside = tmp_path / "outside"
    outside.mkdir()
    (repo / "reports").symlink_to(outside)
    with pytest.raises(OSError, match="leads out of the repository"):
        write_output(repo / "reports" / "x.xml", b"<x/>", inside=repo)
    assert list(outside.iterdir()) == []
    (repo / "reports").unlink()
    (repo / "reports").mkdir()
    write_output(repo / "reports" / "x.xml", b"<x/>", inside=repo)
    assert (repo / "reports" / "x.xml").read_bytes() == b"<x/>"
    assert sorted(p.name for p in (repo / "reports").iterdir()) == ["x.xml"]
    # A path named outside the repository is the user's own choice, and is written there.
    write_output(outside / "y.xml", b"<y/>", inside=repo)
    assert (outside / "y.xml").read_bytes() == b"<y/>"


def test_a_save_through_a_held_handle_after_the_settle_is_seen_at_the_end(tmp_path: Path) -> None:
    """attack15b (case 12): a program holding the plan open wrote its save into the replaced
    file after the commit's last look, while the runner still ran; the line was lost. The
    replaced file is kept open and looked at once more when the runner ends."""
    from runner.workspace import state

    path = tmp_path / "p.md"
    path.write_bytes(b"one\n")
    held = os.open(path, os.O_RDWR)  # the person's program, open from before the run
    try:
        state.write_atomic(path, b"one\nrun\n", "p.md", expect=b"one\n")
        assert state.settle_late(path, watch=True) == b""
        os.pwrite(held, b"one\nperson\n", 0)
        os.ftruncate(held, len(b"one\nperson\n"))
    finally:
        os.close(held)
    assert state.last_look(path) == b"one\nperson\n"
    assert state.last_look(path) is None  # looked at once: closed


@pytest.mark.parametrize("args", [("run", "T1"), ("journal", "hello")])
def test_a_commit_made_while_the_plans_commit_runs_is_kept(
    repo: Path, args: tuple[str, ...]
) -> None:
    """attack15b: a person committed while plan's commit ran its pre-commit hook; plan's
    commit took theirs as its parent but kept the tree from before it, undoing their change
    in HEAD (exit 0). The commit is made again on its real parent now."""
    from tests.helpers import spawn

    write_plan(repo, [row("T1", "`true`"), row("T2", "`true`")])
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text(
        "#!/bin/sh\ntouch hook-started\nwhile [ ! -e user-done ]; do sleep 0.02; done\n",
        encoding="utf-8",
    )
    hook.chmod(0o755)
    proc = spawn(repo, *args)
    deadline = time.monotonic() + 30
    while not (repo / "hook-started").exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    (repo / "user.txt").write_text("important fix\n", encoding="utf-8")
    git(repo, "add", "user.txt")
    git(repo, "commit", "-q", "--no-verify", "-m", "user: important fix")
    (repo / "user-done").touch()
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, out + err
    assert git(repo, "show", "HEAD:user.txt").strip() == "important fix"
    assert git(repo, "log", "-1", "--format=%s").startswith("plan(")
    assert git(repo, "log", "-2", "--format=%s").splitlines()[1] == "user: important fix"
    # Nothing of theirs is undone (the index held the plan's entry when they committed, so
    # their commit may carry it too).
    changed = git(repo, "show", "--name-only", "--format=", "HEAD").split()
    assert "user.txt" not in changed, changed
    assert git(repo, "show", "HEAD:plans/0001-run.md") == (
        repo / "plans" / "0001-run.md"
    ).read_text(encoding="utf-8")


def test_a_save_through_a_handle_kept_open_lands_whenever_it_comes(repo: Path) -> None:
    """attack15b (case 12): a program that kept the plan open from before the run wrote its
    save through that handle 0.06-0.09 s after the runner's swap, the runner still alive:
    the line was lost with no word. The runner, as it ends, waits while another process
    holds the replaced file, and puts such a save back in the work tree."""
    from tests.helpers import spawn

    path = write_plan(repo, [row("T1", "`true`"), row("T2", "`true`")])
    held = os.open(path, os.O_RDWR)
    try:
        ino = os.fstat(held).st_ino
        text = os.pread(held, 1 << 20, 0)
        proc = spawn(repo, "run", "T1")
        deadline = time.monotonic() + 30
        while os.stat(path).st_ino == ino and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(0.1)  # after the swap; whether before or after the commit, never lost
        saved = text + b"- a person's line\n"
        os.pwrite(held, saved, 0)
        os.ftruncate(held, len(saved))
    finally:
        os.close(held)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, out + err
    assert "- a person's line" in path.read_text(encoding="utf-8"), out + err
