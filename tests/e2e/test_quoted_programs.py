"""A quoted program is one argument; a string a wrapper runs through a shell is a command.

An attacker's pass found `awk '$1 > 3'`-shaped checks refused as actions: the line was cut at
the shell's operators inside single quotes, so `($1 > 3)` became a command named `$1` and
`select(. > 3)` one named `.`. Reading quotes whole also showed that strings given to
`parallel`, `flock -c`, `su -c` and `tmux new` ran as checks though they push and tag.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import plan, row, write_plan

OBSERVES = [
    "echo 5 > nums.txt && awk '{ if ($1 > 3) print }' nums.txt",
    "echo 5 > nums.txt && awk '($1 > 3)' nums.txt",
    "echo 5 | awk 'BEGIN { n = 0 } ($1 > 3) { n++ } END { print n }'",
    "printf 'a;b\\n' > f && grep -c 'a;b' f",
]

ACTS = [
    "parallel 'git tag {}' ::: v1 v2",
    "flock /tmp/plan-test.lock -c 'git tag v1'",
    "flock -n /tmp/plan-test.lock --command 'git push'",
    "su -c 'git push && echo done'",
    "tmux new-session -d 'git push'",
]


@pytest.mark.parametrize("command", OBSERVES)
def test_a_quoted_program_with_operators_is_a_check(repo: Path, command: str) -> None:
    write_plan(repo, [row("1", f"`{command}`")])
    dry = plan("run", "1", "--dry-run")
    assert "task 1: would run" in dry.out, dry.out
    r = plan("run", "1")
    assert r.code == 0, r.out + r.err
    assert "task 1 passed" in r.out


@pytest.mark.parametrize("command", ACTS)
def test_a_string_a_wrapper_runs_through_a_shell_is_read(repo: Path, command: str) -> None:
    write_plan(repo, [row("1", f"`{command}`")])
    shown = plan("show", "1")
    assert "these act" in shown.out, shown.out
    assert "through" in shown.out
    r = plan("run", "1")
    assert r.code == 4, r.out + r.err
    assert not (repo / ".git" / "refs" / "tags" / "v1").exists()


def test_a_comparison_in_quoted_text_is_not_a_redirect(repo: Path) -> None:
    """`>` inside a program in quotes compares; only the shell's own `>` writes a file (from
    helper fix10e: after a `cd ..` these were called actions writing outside the tree)."""
    (repo / "nums.txt").write_text("1\n5\n", encoding="utf-8")
    here = repo.name
    write_plan(
        repo,
        [
            row("T1", f"`cd .. && awk '$1 > 3' {here}/nums.txt`"),
            row("T2", '`cd .. && python3 -c "print(1 > 0)"`'),
            row("T3", "`cd .. && test b \\> a`"),
            row("T4", "`cd .. && awk '{print $1 > \"/etc/plan-x\"}' /dev/null`"),
            row("T5", '`cd .. && echo "$(echo x > ../y)"`'),
        ],
    )
    tasks = {t["id"]: t for t in plan("status", "--json").json()["tasks"]}
    for task_id in ("T1", "T2", "T3"):
        assert tasks[task_id]["actions"] == [], tasks[task_id]
    # awk's own `print > file` and a redirect run by `$(...)` in quotes still write.
    assert tasks["T4"]["actions"], tasks["T4"]
    assert tasks["T5"]["actions"], tasks["T5"]
    result = plan("run", "T1", "T2", "T3", "--json")
    assert [r["status"] for r in result.json()["results"]] == ["passed"] * 3
