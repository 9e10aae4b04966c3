"""What a second trial of `plan` on 37 public plans found (issue 19), end to end.

Every fixture is written here in the shape the trial met (never a copy of a public plan), and
every test runs the CLI in a real git repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from runner.plan.actions import acts
from tests.conftest import git
from tests.helpers import plan


def _plan(repo: Path, text: str, name: str = "p.md") -> str:
    (repo / "plans").mkdir(exist_ok=True)
    (repo / "plans" / name).write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", f"plan {name}")
    return f"plans/{name}"


SETUP = (
    "# Tooling\n\n## Detailed Phase Task Steps\n\n"
    "| Status | Phase # | Task # | Task Type | Description |\n| --- | --- | --- | --- | --- |\n"
    "| | 1 | 1 | Action | Initialize repository: run `git init` at repo root and commit. |\n"
    "| | 1 | 2 | Action | Install dependencies: run `bun install` (keep the lockfile). |\n"
    "| | 1 | 3 | Setup | Make the folder: run `mkdir -p made` |\n"
    "| | 1 | 4 | Code | Check it: run `test -d .git` |\n"
)


def test_git_init_and_installs_from_action_rows_are_never_run(repo: Path) -> None:
    """Item 1: `git init` and `bun install` read from Action rows were run as checks; and a
    row typed Action or Setup whose command is only read from its description is manual."""
    path = _plan(repo, SETUP)
    dry = plan("run", "--all", "--dry-run", "-p", path)
    assert "would run `git init`" not in dry.out
    assert "would run `bun install`" not in dry.out
    assert "would run `mkdir -p made`" not in dry.out
    assert "would run `test -d .git`" in dry.out
    status = plan("status", "-p", path, "--json").json()
    by_id = {t["id"]: t for t in status["tasks"]}
    assert by_id["1"]["actions"][0]["reason"] == "git init creates a repository"
    assert "installs dependencies" in by_id["2"]["actions"][0]["reason"]
    assert "typed `Setup`" in by_id["3"]["actions"][0]["reason"]
    lint = plan("lint", path)
    assert ":7: P120 task 1: `git init`" in lint.out
    assert ":8: P120 task 2: `bun install`" in lint.out
    result = plan("run", "3", "-p", path)
    assert result.code == 4, result.out + result.err
    assert not (repo / "made").exists()


@pytest.mark.parametrize(
    "command",
    [
        "git init", "git clone https://example.com/x.git", "bun install", "bun i", "pnpm install",
        "pnpm i", "yarn", "yarn install", "npm install", "npm ci", "npm i",
        "pip install -r requirements.txt", "pip install -e .", "python -m pip install -e .",
        "poetry install", "uv sync", "uv pip install -e .", "bundle install", "bundle",
        "go mod download", "cargo fetch", "composer install", "pdm install", "dotnet restore",
    ],
)  # fmt: skip
def test_a_project_s_own_install_is_an_action(command: str) -> None:
    """Item 1: installing the project's dependencies fetches and writes: an action."""
    assert acts(command) is not None, command


@pytest.mark.parametrize(
    "command",
    ["npm test", "npm run lint", "yarn test", "bun test", "uv run pytest", "go mod verify",
     "cargo check", "poetry check", "pip list", "pip show x", "git status"],
)  # fmt: skip
def test_what_only_reads_stays_a_check(command: str) -> None:
    assert acts(command) is None, command
