"""Issue 11: never a false result, never a read outside the repository, never a hang.

Each test drives `plan` (in-process, or as a subprocess where processes race) in a real
git repository and checks what the run recorded, committed and exited with.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from runner import api
from runner.errors import EXIT_FAILED
from runner.run.options import RunOptions, RunTasks
from tests.conftest import git
from tests.helpers import alive, plan, row, write_plan

PLAN = "plans/0001-run.md"


def commits(repo: Path) -> int:
    """How many commits HEAD has."""
    return int(git(repo, "rev-list", "--count", "HEAD"))


def add_prose(path: Path, text: str) -> None:
    """A line of prose in the plan's Purpose section, committed."""
    body = path.read_text(encoding="utf-8").replace("Run things.", text)
    path.write_text(body, encoding="utf-8")
    git(path.parent.parent, "commit", "-qam", "prose")


# Item 4: bounded reads.


def test_lint_refuses_a_committed_link_to_dev_zero(repo: Path) -> None:
    (repo / "z.txt").symlink_to("/dev/zero")
    git(repo, "add", "z.txt")
    path = write_plan(repo, [row("1", "`true`")])
    add_prose(path, "See z.txt:1 for the details.")
    r = plan("lint", PLAN)
    assert r.code == EXIT_FAILED
    assert "'z.txt:1' names a file outside the repository" in r.out


def test_lint_refuses_a_reference_that_climbs_out_of_the_repository(repo: Path) -> None:
    outside = repo.parent / "outside.txt"
    outside.write_text("one\ntwo\n", encoding="utf-8")
    path = write_plan(repo, [row("1", "`true`")])
    add_prose(path, "See ../../repo/../outside.txt:9999 and ../outside.txt:1.")
    r = plan("lint", PLAN)
    assert "'../../repo/../outside.txt:9999' names a file outside the repository" in r.out
    assert "'../outside.txt:1' names a file outside the repository" in r.out
    assert "past the end" not in r.out  # its lines were never counted


def test_lint_reads_only_regular_files_and_follows_links_inside(repo: Path) -> None:
    os.mkfifo(repo / "pipe.txt")
    (repo / "docs").mkdir()
    (repo / "docs" / "real.txt").write_text("a\nb\nc", encoding="utf-8")
    (repo / "link.txt").symlink_to("docs/real.txt")
    path = write_plan(repo, [row("1", "`true`")])
    add_prose(path, "See pipe.txt:1, link.txt:3 and link.txt:4.")
    r = plan("lint", PLAN)
    assert "'pipe.txt:1' names something that is not a regular file" in r.out
    assert "'link.txt:4' is past the end of the file (3 lines)" in r.out
    assert "link.txt:3'" not in r.out


def test_gates_fingerprint_an_untracked_link_to_dev_zero_and_a_fifo(repo: Path) -> None:
    write_plan(repo, [row("1", "`true`")])
    (repo / "zero").symlink_to("/dev/zero")
    os.mkfifo(repo / "fifo")
    r = plan("gates", "--json")
    assert r.code == 0, r.err
    assert [x["status"] for x in r.json()["results"]] == ["passed"]
    # Unchanged tree: up to date. A changed link target is a change, as it is for git.
    assert [x["status"] for x in plan("gates", "--json").json()["results"]] == ["up_to_date"]
    (repo / "zero").unlink()
    (repo / "zero").symlink_to("/dev/null")
    assert [x["status"] for x in plan("gates", "--json").json()["results"]] == ["passed"]


# Item 7: git's index lock.


def test_a_commit_waits_for_another_git_process_holding_the_index_lock(repo: Path) -> None:
    write_plan(repo, [row("1", "`true`")])
    lock = repo / ".git" / "index.lock"
    lock.write_text("", encoding="utf-8")
    before = commits(repo)
    release = threading.Timer(1.0, lock.unlink)
    release.start()
    try:
        r = plan("run", "1")
    finally:
        release.join()
    assert r.code == 0, r.err
    assert commits(repo) == before + 1


def test_four_runs_on_four_plans_at_once_all_commit(repo: Path) -> None:
    names = [f"000{n}-p{n}.md" for n in range(1, 5)]
    for name in names:
        write_plan(repo, [row("1", "`true`"), row("2", "`true`")], name=name)
    before = commits(repo)
    for _ in range(2):  # two rounds: more chances for the commits to collide
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "runner", "run", "--all", "-p", f"plans/{name}"],
                cwd=repo,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for name in names
        ]
        outs = [p.communicate() for p in procs]
        assert [p.returncode for p in procs] == [0, 0, 0, 0], outs
        for name in names:
            plan("reset", "1", "2", "-p", f"plans/{name}")
    committed = git(repo, "log", "--format=%(trailers:key=Plan-File,valueonly)")
    for name in names:
        assert committed.count(f"plans/{name}") == 4  # two runs and two resets each
    assert commits(repo) == before + 16
    assert git(repo, "status", "--porcelain", "plans") == ""


# Item 8: a command is done when its process exits.


def test_a_daemon_holding_stdout_does_not_hold_the_run(repo: Path) -> None:
    # The daemon outlives the task's limit: waiting for its pipe would be a timeout.
    command = "`setsid sleep 300 & echo $! > daemon.pid; echo started`"
    write_plan(repo, [row("1", command, timeout="10s")])
    try:
        r = plan("run", "1", "--json")
    finally:
        pid = int((repo / "daemon.pid").read_text(encoding="utf-8"))
        still_running = alive(pid)
        if still_running:
            os.kill(pid, 9)
    assert r.code == 0, r.err
    result = r.json()["results"][0]
    assert result["status"] == "passed"
    assert result["commands"][0]["timed_out"] is False
    assert result["commands"][0]["exit_code"] == 0
    # It left the command's group, but not the runner: a check may not leave a process
    # behind (issue 19), so it is stopped when the check ends (Linux, a child subreaper).
    if sys.platform.startswith("linux"):
        assert not still_running


def test_a_child_left_in_the_commands_group_is_stopped(repo: Path) -> None:
    write_plan(repo, [row("1", "`sleep 20 & echo $! > child.pid; echo started`", timeout="60s")])
    r = plan("run", "1", "--json")
    assert r.code == 0, r.err
    assert r.json()["results"][0]["status"] == "passed"
    assert not alive(int((repo / "child.pid").read_text(encoding="utf-8")))


# Item 9: duplicate IDs.


def test_duplicate_ids_can_be_read_but_not_run_or_marked(repo: Path) -> None:
    path = write_plan(repo, [row("1", "`true`"), row("1", "`true`"), row("2", "`true`")])
    before, count = path.read_bytes(), commits(repo)
    assert plan("status", PLAN).code == 0
    for args in (("run", "1"), ("next",), ("done", "1"), ("run", "--all")):
        r = plan(*args)
        assert r.code == 3, args
        assert "P103 task ID '1' is on lines 14 and 15" in r.err
    assert path.read_bytes() == before
    assert commits(repo) == count
    assert plan("run", "2").code == 0  # only the duplicated ID is refused


def test_next_never_reruns_the_first_of_two_rows(repo: Path) -> None:
    path = write_plan(repo, [row("1", "`true`", status="x"), row("1", "`true`")])
    before = path.read_bytes()
    for _ in range(2):
        r = plan("next")
        assert r.code == 3
        assert "lines 14 and 15" in r.err
    assert path.read_bytes() == before


# Item 10: a named task that did not run is never exit 0.


def test_run_id_runs_its_outstanding_dependencies_first(repo: Path) -> None:
    order = repo / "order.txt"
    write_plan(
        repo,
        [
            row("1", f"`echo 1 >> {order}`"),
            row("2", f"`echo 2 >> {order}`", depends="1"),
            row("3", f"`echo 3 >> {order}`", depends="2"),
        ],
    )
    r = plan("run", "3", "--json")
    assert r.code == 0, r.err
    assert [(x["id"], x["status"]) for x in r.json()["results"]] == [
        ("1", "passed"),
        ("2", "passed"),
        ("3", "passed"),
    ]
    assert order.read_text(encoding="utf-8").split() == ["1", "2", "3"]


def test_no_deps_refuses_a_task_whose_dependency_is_not_done(repo: Path) -> None:
    # The `--no-deps` flag maps to RunTasks.no_deps; the run is driven through the API.
    path = write_plan(repo, [row("1", "`true`"), row("2", "`true`", depends="1")])
    before = path.read_bytes()
    outcome = api.run(RunTasks(("2",), no_deps=True), None, RunOptions())
    assert outcome.exit_code == EXIT_FAILED
    assert [(r.name, r.reason) for r in outcome.results] == [("2", "waits for 1")]
    assert path.read_bytes() == before


def test_a_named_task_waiting_on_a_manual_one_exits_1(repo: Path) -> None:
    write_plan(repo, [row("1", "", kind="Human"), row("2", "`true`", depends="1")])
    r = plan("run", "2", "--json")
    assert r.code == EXIT_FAILED
    assert r.json()["results"][0] == {
        "id": "2",
        "status": "outstanding",
        "not_run": True,
        "reason": "waits for 1",
        "commands": [],
    }


def test_a_dependency_the_plan_lacks_fails_run_and_next(repo: Path) -> None:
    write_plan(repo, [row("1", "`true`", status="x"), row("2", "`true`", depends="9")])
    lint = plan("lint", PLAN)
    assert "P104 task 2 depends on '9', which is not a task" in lint.out
    for args in (("run", "--all"), ("run", "2"), ("next",)):
        r = plan(*args, "--json")
        assert r.code == EXIT_FAILED, args
        reasons = [x.get("reason") for x in r.json()["results"]]
        assert reasons == ["depends on 9, which the plan does not have (P104)"], args
    # The text says why nothing is next, never "nothing to do".
    for args in (("run", "--all"), ("next",), ("status",)):
        r = plan(*args)
        assert "every task is done" not in r.out, args
        assert "2 depends on 9, which the plan does not have" in r.out, args


def test_no_deps_on_the_command_line(repo: Path) -> None:
    path = write_plan(repo, [row("1", "`true`"), row("2", "`true`", depends="1")])
    before = path.read_bytes()
    r = plan("run", "2", "--no-deps", "--json")
    assert r.code == EXIT_FAILED
    assert [(x["id"], x["reason"]) for x in r.json()["results"]] == [("2", "waits for 1")]
    assert path.read_bytes() == before
    r = plan("run", "2", "--json")
    assert r.code == 0
    assert [x["id"] for x in r.json()["results"]] == ["1", "2"]


# Item 11: an OS error on a path is a usage error.


def test_a_plan_name_over_255_bytes_is_a_usage_error(repo: Path) -> None:
    write_plan(repo, [row("1", "`true`")])
    long_name = "a" * 300 + ".md"
    for args in (("run", "-p", long_name, "1"), ("lint", long_name), ("status", long_name)):
        r = plan(*args)
        assert r.code == 2, args
        assert "the name is too long" in r.err  # one wording for OS errors (paths.describe)
        assert "Traceback" not in r.err
        assert "internal error" not in r.err


# Item 12: a git refusal's hint matches git's reason.


def test_an_ignored_plan_says_it_is_ignored(repo: Path) -> None:
    (repo / ".gitignore").write_text("plans/\n", encoding="utf-8")
    git(repo, "add", ".gitignore")
    git(repo, "commit", "-qm", "ignore plans")
    (repo / "plans").mkdir()
    from tests.helpers import TABLE

    text = TABLE.format(rows=row("1", "`true`"), gates="| Ok | `true` | passes |")
    (repo / PLAN).write_text(text, encoding="utf-8")
    r = plan("run", "1")
    assert r.code == 6
    assert "is ignored by .gitignore" in r.out + r.err
    assert f"git add -f {PLAN}" in r.out + r.err
    assert "hook" not in r.out + r.err


def test_a_symlinked_plan_commits_the_file_it_names(repo: Path) -> None:
    path = write_plan(repo, [row("1", "`true`")])
    (repo / "docs").mkdir()
    git(repo, "mv", PLAN, "docs/plan.md")
    path.symlink_to("../docs/plan.md")
    git(repo, "add", PLAN)
    git(repo, "commit", "-qm", "link the plan")
    r = plan("run", "1")
    assert r.code == 0, r.out + r.err
    assert "hook" not in r.out + r.err
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == ["docs/plan.md"]
    assert git(repo, "status", "--porcelain") == ""


def test_the_hook_hint_only_when_a_hook_refused(repo: Path) -> None:
    write_plan(repo, [row("1", "`true`"), row("2", "`true`")])
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'no commits today' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    r = plan("run", "1")
    assert r.code == 6
    assert "the pre-commit hook refused it" in r.out + r.err
    assert "no commits today" in r.out + r.err
    assert plan("run", "2", "--no-verify").code == 0
