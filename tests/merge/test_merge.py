"""`plan merge` and `plan merge-driver`: three-way merges of plans, on strings and in git."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from runner import vcs
from runner.merge import threeway as merge
from runner.plan.edits import SetTaskStatus, apply
from runner.plan.model import Status, normalise_plan_status
from runner.plan.reading import parse
from tests.conftest import corpus_files, fixture_files, git
from tests.helpers import plan, row, write_plan

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)

BASE = """# ExecPlan: Merge

- Status: In Progress
- Start: 2026-01-01 • Last Updated: 2026-01-01T00:00Z

## Purpose / Big Picture

Merge things.

## Detailed Phase Task Steps

| Status | Task # | Description | Validation |
| ------ | ------ | ----------- | ---------- |
|        | 1      | One.        | `true`     |
|        | 2      | Two.        | `true`     |

## Progress Per Session

- (2026-01-01T00:00Z) plan session on `main`
  - (2026-01-01T00:00Z) Hand-written line.

## Test Plan

### Quality Gates

| Gate | Command | Threshold / Expectation | Status | Last Run |
| ---- | ------- | ----------------------- | ------ | -------- |
| Ok   | `true`  | passes                  |        |          |
"""


def three(base: str, ours: str, theirs: str, tmp_path: Path, style: str = "merge") -> merge.Merged:
    """Merge strings with the real `git merge-file`."""

    def merge_file(a: bytes, b: bytes, c: bytes, diff3: bool) -> tuple[bytes, int]:
        return vcs.merge_file(a, b, c, ("ours", "base", "theirs"), cwd=tmp_path, diff3=diff3)

    return merge.merge(
        base.encode(),
        ours.encode(),
        theirs.encode(),
        merge_file=merge_file,
        names=("a", "b"),
        now=NOW,
        style=style,
    )


def edit(text: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


ONE_DONE = ("|        | 1      |", "| X      | 1      |")
TWO_DONE = ("|        | 2      |", "| X      | 2      |")
TWO_FAILED = ("|        | 2      |", "| !      | 2      |")
HAND = "  - (2026-01-01T00:00Z) Hand-written line.\n"


def note(stamp: str, text: str) -> tuple[str, str]:
    return HAND, HAND + f"  - ({stamp}) {text}\n"


def test_each_side_ran_a_different_task(tmp_path: Path) -> None:
    ours = edit(
        BASE,
        ONE_DONE,
        ("Last Updated: 2026-01-01T00:00Z", "Last Updated: 2026-01-02T10:00Z"),
        note("2026-01-02T10:00Z", "task 1 passed"),
    )
    theirs = edit(
        BASE,
        TWO_DONE,
        ("Last Updated: 2026-01-01T00:00Z", "Last Updated: 2026-01-02T09:00Z"),
        note("2026-01-02T09:00Z", "task 2 passed"),
    )
    merged = three(BASE, ours, theirs, tmp_path)
    assert merged.conflicts == 0
    assert merged.planwise
    assert merged.data.decode() == edit(
        BASE,
        ONE_DONE,
        TWO_DONE,
        ("Last Updated: 2026-01-01T00:00Z", "Last Updated: 2026-01-02T10:00Z"),
        (
            HAND,
            HAND + "  - (2026-01-02T09:00Z) task 2 passed\n  - (2026-01-02T10:00Z) task 1 passed\n",
        ),
    )


def test_different_results_for_one_task_keep_the_failure(tmp_path: Path) -> None:
    ours = edit(BASE, TWO_DONE)
    theirs = edit(BASE, TWO_FAILED)
    for a, b, names in ((ours, theirs, ("passed", "failed")), (theirs, ours, ("failed", "passed"))):
        merged = three(BASE, a, b, tmp_path)
        text = merged.data.decode()
        assert merged.conflicts == 0
        assert "| !      | 2      |" in text
        assert (
            f"  - (2026-03-01T12:00:00Z) merge: task 2: `a` recorded {names[0]}, `b` recorded"
            f" {names[1]}; kept failed until a rerun settles it (`plan run 2`)\n" in text
        )


def test_a_pass_is_never_claimed_over_doubt(tmp_path: Path) -> None:
    merged = three(
        BASE, edit(BASE, TWO_DONE), edit(BASE, ("|        | 2 ", "| @      | 2 ")), tmp_path
    )
    assert "| @      | 2      |" in merged.data.decode()
    same = three(
        BASE, edit(BASE, TWO_DONE), edit(BASE, ("|        | 2 ", "| done   | 2 ")), tmp_path
    )
    assert "| X      | 2      |" in same.data.decode()
    assert "merge:" not in same.data.decode()


def test_a_gate_failed_on_one_side_and_passed_later_on_the_other_stays_failed(
    tmp_path: Path,
) -> None:
    # Issue 19 (case 11) replaced the rule "the later gate run wins": a later pass on another
    # branch does not settle a failure; the failure stands, and the journal says why.
    gate = "| Ok   | `true`  | passes                  |        |          |"
    ours = edit(
        BASE, (gate, "| Ok   | `true`  | passes                  | !      | 2026-01-03T08:00Z |")
    )
    theirs = edit(
        BASE, (gate, "| Ok   | `true`  | passes                  | X      | 2026-01-03T09:00Z |")
    )
    for a, b in ((ours, theirs), (theirs, ours)):
        text = three(BASE, a, b, tmp_path).data.decode()
        assert "| !      | 2026-01-03T08:00Z |" in text
        assert "merge: gate Ok:" in text
        assert "until `plan gates` settles it" in text


def test_the_later_of_two_passing_gate_runs_is_kept(tmp_path: Path) -> None:
    gate = "| Ok   | `true`  | passes                  |        |          |"
    ours = edit(
        BASE, (gate, "| Ok   | `true`  | passes                  | X      | 2026-01-03T08:00Z |")
    )
    theirs = edit(
        BASE, (gate, "| Ok   | `true`  | passes                  | X      | 2026-01-03T09:00Z |")
    )
    assert "| X      | 2026-01-03T09:00Z |" in three(BASE, ours, theirs, tmp_path).data.decode()
    assert "| X      | 2026-01-03T09:00Z |" in three(BASE, theirs, ours, tmp_path).data.decode()


def test_both_sides_adding_the_same_task_id_is_a_conflict(tmp_path: Path) -> None:
    last = "|        | 2      | Two.        | `true`     |\n"
    ours = edit(BASE, (last, last + "|        | 3      | Three.      | `true`     |\n"))
    theirs = edit(
        BASE,
        (
            "|        | 1      | One.        | `true`     |\n",
            "|        | 3      | Tri.        | `true`     |\n"
            "|        | 1      | One.        | `true`     |\n",
        ),
    )
    merged = three(BASE, ours, theirs, tmp_path)
    assert merged.conflicts >= 1


def test_a_result_for_a_task_the_other_side_deleted_is_a_conflict(tmp_path: Path) -> None:
    ours = edit(BASE, TWO_FAILED)
    theirs = edit(BASE, ("|        | 2      | Two.        | `true`     |\n", ""))
    merged = three(BASE, ours, theirs, tmp_path)
    assert merged.conflicts >= 1
    merged = three(BASE, theirs, ours, tmp_path)
    assert merged.conflicts >= 1


def test_status_is_recomputed_and_blocked_is_kept(tmp_path: Path) -> None:
    gate = "| Ok   | `true`  | passes                  |        |          |"
    ours = edit(BASE, ONE_DONE, TWO_DONE)
    theirs = edit(
        BASE, (gate, "| Ok   | `true`  | passes                  | X      | 2026-01-03 |")
    )
    assert "- Status: Complete\n" in three(BASE, ours, theirs, tmp_path).data.decode()
    blocked = edit(theirs, ("- Status: In Progress", "- Status: Blocked"))
    assert "- Status: Blocked\n" in three(BASE, ours, blocked, tmp_path).data.decode()
    # A side that called it Complete loses that claim when the other side's failure lands.
    done = edit(BASE, ONE_DONE, TWO_DONE, ("Status: In Progress", "Status: Complete"))
    done = edit(done, (gate, "| Ok   | `true`  | passes                  | X      | 2026-01-03 |"))
    failed = edit(BASE, TWO_FAILED)
    text = three(BASE, done, failed, tmp_path).data.decode()
    assert "- Status: In Progress\n" in text
    assert "| !      | 2      |" in text


def test_rows_added_on_both_sides_are_both_kept(tmp_path: Path) -> None:
    last = "|        | 2      | Two.        | `true`     |\n"
    ours = edit(BASE, (last, last + "|        | 3      | Three.      | `true`     |\n"), ONE_DONE)
    theirs = edit(BASE, (last, last + "| X      | 4      | Four.       | `true`     |\n"))
    merged = three(BASE, ours, theirs, tmp_path)
    assert merged.conflicts == 0
    assert merged.data.decode() == edit(
        BASE,
        ONE_DONE,
        (
            last,
            last + "|        | 3      | Three.      | `true`     |\n"
            "| X      | 4      | Four.       | `true`     |\n",
        ),
    )


def test_crlf_and_bom_survive(tmp_path: Path) -> None:
    base = "\ufeff" + BASE.replace("\n", "\r\n")
    ours = edit(
        base,
        ONE_DONE,
        (HAND.replace("\n", "\r\n"), HAND.replace("\n", "\r\n") + "  - (2026-01-02T10:00Z) a\r\n"),
    )
    theirs = edit(
        base,
        TWO_FAILED,
        (
            HAND.replace("\n", "\r\n"),
            HAND.replace("\n", "\r\n")
            + "- (2026-01-02T11:00Z) plan session on `b`\r\n  - (2026-01-02T11:00Z) b\r\n",
        ),
    )
    merged = three(base, ours, theirs, tmp_path)
    text = merged.data.decode("utf-8")
    assert merged.conflicts == 0
    assert text.startswith("\ufeff# ExecPlan")
    assert text.count("\n") == text.count("\r\n")
    assert "| X      | 1      |" in text
    assert "| !      | 2      |" in text
    assert (
        "  - (2026-01-02T10:00Z) a\r\n- (2026-01-02T11:00Z) plan session on `b`\r\n"
        "  - (2026-01-02T11:00Z) b\r\n" in text
    )


def test_prose_conflict_keeps_markers_and_merges_the_rest(tmp_path: Path) -> None:
    ours = edit(BASE, ("Merge things.", "Merge things well."), ONE_DONE)
    theirs = edit(BASE, ("Merge things.", "Merge things fast."), TWO_DONE)
    merged = three(BASE, ours, theirs, tmp_path)
    text = merged.data.decode()
    assert merged.conflicts == 1
    assert "<<<<<<< ours\nMerge things well.\n=======\nMerge things fast.\n>>>>>>> theirs\n" in text
    assert "| X      | 1      |" in text
    assert "| X      | 2      |" in text
    diff3 = three(BASE, ours, theirs, tmp_path, style="diff3").data.decode()
    assert "||||||| base\nMerge things.\n=======\n" in diff3


def test_not_a_plan_merges_as_text(tmp_path: Path) -> None:
    base = "line one\nline two\nline three\n"
    merged = three(
        base, "line ONE\nline two\nline three\n", "line one\nline two\nline 3\n", tmp_path
    )
    assert (merged.data, merged.conflicts, merged.planwise) == (
        b"line ONE\nline two\nline 3\n",
        0,
        False,
    )
    latin = b"# Plan\n\n| Status | Task |\n| - | - |\n| | caf\xe9 |\n"
    out = merge.merge(
        latin,
        latin.replace(b"| |", b"| X |"),
        latin.replace(b"| |", b"| ! |"),
        merge_file=lambda a, b, c, d: vcs.merge_file(a, b, c, ("o", "b", "t"), cwd=tmp_path),
        now=NOW,
    )
    assert not out.planwise
    assert out.conflicts == 1


# --- in real repositories, through git --------------------------------------------------------


def install(repo: Path) -> None:
    r = plan("merge-driver", "install")
    assert r.code == 0, r.err
    git(repo, "add", ".gitattributes")
    git(repo, "commit", "-q", "-m", "merge driver")


def run_git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)


def two_branches(repo: Path) -> Path:
    """Branch a ran task 1, gate Ok and wrote a note; branch b ran task 2, gate Lint, a note;
    both ran task 3, which passed on a and failed on b."""
    path = write_plan(
        repo,
        [row("1", "`true`"), row("2", "`true`"), row("3", "`test -f ../flag`")],
        gates=["| Ok | `true` | passes |", "| Lint | `true` | clean |"],
    )
    install(repo)
    git(repo, "checkout", "-q", "-b", "a")
    flag = repo.parent / "flag"
    flag.write_text("", encoding="utf-8")
    for args in (("run", "1"), ("gates", "--only", "Ok"), ("journal", "note from a"), ("run", "3")):
        assert plan(*args).code == 0
    flag.unlink()
    git(repo, "checkout", "-q", "-b", "b", "main")
    for args in (("run", "2"), ("gates", "--only", "Lint"), ("journal", "note from b")):
        assert plan(*args).code == 0
    assert plan("run", "3").code == 1
    return path


def assert_both_recorded(text: str) -> None:
    lines = text.splitlines()

    def line(start: str) -> str:
        return next(x for x in lines if x.startswith(start))

    assert line("| X      | 1       | 1 ")
    assert line("| X      | 1       | 2 ")
    assert line("| !      | 1       | 3 ")
    assert "| X " in line("| Ok ")
    assert "| X " in line("| Lint ")
    for words in (
        "note: note from a",
        "note: note from b",
        "task 1 (Code) passed",
        "task 2 (Code) passed",
    ):
        assert sum(words in x for x in lines) == 1, words
    assert "- (2026-01-01T00:00Z) Hand-written line." in lines
    assert sum("plan session on `a`" in x for x in lines) == 1
    assert sum("plan session on `b`" in x for x in lines) == 1
    assert "<<<<<<<" not in text


def test_git_merge_of_two_branches(repo: Path) -> None:
    path = two_branches(repo)
    git(repo, "checkout", "-q", "a")
    r = run_git(repo, "merge", "--no-edit", "b")
    assert r.returncode == 0, r.stdout + r.stderr
    text = path.read_text(encoding="utf-8")
    assert_both_recorded(text)
    assert "merge: task 3: `a` recorded passed, `b` recorded failed; kept failed" in text


def test_git_rebase_and_cherry_pick(repo: Path) -> None:
    path = two_branches(repo)
    r = run_git(repo, "rebase", "a")
    assert r.returncode == 0, r.stdout + r.stderr
    text = path.read_text(encoding="utf-8")
    assert_both_recorded(text)
    assert "merge: task 3: `a` recorded passed, `b` recorded failed; kept failed" in text
    git(repo, "checkout", "-q", "-b", "c", "a")
    r = run_git(repo, "cherry-pick", "b~2")  # b's Lint gate run, replayed onto a
    assert r.returncode == 0, r.stdout + r.stderr
    text = path.read_text(encoding="utf-8")
    assert "| X " in next(x for x in text.splitlines() if x.startswith("| Lint "))
    assert "note: note from a" in text


def test_prose_conflict_stops_git(repo: Path) -> None:
    path = write_plan(repo, [row("1", "`true`"), row("2", "`true`")])
    install(repo)
    for name, words, task in (("a", "Run things well.", "1"), ("b", "Run things fast.", "2")):
        git(repo, "checkout", "-q", "-b", name, "main")
        path.write_text(path.read_text().replace("Run things.", words), encoding="utf-8")
        git(repo, "commit", "-q", "-am", words)
        assert plan("run", task).code == 0
    r = run_git(repo, "merge", "--no-edit", "a")
    assert r.returncode == 1
    assert "CONFLICT" in r.stdout
    text = path.read_text(encoding="utf-8")
    assert "<<<<<<< b\nRun things fast.\n=======\nRun things well.\n>>>>>>> a\n" in text
    assert "| X      | 1       | 1 " in text
    assert "| X      | 1       | 2 " in text
    git(repo, "merge", "--abort")
    r = run_git(repo, "rebase", "a")
    assert r.returncode == 1
    assert "<<<<<<< a\nRun things well.\n=======\nRun things fast.\n>>>>>>> b\n" in path.read_text()
    git(repo, "rebase", "--abort")
    r = run_git(repo, "cherry-pick", "a~1")
    assert r.returncode == 1
    assert "=======\nRun things well.\n>>>>>>> theirs\n" in path.read_text(encoding="utf-8")
    git(repo, "cherry-pick", "--abort")
    assert "Run things fast." in path.read_text(encoding="utf-8")


def test_a_file_that_is_not_a_plan_merges_as_git_would(repo: Path) -> None:
    write_plan(repo, [row("1", "`true`")])
    install(repo)
    notes = repo / "plans" / "notes.md"
    notes.write_text("one\ntwo\nthree\n", encoding="utf-8")
    git(repo, "add", "plans")
    git(repo, "commit", "-q", "-m", "notes")
    git(repo, "checkout", "-q", "-b", "a")
    notes.write_text("ONE\ntwo\nthree\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "a")
    git(repo, "checkout", "-q", "-b", "b", "main")
    notes.write_text("one\ntwo\nTHREE\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "b")
    assert run_git(repo, "merge", "--no-edit", "a").returncode == 0
    assert notes.read_text(encoding="utf-8") == "ONE\ntwo\nTHREE\n"
    notes.write_text("one\n2\nTHREE\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "b again")
    git(repo, "checkout", "-q", "a")
    notes.write_text("ONE\ndeux\nthree\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "a again")
    assert run_git(repo, "merge", "--no-edit", "b").returncode == 1
    assert "<<<<<<< " in notes.read_text(encoding="utf-8")


def test_install_twice_then_uninstall_restores_everything(repo: Path) -> None:
    (repo / "plans").mkdir()
    attributes = repo / ".gitattributes"
    attributes.write_bytes(b"*.png binary\r\n")
    config = git(repo, "config", "--local", "--list")
    first = plan("merge-driver", "install")
    assert first.code == 0
    assert "merge.plan.driver" in first.out
    assert "plans/**/*.md merge=plan" in first.out
    assert plan("merge-driver", "install").code == 0
    assert attributes.read_bytes() == b"*.png binary\r\nplans/**/*.md merge=plan\n"
    assert "-m runner merge %O %A %B %P" in git(repo, "config", "merge.plan.driver")
    r = plan("merge-driver", "uninstall")
    assert r.code == 0
    assert ".gitattributes: removed plans/**/*.md merge=plan" in r.out
    assert attributes.read_bytes() == b"*.png binary\r\n"
    assert git(repo, "config", "--local", "--list") == config
    assert "not installed" in plan("merge-driver", "uninstall").out
    attributes.unlink()
    assert plan("merge-driver", "install").code == 0
    assert plan("merge-driver", "uninstall").code == 0
    assert not attributes.exists()
    assert plan("merge-driver", "remove").code == 2


def test_install_never_writes_through_a_symlinked_gitattributes(repo: Path, tmp_path: Path) -> None:
    # Issue 19, independent pass (N8): install appended to the file the link pointed to.
    outside = tmp_path / "outside-attributes"
    outside.write_bytes(b"* text=auto\n")
    (repo / ".gitattributes").symlink_to(outside)
    config = git(repo, "config", "--local", "--list")
    result = plan("merge-driver", "install")
    assert result.code == 2
    assert "symbolic link" in result.err
    assert outside.read_bytes() == b"* text=auto\n"
    assert git(repo, "config", "--local", "--list") == config  # nothing half done
    (repo / ".gitattributes").unlink()
    (repo / ".gitattributes").write_bytes(b"\xff\xfe bad\n")
    assert plan("merge-driver", "install").code == 2


def test_plans_folder_with_a_space_and_git_run_from_a_subfolder(repo: Path) -> None:
    (repo / "pyproject.toml").write_text('[tool.plan]\nplans_dir = "my plans"\n', encoding="utf-8")
    git(repo, "add", "pyproject.toml")
    git(repo, "commit", "-q", "-m", "settings")
    (repo / "plans").mkdir()
    path = write_plan(repo, [row("1", "`true`"), row("2", "`true`")])
    (repo / "my plans").mkdir()
    moved = repo / "my plans" / path.name
    git(repo, "mv", str(path), str(moved))
    git(repo, "commit", "-q", "-m", "move")
    r = plan("merge-driver", "install")
    assert '"my plans/**/*.md" merge=plan' in r.out
    git(repo, "add", ".gitattributes")
    git(repo, "commit", "-q", "-m", "driver")
    for name, task in (("a", "1"), ("b", "2")):
        git(repo, "checkout", "-q", "-b", name, "main")
        assert plan("run", "-p", str(moved), task).code == 0
    sub = repo / "my plans"
    assert run_git(sub, "merge", "--no-edit", "a").returncode == 0
    text = moved.read_text(encoding="utf-8")
    assert "| X      | 1       | 1 " in text
    assert "| X      | 1       | 2 " in text


def test_merge_command_writes_into_ours(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    files = {}
    for name, text in (
        ("base", BASE),
        ("ours", edit(BASE, ONE_DONE)),
        ("theirs", edit(BASE, TWO_DONE)),
    ):
        files[name] = tmp_path / name
        files[name].write_text(text, encoding="utf-8")
    r = plan("merge", *(str(files[n]) for n in ("base", "ours", "theirs")), "plans/x.md")
    assert r.code == 0, r.err
    assert files["ours"].read_text(encoding="utf-8") == edit(BASE, ONE_DONE, TWO_DONE)
    missing = plan("merge", str(tmp_path / "nope"), str(files["ours"]), str(files["theirs"]))
    assert missing.code == 2
    assert "plan: error: cannot read" in missing.err


POSITIONAL = """# ExecPlan: Rows

- Status: In Progress

## Tasks

| Status | Description |
| ------ | ----------- |
|        | Write it.   |
|        | Ship it.    |

## Progress Per Session

- (2026-01-01T00:00Z) Started.
"""


def test_rows_numbered_by_position_keep_their_own_status(tmp_path: Path) -> None:
    ours = edit(
        POSITIONAL,
        ("|        | Write it.   |", "|        | Plan it.    |\n|        | Write it.   |"),
    )
    theirs = edit(POSITIONAL, ("|        | Write it.   |", "| X      | Write it.   |"))
    merged = three(POSITIONAL, ours, theirs, tmp_path)
    assert merged.conflicts == 0
    assert "|        | Plan it.    |\n| X      | Write it.   |\n|        | Ship it.    |\n" in (
        merged.data.decode()
    )


def test_one_session_continued_on_both_sides_interleaves_by_time(tmp_path: Path) -> None:
    ours = edit(BASE, note("2026-01-02T10:00Z", "a1"))
    ours = edit(ours, ("a1\n", "a1\n  - (2026-01-02T12:00Z) a2\n"))
    theirs = edit(BASE, note("2026-01-02T11:00Z", "b1"))
    text = three(BASE, ours, theirs, tmp_path).data.decode()
    assert (
        HAND
        + ("  - (2026-01-02T10:00Z) a1\n  - (2026-01-02T11:00Z) b1\n  - (2026-01-02T12:00Z) a2\n")
        in text
    )


def test_sessions_and_a_persons_items_in_time_order(tmp_path: Path) -> None:
    ours = edit(
        BASE,
        (
            HAND,
            HAND + "- (2026-01-03T00:00Z) plan session on `a`\n  - (2026-01-03T00:00Z) ran\n"
            "    with a second line\n",
        ),
        (
            "  - (2026-01-01T00:00Z) Hand-written line.",
            "  - (2026-01-01T00:00Z) Hand-written, edited.",
        ),
    )
    theirs = edit(BASE, (HAND, HAND + "- (2026-01-02T00:00Z) A person's own note.\n"))
    text = three(BASE, ours, theirs, tmp_path).data.decode()
    assert (
        "  - (2026-01-01T00:00Z) Hand-written, edited.\n"
        "- (2026-01-02T00:00Z) A person's own note.\n"
        "- (2026-01-03T00:00Z) plan session on `a`\n"
        "  - (2026-01-03T00:00Z) ran\n    with a second line\n\n## Test Plan"
    ) in text


@pytest.mark.parametrize(
    "path", fixture_files() + corpus_files(), ids=lambda p: p.name if isinstance(p, Path) else ""
)
def test_untouched_plan_values_merge_exactly_as_git_merge_file(path: Path, tmp_path: Path) -> None:
    # With no Status, gate, metadata or journal change on either side, the placeholders must
    # come and go without a trace: the result is byte for byte git's own.
    data = path.read_bytes()
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
    newline = b"\r\n" if b"\r\n" in data else b"\n"
    base = data
    ours = data + (b"" if data.endswith(b"\n") else newline) + b"A line from ours." + newline
    theirs = bom + b"<!-- theirs -->" + newline + data[len(bom) :]

    def merge_file(a: bytes, b: bytes, c: bytes, diff3: bool) -> tuple[bytes, int]:
        return vcs.merge_file(a, b, c, ("ours", "base", "theirs"), cwd=tmp_path, diff3=diff3)

    merged = merge.merge(base, ours, theirs, merge_file=merge_file, now=NOW)
    assert (merged.data, merged.conflicts) == merge_file(ours, base, theirs, False)


def test_status_a_person_held_back_is_not_recomputed(tmp_path: Path) -> None:
    # Every task done, but Status left In Progress (acceptance pending): a merge that brings
    # no new results from both sides leaves it alone.
    gate = "| Ok   | `true`  | passes                  |        |          |"
    base = edit(
        BASE,
        ONE_DONE,
        TWO_DONE,
        (gate, gate.replace("|        |          |", "| X | 2026-01-02 |")),
    )
    ours = edit(base, ("Merge things.", "Merge things, carefully."))
    theirs = edit(base, note("2026-01-03T00:00Z", "acceptance still to run"))
    text = three(base, ours, theirs, tmp_path).data.decode()
    assert "- Status: In Progress\n" in text
    assert "acceptance still to run" in text
    assert "carefully" in text


def test_merge_driver_outside_git_is_a_usage_error(plain_dir: Path) -> None:
    r = plan("merge-driver", "install")
    assert r.code == 2
    assert r.err.startswith("plan: error: not a git repository")
    assert not (plain_dir / ".gitattributes").exists()


def test_a_row_edited_on_one_side_and_rows_added_after_it_on_the_other(tmp_path: Path) -> None:
    last = "|        | 2      | Two.        | `true`     |\n"
    added = "|        | 3      | Three.      | `true`     |\n"
    edited = "|        | 2      | Two, again. | `true`     |\n"
    ours, theirs = edit(BASE, (last, edited)), edit(BASE, (last, last + added))
    for a, b in ((ours, theirs), (theirs, ours)):
        merged = three(BASE, a, b, tmp_path)
        assert merged.conflicts == 0
        assert edited + added in merged.data.decode()
    both = three(
        BASE, edit(BASE, (last, edited)), edit(BASE, (last, last.replace("Two", "2"))), tmp_path
    )
    assert both.conflicts == 1


def test_items_both_sides_hold_are_kept_once(tmp_path: Path) -> None:
    # Branch a cherry-picked b's first note; merging b later must not repeat it.
    ours = edit(BASE, note("2026-01-02T09:00Z", "b1"))
    theirs = edit(ours, ("b1\n", "b1\n  - (2026-01-02T10:00Z) b2\n"))
    ours = edit(ours, TWO_DONE)
    text = three(BASE, ours, theirs, tmp_path).data.decode()
    assert HAND + "  - (2026-01-02T09:00Z) b1\n  - (2026-01-02T10:00Z) b2\n\n## Test" in text


@pytest.mark.parametrize(
    "path", fixture_files() + corpus_files(), ids=lambda p: p.name if isinstance(p, Path) else ""
)
def test_two_results_on_real_plans_land_as_if_written_one_after_the_other(
    path: Path, tmp_path: Path
) -> None:
    text = path.read_bytes().decode("utf-8")
    parsed = parse(text)
    ids = [t.id for t in parsed.tasks]
    tasks = [
        t
        for t in parsed.tasks
        if t.anchor.column is not None and not t.malformed and ids.count(t.id) == 1
    ]
    if len(tasks) < 2 or normalise_plan_status(parsed.status) == "Complete":
        pytest.skip("needs two task rows and a plan that is not Complete")
    first, last = tasks[0].id, tasks[-1].id
    ours = apply(text, [SetTaskStatus(first, Status.PASSED)])
    theirs = apply(text, [SetTaskStatus(last, Status.FAILED)])
    merged = three(text, ours, theirs, tmp_path)
    assert merged.conflicts == 0
    assert merged.data.decode("utf-8") == apply(ours, [SetTaskStatus(last, Status.FAILED)])


def test_a_plan_that_shows_conflict_markers_keeps_them(tmp_path: Path) -> None:
    example = "```text\n<<<<<<< HEAD\nmine\n=======\nyours\n>>>>>>> topic\n```\n"
    base = edit(BASE, ("Merge things.\n", "Merge things.\n\n" + example))
    clean = three(base, edit(base, ONE_DONE), edit(base, TWO_DONE), tmp_path)
    assert clean.conflicts == 0
    assert example in clean.data.decode()
    ours = edit(base, ("Merge things.", "Merge things well."), ONE_DONE)
    theirs = edit(base, ("Merge things.", "Merge things fast."), TWO_DONE)
    merged = three(base, ours, theirs, tmp_path)
    text = merged.data.decode()
    assert merged.conflicts == 1
    assert example in text
    assert "<<<<<<< ours\nMerge things well.\n=======\nMerge things fast.\n>>>>>>> theirs\n" in text
    assert "| X      | 1      |" in text


KEYS = ["", "@", "X", "!", "B", "-"]


@pytest.mark.parametrize("ours_key", KEYS)
@pytest.mark.parametrize("theirs_key", KEYS)
def test_every_pair_of_results_for_one_task(ours_key: str, theirs_key: str, tmp_path: Path) -> None:
    def with_key(key: str) -> str:
        return edit(BASE, ("|        | 2      |", f"| {key:6} | 2      |"))

    merged = three(BASE, with_key(ours_key), with_key(theirs_key), tmp_path)
    if not ours_key or not theirs_key or ours_key == theirs_key:
        expected = ours_key or theirs_key
    elif "!" in (ours_key, theirs_key):
        expected = "!"
    elif "X" in (ours_key, theirs_key):
        expected = theirs_key if ours_key == "X" else ours_key
    else:
        expected = ours_key
    text = merged.data.decode()
    assert f"| {expected:6} | 2      |" in text
    disagreed = bool(ours_key and theirs_key and ours_key != theirs_key)
    assert ("merge: task 2:" in text) == disagreed


def test_a_gate_added_before_the_first_gates_run_gets_its_cells(repo: Path) -> None:
    path = write_plan(repo, [row("1", "`true`")], gates=["| Ok | `true` | passes |"])
    install(repo)
    git(repo, "checkout", "-q", "-b", "a")
    assert plan("gates").code == 0  # adds the Status and Last Run columns
    git(repo, "checkout", "-q", "-b", "b", "main")
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "| Ok | `true` | passes |\n", "| Ok | `true` | passes |\n| New | `true` | x |\n"
        ),
        encoding="utf-8",
    )
    git(repo, "commit", "-q", "-am", "a new gate")
    assert run_git(repo, "merge", "--no-edit", "a").returncode == 0
    assert "| New | `true` | x |        |          |\n" in path.read_text(encoding="utf-8")
    r = plan("gates", "--only", "New")
    assert r.code == 0, r.err
    assert plan("lint").code == 0


STRICT = ("| 1      | One.        | `true`     |", "| 1      | One.        | `false`    |")


@pytest.mark.parametrize("key", ["X", "!"])
def test_a_result_for_commands_the_other_side_changed_is_withdrawn(
    key: str, tmp_path: Path
) -> None:
    ran = edit(BASE, ("|        | 1      |", f"| {key}      | 1      |"))
    strict = edit(BASE, STRICT)
    said = "passed" if key == "X" else "failed"
    for ours, theirs, changer, runner in ((strict, ran, "a", "b"), (ran, strict, "b", "a")):
        merged = three(BASE, ours, theirs, tmp_path)
        text = merged.data.decode()
        assert merged.conflicts == 0
        assert "|        | 1      | One.        | `false`    |" in text
        assert (
            f"merge: task 1: its row changed on `{changer}` while `{runner}` recorded"
            f" {said}; set outstanding until it runs again (`plan run 1`)"
        ) in text
    # The same commands on both sides: the result stands.
    merged = three(BASE, edit(strict, ("Two.", "Two, reworded.")), edit(ran, STRICT), tmp_path)
    assert f"| {key}      | 1      | One.        | `false`    |" in merged.data.decode()


def test_a_description_changed_under_a_result_withdraws_it(tmp_path: Path) -> None:
    ran = edit(BASE, ONE_DONE)
    reworded = edit(BASE, ("| One.        |", "| Uno.        |"))
    text = three(BASE, reworded, ran, tmp_path).data.decode()
    assert "|        | 1      | Uno.        | `true`     |" in text
    assert "merge: task 1: its row changed on `a`" in text


def test_a_gate_run_for_a_command_the_other_side_changed_is_withdrawn(tmp_path: Path) -> None:
    gate = "| Ok   | `true`  | passes                  |"
    ran = edit(
        BASE,
        ONE_DONE,
        TWO_DONE,
        ("- Status: In Progress", "- Status: Complete"),
        (gate + "        |          |", gate + " X      | 2026-01-02 10:00 |"),
    )
    for changed in (
        "| Ok   | `false` | passes                  |",
        "| Ok   | `true`  | no output  |",
    ):
        other = edit(BASE, (gate, changed))
        text = three(BASE, other, ran, tmp_path).data.decode()
        row_line = next(x for x in text.splitlines() if x.startswith("| Ok "))
        assert row_line.startswith(changed)
        assert "X" not in row_line[len(changed) :]
        assert "2026-01-02" not in row_line
        assert "- Status: In Progress" in text
        assert "merge: gate Ok: its command changed on `a` while `b` recorded passed" in text


def test_git_merge_withdraws_a_pass_for_old_commands(repo: Path) -> None:
    (repo / "a").write_text("", encoding="utf-8")
    git(repo, "add", "a")
    path = write_plan(repo, [row("T1", "`test -f a`")])
    install(repo)
    git(repo, "checkout", "-q", "-b", "strict")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("`test -f a`", "`test -f a && test -f b`"), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "T1 needs b too")
    git(repo, "checkout", "-q", "-b", "runner", "main")
    assert plan("next").code == 0
    assert plan("gates").code == 0
    assert "- Status: Complete" in path.read_text(encoding="utf-8")
    git(repo, "checkout", "-q", "strict")
    r = run_git(repo, "merge", "--no-edit", "runner")
    assert r.returncode == 0, r.stdout + r.stderr
    text = path.read_text(encoding="utf-8")
    t1 = next(x for x in text.splitlines() if "`test -f a && test -f b`" in x)
    assert t1.startswith("|        | 1       | T1 ")
    assert "- Status: Complete" not in text
    assert (
        "merge: task T1: its row changed on `strict` while `runner` recorded passed;"
        " set outstanding until it runs again (`plan run T1`)"
    ) in text
    assert plan("run", "T1").code == 1  # b does not exist


def test_a_row_numbered_by_position_reworded_under_a_result_stays_outstanding(
    tmp_path: Path,
) -> None:
    ran = edit(POSITIONAL, ("|        | Write it.   |", "| X      | Write it.   |"))
    reworded = edit(POSITIONAL, ("|        | Write it.   |", "|        | Write more. |"))
    for ours, theirs in ((reworded, ran), (ran, reworded)):
        merged = three(POSITIONAL, ours, theirs, tmp_path)
        assert merged.conflicts == 0
        assert "|        | Write more. |" in merged.data.decode()


def merge_gate_fail_into_later_pass(repo: Path, *, b_runs_tasks: bool) -> str:
    """Branch a's gate fails; branch b's passes later (and, asked, b runs every task, so its
    header says Complete); a merges b with real git. The merged plan's text."""
    flag = repo.parent / "gate-ok"
    path = write_plan(repo, [row("1", "`true`")], gates=[f"| G | `test -f {flag}` | passes |"])
    install(repo)
    git(repo, "checkout", "-q", "-b", "a")
    assert plan("gates").code == 1
    git(repo, "checkout", "-q", "-b", "b", "main")
    flag.write_text("", encoding="utf-8")
    assert plan("gates").code == 0
    if b_runs_tasks:
        assert plan("run", "1").code == 0
        assert "Status: Complete" in path.read_text(encoding="utf-8")
    git(repo, "checkout", "-q", "a")
    r = run_git(repo, "merge", "--no-edit", "b")
    assert r.returncode == 0, r.stdout + r.stderr
    return path.read_text(encoding="utf-8")


def test_git_merge_keeps_a_gate_failure_against_a_later_pass(repo: Path) -> None:
    # Issue 19 (case 11) with real git: branch a's gate failed, branch b's passed later.
    text = merge_gate_fail_into_later_pass(repo, b_runs_tasks=False)
    gate = next(x for x in text.splitlines() if x.startswith("| G "))
    assert "| ! " in gate, gate
    assert "merge: gate G:" in text
    assert "Complete" not in text.split("## Purpose")[0]


def test_git_merge_never_takes_complete_from_a_side_whose_gate_pass_lost(repo: Path) -> None:
    # Independent pass (case 11): branch b ran the gate (passed) and every task, so its
    # header said Complete; the merge kept a's failed gate but wrote Status: Complete.
    text = merge_gate_fail_into_later_pass(repo, b_runs_tasks=True)
    assert "| ! " in next(x for x in text.splitlines() if x.startswith("| G "))
    assert "Complete" not in text.split("## Purpose")[0]


def test_git_merge_stops_when_a_result_would_be_dropped(repo: Path) -> None:
    path = write_plan(repo, [row("1", "`true`"), row("2", "`false`")])
    install(repo)
    git(repo, "checkout", "-q", "-b", "a")
    assert plan("run", "2").code == 1
    git(repo, "checkout", "-q", "-b", "b", "main")
    text = path.read_text(encoding="utf-8")
    path.write_text(
        "\n".join(x for x in text.splitlines() if "| 2      | 2 " not in x and "Task 2." not in x)
        + "\n",
        encoding="utf-8",
    )
    git(repo, "commit", "-qam", "drop task 2")
    git(repo, "checkout", "-q", "a")
    r = run_git(repo, "merge", "--no-edit", "b")
    assert r.returncode != 0, r.stdout + r.stderr


def test_a_malformed_rows_pass_never_beats_the_other_sides_fail(tmp_path: Path) -> None:
    ours = edit(BASE, TWO_FAILED)
    theirs = edit(
        BASE,
        (
            "|        | 2      | Two.        | `true`     |",
            "| X      | 2      | Two.        | `true`     | extra |",
        ),
    )
    assert three(BASE, ours, theirs, tmp_path).conflicts >= 1
    assert three(BASE, theirs, ours, tmp_path).conflicts >= 1


def test_a_malformed_rows_disagreement_is_marked_in_the_file(tmp_path: Path) -> None:
    # The twelfth pass (F11a): the merge stopped, but the file held the malformed side's X
    # row with no marker, so a plain `git add` kept the pass. Both rows now stand between
    # conflict markers, and the plan is not used until a person settles it (P003).
    ours = edit(BASE, TWO_FAILED)
    malformed = "| X      | 2      | Two.        | `true`     | extra |"
    theirs = edit(BASE, ("|        | 2      | Two.        | `true`     |", malformed))
    for a, b in ((ours, theirs), (theirs, ours)):
        merged = three(BASE, a, b, tmp_path)
        text = merged.data.decode("utf-8")
        assert "<<<<<<< ours" in text, text
        assert ">>>>>>> theirs" in text
        assert malformed in text
        assert text.count("=======") == 1


def test_a_gate_renamed_on_one_side_with_a_result_on_the_other_is_a_conflict(
    tmp_path: Path,
) -> None:
    # Issue 19, third pass: a gate renamed on one side while the other recorded it failed
    # merged clean, the failure gone.
    gate = "| Ok   | `true`  | passes                  |        |          |"
    ours = edit(
        BASE, (gate, "| Ok   | `true`  | passes                  | !      | 2026-01-03T08:00Z |")
    )
    theirs = edit(BASE, (gate, "| Okay | `true`  | passes                  |        |          |"))
    for a, b in ((ours, theirs), (theirs, ours)):
        merged = three(BASE, a, b, tmp_path)
        assert merged.conflicts >= 1
        assert any("gate Ok was deleted or renamed" in r for r in merged.reasons)


def test_git_says_why_a_conflict_without_markers_stopped_it(repo: Path) -> None:
    path = write_plan(repo, [row("1", "`true`"), row("2", "`true`")])
    install(repo)
    git(repo, "checkout", "-q", "-b", "a")
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "|        | 1       | 2 ", "| !      | 1       | 2 "
        ),
        encoding="utf-8",
    )
    git(repo, "commit", "-qam", "a: task 2 failed")
    git(repo, "checkout", "-q", "main")
    git(repo, "checkout", "-q", "-b", "b")
    text = path.read_text(encoding="utf-8")
    path.write_text(
        "\n".join(ln for ln in text.splitlines() if "| 2      | 2 |" not in ln) + "\n",
        encoding="utf-8",
    )
    git(repo, "commit", "-qam", "b: task 2 dropped")
    r = run_git(repo, "merge", "--no-edit", "a")
    assert r.returncode != 0
    assert "plan merge: conflict: task 2 was deleted or renamed" in r.stdout + r.stderr


def run_each_side_then_merge(repo: Path, path: Path) -> subprocess.CompletedProcess[str]:
    """Install the driver; branch a runs task 1 and b task 2 of the plan at `path`; a merges b."""
    install(repo)
    for name, task in (("a", "1"), ("b", "2")):
        git(repo, "checkout", "-q", "-b", name, "main")
        assert plan("run", "-p", str(path), task).code == 0
    git(repo, "checkout", "-q", "a")
    return run_git(repo, "merge", "--no-edit", "b")


def assert_both_tasks(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "| X      | 1       | 1 " in text
    assert "| X      | 1       | 2 " in text
    assert "<<<<<<<" not in text


def test_a_folder_per_plan_merges_with_the_driver(repo: Path) -> None:
    # Issue 20, case 8: the attributes line covered `plans/*.md`, not `plans/0002-x/PLAN.md`.
    flat = write_plan(repo, [row("1", "`true`"), row("2", "`true`")])
    folder = repo / "plans" / "0002-export"
    folder.mkdir()
    path = folder / "PLAN.md"
    git(repo, "mv", str(flat), str(path))
    git(repo, "commit", "-q", "-m", "a folder per plan")
    merged = run_each_side_then_merge(repo, path)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert_both_tasks(path)
    attributes = (repo / ".gitattributes").read_text(encoding="utf-8")
    assert attributes == "plans/**/*.md merge=plan\n"


def test_every_searched_folder_is_covered(repo: Path) -> None:
    # Issue 20, case 8: with no `plans/` (and no `plans_dir`), plans are found in the other
    # searched folders; each is sent to the driver, one line a tree.
    flat = write_plan(repo, [row("1", "`true`"), row("2", "`true`")])
    active = repo / "docs" / "exec-plans" / "active"
    active.mkdir(parents=True)
    path = active / flat.name
    git(repo, "mv", str(flat), str(path))
    git(repo, "commit", "-q", "-m", "plans where agents keep them")
    (repo / "plans").rmdir()
    merged = run_each_side_then_merge(repo, path)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert_both_tasks(path)
    lines = (repo / ".gitattributes").read_text(encoding="utf-8").splitlines()
    assert lines == [
        "plans/**/*.md merge=plan",
        ".agents/execplans/**/*.md merge=plan",
        ".agents/plans/**/*.md merge=plan",
        ".agent/**/*.md merge=plan",
        "docs/exec-plans/**/*.md merge=plan",
        "docs/plans/**/*.md merge=plan",
        "execplans/**/*.md merge=plan",
    ]
    for where in (
        "plans/0001-x.md",
        "plans/0001-x/PLAN.md",
        ".agent/execplans/0001-x.md",
        "docs/exec-plans/completed/0001-x.md",
        "execplans/0001-x.md",
    ):
        said = git(repo, "check-attr", "merge", "--", where)
        assert said.strip().endswith("merge: plan"), said
    assert git(repo, "check-attr", "merge", "--", "docs/guide.md").strip().endswith("unspecified")


def test_install_replaces_an_earlier_versions_line(repo: Path) -> None:
    (repo / "plans").mkdir()
    attributes = repo / ".gitattributes"
    attributes.write_bytes(b"*.png binary\nplans/*.md merge=plan\n")
    r = plan("merge-driver", "install")
    assert r.code == 0, r.err
    assert ".gitattributes: replaced plans/*.md merge=plan" in r.out
    assert attributes.read_bytes() == b"*.png binary\nplans/**/*.md merge=plan\n"
    attributes.write_bytes(attributes.read_bytes() + b"plans/*.md merge=plan\n")
    assert plan("merge-driver", "uninstall").code == 0
    assert attributes.read_bytes() == b"*.png binary\n"
