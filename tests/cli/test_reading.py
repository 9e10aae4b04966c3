"""`plan status / show / lint / list / new` in-process, on real files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.helpers import plan, snapshot


@pytest.fixture
def plans(repo: Path) -> Path:
    folder = repo / "plans"
    folder.mkdir()
    shutil.copy(FIXTURES / "canonical.md", folder / "0001-canonical.md")
    shutil.copy(FIXTURES / "validation.md", folder / "0002-validation.md")
    return folder


def test_status_json_keys(plans: Path) -> None:
    r = plan("status", "0002", "--json")
    assert r.code == 0
    doc = r.json()
    assert doc["schema"] == 1
    assert doc["plan"] == "plans/0002-validation.md"
    assert doc["next"] == "P1.T1"
    task = doc["tasks"][0]
    for key in (
        "id",
        "phase",
        "type",
        "status",
        "description",
        "commands",
        "inferred",
        "depends",
        "line",
    ):
        assert key in task
    assert task["commands"] == ["printf 'a|b' | grep -q a"]
    assert doc["counts"]["outstanding"] == 5


def test_status_text_warns_on_malformed_rows(plans: Path) -> None:
    r = plan("status", "plans/0001-canonical.md")
    assert r.code == 0
    assert "next: 2 (Code)" in r.out
    assert "plans/0001-canonical.md:32: P102" in r.err
    assert "tasks from line 26" in r.out


def test_reading_commands_change_nothing(plans: Path, repo: Path) -> None:
    before = snapshot(repo)
    for args in (
        ["status", "0001"],
        ["status", "0002", "--json"],
        ["show", "-p", "0002", "P1.T2"],
        ["lint"],
        ["list"],
        ["list", "--json"],
        ["lint", "--json"],
    ):
        plan(*args)
    assert snapshot(repo) == before


def test_show(plans: Path) -> None:
    r = plan("show", "P1.T2", "--plan", "0002")
    assert r.code == 0
    assert "date +%Y" in r.out
    assert "depends on: P1.T1 (outstanding)" in r.out
    assert plan("show", "nope", "-p", "0002").code == 2


def test_ambiguous_and_missing_plans(plans: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    r = plan("status")
    assert r.code == 2
    assert "0001-canonical.md" in r.err
    assert "0002-validation.md" in r.err
    assert plan("status", "nothing-like-it").code == 2
    monkeypatch.setenv("PLAN_FILE", "0002")
    assert plan("status", "--json").json()["plan"] == "plans/0002-validation.md"


def test_lint_exit_codes_and_format(plans: Path) -> None:
    r = plan("lint", "plans/0001-canonical.md")
    assert r.code == 1
    assert "plans/0001-canonical.md:27: P101 delimiter row has 6 cells" in r.out
    assert "plans/0001-canonical.md:32: P102" in r.out
    doc = plan("lint", "0001", "--json").json()
    assert {"path", "line", "code", "severity", "message"} <= set(doc["problems"][0])


def test_not_utf8(plans: Path) -> None:
    (plans / "0003-latin1.md").write_bytes(b"# Plan\n\n- Status: Proposed\n\ncaf\xe9\n")
    r = plan("status", "0003")
    assert r.code == 3
    assert "plans/0003-latin1.md:5: P001 not UTF-8" in r.err
    assert "Traceback" not in r.err
    r = plan("lint", "0003")
    assert r.code == 1
    assert "plans/0003-latin1.md:5: P001" in r.out


def test_no_task_table(plans: Path) -> None:
    (plans / "0003-prose.md").write_text("# Prose\n\nNothing here.\n", encoding="utf-8")
    r = plan("status", "0003")
    assert r.code == 3
    assert "P002" in r.err


def test_new_plan_lints_clean_and_is_numbered(plans: Path) -> None:
    r = plan("new", "Add CSV export!")
    assert r.code == 0
    assert r.out.strip() == "created plans/0003-add-csv-export.md"
    r = plan("lint", "0003")
    assert r.code == 0, r.out
    assert plan("new", "  ").code == 2


def test_list(plans: Path) -> None:
    doc = plan("list", "--json").json()
    assert [p["plan"] for p in doc["plans"]] == [
        "plans/0001-canonical.md",
        "plans/0002-validation.md",
    ]
    assert doc["plans"][0]["done"] == 1
    r = plan("list")
    assert "0/5" in r.out


def test_plain_folder_without_git(plain_dir: Path) -> None:
    shutil.copy(FIXTURES / "words.md", plain_dir / "words.md")
    r = plan("status", "words.md", "--json")
    assert r.code == 0
    assert r.json()["next"] == "T5"


def test_block_cache_is_used_and_damage_is_ignored(plans: Path, repo: Path) -> None:
    first = plan("status", "0002", "--json").json()
    cache = repo / ".git" / "plan" / "cache"
    entries = list(cache.glob("*.json"))
    assert len(entries) == 1
    assert plan("status", "0002", "--json").json() == first
    entries[0].write_text("{not json", encoding="utf-8")
    assert plan("status", "0002", "--json").json() == first
    # A changed plan is parsed afresh, whatever the cache says.
    path = plans / "0002-validation.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("## Purpose", "## Why"), encoding="utf-8"
    )
    assert plan("status", "0002", "--json").json()["tasks"] == first["tasks"]


def test_reading_outside_git_creates_nothing(plain_dir: Path) -> None:
    shutil.copy(FIXTURES / "words.md", plain_dir / "words.md")
    before = snapshot(plain_dir)
    assert plan("status", "words.md").code == 0
    assert plan("lint", "words.md").code in (0, 1)
    assert snapshot(plain_dir) == before
    assert not (plain_dir / ".plan").exists()


def test_a_single_complete_plan_is_still_the_default(repo: Path) -> None:
    folder = repo / "plans"
    folder.mkdir()
    text = (FIXTURES / "words.md").read_text(encoding="utf-8")
    (folder / "w.md").write_text(text.replace("In Progress", "Complete"), encoding="utf-8")
    assert plan("status", "--json").json()["plan"] == "plans/w.md"
    (folder / "x.md").write_text(text.replace("In Progress", "Complete"), encoding="utf-8")
    r = plan("status")
    assert r.code == 2
    assert "every plan is Complete" in r.err


def test_list_shows_where_a_plan_without_a_status_line_stands(repo: Path) -> None:
    # Most real plans (the cookbook's) have no Status line: list said nothing of a plan whose
    # every task was done. It shows the state read from the tasks, in brackets, and JSON has
    # it as `state` beside the metadata `status`.
    folder = repo / "plans"
    folder.mkdir()
    head = "# P\n\n## Purpose / Big Picture\n\nX.\n\n## Progress\n\n"
    (folder / "a.md").write_text(head + "- [x] one\n- [x] two\n", encoding="utf-8")
    (folder / "b.md").write_text(head + "- [x] one\n- [ ] two\n", encoding="utf-8")
    (folder / "c.md").write_text(head + "- [ ] one\n- [ ] two\n", encoding="utf-8")
    doc = plan("list", "--json").json()
    assert [(p["status"], p["state"]) for p in doc["plans"]] == [
        ("", "complete"),
        ("", "in_progress"),
        ("", "not_started"),
    ]
    lines = plan("list").out.splitlines()
    assert "(complete)" in lines[2]
    assert "2/2" in lines[2]
    assert "(in progress)" in lines[3]
    assert "(not started)" in lines[4]
