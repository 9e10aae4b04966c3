"""Issue 18 (item 6): the commands real plans declare are found; servers, requests,
`export` and destructive blocks stay steps. Plans of our own, through the CLI."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import plan, write_text_plan

PLAN = "plans/0001-run.md"

SHAPES = """# P

## Progress

- [ ] Check the baseline
  - Verify baseline: `test -d .git`
- [ ] Fix it
  - Step 1 re-run: `test -d plans`
- [ ] Build

  ```bash
  # list what is there
  ls plans
  test -f plans/0001-run.md
  ```

- [ ] Serve

  ```bash
  python -m http.server 8000
  ```

- [ ] Call

  ```bash
  curl -s http://localhost:8000/
  ```

- [ ] Configure

  ```bash
  export API_URL=http://localhost
  ```

- [ ] Clean

  ```bash
  rm -rf build/
  ```

## Success Criteria

| Criterion | Verification |
| --------- | ------------ |
| The plan is there | `test -f plans/0001-run.md` |
| Prose only | it looks right |

## Concrete Steps

```bash
git status --short
```

```bash
npm run dev
```
"""


def write(repo: Path) -> None:
    write_text_plan(repo, SHAPES)


def test_labelled_lines_and_shell_blocks_under_tasks_are_found(repo: Path) -> None:
    write(repo)
    tasks = {t["id"]: t for t in plan("status", "--json").json()["tasks"]}
    assert tasks["1"]["commands"] == ["test -d .git"]
    assert tasks["2"]["commands"] == ["test -d plans"]
    assert tasks["3"]["commands"] == ["ls plans", "test -f plans/0001-run.md"]
    for step in ("4", "5", "6", "7"):
        assert tasks[step]["commands"] == [], tasks[step]
    result = plan("run", "1", "2", "3", "--json")
    assert result.code == 0, result.out
    assert [r["status"] for r in result.json()["results"]] == ["passed"] * 3


def test_a_verification_column_and_concrete_steps_blocks_are_checks(repo: Path) -> None:
    write(repo)
    out = plan("accept", "--dry-run").out
    assert "`test -f plans/0001-run.md`" in out
    assert "`git status --short`" in out
    assert "npm run dev" not in out
    assert "looks right" not in out
    doc = plan("accept", "--json").json()
    assert [r["status"] for r in doc["results"]] == ["passed", "passed"]
