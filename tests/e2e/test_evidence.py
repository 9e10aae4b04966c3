"""Evidence, opt-in: a passing task's last output lines, masked, as an indented block under
`Artifacts & Notes`, replaced (not duplicated) when the task passes again (issue 21)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import git
from tests.helpers import TABLE, plan, row, write_plan, write_text_plan


def _blocks(text: str, task_id: str) -> int:
    return text.count(f"Evidence for task {task_id} (")


def test_no_evidence_unless_asked(repo: Path) -> None:
    path = write_plan(repo, [row("T1", "`echo proof`")])
    assert plan("next").code == 0
    text = path.read_text(encoding="utf-8")
    assert "Artifacts & Notes" not in text
    assert "Evidence for task" not in text


def test_evidence_creates_the_section_with_the_last_lines_masked(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SERVICE_TOKEN", "tok-9f8e7d6c5b4a")
    path = write_plan(repo, [row("T1", "`seq 1 30; echo key=$SERVICE_TOKEN`")])
    assert plan("next", "--evidence").code == 0
    text = path.read_text(encoding="utf-8")
    assert "tok-9f8e7d6c5b4a" not in text
    section = text.split("## Artifacts & Notes\n", 1)[1]
    lines = section.splitlines()
    assert lines[1].startswith("Evidence for task T1 (passed ")
    block = [ln for ln in lines[3:] if ln.startswith("    ")]
    assert "    key=***" in block
    assert "    30" in block
    assert "    1" not in block  # only the last lines
    assert len(block) <= 8
    assert git(repo, "status", "--porcelain") == ""  # committed with the result


def test_evidence_is_replaced_when_the_task_passes_again(repo: Path) -> None:
    path = write_plan(repo, [row("T1", "`date +%N`"), row("T2", "`echo two`")])
    assert plan("run", "--all", "--evidence").code == 0
    first = path.read_text(encoding="utf-8")
    assert _blocks(first, "T1") == 1
    assert _blocks(first, "T2") == 1
    assert plan("reset", "T1").code == 0
    assert plan("next", "--evidence").code == 0
    again = path.read_text(encoding="utf-8")
    assert _blocks(again, "T1") == 1
    assert _blocks(again, "T2") == 1
    assert again.index("Evidence for task T1") < again.index("Evidence for task T2")
    assert again.count("## Artifacts & Notes") == 1


def test_evidence_goes_into_the_plans_own_section(repo: Path) -> None:
    text = TABLE.format(rows=row("T1", "`echo shown`"), gates="| Ok | `true` | passes |")
    text = text.replace(
        "## Outcomes & Retrospective",
        "## Artifacts & Notes\n\nA note of our own.\n\n## Outcomes & Retrospective",
    )
    path = write_text_plan(repo, text)
    assert plan("next", "--evidence").code == 0
    now = path.read_text(encoding="utf-8")
    section = now.split("## Artifacts & Notes\n", 1)[1].split("## Outcomes", 1)[0]
    assert "A note of our own." in section
    assert "Evidence for task T1 (passed " in section
    assert "    shown" in section
    assert now.count("## Artifacts & Notes") == 1
    assert plan("lint", str(path)).code == 0


@pytest.mark.parametrize("empty", ["- None.", "None yet.", "_None yet._", "(nothing yet)", "TBD"])
def test_the_first_evidence_takes_the_place_of_an_empty_sections_placeholder(
    repo: Path, empty: str
) -> None:
    # The trial of issue 21: the evidence went under "- None.", which then said the
    # section had nothing in it while it had.
    text = TABLE.format(rows=row("T1", "`echo shown`"), gates="| Ok | `true` | passes |")
    text = text.replace(
        "## Outcomes & Retrospective",
        f"## Artifacts & Notes\n\n{empty}\n\n## Outcomes & Retrospective",
    )
    path = write_text_plan(repo, text)
    assert plan("next", "--evidence").code == 0
    section = path.read_text(encoding="utf-8").split("## Artifacts & Notes\n", 1)[1]
    section = section.split("## Outcomes", 1)[0]
    assert empty not in section, section
    assert section.startswith("\nEvidence for task T1 (passed "), section
    assert "    shown\n" in section, section
    assert section.endswith("\n\n"), section


def test_a_note_that_only_starts_with_none_is_kept(repo: Path) -> None:
    text = TABLE.format(rows=row("T1", "`echo shown`"), gates="| Ok | `true` | passes |")
    text = text.replace(
        "## Outcomes & Retrospective",
        "## Artifacts & Notes\n\n- None of the logs were kept.\n\n## Outcomes & Retrospective",
    )
    path = write_text_plan(repo, text)
    assert plan("next", "--evidence").code == 0
    assert "- None of the logs were kept." in path.read_text(encoding="utf-8")


def test_a_failing_task_leaves_no_evidence(repo: Path) -> None:
    path = write_plan(repo, [row("T1", "`echo bad; false`")])
    assert plan("next", "--evidence").code == 1
    assert "Evidence for task" not in path.read_text(encoding="utf-8")


def test_the_setting_turns_evidence_on(repo: Path) -> None:
    (repo / "pyproject.toml").write_text("[tool.plan]\nevidence = true\n", encoding="utf-8")
    git(repo, "add", "pyproject.toml")
    git(repo, "commit", "-q", "-m", "settings")
    path = write_plan(repo, [row("T1", "`echo by-setting`")])
    assert plan("next").code == 0
    assert "    by-setting" in path.read_text(encoding="utf-8")


def test_a_bad_setting_is_a_usage_error(repo: Path) -> None:
    (repo / "pyproject.toml").write_text('[tool.plan]\nevidence = "yes"\n', encoding="utf-8")
    write_plan(repo, [row("T1", "`true`")])
    result = plan("next")
    assert result.code == 2
    assert "evidence must be true or false" in result.err
