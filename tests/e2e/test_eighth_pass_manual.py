"""Issue 19, eighth pass, case 14: a task a person does is never run, whether its Task Type
says so (`HITL`, `Human`, `Manual QA`) or its description does (a `Code` row that begins
`Manual:` or asks a person to do it). `plan run ID` exits 4 and runs nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from runner.errors import EXIT_MANUAL
from tests.helpers import plan, write_text_plan

HEAD = "# P\n\n## Tasks\n\n| ID | Task Type | Task | Status | Validation |\n|---|---|---|---|---|\n"


@pytest.mark.parametrize(
    ("kind", "task"),
    [
        ("HITL", "look at the page"),
        ("Human", "look at the page"),
        ("Manual QA", "look at the page"),
        ("Code", "Manual: click through the UI"),
        ("Code", "Ask a person to sign off"),
        ("Code", "**Manual step:** compare the screenshots"),
        ("Code", "Have the reviewer approve the wording"),
        ("Code", "Manually check the invoice layout"),
        ("Test", "[manual] try it on a phone"),
        ("Code", "Human - confirm the copy"),
        ("Code", "Get a teammate to try the installer"),
    ],
)
def test_a_persons_task_is_never_run(repo: Path, kind: str, task: str) -> None:
    write_text_plan(repo, HEAD + f"| T1 | {kind} | {task} | | `touch ran` |\n")
    result = plan("run", "T1")
    assert result.code == EXIT_MANUAL, result.out + result.err
    assert not (repo / "ran").exists()
    shown = plan("show", "T1")
    assert shown.code == 0
    assert "commands: none" in shown.out


@pytest.mark.parametrize(
    "task",
    [
        "Ask the user to confirm before deleting",  # a feature of the program, not a person's job
        "Human-readable sizes: print 1.2 MB",
        "Implement the manual override",
        "Person model: add the email field",
    ],
)
def test_code_about_people_still_runs(repo: Path, task: str) -> None:
    write_text_plan(repo, HEAD + f"| T1 | Code | {task} | | `touch ran` |\n")
    result = plan("run", "T1")
    assert result.code == 0, result.out + result.err
    assert (repo / "ran").exists()
