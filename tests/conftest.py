"""Shared fixtures: fixture plans, the corpus, real temporary git repositories."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# No timed assertions in tests (speed lives in bench/): hypothesis's per-example deadline is
# one, and on a loaded machine it fails examples that are correct, only slow.
settings.register_profile("plan", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("plan")

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT = Path(__file__).parent.parent
CORPUS = PROJECT.parent / "shared" / "corpus"


def fixture_files() -> list[Path]:
    """Every fixture plan."""
    return sorted(FIXTURES.glob("*.md"))


def corpus_files() -> list[Path]:
    """Every real plan in ../shared/corpus (empty when the folder is absent)."""
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.glob("*.md") if p.name != "README.md")


def project_plans() -> list[Path]:
    """The project's own plans."""
    return sorted((PROJECT / "plans").glob("*.md"))


@pytest.fixture(autouse=True)
def _git_identity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Pin git's identity and keep the user's global config out of every test.
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Test Author")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "author@example.com")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Test Author")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "author@example.com")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-global-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    # Every `git commit` otherwise starts `git maintenance run --auto`, a process of its own
    # that never has anything to do in a repository this small: ~2 ms a commit (bench/TESTS.md).
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", "maintenance.auto")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", "false")
    monkeypatch.delenv("PLAN_FILE", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


def git(cwd: Path, *args: str) -> str:
    """Run git in `cwd` and return its stdout."""
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture(scope="session")
def _template_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # `repo` made once a worker; each test gets a copy (3 ms against 16 ms for init, add and
    # commit: bench/TESTS.md). The identity and config are those `_git_identity` pins.
    root = tmp_path_factory.mktemp("template") / "repo"
    root.mkdir()
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test Author",
        "GIT_AUTHOR_EMAIL": "author@example.com",
        "GIT_COMMITTER_NAME": "Test Author",
        "GIT_COMMITTER_EMAIL": "author@example.com",
        "GIT_CONFIG_GLOBAL": str(root.parent / "no-global-gitconfig"),
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True, env=env)
    (root / "README.md").write_text("# demo\n", encoding="utf-8")
    subprocess.run(["git", "add", "README.md"], cwd=root, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", "initial"], cwd=root, check=True, env=env)
    return root


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _template_repo: Path) -> Path:
    """A fresh git repository with one commit, as the current folder."""
    root = tmp_path / "repo"
    # (git's inert *.sample hooks left out: fewer files to write and remove.)
    shutil.copytree(_template_repo, root, symlinks=True, ignore=shutil.ignore_patterns("*.sample"))
    # The copy's files have new inodes and times: refresh the index's record of them so that
    # git sees a clean tree without looking, as it did in a repository made here.
    git(root, "update-index", "-q", "--refresh")
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def plain_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder that is not a git repository, as the current folder."""
    root = tmp_path / "plain"
    root.mkdir()
    monkeypatch.chdir(root)
    os.environ["GIT_CEILING_DIRECTORIES"] = str(tmp_path)
    yield root
    os.environ.pop("GIT_CEILING_DIRECTORIES", None)
