"""The compare-and-swap write of the plan and a program appending to it at the same moment
(issue 19, case 12): nothing a person appends is lost."""

from __future__ import annotations

import sys
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


def _save_by_rename(path: Path, text: bytes) -> None:
    """An editor's save: a new file beside the plan, renamed over it."""
    swap = path.with_name(path.name + ".swp")
    swap.write_bytes(text)
    swap.replace(path)


_SWAPS = pytest.mark.skipif(
    not sys.platform.startswith("linux") or state._renameat2() is None,
    reason="the system cannot swap two names atomically (renameat2)",
)


@_SWAPS
def test_a_save_by_rename_between_the_compare_and_the_swap_is_kept(tmp_path: Path) -> None:
    # The thirteenth pass: an editor saving by rename every 5 ms beside 13 runs lost one of
    # 3,534 lines; its save landed after the write compared the bytes and before it renamed.
    plan = tmp_path / "plan.md"
    plan.write_bytes(b"# P\n")
    with pytest.raises(state.ChangedMeanwhile):
        state.replace_atomically(
            plan,
            b"# P\nours\n",
            expect=b"# P\n",
            between=lambda: _save_by_rename(plan, b"# P\n- the person's line\n"),
        )
    assert plan.read_bytes() == b"# P\n- the person's line\n"
    assert not [p.name for p in tmp_path.iterdir() if p.name != "plan.md"]


@_SWAPS
def test_two_saves_by_rename_in_the_window_keep_the_newest(tmp_path: Path) -> None:
    plan = tmp_path / "plan.md"
    plan.write_bytes(b"# P\n")
    saves = iter([b"# P\n- first\n", b"# P\n- first\n- second\n"])
    real = state._exchange

    def exchange_with_a_save_first(a: str | Path, b: str | Path) -> bool:
        nxt = next(saves, None)
        if nxt is not None:
            _save_by_rename(plan, nxt)
        return real(a, b)

    state_exchange = pytest.MonkeyPatch()
    state_exchange.setattr(state, "_exchange", exchange_with_a_save_first)
    try:
        with pytest.raises(state.ChangedMeanwhile):
            state.replace_atomically(plan, b"# P\nours\n", expect=b"# P\n")
    finally:
        state_exchange.undo()
    assert plan.read_bytes() == b"# P\n- first\n- second\n"  # the newest save stands
    assert not [p.name for p in tmp_path.iterdir() if p.name != "plan.md"]


@_SWAPS
def test_a_run_keeps_a_save_by_rename_that_lands_in_its_write(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Through the CLI: the first write of the run meets a save by rename at the worst
    # moment; the run reads the plan again and writes its result into the person's text.
    from tests.helpers import plan as run_plan
    from tests.helpers import row, write_plan

    path = write_plan(repo, [row("T1", "`true`")])
    real = state.replace_atomically
    met: list[bool] = []

    def write_meeting_a_save(target: Path, data: bytes, **kw: object) -> None:
        if kw.get("expect") is not None and not met and target.resolve() == path.resolve():
            met.append(True)
            kw["between"] = lambda: _save_by_rename(
                path, path.read_bytes() + b"\n- the person's line\n"
            )
        real(target, data, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(state, "replace_atomically", write_meeting_a_save)
    result = run_plan("run", "T1")
    assert result.code == 0, result.err
    assert met
    text = path.read_text(encoding="utf-8")
    assert "- the person's line" in text
    assert "| X      | 1       | T1" in text, text  # this layout marks a pass X
