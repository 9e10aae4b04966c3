"""Issue 19 cases 9 and 10 (an attacker's eighth pass) and what a second trial on real plans
misread (F-F, F-J, F-L, F-P), each through the CLI in a real git repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import plan, write_text_plan

PLAN = "plans/0001-run.md"


def _progress(repo: Path, second: str) -> None:
    write_text_plan(
        repo,
        f"# C10\n\n- Status: In Progress\n\n## Progress\n\n- [ ] one\n  - Run: `true`\n{second}\n",
    )


@pytest.mark.parametrize(
    "item",
    [
        "- [x] — undone two: migrate prod db",
        "- [x] two: migrate prod db — undone",
        "- [x]~ two: migrate prod db",
        "- [x]! two: migrate prod db",
        "- [ x ] two: migrate prod db",
        "- [ X ] two: migrate prod db",
    ],
)
def test_a_padded_box_a_glued_mark_or_an_undone_tick_is_p106(repo: Path, item: str) -> None:
    """Case 10: these made the plan Complete, the item read passed, and lint was silent."""
    _progress(repo, item)
    tasks = plan("status", "--json").json()["tasks"]
    assert [t["status"] for t in tasks] == ["outstanding", None]
    lint = plan("lint")
    assert lint.code == 1
    assert "P106" in lint.out
    nxt = plan("next")
    assert nxt.code == 3, nxt.out + nxt.err
    assert "Complete" not in (repo / PLAN).read_text(encoding="utf-8")


def test_a_strike_and_plain_ticks_still_read(repo: Path) -> None:
    _progress(repo, "- [x] ~~two~~ dropped\n- [x] Undo button works\n- [x]~~three~~")
    tasks = plan("status", "--json").json()["tasks"]
    assert [t["status"] for t in tasks] == ["outstanding", "skipped", "passed", "skipped"]


CHINESE = """# 计划

- Status: In Progress

## 执行计划

### Round 4: 拆分 const_eval.rs ✅
- [x] `const_eval.rs`：测试移至独立文件

### Round 5: 尝试拆分 engine/mod.rs（跳过）
- [ ] `engine/mod.rs`：尝试提取空间 → **跳过**（见进度记录）
- [ ] 检查并优化 clone 调用

### Round 6: 消除 clone
- [ ] 提取重复模式 → **跳过**（无需处理）
- [ ] 统一错误处理
- [~] (2026-01-01 08:42Z) Step 5: TEST-N8N-03 skipped (n8n not available in sandbox)
- [ ] Fix the tests that are skipped (flaky)

## 验证流程

确保全部通过：
- [ ] `true`
- [ ] `echo ok`
"""


def test_chinese_criteria_and_skip_marks_are_read(repo: Path) -> None:
    """F-F: `## 验证流程` (verification flow) held criteria read as manual tasks; `→ **跳过**`
    (skipped) in an item or `（跳过）` in its heading read as outstanding, and `next`. F-P:
    `[~] (stamp) ... skipped (...)` read as in progress."""
    write_text_plan(repo, CHINESE)
    status = plan("status", "--json").json()
    tasks = {t["description"][:12]: t["status"] for t in status["tasks"]}
    assert list(tasks.values()) == [
        "passed",
        "skipped",
        "skipped",
        "skipped",
        "outstanding",
        "skipped",
        "outstanding",
    ], tasks
    nxt = plan("next", "--dry-run")
    assert "统一错误处理" in nxt.out, nxt.out
    dry = plan("accept", "--dry-run")
    assert "would run A1: `true`" in dry.out, dry.out
    assert "would run A2: `echo ok`" in dry.out
