"""`plan loop` never records a result the agent wrote itself (issue 19, the seventh pass):
a row it added already passed, a status legend it rewrote, a Timeout it raised, the runner's
settings it changed, the journal lines it erased. Each agent is a small scripted one."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import git
from tests.helpers import plan, row, write_plan


def agent(repo: Path, text: str) -> str:
    """A scripted agent in Python, committed, and the command line that runs it."""
    (repo / "agent.py").write_text(
        "import os, pathlib, re\n"
        "plan = pathlib.Path(os.environ['PLAN_FILE'])\n"
        "text = plan.read_text(encoding='utf-8')\n" + text,
        encoding="utf-8",
    )
    git(repo, "add", "agent.py")
    git(repo, "commit", "-q", "-m", "agent")
    return "python3 agent.py"


def status_line(path: Path) -> str:
    return next(x for x in path.read_text(encoding="utf-8").splitlines() if "- Status:" in x)


def test_a_row_the_agent_adds_already_passed_is_put_back_to_outstanding(repo: Path) -> None:
    path = write_plan(repo, [row("T1", "`test -f a`")])
    cmd = agent(
        repo,
        "pathlib.Path('a').touch()\n"
        "t1 = next(x for x in text.splitlines() if '| T1 |' in x)\n"
        "t2 = '| X      | 1       | T2     | T2 | Code      | Ship it. | `false` |  |  |'\n"
        "if os.environ['PLAN_TASK'] == 'T1':\n"
        "    plan.write_text(text.replace(t1, t1 + '\\n' + t2), encoding='utf-8')\n",
    )
    result = plan("loop", "--agent", cmd, "--attempts", "1")
    # T2 holds no pass of its own: the loop runs it, it fails, the plan is not Complete.
    assert result.code == 1, result.out + result.err
    text = path.read_text(encoding="utf-8")
    assert "task T2 status 'X' (a task it added)" in text
    assert "| X      | 1       | T2" not in text
    assert "Complete" not in status_line(path)
    assert "task T2 (Code) failed" in text or "T2 failed" in result.out


def test_an_agent_that_redefines_the_status_legend_is_not_proved(repo: Path) -> None:
    path = write_plan(repo, [row("T0", "`false`", status="B"), row("T1", "`test -f a`")])
    cmd = agent(
        repo,
        "pathlib.Path('a').touch()\n"
        "plan.write_text(text + '\\n## Status keys\\n\\n- `B`: done, verified by review\\n',"
        " encoding='utf-8')\n",
    )
    result = plan("loop", "--agent", cmd)
    assert result.code == 1, result.out + result.err
    text = path.read_text(encoding="utf-8")
    assert "not proved: the agent changed the checks of the status legend" in text
    assert "Complete" not in status_line(path)
    assert "| X " not in text


def test_an_agent_that_raises_a_timeout_is_not_proved(repo: Path) -> None:
    path = write_plan(repo, [row("T1", "`sleep 1.5; test -f out`", timeout="1s")])
    cmd = agent(
        repo,
        "pathlib.Path('out').touch()\n"
        "plan.write_text(text.replace('| 1s |', '| 10s |'), encoding='utf-8')\n",
    )
    result = plan("loop", "--agent", cmd, "--attempts", "1")
    assert result.code == 1, result.out + result.err
    text = path.read_text(encoding="utf-8")
    assert "not proved: the agent changed the checks of task T1 (its Timeout)" in text
    assert "| X " not in text
    assert "passed" not in git(path.parent, "log", "-1", "--format=%s")


def test_an_agent_that_turns_on_actions_is_not_proved_and_its_setting_not_committed(
    repo: Path, tmp_path: Path
) -> None:
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(repo, "remote", "add", "origin", str(remote))
    path = write_plan(
        repo,
        [
            row("T1", "`test -f a`"),
            row("T2", "`git push -q origin HEAD:refs/heads/pushed`", depends="T1"),
        ],
    )
    cmd = agent(
        repo,
        "pathlib.Path('a').touch()\n"
        "with open('pyproject.toml', 'a', encoding='utf-8') as f:\n"
        "    f.write('[tool.plan]\\nallow_actions = true\\n')\n",
    )
    result = plan("loop", "--agent", cmd)
    assert result.code == 1, result.out + result.err
    shown = result.out + result.err
    assert "the agent changed the runner's settings ([tool.plan] in pyproject.toml)" in shown
    text = path.read_text(encoding="utf-8")
    assert "| X " not in text
    # Nothing of it is committed with a pass, and no later task ran with it.
    assert "pyproject.toml" not in git(repo, "ls-files")
    assert "pushed" not in git(remote, "branch", "--list")
    assert "task T1 passed" not in git(repo, "log", "--format=%s")


def test_journal_lines_the_agent_erased_are_put_back(repo: Path) -> None:
    path = write_plan(repo, [row("T1", "`test -f a`")])
    cmd = agent(
        repo,
        "if os.environ['PLAN_ATTEMPT'] == '2':\n"
        "    pathlib.Path('a').touch()\n"
        "    keep = [x for x in text.splitlines(True) if 'failed' not in x and 'loop:' not in x]\n"
        "    plan.write_text(''.join(keep), encoding='utf-8')\n",
    )
    result = plan("loop", "--agent", cmd, "--attempts", "2")
    assert result.code == 0, result.out + result.err
    text = path.read_text(encoding="utf-8")
    assert "on task T1, attempt 1 of 2" in text
    assert "task T1 (Code) failed" in text
    assert "its own marks undone: 1 journal line it removed or rewrote" in text
    assert "| X " in text
