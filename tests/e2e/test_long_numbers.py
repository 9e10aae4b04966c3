"""Case 9, tenth pass: a number of thousands of digits is bad input, never a traceback.

`` `echo 4` returns 999…9 `` (5,000 digits) made status, lint and run exit 70 (Python refuses
ints of over 4,300 digits); a command printing such a number under "returns 3" did too, with
nothing recorded. Now the plan reads, and the check fails saying why.
"""

from __future__ import annotations

from pathlib import Path

from tests.helpers import plan, row, write_plan

BIG = "9" * 5000
PRINTS = 'print("9" * 5000 + " passed, 1 failed")'
GATE = f"| Count | `python3 -c '{PRINTS}'` | 100% passing |"


def test_a_huge_number_in_the_plan_or_the_output_fails_the_check(repo: Path) -> None:
    write_plan(
        repo,
        [
            row("1", f"`echo 4` returns {BIG}"),
            row("2", "`python3 -c 'print(\"9\" * 5000)'` prints 3 lines"),
            row("3", "`python3 -c 'print(\"9\" * 5000)'` returns 3"),
        ],
        gates=[GATE],
    )
    assert plan("status", "--json").code == 0
    assert plan("lint").code in (0, 1)
    r = plan("run", "--all", "--keep-going")
    assert r.code == 1, r.out + r.err
    for task in ("1", "2", "3"):
        assert f"task {task} failed" in r.out, r.out
    g = plan("gates")
    assert g.code == 1, g.out + g.err
    assert "gate Count failed" in g.out + g.err  # on CI the live line goes to stderr
