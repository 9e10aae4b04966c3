"""Issue 19, ninth pass, case 19a: `Last Updated` with a date written in numbers and a time
joined to it some other way (a comma, `at`, `um`, a dash, `10.00`, `1000Z`, a dotted or
slashed date) had its date moved on and its time left as it was: a wrong time. Through
`plan run` in a real git repository; only the clock is replaced."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import git
from tests.helpers import plan, row, write_plan

NOW = datetime(2026, 12, 4, 14, 36, 23, tzinfo=UTC)


@pytest.mark.parametrize(
    ("written", "now"),
    [
        ("01.01.2026 10:00 Uhr", "04.12.2026 14:36 Uhr"),
        ("2026-01-01, 10:00", "2026-12-04, 14:36"),
        ("01/01/2026 10:00", "12/04/2026 14:36"),
        ("2026-01-01 10.00", "2026-12-04 14.36"),
        ("2026-01-01 at 10:00", "2026-12-04 at 14:36"),
        ("2026-01-01 um 10:00 Uhr", "2026-12-04 um 14:36 Uhr"),
        ("2026-01-01 — 10:00", "2026-12-04 — 14:36"),
        ("2026-01-01 1000Z", "2026-12-04 1436Z"),
        ("01.01.2026 10:00 CET", "04.12.2026 15:36 CET"),
        ("1 January 2026 — 10.00", "4 December 2026 — 14.36"),
        # A date alone, or a version after it, stays a date.
        ("2026-01-01 v1.20 release", "2026-12-04 v1.20 release"),
    ],
)
def test_a_time_after_a_numeric_date_moves_with_it(
    repo: Path, monkeypatch: pytest.MonkeyPatch, written: str, now: str
) -> None:
    from runner.run import workflow

    monkeypatch.setattr(workflow, "utc_now", lambda: NOW)
    path = write_plan(repo, [row("T1", "`true`")])
    text = path.read_text(encoding="utf-8").replace(
        "Last Updated: 2026-01-01T00:00Z", f"Last Updated: {written}"
    )
    path.write_text(text, encoding="utf-8")
    git(repo, "commit", "-qam", "form")
    assert plan("run", "T1").code == 0
    line = next(ln for ln in path.read_text(encoding="utf-8").splitlines() if "Last Updated" in ln)
    assert line.split("Last Updated: ", 1)[1] == now
