"""`plan loop --agent CMD` (issue 21) in real repositories, with scripted agents: small shell
scripts that do the work, do nothing, cheat, or hang."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from tests.conftest import git
from tests.helpers import TABLE, alive, plan, row, spawn, write_plan

# Three tasks: two an agent can do (each proved by a file's content), then a manual one.
ROWS = [
    row("T1", "`grep -q hello hello.txt`"),
    row("T2", "`grep -q bye bye.txt`", depends="T1"),
    row("T3", "", kind="Human", depends="T2"),
]

# Does the task it is given, says what it saw, and keeps its brief and environment.
WORKER = """#!/bin/sh
seen="seen-$PLAN_TASK-$PLAN_ATTEMPT.txt"
cat > "$seen"
echo "task=$PLAN_TASK attempt=$PLAN_ATTEMPT brief=$PLAN_BRIEF file=$PLAN_FILE" >> "$seen"
case "$PLAN_TASK" in
  T1) echo hello > hello.txt ;;
  T2) echo bye > bye.txt ;;
esac
"""


def agent(repo: Path, name: str, text: str) -> str:
    """A scripted agent, committed, and the command line that runs it."""
    (repo / name).write_text(text, encoding="utf-8")
    git(repo, "add", name)
    git(repo, "commit", "-q", "-m", f"agent {name}")
    return f"sh {name}"


def subjects(repo: Path) -> list[str]:
    return git(repo, "log", "--format=%s").splitlines()


def changed_in(repo: Path, rev: str) -> list[str]:
    return git(repo, "show", "--name-only", "--format=", rev).split()


def test_a_plan_is_carried_to_its_manual_task(repo: Path) -> None:
    path = write_plan(repo, ROWS)
    cmd = agent(repo, "worker.sh", WORKER)
    result = plan("loop", "--agent", cmd)
    assert result.code == 4, result.err
    text = path.read_text(encoding="utf-8")
    assert "| X      | 1       | T1" in text
    assert "| X      | 1       | T2" in text
    assert "manual task: T3" in result.out
    # Each pass is one commit: the agent's work with the plan's record.
    log = subjects(repo)
    t1 = log.index("plan(0001-run): task T1 passed")
    assert changed_in(repo, f"HEAD~{t1}") == ["hello.txt", "plans/0001-run.md", "seen-T1-1.txt"]
    # The agent got its brief on stdin and in PLAN_BRIEF, and its task, attempt and plan.
    seen = (repo / "seen-T1-1.txt").read_text(encoding="utf-8")
    brief_path = seen.split("brief=")[1].split()[0]
    assert seen.startswith(Path(brief_path).read_text(encoding="utf-8"))
    assert "T1" in seen.split("task=")[0]  # the brief names the task
    assert "task=T1 attempt=1" in seen
    assert f"file={path}" in seen
    # The journal tells the work: command, attempt, time, exit code, files, validation.
    assert "loop: agent 'sh worker.sh' on task T1, attempt 1 of 2: exit 0 after" in text
    assert "files changed: 2 files changed, +" in text
    assert "(hello.txt, seen-T1-1.txt)" in text
    assert "validation: task T1 (Code) passed" in text
    assert "loop stopped (a manual task is next): 2 tasks proven, 0 failed, 2 agent runs" in (text)
    assert git(repo, "status", "--porcelain") == ""


def test_a_lazy_agent_is_stopped_after_its_attempts(repo: Path) -> None:
    path = write_plan(repo, ROWS)
    cmd = agent(repo, "lazy.sh", 'cat > "brief-$PLAN_ATTEMPT.txt"\n')
    result = plan("loop", "--agent", cmd, "--attempts", "3")
    assert result.code == 1, result.err
    text = path.read_text(encoding="utf-8")
    status = plan("status", "--json").json()
    assert [t["status"] for t in status["tasks"]] == ["failed", "outstanding", "outstanding"]
    assert text.count("on task T1, attempt") == 3
    assert "attempt 3 of 3" in text
    # A retry is told why the last attempt failed.
    assert "did not pass" not in (repo / "brief-1.txt").read_text(encoding="utf-8")
    retry = (repo / "brief-3.txt").read_text(encoding="utf-8")
    assert "did not pass its validation" in retry
    assert "hello.txt" in retry
    assert "loop stopped (a task did not pass): 0 tasks proven, 1 failed, 3 agent runs" in text
    # No agent work is committed for a failure: only the plan's records.
    for rev in ("HEAD", "HEAD~1"):
        assert changed_in(repo, rev) == ["plans/0001-run.md"]


CHEAT = """#!/bin/sh
cat > /dev/null
python3 - "$PLAN_FILE" <<'EOF'
import sys
p = sys.argv[1]
text = open(p, encoding="utf-8").read()
text = text.replace("|        | 1       | T1", "| X      | 1       | T1")
text = text.replace("## Decision Log\\n", "## Decision Log\\n\\n- Decision: T1 needs no file.\\n")
text = text.replace("- Status: Proposed", "- Status: Complete")
open(p, "w", encoding="utf-8").write(text)
EOF
"""


def test_a_cheating_agents_own_pass_is_discarded_and_its_decision_kept(repo: Path) -> None:
    path = write_plan(repo, ROWS)
    cmd = agent(repo, "cheat.sh", CHEAT)
    result = plan("loop", "--agent", cmd, "--attempts", "1")
    assert result.code == 1, result.err
    text = path.read_text(encoding="utf-8")
    assert "| X      | 1       | T1" not in text
    assert "- Status: Complete" not in text
    assert "its own marks undone: task T1 status 'X' (was '')" in text
    # Its Decision Log entry is kept, and committed.
    assert "- Decision: T1 needs no file." in git(repo, "show", "HEAD:plans/0001-run.md")
    assert "validation: task T1 (Code) failed" in text


def test_a_hung_agent_is_stopped_at_its_limit_with_nothing_left(repo: Path) -> None:
    write_plan(repo, ROWS)
    hang = "cat > /dev/null\nsleep 60 &\necho $! > child.pid\necho $$ > agent.pid\nwait\n"
    cmd = agent(repo, "hang.sh", hang)
    began = time.monotonic()
    result = plan("loop", "--agent", cmd, "--agent-timeout", "1s", "--attempts", "1")
    assert time.monotonic() - began < 20
    assert result.code == 1, result.err
    for name in ("child.pid", "agent.pid"):
        assert not alive(int((repo / name).read_text()))
    text = (repo / "plans" / "0001-run.md").read_text(encoding="utf-8")
    assert "attempt 1 of 1: stopped at its limit after" in text


def test_the_budget_is_honoured(repo: Path) -> None:
    path = write_plan(repo, ROWS)
    cmd = agent(repo, "worker.sh", WORKER)
    result = plan("loop", "--agent", cmd, "--max-tasks", "1", "--json")
    assert result.code == 0, result.err
    doc = result.json()
    assert doc["stopped"] == "budget"
    assert [t["task"] for t in doc["turns"]] == ["T1"]
    assert doc["next"] == "T2"
    text = path.read_text(encoding="utf-8")
    assert "|        | 1       | T2" in text
    assert not (repo / "bye.txt").exists()


def test_until_stops_after_the_task_named(repo: Path) -> None:
    write_plan(repo, ROWS)
    cmd = agent(repo, "worker.sh", WORKER)
    result = plan("loop", "--agent", cmd, "--until", "T1", "--json")
    assert result.code == 0, result.err
    assert result.json()["stopped"] == "until"
    assert plan("loop", "--agent", cmd, "--until", "T9").code == 2
    # Already done: nothing to carry, and the next task is left alone.
    again = plan("loop", "--agent", cmd, "--until", "T1", "--json")
    assert again.code == 0, again.err
    assert again.json()["turns"] == []
    assert "task T1 is already done" in again.err
    assert git(repo, "status", "--porcelain") == ""  # nothing written for a loop that did nothing
    assert not (repo / "bye.txt").exists()


def test_no_commit_work_commits_only_the_plan(repo: Path) -> None:
    write_plan(repo, ROWS[:1])
    cmd = agent(repo, "worker.sh", WORKER)
    result = plan("loop", "--agent", cmd, "--no-commit-work")
    assert result.code == 0, result.err
    assert "hello.txt" not in git(repo, "log", "--name-only", "--format=")
    assert "?? hello.txt" in git(repo, "status", "--porcelain")


def test_a_done_plan_runs_its_gates_and_stops_with_0(repo: Path) -> None:
    path = write_plan(repo, ROWS[:2])
    cmd = agent(repo, "worker.sh", WORKER)
    result = plan("loop", "--agent", cmd)
    assert result.code == 0, result.err
    text = path.read_text(encoding="utf-8")
    assert "- Status: Complete" in text
    assert "loop stopped (the plan is done)" in text


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_ctrl_c_mid_agent_leaves_the_plan_whole_and_unlocked(
    repo: Path, sig: int, code: int
) -> None:
    path = write_plan(repo, ROWS)
    # Writes its own pass, then works for a long time.
    slow = CHEAT.replace("cat > /dev/null\n", "cat > /dev/null\necho $$ > agent.pid\n")
    slow += "sleep 60 &\necho $! > child.pid\ntouch started\nwait\n"
    cmd = agent(repo, "slow.sh", slow)
    proc = spawn(repo, "loop", "--agent", cmd)
    deadline = time.monotonic() + 15
    while not (repo / "started").exists():
        assert time.monotonic() < deadline, "the agent never started"
        time.sleep(0.02)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=15)
    assert proc.returncode == code, err
    assert "Traceback" not in err
    for name in ("child.pid", "agent.pid"):
        assert not alive(int((repo / name).read_text()))
    text = path.read_text(encoding="utf-8")
    assert "| X      | 1       | T1" not in text  # the agent's own pass is not left behind
    assert "loop stopped (interrupted)" in text
    assert "validation:" not in text  # nothing half-recorded: no proof ran
    # The lock is released: another run goes ahead at once.
    assert plan("journal", "after the loop").code == 0


def test_a_refused_commit_stops_the_loop_with_6(repo: Path) -> None:
    write_plan(repo, ROWS)
    cmd = agent(repo, "worker.sh", WORKER)
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'hook: no'\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    result = plan("loop", "--agent", cmd, "--json")
    assert result.code == 6, result.err
    doc = result.json()
    assert doc["stopped"] == "git"
    assert [t["task"] for t in doc["turns"]] == ["T1"]
    assert "pre-commit hook refused it" in result.err


def test_an_agent_that_rewrites_its_check_is_not_proved(repo: Path) -> None:
    path = write_plan(repo, ROWS)
    rewrite = (
        "cat > /dev/null\n"
        "sed -i 's/`grep -q hello hello.txt`/`true`/' \"$PLAN_FILE\"\n"
        "echo 'A decision.' >> NOTES.txt\n"
    )
    cmd = agent(repo, "rewrite.sh", rewrite)
    result = plan("loop", "--agent", cmd, "--json")
    assert result.code == 1, result.err
    doc = result.json()
    assert doc["stopped"] == "checks"
    assert doc["turns"][0]["result"] == "not_run"
    text = path.read_text(encoding="utf-8")
    assert "|        | 1       | T1" in text  # nothing proved, nothing recorded as passed
    assert "not proved: the agent changed the checks of task T1" in text
    assert "validation:" not in text  # the rewritten check never ran as the proof


def test_outside_git_the_loop_runs_and_says_once_that_nothing_is_committed(
    plain_dir: Path,
) -> None:
    (plain_dir / "plans").mkdir()
    path = plain_dir / "plans" / "0001-run.md"
    path.write_text(TABLE.format(rows="\n".join(ROWS), gates=""), encoding="utf-8")
    (plain_dir / "worker.sh").write_text(WORKER, encoding="utf-8")
    result = plan("loop", "--agent", "sh worker.sh", "-q")
    assert result.code == 4, result.err
    assert result.err.count("not a git repository") == 1
    text = path.read_text(encoding="utf-8")
    assert "| X      | 1       | T2" in text
    assert "files changed: not known outside git" in text


def test_a_task_passed_on_a_retry_still_ends_at_the_manual_task_with_4(repo: Path) -> None:
    # A trial: T2 needed a second attempt, then the loop reached manual T3 and exited 1.
    write_plan(repo, ROWS)
    slow = WORKER.replace(
        "T2) echo bye > bye.txt ;;", 'T2) [ "$PLAN_ATTEMPT" = 2 ] && echo bye > bye.txt ;;'
    )
    cmd = agent(repo, "slow.sh", slow)
    result = plan("loop", "--agent", cmd)
    assert result.code == 4, result.out + result.err
    assert "manual task: T3" in result.out


def test_one_of_a_thing_in_the_loop_s_summary_is_singular(repo: Path) -> None:
    path = write_plan(repo, [row("T1", "`grep -q hello hello.txt`"), row("T2", "", kind="Human")])
    cmd = agent(repo, "one.sh", "#!/bin/sh\necho hello > hello.txt\n")
    assert plan("loop", "--agent", cmd).code == 4
    assert "1 task proven, 0 failed, 1 agent run," in path.read_text(encoding="utf-8")


def test_an_agents_log_from_an_earlier_run_in_the_same_second_is_kept(repo: Path) -> None:
    # The trial of issue 21: logs are named to the second, so a loop run again within it
    # wrote over the log an earlier failure pointed at. Logs stamped this second and the
    # next few stand in for an earlier run's; each must be kept as it was.
    from datetime import UTC, datetime, timedelta

    write_plan(repo, ROWS)
    cmd = agent(repo, "lazy.sh", "echo working\n")
    assert plan("loop", "--agent", cmd, "--attempts", "1").code == 1
    (first,) = (repo / ".git" / "plan" / "logs").rglob("*-agent-*.log")
    tail = first.name.split("-", 1)[1]  # agent-T1-<digest>-1.log
    now = datetime.now(UTC)
    earlier = []
    for s in range(4):
        log = first.parent / f"{(now + timedelta(seconds=s)).strftime('%Y%m%dT%H%M%S')}-{tail}"
        log.write_text("earlier\n", encoding="utf-8")
        earlier.append(log)
    assert plan("loop", "--agent", cmd, "--attempts", "1").code == 1
    for log in earlier:
        assert log.read_text(encoding="utf-8") == "earlier\n", log.name
    agent_logs = {p.name for p in first.parent.glob(f"*-{tail}")}
    assert len(agent_logs - {p.name for p in earlier} - {first.name}) == 1, agent_logs
