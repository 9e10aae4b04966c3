"""A task table's Command column proves its row, with what its Expected Output says.

A generator of real plans writes task tables as `| Status | Phase # | Task # | Type | Req IDs
| File Anchors | Command | Expected Output | Action |`, with `n/a` where a row has no
command. Every row was manual: the Command column was not read (FORMAT.md §2 rule 8: a
command column makes a command). Written here in that shape, in our own words.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import git
from tests.helpers import plan

PLAN = """# Plan

## Task Table

| Status | Phase # | Task # | Type | Req IDs | File Anchors | Command | Expected Output | Action |
| ------ | ------- | ------ | ---- | ------- | ------------ | ------- | --------------- | ------ |
|        | 1       | 1      | Read | R1 | `README.md:1` | `n/a` | context confirmed | Read it. |
|        | 1       | 2      | Test | R1 | `n/a` | `echo 4` | prints `3` | Count. |
|        | 1       | 3      | Test | R1 | `n/a` | `echo hello` | `hello` | Greet. |
|        | 1       | 4      | Gate | R3 | `n/a` | `git ls-files` | no `scenarios/` paths | Guard. |
|        | 1       | 5      | Test | R2 | `n/a` | `true` | helper checks passed | Check. |
|        | 1       | 6      | Code | R2 | `src/x.py:1` | `n/a` | done | Write it. |
"""


def _plan(repo: Path) -> str:
    (repo / "plans").mkdir()
    (repo / "scenarios").mkdir()
    (repo / "scenarios" / "a.txt").write_text("x\n", encoding="utf-8")
    (repo / "plans" / "p.md").write_text(PLAN, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "plan")
    return "plans/p.md"


def test_a_command_column_runs_and_its_expected_output_decides(repo: Path) -> None:
    path = _plan(repo)
    status = {t["id"]: t for t in plan("status", "-p", path, "--json").json()["tasks"]}
    assert status["1"]["commands"] == []  # `n/a` is no command, and a Read task runs none
    assert status["6"]["commands"] == []
    assert status["2"]["commands"] == ["echo 4"]
    r = plan("run", "2", "3", "4", "5", "--keep-going", "-p", path)
    assert r.code == 1, r.out + r.err
    assert "task 2 failed" in r.out
    assert "expected '3', got '4'" in r.out
    assert "task 3 passed" in r.out
    assert "task 4 failed" in r.out
    assert "expected no 'scenarios/'" in r.out
    # Words it cannot read pass on exit 0, saying so.
    assert "task 5 passed" in r.out
    assert "not checked: 'helper checks passed'" in r.out
