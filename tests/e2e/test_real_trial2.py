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


SERVER = (
    "# Orders API\n\n## Progress\n\n- [ ] Build it.\n\n## Concrete Steps\n\n"
    "5. Check the build.\n\n   Command: `true`\n\n   Expected result: the build succeeds.\n\n"
    "6. Run the API manually and look at it.\n\n   Command: `sleep 30`\n\n"
    "   Expected result: the server starts on `https://localhost:62023` and"
    " `http://localhost:62024`.\n\n"
    "7. Say hello.\n\n   Command: `echo hi`\n"
)


def test_a_command_expected_to_start_a_server_is_a_step(repo: Path) -> None:
    """Item 2: "Expected result: the server starts on `https://localhost:N`" under a
    command: the command is a server, set aside with the reason, never run."""
    path = _plan(repo, SERVER)
    dry = plan("accept", "--dry-run", "-p", path)
    assert "would run A2" not in dry.out
    assert "acceptance A2 `sleep 30` not run: the plan expects it to start a server" in dry.out
    assert "would run A3: `echo hi`" in dry.out
    result = plan("accept", "-p", path, "--json")
    assert result.code == 0, result.out + result.err
    doc = result.json()
    a2 = next(r for r in doc["results"] if r["name"] == "A2")
    assert a2["not_run"] is True
    assert "start a server" in a2["reason"]
    assert "P504 acceptance A2: `sleep 30` — not a check" in plan("lint", path).out


NAMES = (
    "# Vault\n\n## Progress\n\n"
    "- [ ] Build it; validate with `true`, `echo ok`, and browser checks at `1440x900`,"
    " `1280x800`, and `390x844`.\n\n"
    "## Concrete Steps\n\n"
    "2. Implement owner-balance logic.\n   - `deposit`\n   - `withdraw`\n"
    "   - internal balance checks\n\n"
    "3. Implement policy logic.\n   - `createPolicy`\n   - `charge`\n\n"
    "4. Run the checks:\n   - `true`\n   - `pwd`\n"
)


def test_lone_words_beside_names_and_sizes_are_never_commands(repo: Path) -> None:
    """Item 4: `` - `deposit` `` beside prose, `` - `charge` `` beside `createPolicy`, and
    `1440x900` after "browser checks at" ran as commands."""
    path = _plan(repo, NAMES)
    dry = plan("accept", "--dry-run", "-p", path).out
    for word in ("deposit", "withdraw", "charge", "createPolicy"):
        assert f"`{word}`" not in dry, dry
    assert "A1: `true`" in dry
    assert "A2: `pwd`" in dry
    run = plan("run", "1", "--dry-run", "-p", path).out
    assert "would run `true`" in run
    assert "would run `echo ok`" in run
    assert "would run `1440x900`" not in run
    assert "would run `390x844`" not in run


ORDER = (
    "# Order\n\n## Tasks\n\n| Status | Task # | Task Type | Description |\n"
    "| --- | --- | --- | --- |\n"
    "| | 4 | Action | Do the thing by hand. |\n"
    "| | 5 | Code | Check: run `echo five` |\n"
    "| | 11 | Code | Check: run `echo eleven` |\n"
    "| | 14 | Code | Check: run `echo fourteen` |\n"
)


def test_a_dry_run_says_what_the_run_does_in_the_plan_s_order(repo: Path) -> None:
    """Items 7 and 8: `run --all --dry-run` promised to mark manual tasks in progress, which
    `run --all` never does; `run 14 11 --dry-run` listed 14 first, and manual tasks last."""
    path = _plan(repo, ORDER)
    every = plan("run", "--all", "--dry-run", "-p", path).out.splitlines()
    assert every[0] == "task 4 (Action): manual, left as it is (`plan done 4`)"
    assert every[1:4] == [
        "task 5: would run `echo five`",
        "task 11: would run `echo eleven`",
        "task 14: would run `echo fourteen`",
    ]
    named = plan("run", "14", "11", "4", "--dry-run", "-p", path).out.splitlines()
    assert named[:3] == [
        "task 4 (Action): manual, would be marked in progress",
        "task 11: would run `echo eleven`",
        "task 14: would run `echo fourteen`",
    ]
    real = plan("run", "--all", "-p", path)
    assert plan("status", "-p", path, "--json").json()["tasks"][0]["status"] == "outstanding", (
        real.out
    )


def test_no_task_table_is_said_and_report_takes_p(repo: Path) -> None:
    """Items 9 and 10: a plan with no task table got "every task is done"; `plan report -p
    FILE` was a usage error."""
    path = _plan(repo, "# Notes\n\n## Purpose\n\nMeasure it.\n")
    accept = plan("accept", "--dry-run", "-p", path)
    gates = plan("gates", "--dry-run", "-p", path)
    for said in (accept.out + accept.err, gates.out + gates.err):
        assert "next: nothing (the plan has no task table)" in said
        assert "every task is done" not in said
    report = plan("report", "-p", path, "-o", "r.html")
    assert report.code == 0, report.out + report.err
    assert (repo / "r.html").is_file()
