"""Issue 19, eleventh pass, case 19: `Last Updated` written as ISO's basic form
(`20260101T1000Z`), a two-digit year (`1/2/26`), a CJK date (`2026年1月1日`), with its time in
parentheses, or in front matter as `updated:` or `Last Updated:`, was rewritten in the
runner's own form, or its time left behind, or not moved at all; a form the runner cannot
read was replaced by its own. Each keeps the author's form now, and an unreadable one is left
alone. Through `plan run` in a real git repository; only the clock is replaced."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import git
from tests.helpers import plan, row, write_plan, write_text_plan

NOW = datetime(2026, 12, 4, 14, 36, 23, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> None:
    from runner.run import workflow

    monkeypatch.setattr(workflow, "utc_now", lambda: NOW)


@pytest.mark.parametrize(
    ("written", "now"),
    [
        ("20260101T1000Z", "20261204T1436Z"),
        ("20260101T100000Z", "20261204T143623Z"),
        ("20260101T1000+0100", "20261204T1536+0100"),
        ("20260101", "20261204"),
        ("1/2/26", "12/4/26"),
        ("01/02/26 10:00", "12/04/26 14:36"),
        ("01.01.26", "04.12.26"),
        ("2026年1月1日", "2026年12月4日"),
        ("2026年01月01日 10:00", "2026年12月04日 14:36"),
        ("2026년 1월 1일", "2026년 12월 4일"),
        ("1 Jan 2026", "4 Dec 2026"),
        ("Jan 1, 2026 10:00", "Dec 4, 2026 14:36"),
        ("2026-01-01 (10:00 UTC)", "2026-12-04 (14:36 UTC)"),
        ("2026-01-01 (10:00)", "2026-12-04 (14:36)"),
        ("1 Jan 2026 (10:00 CET)", "4 Dec 2026 (15:36 CET)"),
        # a number in parentheses that is no clock stays the author's note
        ("2026-01-01 (1.20 release)", "2026-12-04 (1.20 release)"),
        # a form the runner cannot read is the author's: left alone
        ("yesterday", "yesterday"),
        ("Q1 2026", "Q1 2026"),
        # a blank to fill is filled
        ("TBD", "2026-12-04T14:36:23Z"),
    ],
)
def test_last_updated_keeps_the_authors_form(repo: Path, written: str, now: str) -> None:
    path = write_plan(repo, [row("T1", "`true`")])
    text = path.read_text(encoding="utf-8").replace(
        "Last Updated: 2026-01-01T00:00Z", f"Last Updated: {written}"
    )
    path.write_text(text, encoding="utf-8")
    git(repo, "commit", "-qam", "form")
    assert plan("run", "T1").code == 0
    line = next(ln for ln in path.read_text(encoding="utf-8").splitlines() if "Last Updated" in ln)
    assert line.split("Last Updated: ", 1)[1] == now


FRONT = """---
title: FM
{field}
---

# ExecPlan: FM

- Status: In Progress
{bullet}
## Progress

- [ ] one
  - Run: `true`
"""


@pytest.mark.parametrize(
    ("field", "moved"),
    [
        ("updated: 2026-01-01", "updated: 2026-12-04"),
        ("last_updated: 2026-01-01", "last_updated: 2026-12-04"),
        ("Last Updated: 2026-01-01", "Last Updated: 2026-12-04"),
        ('updated: "2026-01-01 10:00"', 'updated: "2026-12-04 14:36"'),
        ("lastModified: 20260101T1000Z", "lastModified: 20261204T1436Z"),
    ],
)
def test_front_matter_last_updated_is_moved(repo: Path, field: str, moved: str) -> None:
    path = write_text_plan(repo, FRONT.format(field=field, bullet=""))
    assert plan("run", "1").code == 0
    assert moved in path.read_text(encoding="utf-8").splitlines()


def test_front_matter_and_a_bullet_are_each_moved_in_their_form(repo: Path) -> None:
    path = write_text_plan(
        repo, FRONT.format(field="updated: 2026-01-01", bullet="- Last Updated: 1 Jan 2026\n")
    )
    assert plan("run", "1").code == 0
    lines = path.read_text(encoding="utf-8").splitlines()
    assert "updated: 2026-12-04" in lines
    assert "- Last Updated: 4 Dec 2026" in lines
