"""The pre-commit hook under the real `pre-commit`, installed from a clean copy of this
repository as users install it (a git repository at a revision), honouring `plans_dir`."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, PROJECT, git, isolated_env, made_once

pytest.importorskip("pre_commit")

BROKEN = "# ExecPlan: Broken\n\nA plan whose tracker was lost.\n"
FIXED = FIXTURES / "cookbook.md"  # a plan that lints clean


def hook_repository(target: Path) -> str:
    """The project's tracked files, as they are in the work tree, committed in a fresh
    repository (what a clone of this commit holds); its revision."""
    listed = git(PROJECT, "ls-files", "-z").split("\0")
    for name in filter(None, listed):
        source = PROJECT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    git(target, "init", "-q", "-b", "main")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "the hook repository")
    return git(target, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="session")
def hook_install(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, Path]:
    """The hook repository, its revision, and a PRE_COMMIT_HOME, one for the whole run:
    pre-commit builds the hook's environment (~10 s) in the first test that runs it, and the
    other reuses it, as pre-commit does on a person's machine (on another worker it waits on
    pre-commit's own lock until the environment is there)."""
    if not (PROJECT / ".git").exists():
        pytest.skip("the project is not a git checkout")
    with (
        made_once(tmp_path_factory, "pre-commit") as (root, fresh),
        pytest.MonkeyPatch.context() as mp,
    ):
        for name, value in isolated_env(root).items():  # as in a test (_git_identity)
            mp.setenv(name, value)
        hooks = root / "hook-repo"
        if fresh:
            hooks.mkdir()
            hook_repository(hooks)
        rev = git(hooks, "rev-parse", "HEAD").strip()
    return hooks, rev, root / "pre-commit-home"


def pre_commit(repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )


@pytest.mark.slow
def test_the_hook_lints_the_plans_in_plans_dir_under_real_pre_commit(
    repo: Path, hook_install: tuple[Path, str, Path]
) -> None:
    hooks, rev, home = hook_install
    (repo / "pyproject.toml").write_text('[tool.plan]\nplans_dir = "docs/plans"\n', "utf-8")
    plans = repo / "docs" / "plans"
    plans.mkdir(parents=True)
    (plans / "0001-broken.md").write_text(BROKEN, encoding="utf-8")
    (plans / "README.md").write_text("# The plans\n\nNo tracker here.\n", encoding="utf-8")
    (plans / "TEMPLATE.md").write_text("# ExecPlan: <title>\n", encoding="utf-8")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks.as_posix()}\n    rev: {rev}\n"
        "    hooks:\n      - id: plan-lint\n",
        encoding="utf-8",
    )
    git(repo, "add", "-A")

    failed = pre_commit(repo, home)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "docs/plans/0001-broken.md:1: P002" in failed.stdout, failed.stdout
    assert "README" not in failed.stdout
    assert "TEMPLATE" not in failed.stdout

    shutil.copy(FIXED, plans / "0001-broken.md")
    git(repo, "add", "-A")
    passed = pre_commit(repo, home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "plan lint" in passed.stdout
    assert "Passed" in passed.stdout


def hook() -> dict[str, object]:
    import yaml

    hooks = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (found,) = [h for h in hooks if h["id"] == "plan-lint"]
    return dict(found)


def test_pre_commit_hook_flags_a_broken_plan_and_passes_a_clean_one(repo: Path) -> None:
    import re

    spec = hook()
    folder = repo / "plans"
    folder.mkdir()
    (folder / "0001-clean.md").write_text(
        (PROJECT / "plans" / "0001-plan-core-read-check-show.md")
        .read_text(encoding="utf-8")
        .split("## Context & Orientation")[0]
        + "## Detailed Phase Task Steps\n\n"
        "| Status | Task |\n|---|---|\n| X | done |\n\n## Progress Per Session\n\n"
        "## Surprises & Discoveries\n\n## Decision Log\n\n## Outcomes & Retrospective\n",
        encoding="utf-8",
    )
    shutil.copy(FIXTURES / "canonical.md", folder / "0002-broken.md")
    (folder / "README.md").write_text("# About these plans\n", encoding="utf-8")
    # Every Markdown file reaches the hook; it keeps the plans of the plans folder itself.
    files = [
        p
        for p in ["plans/0001-clean.md", "plans/0002-broken.md", "plans/README.md", "README.md"]
        if re.search(str(spec["files"]), p)
    ]
    assert files == ["plans/0001-clean.md", "plans/0002-broken.md", "plans/README.md", "README.md"]
    # What pre-commit runs: the entry, with the matching changed files appended.
    entry = shlex.split(str(spec["entry"]))
    assert entry[0] == "plan"
    command = [sys.executable, "-m", "runner", *entry[1:]]
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    clean = subprocess.run(
        [*command, files[0], *files[2:]], cwd=repo, capture_output=True, text=True, env=env
    )
    assert clean.returncode == 0, clean.stdout + clean.stderr
    broken = subprocess.run(
        [*command, *files[1:]], cwd=repo, capture_output=True, text=True, env=env
    )
    assert broken.returncode == 1
    assert "README" not in broken.stdout
    assert "plans/0002-broken.md:27: P101" in broken.stdout


@pytest.mark.slow
def test_the_hook_refuses_a_merge_that_leaves_conflict_markers(
    repo: Path, hook_install: tuple[Path, str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 20, case 4: lint passed a plan with git's markers, so the hook let an unresolved
    # merge in. Installed as git's pre-commit hook, it now stops the merge commit.
    hooks, rev, home = hook_install
    # Every commit below runs the hook: each must use this home (one `git commit` without it
    # built a fresh environment in ~/.cache/pre-commit on every run of the suite).
    monkeypatch.setenv("PRE_COMMIT_HOME", str(home))
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks.as_posix()}\n    rev: {rev}\n"
        "    hooks:\n      - id: plan-lint\n",
        encoding="utf-8",
    )
    plan = repo / "plans" / "0001-cook.md"
    plan.parent.mkdir()
    text = FIXED.read_text(encoding="utf-8")
    plan.write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "a plan")
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    installed = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    git(repo, "checkout", "-q", "-b", "side")
    plan.write_text(text.replace("Read the code.", "Read the code twice."), encoding="utf-8")
    commit_side = subprocess.run(
        ["git", "commit", "-q", "-am", "side"], cwd=repo, capture_output=True, text=True, env=env
    )
    assert commit_side.returncode == 0, commit_side.stdout + commit_side.stderr
    git(repo, "checkout", "-q", "main")
    plan.write_text(text.replace("Read the code.", "Read the old code."), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "main")
    merge = subprocess.run(["git", "merge", "side"], cwd=repo, capture_output=True, text=True)
    assert merge.returncode == 1
    git(repo, "add", "plans/0001-cook.md")  # "resolved" without looking
    commit = subprocess.run(
        ["git", "commit", "--no-edit"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    said = commit.stdout + commit.stderr
    assert commit.returncode != 0, said
    assert "plans/0001-cook.md:11: P003 unresolved merge conflict" in said
    assert (repo / ".git" / "MERGE_HEAD").exists()
    plan.write_text(text.replace("Read the code.", "Read the old code twice."), encoding="utf-8")
    git(repo, "add", "plans/0001-cook.md")
    resolved = subprocess.run(
        ["git", "commit", "--no-edit"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    assert resolved.returncode == 0, resolved.stdout + resolved.stderr
