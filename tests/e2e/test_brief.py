"""`plan brief [ID]`: the self-contained brief of a task, for a person or an agent (issue 21)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import git
from tests.helpers import TABLE, plan, row, snapshot, write_plan, write_text_plan

TOKEN = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"

SOURCE = "def f():\n    return 1\n\n\ndef g():\n    key = 'x'\n    return 2\n"


def _source(repo: Path) -> None:
    (repo / "src").mkdir()
    (repo / "src" / "x.py").write_text(SOURCE, encoding="utf-8")
    git(repo, "add", "src")
    git(repo, "commit", "-q", "-m", "source")


def test_brief_of_the_next_task_holds_purpose_task_files_commands_and_done_means(
    repo: Path,
) -> None:
    _source(repo)
    write_plan(
        repo,
        [
            row("T1", "`true`", status="[x]"),
            row("T2", "`echo hi`", depends="T1").replace(
                "Task T2.", "Fix `src/x.py:6` and `src/gone.py`."
            ),
        ],
    )
    result = plan("brief")
    assert result.code == 0, result.err
    text = result.out
    assert "purpose:\n  Run things." in text
    assert "task T2 (Code) — phase 1, outstanding" in text
    assert "Fix `src/x.py:6` and `src/gone.py`." in text
    # A few lines around the line named, numbered, from the working tree.
    assert "  src/x.py:6\n        4 | \n        5 | def g():\n        6 |     key = 'x'" in text
    assert "        8 |" not in text
    assert "        3 |" not in text
    assert "  src/gone.py (missing from the working tree)" in text
    assert "  $ echo hi" in text
    assert "depends on:\n  T1: passed" in text
    assert "done means: `plan next` runs its command" in text


def test_brief_json_is_a_stable_document(repo: Path) -> None:
    _source(repo)
    write_plan(
        repo,
        [row("T1", "`echo hi`").replace("Task T1.", "Edit `src/x.py:2`.")],
    )
    doc = plan("brief", "T1", "--json").json()
    assert doc["schema"] == 1
    assert doc["plan"] == "plans/0001-run.md"
    assert doc["purpose"] == "Run things."
    assert doc["task"]["id"] == "T1"
    assert doc["task"]["phase"] == "1"
    assert doc["task"]["status"] == "outstanding"
    assert doc["task"]["manual"] is False
    assert doc["files"] == [
        {
            "name": "src/x.py:2",
            "path": "src/x.py",
            "line": 2,
            "exists": True,
            "note": None,
            "excerpt": [
                {"line": 1, "text": "def f():"},
                {"line": 2, "text": "    return 1"},
                {"line": 3, "text": ""},
                {"line": 4, "text": ""},
            ],
        }
    ]
    assert doc["commands"] == [{"command": "echo hi", "expect": None, "expect_lines": []}]
    assert doc["depends"] == []
    assert doc["last_failure"] is None
    assert set(doc) == {
        "schema",
        "plan",
        "title",
        "purpose",
        "task",
        "files",
        "commands",
        "runs_gates",
        "depends",
        "last_failure",
        "done_means",
        "notes",
    }


def test_brief_after_a_failure_shows_its_summary_redacted(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEPLOY_TOKEN", "s3cr3t-value-here")
    (repo / "secret.txt").write_text(f"token = {TOKEN}\nname = ok\n", encoding="utf-8")
    git(repo, "add", "secret.txt")
    git(repo, "commit", "-q", "-m", "secret")
    write_plan(
        repo,
        [
            row("T1", "`echo broke $DEPLOY_TOKEN; false`").replace(
                "Task T1.", "See `secret.txt:1`."
            ),
        ],
    )
    assert plan("next").code == 1
    result = plan("brief")
    assert result.code == 0
    assert "s3cr3t-value-here" not in result.out
    assert TOKEN not in result.out
    assert "last failure (" in result.out
    assert "exit 1" in result.out
    assert "  | broke ***" in result.out
    assert "token = ***" in result.out
    doc = plan("brief", "--json").json()
    assert doc["last_failure"]["reason"].startswith("exit 1")
    assert "broke ***" in doc["last_failure"]["tail"]
    assert doc["files"][0]["excerpt"][0]["text"] == "token = ***"
    assert "s3cr3t-value-here" not in result.out + str(doc)


def test_brief_names_a_dependencys_last_run(repo: Path) -> None:
    write_plan(repo, [row("T1", "`true`"), row("T2", "`true`", depends="T1")])
    assert plan("next").code == 0
    doc = plan("brief", "--json").json()
    assert doc["task"]["id"] == "T2"
    [dep] = doc["depends"]
    assert dep["id"] == "T1"
    assert dep["status"] == "passed"
    assert dep["last_run"].startswith("passed at ")


def test_brief_of_a_manual_task_says_a_person_marks_it(repo: Path) -> None:
    write_plan(repo, [row("R1", "", kind="Human").replace("Task R1.", "Review the text.")])
    result = plan("brief")
    assert result.code == 0
    assert "done means: nothing runs: a person checks the work and marks it with" in result.out
    assert "`plan done R1`" in result.out
    assert plan("brief", "--json").json()["task"]["manual"] is True


def test_brief_of_an_unknown_id_is_a_usage_error(repo: Path) -> None:
    write_plan(repo, [row("T1", "`true`")])
    result = plan("brief", "T9")
    assert result.code == 2
    assert "no task 'T9'" in result.err


def test_brief_of_a_complete_plan_says_so(repo: Path) -> None:
    write_plan(repo, [row("T1", "`true`", status="[x]")], gates=[])
    before = snapshot(repo)
    result = plan("brief")
    assert result.code == 0
    assert "task: none — the plan is complete" in result.out
    doc = plan("brief", "--json").json()
    assert doc["task"] is None
    assert doc["left"] is None
    assert "complete" in doc["message"]
    assert snapshot(repo) == before  # a brief writes nothing


def test_brief_says_when_acceptance_is_what_is_left(repo: Path) -> None:
    text = """# ExecPlan: Greeter

- Status: In Progress

## Purpose / Big Picture

Greet people.

## Success Criteria / Acceptance Tests

- [ ] `true` passes.

## Detailed Phase Task Steps

| Status | Phase # | Task # | ID | Task Type | Description | Validation |
| ------ | ------- | ------ | -- | --------- | ----------- | ---------- |
| [x]    | 1       | 1      | 1  | Code      | Write it.   | `true` |

## Progress Per Session
"""
    write_text_plan(repo, text)
    doc = plan("brief", "--json").json()
    assert doc["task"] is None
    assert doc["left"] == "acceptance"
    assert "plan accept" in doc["message"]


def test_brief_never_shows_a_file_outside_the_repository(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "private.txt"
    outside.write_text("private words\n", encoding="utf-8")
    os.symlink(outside, repo / "link.txt")
    git(repo, "add", "link.txt")
    git(repo, "commit", "-q", "-m", "link")
    write_plan(
        repo,
        [row("T1", "`true`").replace("Task T1.", "Read `link.txt:1` and `../private.txt:1`.")],
    )
    result = plan("brief")
    assert result.code == 0
    assert "private words" not in result.out
    assert "link.txt:1 (outside the repository: not shown)" in result.out
    assert "../private.txt:1 (outside the repository: not shown)" in result.out


def test_brief_takes_the_plan_as_its_one_argument(repo: Path) -> None:
    write_plan(repo, [row("T1", "`true`")])
    write_plan(repo, [row("U1", "`true`")], name="0002-other.md")
    result = plan("brief", "plans/0002-other.md")
    assert result.code == 0, result.err
    assert "task U1" in result.out
    assert "task T1" in plan("brief", "T1", "plans/0001-run.md").out


def test_plan_next_prints_the_brief_of_the_task_now_next(repo: Path) -> None:
    write_plan(repo, [row("T1", "`true`"), row("T2", "`echo two`", depends="T1")])
    result = plan("next")
    assert result.code == 0
    assert "task T2 (Code) — phase 1, outstanding" in result.out
    assert "depends on:\n  T1: passed (last run: passed at " in result.out
    assert "done means: `plan next` runs its command" in result.out


def test_plan_next_after_a_failure_briefs_the_failed_task_with_its_summary(repo: Path) -> None:
    write_plan(repo, [row("T1", "`echo nope; false`"), row("T2", "`true`")])
    result = plan("next")
    assert result.code == 1
    assert "task T1 (Code) — phase 1, failed" in result.out
    assert "last failure (" in result.out
    assert "  | nope" in result.out


def test_plan_next_at_a_manual_task_briefs_it(repo: Path) -> None:
    write_plan(repo, [row("R1", "", kind="Human")])
    result = plan("next")
    assert result.code == 4
    assert "manual task: R1" in result.out
    assert "done means: nothing runs: a person checks the work" in result.out


def test_plan_next_dry_run_and_json_print_no_brief(repo: Path) -> None:
    write_plan(repo, [row("T1", "`true`"), row("T2", "`true`")])
    assert "done means:" not in plan("next", "--dry-run").out
    plan("next", "--json").json()  # still one JSON document on stdout


def test_plan_next_says_when_acceptance_is_what_is_left(repo: Path) -> None:
    path = write_plan(repo, [row("T1", "`true`")], gates=[])
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "## Surprises & Discoveries",
            "## Validation and Acceptance\n\n    $ echo ready\n    ready\n\n"
            "## Surprises & Discoveries",
        ),
        encoding="utf-8",
    )
    git(repo, "commit", "-qam", "acceptance")
    assert plan("next").code == 0
    again = plan("next")
    assert again.code == 0
    assert "next: every task is done; acceptance is left" in again.out
    doc = plan("next", "--json").json()
    assert doc["next"] is None
    assert doc["left"] == "acceptance"
    assert "plan accept" in doc["message"]


def test_plan_next_says_when_the_gates_are_what_is_left(repo: Path) -> None:
    write_plan(repo, [row("T1", "`true`")], gates=["| Ok | `true` | passes |"])
    assert plan("next").code == 0
    doc = plan("next", "--json").json()
    assert doc["left"] == "gates"
    assert "plan gates" in doc["message"]
    brief = plan("brief", "--json").json()
    assert brief["task"] is None
    assert brief["left"] == "gates"


def test_brief_of_a_gate_task_names_the_gates_and_keeps_the_purpose_short(repo: Path) -> None:
    text = TABLE.format(
        rows=row("G1", "", kind="Gate"), gates="| Tests | `true` | passes |\n| Lint | `true` | ok |"
    ).replace("Run things.", "A long purpose. " * 100)
    write_text_plan(repo, text)
    doc = plan("brief", "--json").json()
    assert doc["runs_gates"] == ["Tests", "Lint"]
    assert "Quality Gates (Tests, Lint)" in doc["done_means"]
    assert len(doc["purpose"]) <= 700
    assert doc["purpose"].endswith("…")
    assert "runs: the Quality Gates (Tests, Lint)" in plan("brief").out


def test_brief_of_a_failed_task_with_no_state_reads_its_failure_from_the_journal(
    repo: Path,
) -> None:
    path = write_plan(repo, [row("T1", "`true`", status="!")])
    text = path.read_text(encoding="utf-8").replace(
        "- (2026-01-01T00:00Z) Hand-written line.",
        "- (2026-01-01T00:00Z) plan session on `main`\n"
        "  - (2026-01-01T00:05Z) task T1 (Code) failed in 0.2s: exit 1: no such table: users",
    )
    path.write_text(text, encoding="utf-8")
    doc = plan("brief", "--json").json()
    assert doc["last_failure"] == {
        "when": "2026-01-01T00:05Z",
        "reason": "exit 1: no such table: users",
        "tail": [],
        "log": None,
    }
    assert "last failure (2026-01-01T00:05Z): exit 1: no such table: users" in plan("brief").out


def test_a_task_that_is_a_file_beside_the_plan_is_shown_in_its_brief(repo: Path) -> None:
    # Real plans (a Progress checklist of `- [ ] TASK_01_x.md`) keep each task's steps in a
    # file beside the plan: the brief showed only the file's name, so an agent got no task.
    folder = repo / "docs" / "plans" / "nav"
    folder.mkdir(parents=True)
    (folder / "PLAN_nav.md").write_text(
        "# Nav\n\n## Purpose / Big Picture\n\nFix it.\n\n## Progress\n\n"
        "- [x] TASK_01_nav.md\n- [ ] TASK_02_nav.md – Validation notes\n",
        encoding="utf-8",
    )
    (folder / "TASK_01_nav.md").write_text("Done already.\n", encoding="utf-8")
    steps = "".join(f"- step {n}\n" for n in range(1, 51))
    (folder / "TASK_02_nav.md").write_text("# Validation\n\n" + steps, encoding="utf-8")
    (repo / "TASK_03_nav.md").write_text("not this one\n", encoding="utf-8")
    doc = plan("brief", "-p", "docs/plans/nav/PLAN_nav.md", "--json").json()
    files = doc["files"]
    assert [f["path"] for f in files] == ["docs/plans/nav/TASK_02_nav.md"]
    shown = [x["text"] for x in files[0]["excerpt"]]
    assert shown[0] == "# Validation"
    assert "- step 38" in shown
    assert len(shown) == 40  # its first 40 lines, not the whole of a long file
    text = plan("brief", "-p", "docs/plans/nav/PLAN_nav.md").out
    assert "docs/plans/nav/TASK_02_nav.md" in text
    assert "- step 1" in text


def test_a_task_file_outside_the_repository_is_not_shown(repo: Path, tmp_path: Path) -> None:
    (tmp_path / "TASK_09.md").write_text("secret steps\n", encoding="utf-8")
    folder = repo / "plans"
    folder.mkdir()
    (folder / "TASK_09.md").symlink_to(tmp_path / "TASK_09.md")
    (folder / "p.md").write_text(
        "# P\n\n## Purpose / Big Picture\n\nX.\n\n## Progress\n\n- [ ] TASK_09.md\n",
        encoding="utf-8",
    )
    doc = plan("brief", "-p", "plans/p.md", "--json").json()
    assert "secret steps" not in json.dumps(doc)
