"""Issue 19, case 12 (F12a): a plan found by discovery while an editor has just emptied it.

`: > plans/p.md; plan run T1` said "no plans in plans; ... create one with plan new" (exit
2), where `-p plans/p.md` in the same state waited for the save and said the plan is
empty (exit 3, P002). An empty Markdown file of the plans folder is a plan that is empty:
found, waited for while it is being saved, and refused as unusable if it stays empty.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from tests.helpers import plan, row, write_plan

NAME = "p.md"


@pytest.mark.parametrize("args", [("run", "T1"), ("status",), ("next",)])
def test_an_emptied_plan_is_an_empty_plan_not_no_plans(repo: Path, args: tuple[str, ...]) -> None:
    path = write_plan(repo, [row("T1", "`true`")], name=NAME)
    path.write_bytes(b"")
    r = plan(*args)
    assert r.code == 3, r.out + r.err
    assert "P002" in r.err or "empty" in r.err, r.err
    assert "no plans" not in r.err
    assert path.read_bytes() == b""


def test_a_save_that_lands_while_the_runner_waits_is_run(repo: Path) -> None:
    path = write_plan(repo, [row("T1", "`true`")], name=NAME)
    whole = path.read_bytes()
    path.write_bytes(b"")
    # The editor's second half lands a moment later: the run reads the saved plan.
    timer = threading.Timer(0.05, path.write_bytes, args=(whole,))
    timer.start()
    try:
        r = plan("run", "T1")
    finally:
        timer.join()
    assert r.code == 0, r.out + r.err


def test_an_empty_plan_beside_an_open_one_is_named_among_them(repo: Path) -> None:
    write_plan(repo, [row("T1", "`true`")], name="0001-a.md")
    (repo / "plans" / "0002-b.md").write_bytes(b"")
    time.sleep(0.15)  # not a save in progress
    r = plan("status")
    assert r.code == 2, r.out + r.err
    assert "0002-b.md" in r.err
