"""Issue 19, case 9, eleventh pass: thresholds. Signs written as a spaced minus, a Unicode
hyphen, a fullwidth minus, an arrow or accounting parentheses were dropped; of several values
of one quantity (`line coverage 60%`, `branch coverage 95%`) the last one decided; a failing
count written `2 tests failing` and warnings marked without the English word (`⚠`, `[W]`,
`W0612`, `Warnung`, `警告`) were not counted; `90 percent` and `ninety percent` were not read.
Each passed. Plans of our own, through the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import plan, row, write_plan


def _gate(repo: Path, command: str, cell: str) -> str:
    write_plan(repo, [row("T1", "`true`")], gates=[f"| G1 | `{command}` | {cell} |"])
    (only,) = plan("gates", "--json").json()["results"]
    return str(only["status"])


MISSES = [
    # signs
    ("echo 'margin: - 7.5%'", "margin >= 0%"),
    ("echo 'margin: \u20107.5%'", "margin >= 0%"),
    ("echo 'margin: \uff0d7.5%'", "margin >= 0%"),
    ("echo 'margin: \uff0d\uff17\uff0e\uff15\uff05'", "margin >= 0%"),
    ("echo 'margin: \u21937.5%'", "margin >= 0%"),
    ("echo 'margin: \u25bc 7.5%'", "margin >= 0%"),
    ("echo 'margin: (7.5%)'", "margin >= 0%"),
    ("echo 'margin (7.5%)'", "margin >= 0%"),
    ("echo 'latency: (250 ms)'", "latency <= 200 ms"),
    ("echo 'latency: \u2193300 ms'", "latency <= 200 ms"),
    ("echo 'margin: \u25bc 7.5%'", "margin <= 5%"),
    # a bullet's dash is no sign
    ("echo '- errors: 12'", "errors <= 5"),
    # several values of one quantity: each must meet a threshold that names no kind
    ("printf 'line coverage 60%%\\nbranch coverage 95%%\\n'", "coverage >= 90%"),
    ("printf 'branch coverage 60%%\\nline coverage 95%%\\n'", "coverage >= 90%"),
    ("printf 'GET p95: 450 ms\\nPOST p95: 120 ms\\n'", "p95 < 200 ms"),
    ("printf 'line coverage 95%%\\nbranch coverage 60%%\\n'", "branch coverage >= 90%"),
    # a counted failure, whatever pass words stand beside it
    ("echo '3 failed, all green otherwise'", "no failures"),
    ("echo '3 failed, all green otherwise'", "all green"),
    ("echo 'all pass'; echo '2 tests failing'", "no failures"),
    ("echo 'all pass'; echo '2 tests failing'", "100% passing"),
    # warnings and errors without the English word
    ("echo '\u26a0 unused variable x'", "no warnings"),
    ("echo '\u26a0\ufe0f unused variable x'", "no warnings"),
    ("echo 'src/a.py:3: [W] unused variable x'", "no warnings"),
    ("echo 'src/a.py:3:1: W0612 unused variable'", "no warnings"),
    ("echo 'a.py:1:80: E501 line too long'", "0 errors"),
    ("echo 'warning[E0001]: unused'", "no warnings"),
    ("echo 'Warnung: veraltet'", "no warnings"),
    ("echo '2 Warnungen'", "no warnings"),
    ("echo 'avertissement : obsol\u00e8te'", "no warnings"),
    ("echo 'advertencia: obsoleto'", "no warnings"),
    ("echo '\u8b66\u544a: \u975e\u63a8\u5968'", "no warnings"),
    ("echo 'Fehler: Datei fehlt'", "0 errors"),
    ("echo '\u274c test_login'", "no failures"),
    # the threshold's number and unit as written
    ("echo 'coverage 50%'", "coverage >= 90 percent"),
    ("echo 'coverage 50%'", "coverage >= 90 per cent"),
    ("echo 'coverage 50%'", "coverage at least ninety percent"),
    ("echo 'coverage 50%'", "coverage \u2265 \uff19\uff10\uff05"),
    ("echo 'coverage 50 percent'", "coverage >= 90%"),
    ("echo 'p95: 30 ms'", "p95 under twenty-five ms"),
]


@pytest.mark.parametrize(("command", "cell"), MISSES)
def test_a_miss_in_any_shape_fails(repo: Path, command: str, cell: str) -> None:
    assert _gate(repo, command, cell) == "failed"


MET = [
    ("echo 'margin: + 7.5%'", "margin >= 0%"),
    ("echo 'margin: \u21917.5%'", "margin >= 0%"),
    ("echo 'margin: (7.5%)'", "margin <= 10%"),
    ("echo 'margin: \u25bc 2%'", "margin <= 5%"),
    ("echo '- errors: 3'", "errors <= 5"),
    ("echo '- 95% coverage'", "coverage >= 90%"),
    ("echo 'coverage - 95%'", "coverage >= 90%"),
    ("echo 'lines: 950/1000 (95%)'", "lines >= 90%"),
    ("printf 'line coverage 95%%\\nbranch coverage 92%%\\n'", "coverage >= 90%"),
    ("printf 'line coverage 95%%\\nbranch coverage 60%%\\n'", "line coverage >= 90%"),
    ("printf 'coverage 95%%\\nbranch coverage 60%%\\n'", "line coverage >= 90%"),
    ("printf 'line coverage 60%%\\nbranch coverage 95%%\\n'", "branch coverage >= 90%"),
    ("echo 'all green, no failing tests'", "no failures"),
    ("echo '15 passing'; echo '0 failing'", "100% passing"),
    ("echo 'Found 0 warnings'", "no warnings"),
    ("echo 'a.py: W0612 disabled by config: 0 found'", "0 errors"),
    ("echo 'coverage 95 percent'", "coverage >= 90%"),
    ("echo 'coverage 95%'", "coverage at least ninety percent"),
    ("echo 'coverage 95%'", "coverage \u2265 \uff19\uff10\uff05"),
]


@pytest.mark.parametrize(("command", "cell"), MET)
def test_the_same_shapes_pass_when_met(repo: Path, command: str, cell: str) -> None:
    assert _gate(repo, command, cell) == "passed"


def test_a_task_threshold_reads_the_same_shapes(repo: Path) -> None:
    write_plan(
        repo,
        [
            row("T1", "`echo 'margin: \u25bc 7.5%'` margin >= 0%"),
            row("T2", "`echo '\u26a0 unused x'` should report no warnings"),
        ],
    )
    for task in ("T1", "T2"):
        (result,) = plan("run", task, "--json").json()["results"]
        assert result["status"] == "failed", task
