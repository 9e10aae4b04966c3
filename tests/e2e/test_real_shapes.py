"""Plans in the shapes people write them (issue 10's trial on real public plans), end to end.

Each fixture is written for these tests in the shape of a real plan (never a copy of one):
commands in nested Evidence/Validation bullets with `->` expectations, checklists spread over
sibling sections, `Run:` with an indented block and `Expected:`, `### Task N:` sections,
`Command:` lines in Concrete Steps, `Task 0:` IDs, dated items, and prose that must never be
run. Every test runs the CLI in a real git repository and checks the plan byte for byte.

How a ticked checkbox is written (its stamp) is the writer's business: the expected text
takes the ticked line from `plandoc.apply`, and everything else is compared as written here.
"""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from runner.plan.edits import SetTaskStatus, apply
from runner.plan.model import Status
from runner.plan.reading import parse
from tests.conftest import FIXTURES, git
from tests.helpers import plan

STAMP = "2026-02-03T04:05:00Z"


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    from runner.run import workflow

    monkeypatch.setattr(workflow, "utc_now", lambda: datetime(2026, 2, 3, 4, 5, tzinfo=UTC))


def _setup(repo: Path, fixture: str, files: dict[str, str]) -> Path:
    (repo / "plans").mkdir()
    path = repo / "plans" / fixture
    shutil.copy(FIXTURES / fixture, path)
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", fixture)
    return path


def _seconds(text: str) -> str:
    """Durations vary from run to run; everything else is compared byte for byte."""
    return re.sub(r"\b\d+\.\ds\b", "N.Ns", text)


def _journal(*entries: str) -> str:
    lines = [f"- ({STAMP}) plan session on `main`\n"]
    return "".join(lines + [f"  - ({STAMP}) {e}\n" for e in entries])


def _bare(line: str) -> str:
    """A list item's line without its top-level bullet."""
    return line[2:] if line.startswith(("- ", "* ")) else line


def _ticked(text: str, task_id: str, status: Status = Status.PASSED) -> str:
    return apply(text, [SetTaskStatus(task_id, status, STAMP)])


CHECK = 'echo "checked $#"\n'
COUNT = 'echo "3 items"\n'


def test_evidence_and_validation_bullets_run_with_their_expectations(
    repo: Path, clock: None
) -> None:
    path = _setup(repo, "shape_evidence.md", {"check.sh": CHECK, "count.sh": COUNT})
    before = path.read_text(encoding="utf-8")
    r = plan("next", "--json")
    assert r.code == 0, r.out + r.err
    (result,) = r.json()["results"]
    assert result["id"] == "1"  # `Task 1:` keeps its number; Task 0 is done
    # The wrapped code span is one command; `-> `checked 3`` is output, never run.
    assert [c["command"] for c in result["commands"]] == ["sh check.sh one two three"]
    expected = _ticked(before, "1") + _journal("task 1 passed in N.Ns")
    assert _seconds(path.read_text(encoding="utf-8")) == expected


def test_an_expectation_missed_fails_the_task_and_the_box_stays(repo: Path, clock: None) -> None:
    path = _setup(
        repo, "shape_evidence.md", {"check.sh": 'echo "checked none"\n', "count.sh": COUNT}
    )
    before = path.read_text(encoding="utf-8")
    r = plan("run", "1")
    assert r.code == 1, r.out + r.err
    after = _seconds(path.read_text(encoding="utf-8"))
    entry = "task 1 failed in N.Ns: expected 'checked 3', got 'checked none' (line 1)"
    assert after == before + _journal(entry)
    assert "failed" in plan("show", "1").out.splitlines()[1]


def test_show_prints_every_line_of_the_task_and_where_each_command_came_from(
    repo: Path,
) -> None:
    _setup(repo, "shape_evidence.md", {"check.sh": CHECK, "count.sh": COUNT})
    out = plan("show", "2").out
    assert "  - **Verify:** `sh check.sh a` → `checked 1`; then `sh count.sh`." in out
    assert out.count("from: Verify bullet, line 18") == 2
    assert "sh check.sh a  (checks: output contains 'checked 1')" in out
    shown = plan("show", "1", "--json").json()
    assert shown["task"]["sources"] == ["Validation bullet, line 14"]
    assert shown["task"]["body"][-1] == "  - Notes: the switch is read from `switch.txt`."


def test_a_checklist_over_sibling_sections_is_one_tracker(repo: Path, clock: None) -> None:
    ci = 'case "$1" in lint) echo lint ok;; docs) echo docs ok;; *) echo all ok;; esac\n'
    path = _setup(repo, "shape_threads.md", {"ci.sh": ci})
    status = plan("status", "--json").json()
    ids = [(t["id"], t["line"], t["status"]) for t in status["tasks"]]
    assert ids == [
        ("1", 5, "passed"),
        ("2", 6, "passed"),
        ("3", 10, "outstanding"),
        ("4", 13, "outstanding"),
        ("5", 20, "outstanding"),
        ("6", 24, "passed"),
    ]
    # The nested sub-steps belong to task 3; the parent's own box is its status.
    assert status["tasks"][2]["body"] == ["  - [x] Find the old job", "  - [ ] Swap the image"]
    # Its sub-step "Swap the image" is open: a parent passes when its parts are done, so
    # its run waits for a person and nothing is ticked (the thirteenth stop; before, the
    # run ticked it over the open part, which the plan's own reading then refused, P106).
    r = plan("next")
    assert r.code == 4, r.out + r.err
    assert "- [ ] Point the workflow at the runner." in path.read_text(encoding="utf-8")
    assert "its sub-item on line 12 is open" in r.out
    after = path.read_text(encoding="utf-8")
    assert plan("done", "3").code == 3
    assert path.read_text(encoding="utf-8") == after
    lint = plan("lint", "plans/shape_threads.md").out
    assert (
        "plans/shape_threads.md:28: P110 checklist item under 'Open Questions' is not read as a"
        " task or an acceptance criterion"
    ) in lint
    assert ":32: P110" not in lint  # the acceptance criterion is acceptance's


def test_workflow_is_not_work_in_a_heading() -> None:
    text = (FIXTURES / "shape_threads.md").read_text(encoding="utf-8")
    p = parse(text)
    assert p.tracker is not None
    assert p.tracker.heading == "Thread 1: Setup"


def test_run_label_with_an_indented_block_and_expected(repo: Path, clock: None) -> None:
    seva = "import os\ndef start():\n    handler = 1\n"
    path = _setup(repo, "shape_run_block.md", {"seva.txt": seva})
    before = path.read_text(encoding="utf-8")
    r = plan("run", "1", "2", "--json")
    assert r.code == 0, r.out + r.err
    results = r.json()["results"]
    assert [c["command"] for c in results[0]["commands"]] == ['grep -n "start" seva.txt']
    assert [c["command"] for c in results[1]["commands"]] == ["grep -c handler seva.txt"]
    after = _ticked(_ticked(before, "1"), "2")
    # Task 2's `- Expected:` in words cannot be read: said "not checked", never dropped
    # silently (issue 19, eleventh pass).
    unread = "task 2 passed in N.Ns (not checked: 'matches identifying the handler.')"
    expected = after + _journal("task 1 passed in N.Ns", unread)
    assert _seconds(path.read_text(encoding="utf-8")) == expected
    show = plan("show", "1").out
    assert "from: Run block under line 10" in show
    assert "(checks: output contains '2:def start():')" in show


def test_task_sections_run_their_run_lines_and_keep_results_in_the_state(
    repo: Path, clock: None
) -> None:
    path = _setup(repo, "shape_task_sections.md", {"greet.sh": 'echo "Hello, $1!"\n'})
    before = path.read_text(encoding="utf-8")
    status = plan("status", "--json").json()
    assert [(t["id"], t["description"], t["status"]) for t in status["tasks"]] == [
        ("1", "Greeting script", "outstanding"),
        ("2", "Usage notes", "outstanding"),
    ]
    # The red step (`Expected: FAIL`) is not run; the green one is, with its output checked.
    assert status["tasks"][0]["commands"] == ["sh greet.sh World"]
    r = plan("next")
    assert r.code == 0, r.out + r.err
    held = " (no status box in the plan: kept in the state folder)"
    expected = before + _journal("task 1 passed in N.Ns" + held)
    assert _seconds(path.read_text(encoding="utf-8")) == expected  # only the journal
    again = plan("status", "--json").json()
    assert [t["status"] for t in again["tasks"]] == ["passed", "outstanding"]
    assert again["next"] == "2"


def test_task_sections_fail_when_the_output_differs(repo: Path, clock: None) -> None:
    path = _setup(repo, "shape_task_sections.md", {"greet.sh": 'echo "Hi, $1"\n'})
    before = path.read_text(encoding="utf-8")
    assert plan("next").code == 1
    held = " (no status box in the plan: kept in the state folder)"
    entry = "task 1 failed in N.Ns: expected 'Hello, World!', got 'Hi, World' (line 1)" + held
    assert _seconds(path.read_text(encoding="utf-8")) == before + _journal(entry)
    assert plan("status", "--json").json()["tasks"][0]["status"] == "failed"


def test_prose_that_names_things_is_never_run(repo: Path, clock: None) -> None:
    path = _setup(
        repo,
        "shape_inference_negatives.md",
        {"check.sh": CHECK, "tools/enaible/check.sh": 'echo "in $(basename "$PWD")"\n'},
    )
    before = path.read_text(encoding="utf-8")
    tasks = plan("status", "--json").json()["tasks"]
    assert [t["commands"] for t in tasks] == [[]] * 7 + [
        ["sh check.sh"],
        ["cd tools/enaible && sh check.sh"],
    ]
    r = plan("run", "9", "--json")
    assert r.code == 0, r.out + r.err
    expected = _ticked(before, "9") + _journal("task 9 passed in N.Ns")
    assert _seconds(path.read_text(encoding="utf-8")) == expected
    assert "cd tools/enaible && sh check.sh" in plan("show", "9").out


def test_concrete_steps_commands_dated_items_and_bold_status(repo: Path, clock: None) -> None:
    path = _setup(repo, "shape_concrete_steps.md", {"validate.sh": "echo valid\n"})
    before = path.read_text(encoding="utf-8")
    status = plan("status", "--json").json()
    assert status["status"] == "PARKED (2026-03-09) — waiting on the schema owners"
    # Date-only and offset stamps are the author's, not part of the task's text.
    assert [t["description"] for t in status["tasks"]] == [
        "Draft the validator.",
        "Update tests and run focused validation.",
        "Write the release note.",
    ]
    r = plan("accept")
    assert r.code == 0, r.out + r.err
    assert "sh validate.sh samples" in plan("lint", "plans/shape_concrete_steps.md").out
    lint = plan("lint", "plans/shape_concrete_steps.md").out
    assert "P601" not in lint  # `**Status:**` without a bullet is the plan's Status
    assert "P401" not in lint  # `shared/prompts/*.md:1` is a glob, not a file
    # Only the journal's lines were added (where the journal goes is the writer's choice).
    # Its bullet (`-` or `*`) and the blank line around it are the writer's too.
    after = _seconds(path.read_text(encoding="utf-8")).splitlines(keepends=True)
    added = {_bare(x) for x in _journal("acceptance: 1 passed in N.Ns").splitlines(True)}
    assert added <= {_bare(line) for line in after}
    kept = "".join(line for line in after if _bare(line) not in added)
    assert kept.replace("\n\n\n", "\n\n") == before


def test_task_zero_keeps_its_number(repo: Path, clock: None) -> None:
    path = _setup(repo, "shape_evidence.md", {"check.sh": CHECK, "count.sh": COUNT})
    before = path.read_text(encoding="utf-8")
    r = plan("done", "2")
    assert r.code == 0, r.out + r.err
    expected = _ticked(before, "2") + _journal("task 2 marked done by hand")
    assert path.read_text(encoding="utf-8") == expected
    line = expected.splitlines()[16]
    assert line.startswith("- [x]")
    assert line.endswith("Task 2: Wire the switch in")


def test_a_plan_with_nothing_to_track_says_p002_once(repo: Path) -> None:
    (repo / "plans").mkdir()
    (repo / "plans" / "prose.md").write_text("# Prose\n\n**Status:** Active\n", encoding="utf-8")
    r = plan("status", "plans/prose.md")
    assert r.code == 3
    assert r.err.count("P002") == 1


# Found by trying plan on public plans a second time (closing note of issue 10).


def test_a_subsection_of_prose_between_checklists_does_not_end_the_tracker() -> None:
    text = "# P\n\n## Approach\n\n### A\n\n- [x] a\n\n### Routing\n\nprose\n\n### Auth\n\n- [ ] c\n"
    p = parse(text)
    assert [(t.id, t.description) for t in p.tasks] == [("1", "a"), ("2", "c")]
    nxt = p.next_task()
    assert nxt is not None
    assert nxt.id == "2"


def test_a_title_naming_validation_does_not_make_the_plan_acceptance(repo: Path) -> None:
    (repo / "plans").mkdir()
    (repo / "plans" / "q.md").write_text(
        "# Widget Validation Plan\n\n## Progress\n\n- [ ] Do it\n\n## Notes\n\n"
        "1. `rm -rf build` was how we cleaned up last time.\n",
        encoding="utf-8",
    )
    r = plan("accept", "plans/q.md", "--dry-run")
    assert r.code == 0, r.err
    assert "rm -rf" not in r.out + r.err
    assert "no acceptance checks" in r.err


def test_evidence_bullets_of_prose_and_output_run_nothing(repo: Path) -> None:
    (repo / "plans").mkdir()
    (repo / "plans" / "e.md").write_text(
        "# Roadmap\n\n## Steps\n\n- [x] Update README section\n"
        "  - Evidence: `README.md` includes `Some Heading Text`\n"
        "- [x] Seed data\n  - Evidence: `Execution Log` shows `6 passed` and `None`\n",
        encoding="utf-8",
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "plan")
    r = plan("verify", "-p", "plans/e.md", "--dry-run")
    assert r.code == 0, r.err
    assert "would run" not in r.out
    status = plan("status", "plans/e.md", "--json").json()
    assert [t["commands"] for t in status["tasks"]] == [[], []]
