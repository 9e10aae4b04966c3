"""The compare-and-swap write of the plan and a program appending to it at the same moment
(issue 19, case 12): nothing a person appends is lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from runner.workspace import state


def test_an_append_to_the_replaced_file_after_the_write_is_found_by_settle(
    tmp_path: Path,
) -> None:
    # The seventh pass lost about one line in 35,000 to an appender writing every 0.3 ms:
    # it had opened the plan just before the rename and wrote after the write's own looks.
    plan = tmp_path / "plan.md"
    plan.write_bytes(b"# P\n")
    appender = plan.open("ab")  # opened before the rename, written after it
    state.replace_atomically(plan, b"# P\nours\n", expect=b"# P\n")
    appender.write(b"- a late note\n")
    appender.flush()
    appender.close()
    assert plan.read_bytes() == b"# P\nours\n"
    assert state.settle_late(plan) == b"- a late note\n"
    assert state.settle_late(plan) == b""  # each replaced file is looked at once


def test_a_run_joins_a_late_append_to_the_plan(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Through the CLI: a program that opened the plan before the run's write and appends
    # right after the rename (the write's own looks turned off here, so the append always
    # lands after them): the line is in the plan when the run returns.
    import os
    import threading
    import time

    from tests.helpers import plan as run_plan
    from tests.helpers import row, write_plan

    monkeypatch.setattr(state, "LATE_LOOKS", 0)
    path = write_plan(repo, [row("T1", "`true`")])
    appender = path.open("ab")
    inode = os.stat(path).st_ino
    done = threading.Event()

    def append_after_the_rename() -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and os.stat(path).st_ino == inode:
            time.sleep(0.0005)
        appender.write(b"- a late note\n")
        appender.flush()
        done.set()

    watcher = threading.Thread(target=append_after_the_rename)
    watcher.start()
    result = run_plan("run", "T1")
    watcher.join()
    appender.close()
    assert result.code == 0, result.err
    assert done.is_set()
    assert path.read_text(encoding="utf-8").endswith("- a late note\n")


def test_a_changed_file_is_never_replaced(tmp_path: Path) -> None:
    plan = tmp_path / "plan.md"
    plan.write_bytes(b"# P\nedited by a person\n")
    with pytest.raises(state.ChangedMeanwhile):
        state.replace_atomically(plan, b"# P\nours\n", expect=b"# P\n")
    assert plan.read_bytes() == b"# P\nedited by a person\n"
    assert state.settle_late(plan) == b""
