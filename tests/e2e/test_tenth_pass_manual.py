"""Issue 19, tenth pass, case 14: a Task Type meaning "by hand" or "a person" in another
language (手动, 人工, 手工, Ручная, Manuell, Manual, Handmatig, 수동, 手作業, ...) is a person's
task: `plan run ID` exits 4 and runs nothing, `plan run --all` runs nothing of it, and
`plan show` shows no commands."""

from __future__ import annotations

from pathlib import Path

import pytest

from runner.errors import EXIT_MANUAL
from tests.helpers import plan, write_text_plan

HEAD = "# P\n\n## Tasks\n\n| ID | Task Type | Task | Status | Validation |\n|---|---|---|---|---|\n"

KINDS = [
    "手动",
    "手動",
    "人工",
    "人工审核",
    "手工",
    "手动测试",
    "Ручная",
    "ручной",
    "Ручная проверка",
    "вручную",
    "Manuell",
    "Manuel",
    "Manual",
    "Manual (es)",
    "Handmatig",
    "수동",
    "수동 테스트",
    "手作業",
    "目視確認",
    "ręczny",
    "Ruční",
    "händisch",
    "Von Hand",
    "a mano",
    "Manualmente",
    "Humana",
]


@pytest.mark.parametrize("kind", KINDS)
def test_a_task_typed_by_hand_in_any_language_is_never_run(repo: Path, kind: str) -> None:
    write_text_plan(repo, HEAD + f"| T1 | {kind} | look at the page | | `touch ran` |\n")
    result = plan("run", "T1")
    assert result.code == EXIT_MANUAL, result.out + result.err
    assert not (repo / "ran").exists()
    plan("run", "--all")
    assert not (repo / "ran").exists()
    shown = plan("show", "T1")
    assert "commands: none" in shown.out, shown.out
    status = plan("status", "--json").json()["tasks"][0]["status"]
    assert status != "passed"


@pytest.mark.parametrize("kind", ["Code", "人工智能", "自动", "Автоматическая", "Test", "Handler"])
def test_other_types_still_run(repo: Path, kind: str) -> None:
    write_text_plan(repo, HEAD + f"| T1 | {kind} | build it | | `touch ran` |\n")
    result = plan("run", "T1")
    assert result.code == 0, result.out + result.err
    assert (repo / "ran").exists()


@pytest.mark.parametrize(
    "task",
    [
        "手动：点击界面检查",
        "人工: 检查页面",
        "[Manuell] Seite prüfen",
        "Ручная проверка: открыть страницу",
        "Manuelle Prüfung: Seite öffnen",
    ],
)
def test_a_description_labelled_by_hand_in_another_language_is_never_run(
    repo: Path, task: str
) -> None:
    write_text_plan(repo, HEAD + f"| T1 | Code | {task} | | `touch ran` |\n")
    result = plan("run", "T1")
    assert result.code == EXIT_MANUAL, result.out + result.err
    assert not (repo / "ran").exists()


def test_a_feature_named_in_another_language_still_runs(repo: Path) -> None:
    task = "Manuelle Eingabe: Feld validieren"  # a feature to build: manual input
    write_text_plan(repo, HEAD + f"| T1 | Code | {task} | | `touch ran` |\n")
    assert plan("run", "T1").code == 0
    assert (repo / "ran").exists()
