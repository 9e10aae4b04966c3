"""A nested line under "Run `x`." that says what it must show decides the task.

An attacker's pass: `- [ ] Run \\`echo 4\\`.` with a nested `- Expected: \\`3\\`` (or
`Expected output:` and a block, `Should print`, `Output:`) passed on exit 0 with no word.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import git
from tests.helpers import plan

PLAN = """# N

## Progress

- [ ] Run `echo 4`.
  - Expected: `3`
- [ ] Run `echo 5`.
  - Expected output:
    ```
    3
    ```
- [ ] Run `echo 6`.
  - Should print `3`
- [ ] Run `echo 7`.
  - Output: `3`
- [ ] Run `echo 3`.
  - Expected: `3`
- [ ] Run `echo 8`.
  - Expected: a friendly greeting
"""


def test_a_nested_expectation_decides_an_inferred_command(repo: Path) -> None:
    (repo / "plans").mkdir()
    (repo / "plans" / "n.md").write_text(PLAN, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "plan")
    r = plan("run", "--all", "--keep-going", "-p", "plans/n.md")
    assert r.code == 1, r.out + r.err
    for task, got in (("1", "4"), ("2", "5"), ("3", "6"), ("4", "7")):
        assert f"task {task} failed" in r.out, r.out
        assert f"expected '3', got '{got}'" in r.out
    assert "task 5 passed" in r.out
    # Words it cannot read: a pass on exit 0 that says so, never a silent one.
    assert "task 6 passed" in r.out
    assert "not checked: 'Expected: a friendly greeting'" in r.out
