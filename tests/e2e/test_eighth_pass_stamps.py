"""Issue 19, eighth pass, case 19a: `Last Updated` written with a month's name and a time,
a zone abbreviation (English or German), or a French `10h00` gets the current date and time
in the author's zone, label and form. Through `plan run` in a real git repository; only the
clock is replaced."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import git
from tests.helpers import plan, row, write_plan

# The clock stands at 14:36:23 UTC on 2026-12-04 (a winter day in Europe).
NOW = datetime(2026, 12, 4, 14, 36, 23, tzinfo=UTC)


@pytest.mark.parametrize(
    ("written", "now"),
    [
        # A day-first date with a time: the time too, in the zone named (was `4 Dec 2026 10:00
        # CET`: the date moved, the time did not). The day stays zero-padded.
        ("01 Jan 2026 10:00 CET", "04 Dec 2026 15:36 CET"),
        ("1 January 2026 10:00 JST", "4 December 2026 23:36 JST"),
        # Each abbreviation keeps its label, the time given in the offset it names (a summer
        # zone's label names its summer offset, in December too).
        ("2026-01-01 10:00 CEST", "2026-12-04 16:36 CEST"),
        ("2026-01-01 10:00 MEZ", "2026-12-04 15:36 MEZ"),
        ("2026-01-01 10:00 MESZ", "2026-12-04 16:36 MESZ"),  # was `14:36 UTC`
        ("2026-01-01 10:00 BST", "2026-12-04 15:36 BST"),
        ("2026-01-01 10:00 IST", "2026-12-04 20:06 IST"),
        ("2026-01-01 10:00 AEST", "2026-12-05 00:36 AEST"),
        ("2026-01-01 10:00 EST", "2026-12-04 09:36 EST"),
        ("2026-01-01 10:00 EDT", "2026-12-04 10:36 EDT"),
        ("2026-01-01 10:00 CST", "2026-12-04 08:36 CST"),
        ("2026-01-01 10:00 CDT", "2026-12-04 09:36 CDT"),
        ("2026-01-01 10:00 MST", "2026-12-04 07:36 MST"),
        ("2026-01-01 10:00 MDT", "2026-12-04 08:36 MDT"),
        ("2026-01-01 10:00 PDT", "2026-12-04 07:36 PDT"),
        # French: the `h` between hour and minutes kept (was `2026-12-04 10h00`).
        ("2026-01-01 10h00", "2026-12-04 14h36"),
        ("2026-01-01 10h00 CET", "2026-12-04 15h36 CET"),
        # A month first, an ordinal, `at` and a 12-hour clock: the form kept (was rewritten
        # as `2026-12-04T14:36:23Z`).
        ("January 1st, 2026 at 10:00 AM EST", "December 4th, 2026 at 09:36 AM EST"),
        (
            "Jan 22nd, 2026, 10:00 PM PST (after review)",
            "Dec 4th, 2026, 06:36 AM PST (after review)",
        ),
    ],
)
def test_last_updated_keeps_the_authors_zone_label_and_form(
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
