"""Issue 19, what the eighth attacker's pass still found (rule 6 round 2, N3, N4, N5, the ci
collect wrinkle, case 1's state folder), each through the CLI in a real git repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import git
from tests.helpers import plan, row, write_plan

# Rule 6, round 2: each changed a file beside the repository (victims in ../v) and was
# recorded passed. Each is an action now: never run, the task manual (exit 4).
OUTSIDE_8 = [
    "ln ../v/f hl && : > hl",
    "sh -c 'cd -- ..; rm v/f'",
    "bash <<< 'cd ..; rm v/f'",
    "printf 'rm ../v/f' > s.sh; sh s.sh",
    "echo 'rm ../v/f' > s.sh && bash ./s.sh",
    "zip -qm out.zip ../v/f",
    "python3 -c \"open('../v/f','a').write('x')\"",
]


def _victim(repo: Path) -> Path:
    victim = repo.parent / "v" / "f"
    victim.parent.mkdir(exist_ok=True)
    victim.write_text("keep\n", encoding="utf-8")
    return victim


@pytest.mark.parametrize("command", OUTSIDE_8)
def test_a_check_that_changes_a_file_beside_the_repository_never_runs(
    repo: Path, command: str
) -> None:
    victim = _victim(repo)
    write_plan(repo, [row("T1", "`" + command + "`")])
    result = plan("run", "T1")
    assert result.code == 4, result.out + result.err
    assert victim.read_text(encoding="utf-8") == "keep\n"
    assert not (repo / "s.sh").exists()


def test_mktemp_in_the_parent_folder_never_runs(repo: Path) -> None:
    write_plan(repo, [row("T1", "`mktemp -p ..`")])
    before = sorted(p.name for p in repo.parent.iterdir())
    assert plan("run", "T1").code == 4
    assert sorted(p.name for p in repo.parent.iterdir()) == before


# Writes through a committed symlink that leads out of the tree: every writer resolves its
# paths as the shell forms (`rm lnk/h`) already did.
THROUGH_LINK = [
    "python3 -c \"open('lnk/h','w')\"",
    "sed -i d lnk/h",
    "find lnk/ -name h -delete",
    "gzip lnk/h",
]


@pytest.mark.parametrize("command", THROUGH_LINK)
def test_a_write_through_a_symlink_that_leads_out_never_runs(repo: Path, command: str) -> None:
    victim = _victim(repo)
    (repo / "lnk").symlink_to("../v")
    git(repo, "add", "lnk")
    git(repo, "commit", "-q", "-m", "link")
    write_plan(repo, [row("T1", "`" + command + "`")])
    result = plan("run", "T1")
    assert result.code == 4, result.out + result.err
    assert victim.read_text(encoding="utf-8") == "keep\n"
    assert "leads to" in result.out + result.err


def test_a_script_written_and_run_that_observes_is_a_check(repo: Path) -> None:
    write_plan(repo, [row("T1", "`printf 'test -d .git' > s.sh; sh s.sh`")])
    assert plan("run", "T1").code == 0


def test_listing_the_crontab_is_a_check(repo: Path) -> None:
    # `crontab -l` only reads; with no crontab it fails, which is a result, not an action.
    write_plan(repo, [row("T1", "`crontab -l; true`")])
    result = plan("run", "T1", "--dry-run")
    assert result.code == 0, result.out + result.err
    assert "changes the crontab" not in result.out + result.err
