"""Issue 19, case 7 (eleventh pass, F7a/F7b): in a declared place (a Validation cell, a
labelled line, a gate's Command cell) a second code span was dropped as a mention whenever
the words between the spans were not joining words, so `false` never ran and the task
passed. Every span that reads as a command runs, each with the expectation after it; only
words that make it spoken of (an alternative, a condition, "see also", history) drop it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import git
from tests.helpers import plan, row, write_plan

CELLS = [
    "`true`<br>`false`",
    "`true` returns 0, `false` returns 0",
    "`true` → 0 errors; `false` → 0 errors",
    "Unit: `true`<br>Lint: `false`",
    "`true` (fast) + `false` (slow)",
    "`true` (unit), `true` (e2e), `false` (lint)",
    "`true` for backend; `false` for frontend",
    "`true` (unit), `false` (integration)",
    "backend: `true` / frontend: `false`",
    "`true`: no errors; `false`: no errors",
]


@pytest.mark.parametrize("cell", CELLS)
def test_every_command_of_a_validation_cell_runs(repo: Path, cell: str) -> None:
    write_plan(repo, [row("T1", cell)])
    r = plan("run", "T1")
    assert r.code == 1, r.out + r.err
    assert "task T1 failed" in r.out


@pytest.mark.parametrize("cell", CELLS[:5])
def test_every_command_of_a_gate_runs(repo: Path, cell: str) -> None:
    write_plan(repo, [row("T1", "`true`")], gates=[f"| L1 | {cell} | exit 0 |"])
    result = plan("gates", "--json").json()["results"]
    assert [r["status"] for r in result] == ["failed"], result


@pytest.mark.parametrize(
    "line",
    [
        "Verify: `true` (unit), `false` (integration)",
        "Run: `true` (fast) + `false` (slow)",
        "Test: `true` → 0 errors; `false` → 0 errors",
    ],
)
def test_every_command_of_a_labelled_line_runs(repo: Path, line: str) -> None:
    (repo / "plans").mkdir()
    (repo / "plans" / "n.md").write_text(
        f"# N\n\n## Progress\n\n- [ ] One.\n  - {line}\n", encoding="utf-8"
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "plan")
    r = plan("run", "1", "-p", "plans/n.md")
    assert r.code == 1, r.out + r.err
    assert "task 1 failed" in r.out


def test_pairs_of_command_and_output_are_read_pairwise(repo: Path) -> None:
    write_plan(repo, [row("T1", "`echo 4` -> `4`, `echo 3` -> `3`")])
    r = plan("run", "T1")
    assert r.code == 0, r.out + r.err
    assert "task T1 passed" in r.out
    write_plan(repo, [row("T1", "`echo 4` -> `4`, `echo 3` -> `5`")])
    r = plan("run", "T1")
    assert r.code == 1, r.out + r.err
    assert "expected '5', got '3'" in r.out


@pytest.mark.parametrize(
    "cell",
    ["`true`; see also `false`", "`true` or, if that fails, `false`", "`true`, we tried `false`"],
)
def test_a_span_the_words_speak_of_is_not_run(repo: Path, cell: str) -> None:
    write_plan(repo, [row("T1", cell)])
    r = plan("run", "T1")
    assert r.code == 0, r.out + r.err


def _text_plan(repo: Path, text: str) -> None:
    (repo / "plans").mkdir()
    (repo / "plans" / "n.md").write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "plan")


@pytest.mark.parametrize("cell", ["`true`<br>`false`", "`echo 3` (unit)<br>`false` (e2e)"])
def test_every_command_of_a_command_column_runs(repo: Path, cell: str) -> None:
    _text_plan(
        repo,
        "# G\n\n## Progress\n\n| # | Step | Command | Expected | Status |\n"
        f"|---|---|---|---|---|\n| 1 | build | {cell} | exit 0 | TODO |\n",
    )
    r = plan("run", "1", "-p", "plans/n.md")
    assert r.code == 1, r.out + r.err
    assert "task 1 failed" in r.out


@pytest.mark.parametrize(
    "line", ["Command: `true`<br>`false`", "Command: `echo 4` -> `4`, `echo 3` -> `5`"]
)
def test_every_command_of_a_concrete_step_runs(repo: Path, line: str) -> None:
    _text_plan(repo, f"# G\n\n## Progress\n\n- [ ] Build.\n\n## Concrete Steps\n\n{line}\n")
    r = plan("accept", "-p", "plans/n.md")
    assert r.code == 1, r.out + r.err
    assert "acceptance A2 failed" in r.out


@pytest.mark.parametrize(
    ("nested", "said"),
    [
        ("  - Expected: `3`\n  - Run: `echo 4`", "expected '3', got '4'"),
        ("  - Command: `echo 4`\n  - Expected result: 3 lines", "task 1 failed"),
        ("  - Command: `echo 4`\n  - Expected result: a friendly number", "not checked"),
    ],
)
def test_a_nested_expectation_binds_wherever_it_sits(repo: Path, nested: str, said: str) -> None:
    _text_plan(repo, f"# N\n\n## Progress\n\n- [ ] Count.\n{nested}\n")
    r = plan("run", "1", "-p", "plans/n.md")
    assert said in r.out, r.out + r.err


def test_an_expectation_before_its_command_that_holds_passes(repo: Path) -> None:
    _text_plan(repo, "# N\n\n## Progress\n\n- [ ] Count.\n  - Expected: `4`\n  - Run: `echo 4`\n")
    r = plan("run", "1", "-p", "plans/n.md")
    assert r.code == 0, r.out + r.err
    assert "not checked" not in r.out


@pytest.mark.parametrize(
    "item",
    [
        "Write the failing test first: run `true` and watch it fail.",
        "Run `true` — expected to fail with exit 1 for now.",
        "Run `true` and confirm it fails before the fix.",
    ],
)
def test_a_check_said_to_fail_must_fail(repo: Path, item: str) -> None:
    _text_plan(repo, f"# N\n\n## Progress\n\n- [ ] {item}\n")
    r = plan("run", "1", "-p", "plans/n.md")
    assert r.code == 1, r.out + r.err
    # "with exit 1" names the code: that code is asked for (a failing exit otherwise).
    assert "expected a failing exit" in r.out or "expected exit 1, got exit 0" in r.out
    red = item.replace("`true`", "`false`")
    (repo / "plans" / "n.md").write_text(f"# N\n\n## Progress\n\n- [ ] {red}\n", encoding="utf-8")
    git(repo, "commit", "-qam", "false")
    assert plan("run", "1", "-p", "plans/n.md").code == 0
