"""Issue 19, seventh pass (cases 6, 9, 10): results that said more than was checked, each
through the CLI in a real git repository."""

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


@pytest.mark.parametrize("box", ["[DONE?]", "[y]", "[0]", "[1]", "[]", "[yes]"])
def test_an_odd_box_is_unknown_p106_and_the_plan_never_completes(repo: Path, box: str) -> None:
    _progress(repo, f"- {box} two: migrate prod db")
    tasks = plan("status", "--json").json()["tasks"]
    assert [t["status"] for t in tasks] == ["outstanding", None]
    lint = plan("lint")
    assert lint.code == 1
    assert "P106" in lint.out
    nxt = plan("next")
    assert nxt.code == 3, nxt.out + nxt.err
    assert "Complete" not in (repo / PLAN).read_text(encoding="utf-8")


@pytest.mark.parametrize("box", ["[N/A]", "[skip]", "[n/a]"])
def test_a_skip_word_in_the_box_is_skipped_not_dropped(repo: Path, box: str) -> None:
    _progress(repo, f"- {box} two: migrate prod db")
    tasks = plan("status", "--json").json()["tasks"]
    assert [t["status"] for t in tasks] == ["outstanding", "skipped"]
    assert tasks[1]["description"].startswith("two")


@pytest.mark.parametrize(
    "text", ["(not done) two", "? two", "TODO: two", "two (not done)", "(not yet) two"]
)
def test_a_tick_its_words_deny_is_not_passed(repo: Path, text: str) -> None:
    _progress(repo, f"- [x] {text}")
    tasks = plan("status", "--json").json()["tasks"]
    assert tasks[1]["status"] is None
    lint = plan("lint")
    assert lint.code == 1
    assert "P106" in lint.out
    assert plan("next").code == 3
    assert "Complete" not in (repo / PLAN).read_text(encoding="utf-8")


def test_a_ticked_todo_app_and_a_note_still_pass(repo: Path) -> None:
    _progress(repo, "- [x] Todo app scaffolding\n- [x] Note the port in the README")
    tasks = plan("status", "--json").json()["tasks"]
    assert [t["status"] for t in tasks] == ["outstanding", "passed", "passed"]


def test_citations_and_links_in_a_list_without_boxes_are_not_tasks(repo: Path) -> None:
    write_text_plan(
        repo,
        "# P\n\n- Status: In Progress\n\n## Progress\n\n- [ ] one\n  - Run: `true`\n\n"
        "## References\n\n- [1] A paper\n- [docs](https://example.org) the docs\n",
    )
    tasks = plan("status", "--json").json()["tasks"]
    assert [t["description"] for t in tasks] == ["one"]


def test_a_gate_whose_threshold_is_not_checked_says_so_in_journal_and_terminal(
    repo: Path,
) -> None:
    write_text_plan(
        repo,
        "# Thr\n\n- Status: In Progress\n\n## Tasks\n\n| ID | Task | Validation | Status |\n"
        "|---|---|---|---|\n| T1 | x | `true` | |\n\n## Quality Gates\n\n"
        "| Gate | Command | Threshold / Expectation |\n|---|---|---|\n"
        "| G1 | `echo 'tests: 1,000 skipped, 10 run'` | >= 500 tests run |\n"
        "| G5 | `echo 'TOTAL 120 48 60%'` | >= 90% |\n"
        "| G6 | `echo 'coverage: 95%'` | coverage >= 90% |\n\n## Progress Per Session\n",
    )
    res = plan("gates")
    # The fourteenth stop: a bound the runner cannot read (`>= 500 tests run`, `>= 90%` with
    # no label) fails its gate, naming the cell, in the journal and on the terminal; it no
    # longer passes on the exit code with "not checked" beside it.
    assert res.code == 1, res.out + res.err
    text = (repo / PLAN).read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if "gates:" in x)
    assert "G1 failed" in line, line
    assert "'>= 500 tests run'" in line, line
    assert "G5 failed" in line, line
    assert "'>= 90%'" in line, line
    assert "G6 passed in" in line or "G6 passed," in line
    shown = res.out + res.err
    for name in ("G1", "G5"):
        said = [x for x in shown.splitlines() if f"gate {name} failed" in x]
        assert said, shown
        assert all("every threshold of the cell checked" in x for x in said), shown
