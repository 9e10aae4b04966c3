"""The repository is the plan's, and nothing outside it is read or written (issue 11: 2, 3, 11)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from runner import api
from runner.errors import UsageError
from tests.conftest import FIXTURES, git
from tests.helpers import plan, row, snapshot, write_plan

# The command writes a file in the folder it runs in: it must be the plan's repository.
WRITES_HERE = "`python -c \"open('ran-here.txt', 'w').write('x')\"`"


def head_subject(root: Path) -> str:
    return git(root, "log", "-1", "--format=%s").strip()


def make_plan(repo: Path, name: str = "0001-x.md") -> Path:
    return write_plan(repo, [row("P1.T1", WRITES_HERE)], name=name)


def test_run_from_the_parent_folder_runs_records_and_commits_in_the_plans_repository(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_plan(repo)
    parent = repo.parent
    monkeypatch.chdir(parent)
    before = sorted(p.name for p in parent.iterdir())
    result = plan("run", "-p", "repo/plans/0001-x.md", "P1.T1", "--junit", "run.xml")
    assert result.code == 0, result.err
    assert (repo / "ran-here.txt").is_file()
    # Nothing made here but the report asked for (no .plan/ state folder).
    assert sorted(p.name for p in parent.iterdir()) == sorted([*before, "run.xml"])
    assert "| X " in path.read_text(encoding="utf-8")
    assert "P1.T1" in head_subject(repo)
    assert git(repo, "status", "--porcelain", "plans").strip() == ""
    assert not (repo / ".plan").exists()  # inside git, state lives in .git/plan


def test_run_from_an_unrelated_folder_shows_paths_from_there(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_plan(repo)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = plan("run", "-p", str(repo / "plans" / "0001-x.md"), "P1.T1", "--json")
    assert result.code == 0, result.err
    assert result.json()["plan"] == os.path.join("..", "repo", "plans", "0001-x.md")
    assert (repo / "ran-here.txt").is_file()
    assert list(elsewhere.iterdir()) == []
    status = plan("status", "-p", str(repo / "plans" / "0001-x.md"), "--json")
    assert status.code == 0, status.err


def test_settings_come_from_the_plans_repository(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "pyproject.toml").write_text("[tool.plan]\ncommit = false\n", encoding="utf-8")
    git(repo, "add", "pyproject.toml")
    git(repo, "commit", "-q", "-m", "settings")
    make_plan(repo)
    monkeypatch.chdir(tmp_path)
    result = plan("run", "-p", "repo/plans/0001-x.md", "P1.T1")
    assert result.code == 0, result.err
    assert head_subject(repo) == "add plan"  # commit = false, read from repo/pyproject.toml


def test_a_plan_in_a_nested_repository_belongs_to_the_inner_one(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inner = repo / "vendor" / "inner"
    inner.mkdir(parents=True)
    git(inner, "init", "-q", "-b", "main")
    (inner / "README.md").write_text("inner\n", encoding="utf-8")
    git(inner, "add", "README.md")
    git(inner, "commit", "-q", "-m", "inner initial")
    make_plan(inner)
    outer_head = git(repo, "rev-parse", "HEAD")
    result = plan("run", "-p", "vendor/inner/plans/0001-x.md", "P1.T1")
    assert result.code == 0, result.err
    assert (inner / "ran-here.txt").is_file()
    assert not (repo / "ran-here.txt").exists()
    assert "P1.T1" in head_subject(inner)
    assert git(repo, "rev-parse", "HEAD") == outer_head


def outside_plan(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir(exist_ok=True)
    target = outside / "plan.md"
    target.write_text(
        (FIXTURES / "canonical.md").read_text(encoding="utf-8")
        if (FIXTURES / "canonical.md").is_file()
        else "# ExecPlan: outside\n\n| Status | ID | Description | Validation |\n"
        "| --- | --- | --- | --- |\n|  | A1 | Do. | `touch pwned` |\n",
        encoding="utf-8",
    )
    return target


def refused(result_code: int, err: str, what: str) -> None:
    assert result_code == 2, err
    assert what in err
    assert "is outside the repository" in err
    assert "Traceback" not in err


def test_a_committed_symlink_to_a_plan_outside_is_refused(repo: Path, tmp_path: Path) -> None:
    target = outside_plan(tmp_path)
    before = target.read_bytes()
    (repo / "plans").mkdir()
    (repo / "plans" / "0002-link.md").symlink_to(target)
    git(repo, "add", "plans")
    git(repo, "commit", "-q", "-m", "link")
    for args in (
        ("run", "-p", "plans/0002-link.md", "--all"),
        ("done", "-p", "plans/0002-link.md", "A1"),
        ("status", "-p", "plans/0002-link.md"),
        ("lint", "plans/0002-link.md"),
    ):
        result = plan(*args)
        refused(result.code, result.err, "plans/0002-link.md")
    assert target.read_bytes() == before
    assert not (tmp_path / "outside" / "pwned").exists()
    # Chosen by default (the only plan in the folder), it is refused just the same.
    result = plan("run", "--all")
    refused(result.code, result.err, "0002-link.md")


def test_a_symlinked_plans_folder_pointing_outside_is_refused(repo: Path, tmp_path: Path) -> None:
    target = outside_plan(tmp_path)
    before = target.read_bytes()
    (repo / "plans").symlink_to(target.parent)
    for args in (("run", "--all"), ("status",), ("list",), ("lint",), ("new", "Another")):
        result = plan(*args)
        refused(result.code, result.err, "plans")
    result = plan("run", "-p", "plans/plan.md", "--all")
    refused(result.code, result.err, "plans")
    assert target.read_bytes() == before
    assert sorted(p.name for p in target.parent.iterdir()) == ["plan.md"]


def test_a_plan_outside_any_repository_is_refused(repo: Path, tmp_path: Path) -> None:
    target = outside_plan(tmp_path)
    before = target.read_bytes()
    os.environ["GIT_CEILING_DIRECTORIES"] = str(tmp_path)
    try:
        for args in (("run", "-p", str(target), "--all"), ("status", "-p", str(target))):
            result = plan(*args)
            refused(result.code, result.err, "outside/plan.md")
    finally:
        os.environ.pop("GIT_CEILING_DIRECTORIES", None)
    assert target.read_bytes() == before
    assert not (tmp_path / "outside" / ".plan").exists()


@pytest.mark.parametrize("setting", ["/outside-of-everything", "../x", "plans/../../y"])
def test_a_plans_dir_outside_the_repository_is_refused(repo: Path, setting: str) -> None:
    (repo / "pyproject.toml").write_text(
        f'[tool.plan]\nplans_dir = "{setting}"\n', encoding="utf-8"
    )
    before = snapshot(repo.parent)
    for args in (("new", "A plan"), ("list",), ("status",)):
        result = plan(*args)
        refused(result.code, result.err, "plan")
    assert snapshot(repo.parent) == before


def test_the_api_refuses_any_path_outside_the_repository(repo: Path) -> None:
    # MCP's status, lint and run go through these: /etc/passwd is not a plan of this repo.
    with pytest.raises(UsageError, match="outside the repository"):
        api.status("/etc/passwd", repo)
    with pytest.raises(UsageError, match="outside the repository"):
        api.lint(["/etc/passwd"], repo)
    with pytest.raises(UsageError, match="outside the repository"):
        api.show("A1", "/etc/passwd", repo)


LONG = "x" * 300 + ".md"


@pytest.mark.parametrize(
    "args",
    [
        ("status", "-p", LONG),
        ("run", "-p", LONG, "--all"),
        ("done", "-p", LONG, "A1"),
        ("lint", LONG),
        ("show", "-p", LONG, "A1"),
        ("status", "-p", "README.md/plan.md"),
        ("run", "-p", "README.md/plan.md", "--all"),
        ("lint", "README.md/plan.md"),
    ],
)
def test_os_errors_on_paths_are_usage_errors(repo: Path, args: tuple[str, ...]) -> None:
    make_plan(repo)
    result = plan(*args)
    assert result.code == 2, (result.code, result.err)
    assert result.err.startswith("plan: error:"), result.err
    assert "Traceback" not in result.err
    assert "internal error" not in result.err


def test_a_symlink_loop_and_an_unreadable_plans_folder_are_usage_errors(repo: Path) -> None:
    make_plan(repo)
    (repo / "loop.md").symlink_to(repo / "loop.md")
    result = plan("status", "-p", "loop.md")
    assert result.code == 2, result.err
    assert "plan: error:" in result.err
    if os.geteuid() == 0:
        return  # root reads any folder
    (repo / "plans").chmod(0)
    try:
        for args in (("list",), ("lint",), ("status",), ("new", "Z")):
            result = plan(*args)
            assert result.code == 2, (args, result.code, result.err)
            assert "permission denied" in result.err
    finally:
        (repo / "plans").chmod(0o755)


def test_list_and_report_never_read_a_plan_that_resolves_outside(
    repo: Path, tmp_path: Path
) -> None:
    make_plan(repo)
    target = outside_plan(tmp_path)
    (repo / "plans" / "0002-link.md").symlink_to(target)
    listed = plan("list", "--json")
    assert listed.code == 0, listed.err
    rows = {d["plan"]: d for d in listed.json()["plans"]}
    assert "outside the repository" in rows[os.path.join("plans", "0002-link.md")]["error"]
    assert "title" in rows[os.path.join("plans", "0001-x.md")]
    # Of all the plans, the one linked out gets a page saying so, never read; the others
    # are shown (the seventh pass: one link out failed the whole report). Named, it is
    # refused.
    result = plan("report", "--json")
    assert result.code == 0, result.err
    pages = {d["path"]: d for d in result.json()["plans"]}
    assert "outside the repository" in pages[os.path.join("plans", "0002-link.md")]["error"]
    assert pages[os.path.join("plans", "0002-link.md")]["tasks"] == []
    assert "title" in pages[os.path.join("plans", "0001-x.md")]
    assert not (repo / "pwned").exists()
    result = plan("report", "--json", "plans/0002-link.md")
    refused(result.code, result.err, "0002-link.md")
    result = plan("report", "--json", str(target))
    assert result.code == 2, result.err


@pytest.mark.parametrize("setting", ["d" * 300, "README.md/plans"])
def test_a_plans_dir_the_os_refuses_is_a_usage_error(repo: Path, setting: str) -> None:
    (repo / "pyproject.toml").write_text(
        f'[tool.plan]\nplans_dir = "{setting}"\n', encoding="utf-8"
    )
    for args in (("new", "T"), ("run", "--all"), ("lint",), ("report", "--json")):
        result = plan(*args)
        assert result.code == 2, (args, result.code, result.err)
        assert result.err.startswith("plan: error:"), result.err
        assert "Traceback" not in result.err


def test_a_plan_file_named_too_long_in_plan_file_is_a_usage_error(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_plan(repo)
    monkeypatch.setenv("PLAN_FILE", "e" * 300)
    result = plan("next")
    assert result.code == 2, result.err
    assert "the name is too long" in result.err
