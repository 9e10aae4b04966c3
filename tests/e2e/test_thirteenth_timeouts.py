"""Issue 19, case 2, the thirteenth pass (F2a): a stated Timeout silently not applied.

`2 seconds`, `2 minutes`, `PT2S`, `~2s`, `<2s`, `2 secs max`, `2s (CI: 10m)` were not read,
and `sleep 4; true` passed in 4 s with no word; `abc` and `-1` were only lint's P109. They
are read now, and a limit that still cannot be read is said at the run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from runner.plan.duration import parse_duration
from tests.helpers import plan, row, write_plan


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("2 seconds", 2),
        ("2 minutes", 120),
        ("PT2S", 2),
        ("PT1H30M", 5400),
        ("~2s", 2),
        ("<2s", 2),
        ("2 secs max", 2),
        ("2s (CI: 10m)", 2),
        ("up to 5 min", 300),
        ("1 hour", 3600),
        ("90s", 90),
        ("1h30m", 5400),
    ],
)
def test_limits_as_people_write_them(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("cell", ["1 second", "~1s", "<1s", "1 secs max", "PT1S"])
def test_the_limit_is_applied(repo: Path, cell: str) -> None:
    write_plan(repo, [row("T1", "`sleep 30`", timeout=cell), row("T2", "`true`")])
    r = plan("run", "T1")
    assert r.code == 1, r.out + r.err
    assert "timed out" in r.out + r.err


@pytest.mark.parametrize("cell", ["abc", "-1"])
def test_a_limit_it_cannot_read_is_said(repo: Path, cell: str) -> None:
    write_plan(repo, [row("T1", "`true`", timeout=cell), row("T2", "`true`")])
    r = plan("run", "T1")
    assert r.code == 0
    assert f"timeout '{cell}' is not a duration" in r.err
