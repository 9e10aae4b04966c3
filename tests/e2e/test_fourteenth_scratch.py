"""Issue 19, rule 6, the fourteenth stop: a check's own scratch in the temporary folder.

`d=$(mktemp -d); ...; rm -rf "$d"` (a fresh folder of its own, the usual way a check makes
scratch) was refused as "changes files the shell computes", and `cd "$(mktemp -d)" && touch
a` as leaving the work tree; while `ls /tmp/x; rm -rf /tmp/x` counted /tmp/x as made by the
command because it was named before, and deleted another's entry. `python -m webbrowser URL`
opened a window as a check. Now a path `mktemp` makes is the command's own, a path is made
only by what writes it, and `webbrowser` is an opener.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from tests.e2e.test_thirteenth_reading import one
from tests.helpers import plan


@pytest.mark.parametrize(
    "command",
    [
        'd=$(mktemp -d); touch "$d/x"; rm -rf "$d"',
        'd=$(mktemp -d) && ls "$d" && rm -rf "$d"',
        'tmp=$(mktemp); echo x > "$tmp"; cat "$tmp"; rm -f "$tmp"',
        'cd "$(mktemp -d)" && touch a && ls',
        'd=$(mktemp -d); echo x > "$d/f"; cat "$d/f"; rm -r "$d"',
    ],
)
def test_its_own_mktemp_scratch_is_a_check(repo: Path, command: str) -> None:
    got = one(repo, f"Run `{command}`.")
    assert got["status"] == "passed", got
    assert got["code"] == 0


def test_backquoted_mktemp_is_read_as_its_own_too(repo: Path) -> None:
    got = one(repo, "Run ``D=`mktemp -d`; touch $D/a; rm -rf $D``.")
    assert got["status"] == "passed", got


@pytest.mark.parametrize(
    "command",
    [
        'd=$(mktemp -d); rm -rf "$d/../{name}"',
        'd=$(mktemp -d -p ~/x); rm -rf "$d"',
        'd=$(mktemp -d); cd "$d/.." && rm -rf {name}',
        "ls {victim}; rm -rf {victim}",
        "test -d {victim} && rm -rf {victim}",
        "cat {victim}/keep.txt; rm -rf {victim}",
        "du -sh {victim} && rm -rf {victim}",
    ],
)
def test_a_path_only_named_before_is_not_its_own(repo: Path, command: str) -> None:
    victim = Path(tempfile.mkdtemp(prefix="plan-victim-", dir="/tmp"))
    try:
        (victim / "keep.txt").write_text("theirs\n")
        got = one(repo, f"Run `{command.format(victim=victim, name=victim.name)}`.")
        assert got["code"] == 4, got
        assert got["status"] != "passed"
        assert (victim / "keep.txt").read_text() == "theirs\n"
    finally:
        shutil.rmtree(victim, ignore_errors=True)


@pytest.mark.parametrize(
    "command",
    [
        "mkdir -p {mine} && touch {mine}/x && rm -rf {mine}",
        "echo hi > {mine}; rm {mine}",
        "cp README.md {mine} && rm {mine}",
        "pytest --version --basetemp={mine}; rm -rf {mine}",
    ],
)
def test_a_path_it_writes_first_is_its_own(repo: Path, command: str) -> None:
    (repo / "README.md").write_text("x\n")
    parent = Path(tempfile.mkdtemp(prefix="plan-own-", dir="/tmp"))
    try:
        got = one(repo, f"Run `{command.format(mine=parent / 'scratch')}`.")
        assert got["code"] in (0, 1), got  # judged by its run, never refused as acting
    finally:
        shutil.rmtree(parent, ignore_errors=True)


@pytest.mark.parametrize(
    "command",
    ["python3 -m webbrowser http://localhost:8000", "python -m webbrowser -t docs/a.html"],
)
def test_python_webbrowser_opens_a_window_for_a_person(repo: Path, command: str) -> None:
    got = one(repo, f"Run `{command}`.")
    assert got["code"] == 4, got
    assert "for a person to look at" in plan("show", "T1").out


@pytest.mark.parametrize(
    "cell",
    ["`$(echo git) tag v13`", "`$(printf %s git) tag v13`", "`git $(echo tag) v13`"],
)
def test_a_program_the_shell_echoes_is_read_as_its_words(repo: Path, cell: str) -> None:
    # The fourteenth pass (F6a): `$(echo git) tag v13` ran and made the tag.
    from tests.conftest import git
    from tests.helpers import row, write_plan

    write_plan(repo, [row("T1", cell), row("T2", "`true`")])
    r = plan("run", "T1")
    assert r.code == 4, r.out + r.err
    assert git(repo, "tag", "-l") == ""
