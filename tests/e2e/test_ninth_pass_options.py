"""Issue 19, rule 6, the ninth attacker's pass: checks that act through their options or
arguments. A file an option names for output outside the work tree (or in `.git/`), a
command an option carries, an install or project tool that changes the machine, and
interpreter code that leaves the tree: each makes the command an action, never run as a
check (a Validation cell, a gate, an acceptance criterion). Through the CLI in real
repositories, the victims in a sibling folder."""

from __future__ import annotations

import io
import os
import tarfile
from pathlib import Path

import pytest

from tests.conftest import git
from tests.helpers import plan, row, write_plan, write_text_plan


def _victim(repo: Path) -> Path:
    """../v/f beside the repository, holding "keep"."""
    victim = repo.parent / "v" / "f"
    victim.parent.mkdir(exist_ok=True)
    victim.write_text("keep\n", encoding="utf-8")
    return victim


def _untouched(victim: Path) -> None:
    assert victim.read_text(encoding="utf-8") == "keep\n"
    assert sorted(os.listdir(victim.parent)) == ["f"]  # nothing made beside it


def _cell(command: str) -> str:
    return "`" + command.replace("|", "\\|") + "`"


# Family 1: an option or argument that names an output file outside the work tree.
OUTPUT_OPTIONS = [
    "git diff --output=../v/f",
    "git log -1 --output=../v/f",
    "git show HEAD --output ../v/f",
    "sed -n 'w ../v/f' /dev/null",
    "sed -n 's/x/y/w ../v/f' /dev/null",
    "curl -so ../v/f file:///dev/null",
    "find . -maxdepth 0 -fprint ../v/f",
    "find . -maxdepth 0 -fprintf ../v/f x",
    "echo {} | python3 -m json.tool - ../v/f",
    "script -q ../v/f -c true",
    "openssl rand -out ../v/f 8",
    "strace -o ../v/f true",
    "/usr/bin/time -o ../v/f true",
    "python3 -m zipfile -c ../v/g.zip plans",
    "sqlite3 ../v/db 'vacuum into \"../v/g\"'",
    "python3 -m pytest --junitxml=../v/f --co -q",
    "pip wheel --no-deps -q -w ../v ./nopkg",
    "python3 -m compileall -q ../v",
    "python3 -m py_compile ../v/f",
]


@pytest.mark.parametrize("command", OUTPUT_OPTIONS)
def test_an_output_file_outside_the_tree_makes_an_action(repo: Path, command: str) -> None:
    victim = _victim(repo)
    write_plan(repo, [row("T1", _cell(command))])
    result = plan("run", "T1")
    assert result.code == 4, result.out + result.err  # manual: it acts
    assert "outside the work tree" in plan("show", "T1").out
    _untouched(victim)


def test_a_read_only_git_command_never_writes_gits_config(repo: Path) -> None:
    # The ninth pass: a commit whose message is a git config naming a committed hooks
    # folder, and `git log --format=%B --output=.git/config`: the config was replaced and
    # plan's own commit ran the planted hook, outside the repository.
    hooked = repo.parent / "v" / "hooked"
    hooked.parent.mkdir()
    hook = repo / "myhooks" / "post-commit"
    hook.parent.mkdir()
    hook.write_text(f"#!/bin/sh\ntouch '{hooked}'\n", encoding="utf-8")
    hook.chmod(0o755)
    git(repo, "add", "myhooks")
    git(repo, "commit", "-qm", "[core]\n\thooksPath = myhooks\n")
    config = (repo / ".git" / "config").read_text(encoding="utf-8")
    write_plan(repo, [row("T1", "`git log -1 --skip=1 --format=%B --output=.git/config`")])
    assert plan("run", "T1").code == 4
    assert (repo / ".git" / "config").read_text(encoding="utf-8") == config
    assert not hooked.exists()


def test_an_output_file_inside_the_tree_is_a_write_in_the_tree(repo: Path) -> None:
    write_plan(repo, [row("T1", "`git log -1 --output=log.txt`"), row("T2", "`true`")])
    result = plan("run", "T1")
    assert result.code == 0, result.out + result.err
    assert (repo / "log.txt").exists()


# Family 2: a command carried by an option of a "check" tool is judged by that command.
CARRIED = [
    'git -c core.fsmonitor="touch ../v/g" status',
    "git -c core.fsmonitor=\"sh -c 'touch ../v/g'\" diff",
    'GIT_EXTERNAL_DIFF="touch ../v/g" git diff --no-index --ext-diff /dev/null plans/0001-run.md',
    'git -c diff.external="touch ../v/g" diff --no-index --ext-diff /dev/null plans/0001-run.md',
    'git grep --open-files-in-pager="touch ../v/g" Status',
    'tar -cf /dev/null --checkpoint=1 --checkpoint-action=exec="touch ../v/g" plans',
    'zip -q -T -TT "touch ../v/g" z.zip plans/0001-run.md',
    "awk 'BEGIN{\"touch ../v/g\" | getline}'",
    "sed -n '1e touch ../v/g' plans/0001-run.md",
    "perl -e 'system \"touch ../v/g\"'",
]


@pytest.mark.parametrize("command", CARRIED)
def test_a_command_carried_by_an_option_is_judged_by_that_command(repo: Path, command: str) -> None:
    victim = _victim(repo)
    write_plan(repo, [row("T1", _cell(command))])
    result = plan("run", "T1")
    assert result.code == 4, result.out + result.err
    _untouched(victim)


def test_a_carried_command_that_observes_still_runs(repo: Path) -> None:
    write_plan(repo, [row("T1", "`git -c core.pager=cat log -1`"), row("T2", "`true`")])
    assert plan("run", "T1").code == 0


# Family 3: installs and project tools that change the machine or the project.
INSTALLS = [
    "npm link",
    "corepack enable",
    "make install",
    "make clean",
    "npm pkg set name=zz",
    "npm set-script x y",
    "git fsck --lost-found",
    "dpkg -i missing.deb",
    "python3 setup.py develop",
    "pre-commit install",
    "husky install",
    "rustup default stable",
    "nvm use 18",
    "asdf install",
    "mise install",
    "pip config set global.timeout 72",
    "npm cache clean --force",
    "go clean -modcache",
]


@pytest.mark.parametrize("command", INSTALLS)
def test_an_install_or_a_project_tool_that_changes_things_is_an_action(
    repo: Path, command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("npm_config_prefix", str(home / "npm"))
    for name in ("GOPATH", "GOMODCACHE", "GOCACHE", "npm_config_cache"):
        monkeypatch.setenv(name, str(home / name.lower()))
    victim = _victim(repo)
    (repo / "Makefile").write_text(
        "install:\n\ttouch ../v/g\nclean:\n\trm -f ../v/f\n", encoding="utf-8"
    )
    (repo / "package.json").write_text('{"name": "p", "version": "1.0.0"}\n', encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "project")
    write_plan(repo, [row("T1", _cell(command))])
    result = plan("run", "T1")
    assert result.code == 4, result.out + result.err
    _untouched(victim)
    assert (repo / "package.json").read_text(encoding="utf-8").startswith('{"name": "p"')
    assert not (repo / ".git" / "lost-found").exists()
    assert not any(home.iterdir())


# Family 4: interpreter code that leaves the tree before it writes.
def _tar_with_victim(repo: Path) -> None:
    data = b"owned\n"
    with tarfile.open(repo / "t.tar", "w") as tar:
        member = tarfile.TarInfo("v/f")
        member.size = len(data)
        tar.addfile(member, io.BytesIO(data))
    git(repo, "add", "t.tar")
    git(repo, "commit", "-qm", "archive")


CODE = [
    "python3 -c \"import os; os.chdir('..'); open('v/f','w')\"",
    "node -e \"require('fs').truncateSync('../v/f')\"",
    "python3 -c \"import tarfile; tarfile.open('t.tar').extractall('..')\"",
]


@pytest.mark.parametrize("command", CODE)
def test_interpreter_code_that_writes_beside_the_repository_never_runs(
    repo: Path, command: str
) -> None:
    victim = _victim(repo)
    _tar_with_victim(repo)
    write_plan(repo, [row("T1", _cell(command))])
    assert plan("run", "T1").code == 4
    _untouched(victim)


# The same through a gate and an acceptance check (the ninth pass: all four ran).
def test_a_gate_whose_command_acts_is_not_run_and_says_why(repo: Path) -> None:
    victim = _victim(repo)
    write_plan(
        repo,
        [row("T1", "`true`")],
        gates=[
            "| Diff | `git diff --output=../v/f` | exit 0 |",
            "| Rand | `openssl rand -out ../v/f 8` | exit 0 |",
            "| Tag | `git tag v1` | exit 0 |",
            "| Ok | `true` | exit 0 |",
        ],
    )
    doc = plan("gates", "--json").json()
    by_name = {r["name"]: r for r in doc["results"]}
    for name in ("Diff", "Rand", "Tag"):
        assert by_name[name]["not_run"] is True, by_name[name]
        assert "it acts" in by_name[name]["reason"]
    assert "outside the work tree" in by_name["Diff"]["reason"]
    assert by_name["Ok"]["status"] == "passed"
    _untouched(victim)
    assert git(repo, "tag") == ""
    journal = (repo / "plans" / "0001-run.md").read_text(encoding="utf-8")
    assert "Tag not run (not a check: it acts" in journal
    lint = plan("lint").out
    assert "gate 'Diff': `git diff --output=../v/f` (writes ../v/f" in lint
    assert "gate 'Ok': `true`" not in lint


def test_an_acceptance_check_with_an_output_option_outside_is_set_aside(repo: Path) -> None:
    victim = _victim(repo)
    write_text_plan(
        repo,
        "# P\n\n## Acceptance Criteria\n\n- [ ] A1. Run: `sed -n 'w ../v/f' /dev/null`\n"
        "- [ ] A2. Run: `find . -maxdepth 0 -fprint ../v/f`\n",
    )
    doc = plan("accept", "--json").json()
    assert [r["not_run"] for r in doc["results"]] == [True, True]
    assert all("outside the work tree" in r["reason"] for r in doc["results"])
    _untouched(victim)


# Archives a check unpacks: a member that lands in .git/ (a hook plan's own commit would
# run) or beside the repository makes the command an action (the ninth pass, cases/r6h).
def _archive(repo: Path, kind: str, member: str) -> str:
    data = b"#!/bin/sh\ntouch ../v/hooked\n"
    name = f"h.{kind}"
    if kind == "zip":
        import zipfile

        with zipfile.ZipFile(repo / name, "w") as z:
            z.writestr(member, data)
    else:
        with tarfile.open(repo / name, "w") as tar:
            info = tarfile.TarInfo(member)
            info.size, info.mode = len(data), 0o755
            tar.addfile(info, io.BytesIO(data))
    git(repo, "add", name)
    git(repo, "commit", "-qm", "archive")
    return name


@pytest.mark.parametrize(
    ("kind", "member", "command"),
    [
        ("tar", ".git/hooks/post-commit", "tar -xf h.tar"),
        ("tar", "../v/f", "tar -xf h.tar"),
        ("tar", "hooks/post-commit", "tar -xf h.tar -C .git"),
        ("zip", ".git/hooks/post-commit", "unzip -oq h.zip"),
    ],
)
def test_an_archive_whose_members_land_in_git_or_outside_is_not_unpacked(
    repo: Path, kind: str, member: str, command: str
) -> None:
    victim = _victim(repo)
    _archive(repo, kind, member)
    write_plan(repo, [row("T1", _cell(command))])
    result = plan("run", "T1")
    assert result.code == 4, result.out + result.err
    assert "extracts h." in result.out + result.err
    assert not (repo / ".git" / "hooks" / "post-commit").exists()
    _untouched(victim)


def test_an_archive_that_stays_in_the_tree_is_unpacked(repo: Path) -> None:
    _archive(repo, "tar", "out/script.sh")
    write_plan(repo, [row("T1", "`tar -xf h.tar`"), row("T2", "`true`")])
    assert plan("run", "T1").code == 0
    assert (repo / "out" / "script.sh").exists()
