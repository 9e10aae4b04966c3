"""Issue 19, case 19, left open after the fifteenth pass: a day-first `Last Updated:
01/12/2026` was rewritten month first, and a Last Updated (or Status) on a bare line, in
emphasis, in a block quote or in a metadata table under the title was never moved. Through
`plan run` in a real git repository; only the clock is replaced."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.helpers import plan, write_text_plan

NOW = datetime(2026, 12, 5, 18, 30, tzinfo=UTC)

PLAN = """# ExecPlan: Meta

{meta}

## Detailed Phase Task Steps

| ID | Task | Validation | Status |
|----|------|------------|--------|
| T1 | one | `true` | |

## Progress Per Session

"""


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> None:
    from runner.run import workflow

    monkeypatch.setattr(workflow, "utc_now", lambda: NOW)


def run_with(repo: Path, meta: str) -> list[str]:
    path = write_text_plan(repo, PLAN.format(meta=meta))
    r = plan("run", "T1")
    assert r.code == 0, r.out + r.err
    text = path.read_text(encoding="utf-8")
    head = text.split("## Detailed", 1)[0]
    assert text.split("## Detailed", 1)[1].startswith(" Phase Task Steps")
    return head.splitlines()[2:]


@pytest.mark.parametrize(
    ("meta", "moved"),
    [
        # the plan's other dates say day first: the 25th cannot be a month
        (
            "- Start: 25/11/2026 • Last Updated: 01/12/2026",
            "- Start: 25/11/2026 • Last Updated: 05/12/2026",
        ),
        (
            "- Start: 11/25/2026 • Last Updated: 01/12/2026",
            "- Start: 11/25/2026 • Last Updated: 12/05/2026",
        ),
        # a day that cannot be a month, in the value itself
        ("- Last Updated: 13/11/2026", "- Last Updated: 05/12/2026"),
        ("- Last Updated: 11/13/2026", "- Last Updated: 12/05/2026"),
        # dotted dates are day first
        ("- Last Updated: 01.02.2026", "- Last Updated: 05.12.2026"),
    ],
)
def test_a_slashed_last_updated_keeps_its_order(repo: Path, meta: str, moved: str) -> None:
    assert run_with(repo, meta)[0] == moved


def test_a_future_reading_is_not_the_authors(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # On 5 June, `12/01/2026` is the 12th of January (the 1st of December is still to come).
    from runner.run import workflow

    monkeypatch.setattr(workflow, "utc_now", lambda: datetime(2026, 6, 5, 9, 0, tzinfo=UTC))
    assert run_with(repo, "- Last Updated: 12/01/2026")[0] == "- Last Updated: 05/06/2026"


@pytest.mark.parametrize(
    ("meta", "moved"),
    [
        ("Last Updated: 2026-01-01", ["Last Updated: 2026-12-05"]),
        ("Last updated: Jan 1, 2026", ["Last updated: Dec 5, 2026"]),
        ("*Last updated: 2026-01-01*", ["*Last updated: 2026-12-05*"]),
        ("_Last Updated: 2026-01-01_", ["_Last Updated: 2026-12-05_"]),
        ("> **Last Updated:** 2026-01-01", ["> **Last Updated:** 2026-12-05"]),
        ("> - Last Updated: 2026-01-01", ["> - Last Updated: 2026-12-05"]),
        (
            "Status: Draft\nLast Updated: 2026-01-01",
            ["Status: Complete", "Last Updated: 2026-12-05"],
        ),
        (
            "| Field | Value |\n|---|---|\n| Status | Draft |\n| Last Updated | 2026-01-01 |",
            [
                "| Field | Value |",
                "|---|---|",
                "| Status | Complete |",
                "| Last Updated | 2026-12-05 |",
            ],
        ),
        (
            "| | |\n|---|---|\n| **Last Updated** | 1 Jan 2026 |",
            ["| | |", "|---|---|", "| **Last Updated** | 5 Dec 2026 |"],
        ),
        (
            "| Status | Owner | Last Updated |\n|---|---|---|\n| Draft | me | 2026-01-01 |",
            [
                "| Status | Owner | Last Updated |",
                "|---|---|---|",
                "| Complete | me | 2026-12-05 |",
            ],
        ),
    ],
)
def test_last_updated_off_a_bullet_is_moved(repo: Path, meta: str, moved: list[str]) -> None:
    assert run_with(repo, meta)[: len(moved)] == moved


@pytest.mark.parametrize(
    "meta",
    [
        # prose that starts like a field, other keys on bare lines, a table of other things
        "Note: this plan was last updated on 2026-01-01 by hand.",
        "Owner: 2026-01-01",
        "| Milestone | Date |\n|---|---|\n| Beta | 2026-01-01 |",
    ],
)
def test_lines_that_are_not_last_updated_stay(repo: Path, meta: str) -> None:
    assert run_with(repo, meta)[: meta.count("\n") + 1] == meta.splitlines()


@pytest.mark.parametrize(
    "written",
    [
        # attack16c F6: the date was moved and the time left behind (a new date, an old time)
        "2026-01-01T10Z",
        "2026-01-01T10.00Z",
        "2026-01-01_10:00Z",
        "2026-01-01 10 AM",
        "2026-01-01 10am",
        "2026-01-01 noon",
        "2026-01-01 10:00 a.m.",
        "2026-01-01T10:00:00,5Z",
        "2026-01-01 10:00 CET (09:00Z)",
        "2026-01-01 (Thu)",
    ],
)
def test_a_time_the_runner_cannot_move_leaves_the_value_alone(repo: Path, written: str) -> None:
    assert run_with(repo, f"- Last Updated: {written}")[0] == f"- Last Updated: {written}"


@pytest.mark.parametrize(
    ("written", "moved"),
    [
        ("2026-01-01 (1.20 release)", "2026-12-05 (1.20 release)"),
        ("2026-01-01 10.00", "2026-12-05 18.30"),
        ("2026-01-01 (10:00 UTC)", "2026-12-05 (18:30 UTC)"),
        ("2026-01-01 10:00am", "2026-12-05 06:30pm"),
    ],
)
def test_a_time_the_runner_reads_moves_with_its_date(repo: Path, written: str, moved: str) -> None:
    assert run_with(repo, f"- Last Updated: {written}")[0] == f"- Last Updated: {moved}"
