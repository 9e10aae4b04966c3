"""Issue 19, what the fifth attacker's pass left: a pipeline's last stage killed by SIGPIPE,
a description's table escapes in every output, Last Updated in the author's form, the step
summary through a symlink. Each through the CLI in a real git repository."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import git
from tests.helpers import plan, row, write_plan

# A program that dies of SIGPIPE by itself, whatever its input.
SIGPIPE_SELF = (
    "import os, signal\n"
    "signal.signal(signal.SIGPIPE, signal.SIG_DFL)\n"
    "os.kill(os.getpid(), signal.SIGPIPE)\n"
)


def first_command(cell: str) -> dict[str, object]:
    """`plan run T1 --json` of a one-task plan whose Validation is `cell`: its first command."""
    doc = plan("run", "T1", "--json").json()
    command: dict[str, object] = doc["results"][0]["commands"][0]
    command["status"] = doc["results"][0]["status"]
    return command


@pytest.fixture
def sp(repo: Path) -> Path:
    """sp.py, committed: a script that kills itself with SIGPIPE."""
    (repo / "sp.py").write_text(SIGPIPE_SELF, encoding="utf-8")
    git(repo, "add", "sp.py")
    git(repo, "commit", "-q", "-m", "sp")
    return repo


# Item 1: 141 is read as 0 only when the pipeline's last stage exited 0.


@pytest.mark.parametrize(
    ("cell", "status", "code"),
    [
        ("`echo x \\| python3 sp.py`", "failed", 141),
        ("`seq 1 1000000 \\| python3 sp.py`", "failed", 141),
        ("`seq 1 1000000 \\| head -1`", "passed", 0),
        # exit 141 said in words is no pipeline.
        ("`seq 1 3 \\| cat; exit 141`", "failed", 141),
        # Seventh pass: a first stage that dies of SIGPIPE while the reader after it reads
        # to the end (no reader closed the pipe early) was recorded passed.
        ("`python3 sp.py \\| cat`", "failed", 141),
        ("`python3 -c 'import sys; print(1); sys.exit(141)' \\| sort \\| wc -l`", "failed", 141),
        ("`python3 -c 'import sys; print(1); sys.exit(141)' \\| grep 1`", "failed", 141),
        # A reader that stops early still makes the writer's SIGPIPE fine.
        ("`seq 1 1000000 \\| grep -m1 7`", "passed", 0),
        ("`yes \\| tee /dev/null \\| head -1`", "passed", 0),
        # Eleventh pass: a grouped stage (a subshell, braces) hid the pipeline from the
        # reader, and its own 141 before a full reader was forgiven.
        ("`(exit 141) \\| cat`", "failed", 141),
        ("`{ sh -c 'exit 141'; } \\| cat`", "failed", 141),
        ("`(echo x; exit 141) \\| wc -l`", "failed", 141),
        ("`(python3 sp.py) \\| cat`", "failed", 141),
        ("`(seq 1 1000000) \\| head -1`", "passed", 0),
    ],
)
def test_a_last_stage_killed_by_sigpipe_fails(sp: Path, cell: str, status: str, code: int) -> None:
    write_plan(sp, [row("T1", cell)])
    command = first_command(cell)
    assert (command["status"], command["exit_code"]) == (status, code)


def test_a_commands_own_exit_trap_still_runs(sp: Path) -> None:
    write_plan(
        sp,
        [
            row("T1", "`trap 'echo \"bye $?\" > t1.txt' EXIT; seq 1 1000000 \\| head -1`"),
            row("T2", "`trap 'echo \"bye $?\" > t2.txt' EXIT; echo x \\| python3 sp.py`"),
            row("T3", "`trap 'echo \"bye $?\" > t3.txt; exit 0' EXIT; false`"),
            row("T4", "`trap 'echo int' INT EXIT; trap - EXIT; seq 1 1000000 \\| head -1`"),
        ],
    )
    statuses = {}
    for task in ("T1", "T2", "T3", "T4"):
        result = plan("run", task, "--json").json()["results"][0]
        statuses[task] = result["status"]
    assert statuses == {"T1": "passed", "T2": "failed", "T3": "passed", "T4": "passed"}
    # The trap ran and saw the command's own status.
    assert (sp / "t1.txt").read_text() == "bye 141\n"
    assert (sp / "t2.txt").read_text() == "bye 141\n"
    assert (sp / "t3.txt").read_text() == "bye 1\n"


# Item 2: a description's table escape `\|` is shown as the text it stands for.

ESCAPED = "| | 1 | T1 | T1 | Code | Add install\\|uninstall commands. | `true` | | |"


def test_a_descriptions_escaped_pipe_is_shown_as_a_pipe(repo: Path) -> None:
    path = write_plan(repo, [ESCAPED])
    before = path.read_bytes()
    wanted = "Add install|uninstall commands."
    status = plan("status")
    assert "install|uninstall" in status.out, status.out
    assert "\\|" not in status.out
    assert plan("status", "--json").json()["tasks"][0]["description"] == wanted
    dry = plan("next", "--dry-run")
    assert f"— {wanted}" in dry.out, dry.out
    assert "\\|" not in dry.out
    shown = plan("show", "T1")
    assert wanted in shown.out, shown.out
    assert "\\|" not in shown.out
    assert plan("show", "T1", "--json").json()["task"]["description"] == wanted
    assert path.read_bytes() == before
    # A run records into the plan and leaves the cell as the author wrote it.
    ran = plan("next")
    assert ran.code == 0, ran.out + ran.err
    assert "\\|" not in ran.out, ran.out
    assert "| Add install\\|uninstall commands. |" in path.read_text(encoding="utf-8")


# Item 3: Last Updated keeps the author's form when the runner restamps it.


@pytest.mark.parametrize(
    ("written", "now"),
    [
        ("2026/01/01", "2026/02/03"),
        ("2026/01/01 (after review)", "2026/02/03 (after review)"),
        ("Thu, 01 Jan 2026 10:00:00 +0000", "Tue, 03 Feb 2026 04:05:06 +0000"),
        ("Thu, 1 Jan 2026 10:00 -0800", "Mon, 2 Feb 2026 20:05 -0800"),
        ("01 Jan 2026 10:00:00 GMT", "03 Feb 2026 04:05:06 GMT"),
        ("~~2026-01-01~~ 2026-02-01", "~~2026-01-01~~ 2026-02-03"),
        ("~~2026-01-01 10:00Z~~", "~~2026-01-01 10:00Z~~ 2026-02-03 04:05Z"),
        ("01/02/2026", "02/03/2026"),
        ("1/2/2026", "2/3/2026"),
        ("13/01/2026", "03/02/2026"),
    ],
)
def test_last_updated_is_restamped_in_the_authors_form(
    repo: Path, monkeypatch: pytest.MonkeyPatch, written: str, now: str
) -> None:
    from runner.run import workflow

    monkeypatch.setattr(workflow, "utc_now", lambda: datetime(2026, 2, 3, 4, 5, 6, tzinfo=UTC))
    path = write_plan(repo, [row("T1", "`true`")])
    text = path.read_text(encoding="utf-8").replace(
        "Last Updated: 2026-01-01T00:00Z", f"Last Updated: {written}"
    )
    path.write_text(text, encoding="utf-8")
    git(repo, "commit", "-qam", "form")
    assert plan("run", "T1").code == 0
    line = next(ln for ln in path.read_text(encoding="utf-8").splitlines() if "Last Updated" in ln)
    assert line.split("Last Updated: ", 1)[1] == now


# Item 4: a relative GITHUB_STEP_SUMMARY through a symlink out of the repository is refused.


def test_a_relative_step_summary_through_a_symlink_out_is_refused(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.md").write_text("mine\n", encoding="utf-8")
    (repo / "summary.md").symlink_to(outside / "keep.md")
    write_plan(repo, [row("T1", "`true`"), row("T2", "`true`")])
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "link")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", "summary.md")
    result = plan("run", "T1")
    assert result.code == 0, result.err
    assert "warning: GITHUB_STEP_SUMMARY not written" in result.err
    assert "outside the repository" in result.err
    assert (outside / "keep.md").read_text(encoding="utf-8") == "mine\n"
    assert status_line(repo, "T1").startswith("| X")
    # An absolute path, as GitHub sets it, is written as before.
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(outside / "keep.md"))
    result = plan("run", "T2")
    assert result.code == 0, result.err
    assert "warning" not in result.err
    written = (outside / "keep.md").read_text(encoding="utf-8")
    assert written.startswith("mine\n")
    assert "T2" in written


def status_line(repo: Path, task: str) -> str:
    """The plan's row of `task`."""
    text = (repo / "plans" / "0001-run.md").read_text(encoding="utf-8")
    return next(ln for ln in text.splitlines() if f"| {task} | Code" in ln)
