"""Issue 19, what the eighth attacker's pass still found (rule 6 round 2, N3, N4, N5, the ci
collect wrinkle, case 1's state folder), each through the CLI in a real git repository."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.conftest import git
from tests.helpers import plan, row, spawn, write_plan, write_text_plan

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


# N3: a branch switched while a check runs. What it saw is main's tree; its result must not
# be committed onto the branch it now finds (where `g` is gone): withdrawn, exit 1.
HOLD = "test -f g && touch go && until [ -e switched ]; do sleep 0.01; done"


def _branch_without_g(repo: Path) -> None:
    (repo / "g").write_text("g\n", encoding="utf-8")
    git(repo, "add", "g")
    git(repo, "commit", "-q", "-m", "g")
    git(repo, "branch", "B")
    git(repo, "checkout", "-q", "B")
    git(repo, "rm", "-q", "g")
    git(repo, "commit", "-q", "-m", "B: no g")
    git(repo, "checkout", "-q", "-")


def _switch_meanwhile(repo: Path, *args: str) -> tuple[int, str]:
    proc = spawn(repo, *args)
    deadline = time.monotonic() + 30
    while not (repo / "go").exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    git(repo, "checkout", "-q", "B")
    (repo / "switched").touch()
    out, err = proc.communicate(timeout=60)
    return proc.returncode, out + err


def test_a_task_whose_branch_was_switched_while_it_ran_is_withdrawn(repo: Path) -> None:
    path = write_plan(repo, [row("T1", f"`{HOLD}`")])
    _branch_without_g(repo)
    code, out = _switch_meanwhile(repo, "run", "T1")
    assert code == 1, out
    assert "HEAD moved while it ran" in out
    text = path.read_text(encoding="utf-8")
    assert "| X      | 1       | T1" not in text
    assert "HEAD moved while it ran" in text
    assert "Plan-Result: passed" not in git(repo, "log", "-1", "--format=%B")


def test_a_gate_whose_branch_was_switched_while_it_ran_is_withdrawn(repo: Path) -> None:
    path = write_plan(repo, [row("T1", "`true`")], gates=[f"| Ok | `{HOLD}` | exit 0 |"])
    _branch_without_g(repo)
    code, out = _switch_meanwhile(repo, "gates")
    assert code == 1, out
    text = path.read_text(encoding="utf-8")
    gate = next(ln for ln in text.splitlines() if ln.startswith("| Ok |"))
    assert "| X" not in gate
    assert "HEAD moved while it ran" in text


def test_an_acceptance_check_whose_branch_was_switched_is_not_ticked(repo: Path) -> None:
    path = write_text_plan(
        repo,
        f"# P\n\n## Progress\n\n- [ ] one\n\n## Acceptance Criteria\n\n- [ ] A1. Run: `{HOLD}`\n",
    )
    _branch_without_g(repo)
    code, out = _switch_meanwhile(repo, "accept", f"plans/{path.name}")
    assert code == 1, out
    text = path.read_text(encoding="utf-8")
    assert "- [ ] A1." in text
    assert "HEAD moved while it ran" in text


# Case 19d: a collect that refuses a stale result commits nothing, not the work-tree plan
# with the stale run's mark in it.
def test_a_collect_that_records_nothing_commits_nothing(repo: Path, tmp_path: Path) -> None:
    path = write_plan(repo, [row("T1", "`true`")], ["| Ok | `test -f g` | exit 0 |"])
    (repo / "g").write_text("here\n", encoding="utf-8")
    git(repo, "add", "g")
    git(repo, "commit", "-qm", "g")
    out = tmp_path / "pass.xml"
    assert plan("gates", "--no-commit", "--junit", str(out)).code == 0
    written = path.read_bytes()  # the gate's X, left unstaged
    git(repo, "rm", "-q", "g")
    git(repo, "commit", "-qm", "no g")
    before = git(repo, "rev-parse", "HEAD")
    result = plan("ci", "collect", str(out))
    assert result.code == 1, result.err
    assert "the tree changed since: not recorded" in result.err
    assert git(repo, "rev-parse", "HEAD") == before
    assert path.read_bytes() == written
    assert "| Ok | `test -f g` | exit 0 | X" not in git(repo, "show", f"HEAD:plans/{path.name}")


# Case 1: the engine's folder replaced by a regular file. Its state is disposable: the file
# is set aside (kept), the folder rebuilt with a note, and the task runs (it said exit 2).
def test_the_engines_folder_made_a_file_is_set_aside_and_rebuilt(repo: Path) -> None:
    write_plan(repo, [row("T1", "`true`"), row("T2", "`false`")])
    folder = repo / ".git" / "plan" / "doit"
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_bytes(b"\xff\xfe{garb")
    result = plan("run", "T2")
    assert result.code == 1, result.out + result.err
    assert "task T2 failed" in result.out + result.err
    assert "set aside as doit.set-aside and rebuilt" in result.err
    assert folder.is_dir()
    assert (folder.parent / "doit.set-aside").read_bytes() == b"\xff\xfe{garb"
    assert plan("run", "T1").code == 0


# N5: a plan whose text ends inside an `<!--` that never closes. The journal goes before
# the comment, where it is seen, and every later command finds it there (it appended a new
# section inside the comment on every command).
UNCLOSED = """# Half-commented

- Status: In Progress

## Tasks

| ID | Task | Status | Validation |
|---|---|---|---|
| T1 | a | | `true` |

## Notes

Still writing this:

<!--
a thought never finished
"""


def test_the_journal_is_written_before_a_comment_that_never_closes(repo: Path) -> None:
    path = write_text_plan(repo, UNCLOSED)
    assert plan("run", "T1").code == 0
    assert plan("reset", "T1").code == 0
    assert plan("run", "T1").code == 0
    text = path.read_text(encoding="utf-8")
    assert text.count("## Progress Per Session") == 1
    head, comment = text.split("<!--")
    assert "## Progress Per Session" in head
    assert comment == "\na thought never finished\n"
    assert head.count("task T1 passed") == 2
