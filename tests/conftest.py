"""Shared fixtures: fixture plans, the corpus, real temporary git repositories."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
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


def isolated_env(folder: Path) -> dict[str, str]:
    """What every test runs under: git's identity pinned, the user's global and system config
    kept out (`folder`/no-global-gitconfig, never written), no `git maintenance` after each
    commit (a process of its own with nothing to do here: ~2 ms a commit, bench/TESTS.md), and
    no PLAN_FILE or GITHUB_STEP_SUMMARY from outside. Session fixtures pass it as `env`."""
    return {
        "GIT_AUTHOR_NAME": "Test Author",
        "GIT_AUTHOR_EMAIL": "author@example.com",
        "GIT_COMMITTER_NAME": "Test Author",
        "GIT_COMMITTER_EMAIL": "author@example.com",
        "GIT_CONFIG_GLOBAL": str(folder / "no-global-gitconfig"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": "maintenance.auto",
        "GIT_CONFIG_VALUE_0": "false",
    }


OUTSIDE = ("PLAN_FILE", "GITHUB_STEP_SUMMARY")


def session_env(folder: Path) -> dict[str, str]:
    """os.environ as a test sees it (isolated_env), for a session fixture's processes."""
    env = {k: v for k, v in os.environ.items() if k not in OUTSIDE}
    return {**env, **isolated_env(folder)}


@pytest.fixture(autouse=True)
def _git_identity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name, value in isolated_env(tmp_path).items():
        monkeypatch.setenv(name, value)
    for name in OUTSIDE:
        monkeypatch.delenv(name, raising=False)


def git(cwd: Path, *args: str) -> str:
    """Run git in `cwd` and return its stdout."""
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture(scope="session")
def _template_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # `repo` made once a worker; each test gets a copy (3 ms against 16 ms for init, add and
    # commit: bench/TESTS.md).
    root = tmp_path_factory.mktemp("template") / "repo"
    root.mkdir()
    env = session_env(root.parent)
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


@contextmanager
def made_once(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[tuple[Path, bool]]:
    """A folder shared by every xdist worker of this run, and whether it is still to be made:
    the first worker to ask makes it while holding the lock, the others wait, then read it.
    (xdist's own `xdist_group` does not group under pytest 9.2: bench/TESTS.md.)"""
    from filelock import FileLock

    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, above each worker's
    folder = base / name
    with FileLock(str(base / f"{name}.lock")):
        done = folder / ".made"
        fresh = not done.exists()
        folder.mkdir(exist_ok=True)
        yield folder, fresh
        done.touch()


@dataclass(frozen=True)
class DemoRun:
    """What `plan demo FOLDER` did, run once as its own process from an empty folder."""

    returncode: int
    stdout: str
    stderr: str
    target: Path  # the FOLDER it made
    made: set[Path]  # everything that appeared in the folder it ran in


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    """The demo (a few seconds: runs, a loop, a report) made once a run for the tests that
    read it. Tests must not change it."""
    with made_once(tmp_path_factory, "demo-run") as (folder, fresh):
        where = folder / "ran-in"
        target = where / "demo"
        said = folder / "done.json"
        if fresh:
            where.mkdir()
            done = subprocess.run(
                [sys.executable, "-m", "runner", "demo", str(target)],
                cwd=where,
                capture_output=True,
                text=True,
                stdin=subprocess.DEVNULL,
                env=session_env(folder),
            )
            made = sorted(p.name for p in where.iterdir())
            record = {"returncode": done.returncode, "stdout": done.stdout, "stderr": done.stderr}
            said.write_text(json.dumps({**record, "made": made}), encoding="utf-8")
        doc = json.loads(said.read_text(encoding="utf-8"))
    made_paths = {where / name for name in doc["made"]}
    return DemoRun(doc["returncode"], doc["stdout"], doc["stderr"], target, made_paths)


_REAPER = """import shutil, sys
for line in sys.stdin:
    shutil.rmtree(line.rstrip("\\n"), ignore_errors=True)
"""
# Started by a launcher that exits at once, so the reaper is no child of the test process:
# a test may assert that a run left nothing to reap (os.waitpid(-1) raising).
_LAUNCH = "import subprocess, sys; subprocess.Popen([sys.executable, '-c', sys.argv[1]])"


def pytest_configure(config: pytest.Config) -> None:
    # A passing test's tmp_path is removed as it ends (tmp_path_retention_policy); on a disk
    # where removing a test's ~80 files and ~40 folders blocks for 10-30 ms (bench/TESTS.md),
    # a process of our own removes them meanwhile, and the next test starts at once. (A
    # process, not a thread: the runner forks in-process, and a thread there makes fork
    # unsafe.) Only pytest's per-test removal goes there: see _pytest/tmpdir.py.
    import _pytest.tmpdir as tmpdir

    if os.environ.get("PLAN_TEST_REAPER") == "0" or not callable(getattr(tmpdir, "rmtree", None)):
        return
    launcher = subprocess.Popen(
        [sys.executable, "-c", _LAUNCH, _REAPER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    launcher.wait()
    stdin = launcher.stdin
    assert stdin is not None

    def rmtree(path: object, ignore_errors: bool = False) -> None:
        stdin.write(f"{path}\n")
        stdin.flush()

    setattr(tmpdir, "rmtree", rmtree)  # noqa: B010 (shutil.rmtree's type is a protocol)
    config.stash[_reaper_key] = launcher


_reaper_key = pytest.StashKey[subprocess.Popen[str]]()


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    # Every test's teardown has run. Wait until the reaper has removed what it was given (its
    # end of the stdout pipe closes as it exits, at the end of its input), and give pytest its
    # own rmtree back for what it removes at the end (the whole basetemp, in one piece).
    import _pytest.tmpdir as tmpdir

    launcher = session.config.stash.get(_reaper_key, None)
    if launcher is None or launcher.stdin is None or launcher.stdout is None:
        return
    setattr(tmpdir, "rmtree", shutil.rmtree)  # noqa: B010
    launcher.stdin.close()
    launcher.stdout.read()
    launcher.stdout.close()
    del session.config.stash[_reaper_key]
