"""Issue 19, the seventh attacker's pass over what `plan` prints and writes (cases 17 and 19):
control bytes in every sink, `Last Updated` in the author's zone and form, and
`plan ci collect` tied to the commit its results were tested on.

Each through the CLI in a real git repository; only the clock is replaced."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import git
from tests.helpers import plan, row, write_plan

# Case 19: the clock stands at 12:54:20 UTC on 2026-12-04 (a winter day: Berlin is UTC+1).
NOW = datetime(2026, 12, 4, 12, 54, 20, tzinfo=UTC)


@pytest.mark.parametrize(
    ("written", "now"),
    [
        # The offset or zone kept as written, the time given in it (the UTC time was written).
        ("2026-01-01 10:00 (UTC+2)", "2026-12-04 14:54 (UTC+2)"),
        ("2026-01-01 10:00 UTC+02:00", "2026-12-04 14:54 UTC+02:00"),
        ("2026-01-01 10:00 +02", "2026-12-04 14:54 +02"),
        ("2026-01-01 10:00 GMT+2", "2026-12-04 14:54 GMT+2"),  # not relabelled UTC+2
        ("2026-01-01 10:00 GMT", "2026-12-04 12:54 GMT"),
        ("2026-01-01 10:00 (Europe/Berlin)", "2026-12-04 13:54 (Europe/Berlin)"),
        ("2026-01-01 10:00 Europe/Paris", "2026-12-04 13:54 Europe/Paris"),
        # A 12-hour clock stays one; PST is UTC-8 (was `12:54 UTC PST`).
        ("2026-01-01 10:00 PM PST", "2026-12-04 04:54 AM PST"),
        ("2026-01-01 10:00 AM", "2026-12-04 12:54 PM"),
        # Forms kept: non-breaking hyphens, a dotted day-first date, an ISO week.
        ("2026\u201101\u201101 10:00Z", "2026\u201112\u201104 12:54Z"),
        ("2026\u201101\u201101", "2026\u201112\u201104"),
        ("01.01.2026", "04.12.2026"),
        ("2026-W01", "2026-W49"),
    ],
)
def test_last_updated_gets_the_authors_zone_and_form(
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
