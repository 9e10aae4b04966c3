"""`plan report` reads PLAN_FILE as every one-plan command does (issue 19, seventh and eighth
passes), in a real git repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import plan


def test_report_reads_plan_file_as_every_one_plan_command_does(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Seventh and eighth passes: `plan report` ignored PLAN_FILE ("no plans in plans/").
    (repo / "plan.md").write_text(
        "# Elsewhere\n\n## Progress\n\n- [ ] Run `true`\n", encoding="utf-8"
    )
    monkeypatch.setenv("PLAN_FILE", "plan.md")
    result = plan("report", "--json")
    assert result.code == 0, result.err
    assert [p["path"] for p in result.json()["plans"]] == ["plan.md"]
