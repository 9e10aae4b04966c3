"""Issue 18 (item 5) and issue 19 (item 10): every tracker block is read, criteria are not
tasks, author IDs are the IDs, and every checkbox mark means something.

Plans of our own in the shapes roadmaps, spec-kit task lists and agent trackers take, read
through the CLI in a real git repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import plan, write_text_plan

PLAN = "plans/0001-run.md"


def write(repo: Path, text: str) -> Path:
    return write_text_plan(repo, text)


def roadmap(phases: int, per_block: int) -> str:
    out = ["# Roadmap", ""]
    for p in range(1, phases + 1):
        out += [f"## Phase {p}: Part {p}", ""]
        for b in (1, 2):
            out += [f"### {p}.{b} Block", ""]
            out += [f"- [{'x' if p == 1 else ' '}] Item {p}.{b}.{k}" for k in range(per_block)]
            out.append("")
        out += [f"### Phase Gate: Phase {p} Complete When", ""]
        out += ["- [ ] Everything above is done", "- [ ] Docs updated", ""]
    return "\n".join(out)


def test_every_block_of_a_roadmap_is_read_and_gates_are_criteria(repo: Path) -> None:
    write(repo, roadmap(phases=9, per_block=3))
    doc = plan("status", "--json").json()
    assert len(doc["tasks"]) == 9 * 2 * 3
    descriptions = [t["description"] for t in doc["tasks"]]
    assert descriptions[0] == "Item 1.1.0"
    assert descriptions[-1] == "Item 9.2.2"
    assert not any("Complete When" in d or "Everything above" in d for d in descriptions)
    assert doc["tracker"]["left_out"]["items"] == 18
    assert "criteria" in doc["tracker"]["left_out"]["why"]
    out = plan("status").out
    assert "18 checklist item(s) not read as tasks" in out
    assert plan("next", "--dry-run").out.count("Item 2.1.0") >= 1


def test_skipped_marks_are_skipped_and_never_next(repo: Path) -> None:
    write(
        repo,
        "# P\n\n## Progress\n\n- [~] (SKIPPED: no longer needed) Old step\n"
        "- [x] ~~Dropped idea~~\n- [-] Cut\n- [/] Half done\n- [>] Moved on\n- [ ] Last\n",
    )
    tasks = plan("status", "--json").json()["tasks"]
    assert [t["status"] for t in tasks] == [
        "skipped",
        "skipped",
        "skipped",
        "in_progress",
        "in_progress",
        "outstanding",
    ]
    assert "Old step" not in plan("next", "--dry-run").out


def test_struck_items_are_skipped_and_tick_marks_are_done(repo: Path) -> None:
    # Second pass of issue 19: <del> and an unchecked struck item; check-mark boxes.
    write(
        repo,
        "# P\n\n## Progress\n\n- [x] <del>Old idea</del>\n- [ ] ~~Dropped step~~\n"
        "- [ ]~~Glued~~\n- [\u2713] Ticked\n- [\u2714] Heavy tick\n- [ ] Skip the cache here\n",
    )
    tasks = plan("status", "--json").json()["tasks"]
    assert [t["status"] for t in tasks] == [
        "skipped",
        "skipped",
        "skipped",
        "passed",
        "passed",
        "outstanding",  # "Skip ..." as an instruction is work to do
    ]


def test_one_tilde_strikes_too_but_a_home_path_does_not(repo: Path) -> None:
    # Third pass: `- [X] ~single tilde~` read as passed; GitHub shows it struck.
    write(
        repo,
        "# P\n\n## Progress\n\n- [X] ~Dropped idea~\n- [x] ~/.bashrc read\n- [ ] ~ 5 min\n"
        "- [x] **~~Bold strike~~**\n- [x] _~~Italic strike~~_\n",
    )
    tasks = plan("status", "--json").json()["tasks"]
    assert [t["status"] for t in tasks] == [
        "skipped",
        "passed",
        "outstanding",
        "skipped",
        "skipped",
    ]


@pytest.mark.parametrize(
    "mark", ["*", "+", "\u2717", "\u2718", "\u2612", "o", "v", "=", " x", "x ", "xx", "-x"]
)
def test_more_marks_nobody_defines_are_unknown_never_dropped(repo: Path, mark: str) -> None:
    write(repo, f"# P\n\n- Status: In Progress\n\n## Progress\n\n- [x] Done\n- [{mark}] Odd\n")
    tasks = plan("status", "--json").json()["tasks"]
    assert [t["status"] for t in tasks] == ["passed", None]
    assert "P106" in plan("lint").out


def test_an_unknown_mark_is_unknown_an_error_and_never_complete(repo: Path) -> None:
    write(repo, "# P\n\n- Status: In Progress\n\n## Progress\n\n- [x] Done\n- [?] Unsure\n")
    tasks = plan("status", "--json").json()["tasks"]
    assert [t["status"] for t in tasks] == ["passed", None]
    lint = plan("lint")
    assert lint.code == 1
    assert "P106" in lint.out
    assert "Complete" not in (repo / PLAN).read_text(encoding="utf-8")


def test_spec_kit_author_ids_are_the_ids(repo: Path) -> None:
    write(
        repo,
        "# Tasks\n\n## Phase 3.1: Setup\n\n- [x] T001 Create the layout\n- [ ] T002 [P] Add lint\n"
        "\n## Phase 3.7: Validation and Verification\n\n- [ ] **T003** Run the suite\n"
        "- [ ] T004 [P] Check the docs\n",
    )
    ids = [t["id"] for t in plan("status", "--json").json()["tasks"]]
    assert ids == ["T001", "T002", "T003", "T004"]
    shown = plan("show", "T004")
    assert shown.code == 0
    assert "Check the docs" in shown.out


def test_a_title_naming_validation_hides_nothing(repo: Path) -> None:
    write(
        repo,
        "# Rollout plan: flags, tests, and rollout validation\n\n## Workstreams & Tasks\n\n"
        "- [x] Add the flag\n- [ ] Write the tests\n",
    )
    result = plan("status", "--json")
    assert result.code == 0, result.out + result.err
    assert len(result.json()["tasks"]) == 2


def test_phases_only_in_prose_are_not_a_tracker(repo: Path) -> None:
    write(
        repo,
        "# Plan\n\nSnapshot: phases 0 and 1 landed.\n\n### Phase 0: Groundwork\n\nDone.\n\n"
        "### Phase 1: Core\n\nLanded.\n\n### Phase 2: Polish\n\nNext.\n",
    )
    result = plan("status")
    assert result.code == 3
    assert "only prose" in result.err
    assert "outstanding" not in result.out


# Issue 18 item 7: the rough edges, each through the CLI.


def test_run_all_and_verify_take_the_plans_name(repo: Path) -> None:
    write(repo, "# P\n\n## Progress\n\n- [ ] Run `true`\n- [ ] Run `false`\n")
    result = plan("run", "--all", "--keep-going", "0001")
    assert result.code == 1, result.err
    assert "task 1 passed" in result.out
    result = plan("verify", "0001")
    assert result.code == 0, result.err
    assert "still passes" in (repo / PLAN).read_text(encoding="utf-8")


def test_verify_of_a_failed_task_runs_it_again_and_says_so(repo: Path) -> None:
    path = write(repo, "# P\n\n## Progress\n\n- [ ] Run `test -f ok.txt`\n")
    assert plan("run", "1").code == 1
    (repo / "ok.txt").write_text("ok\n", encoding="utf-8")
    result = plan("verify", "1")
    assert result.code == 0
    assert "task 1 passed" in result.out
    assert "- [x] Run `test -f ok.txt`" in path.read_text(encoding="utf-8")


def test_the_journal_goes_above_a_closing_rule(repo: Path) -> None:
    path = write(repo, "# P\n\n## Progress\n\n- [ ] Run `true`\n\n---\n")
    assert plan("run", "1").code == 0
    text = path.read_text(encoding="utf-8")
    assert text.rstrip().endswith("---")
    assert text.index("plan session") < text.index("---")


def test_a_history_of_dated_headings_gets_an_entry_in_its_form(repo: Path) -> None:
    path = write(
        repo,
        "# P\n\n## Steps\n\n- [ ] Run `true`\n\n## Change History\n\n"
        "### 2026-02-19 08:47 - created\n\nFirst draft.\n",
    )
    assert plan("run", "1").code == 0
    text = path.read_text(encoding="utf-8")
    assert "Progress Per Session" not in text
    history = text.split("## Change History", 1)[1]
    assert "\n### 2026-" in history.split("First draft.", 1)[1]
    assert "- plan session on `main`" in history
    assert "task 1 passed" in history


def test_a_decorated_status_is_shown_as_text(repo: Path) -> None:
    write(repo, "# P\n\n- Status: [✅ **100% COMPLETE** (2025-10-10)]\n\n## Progress\n\n- [x] a\n")
    out = plan("status").out.splitlines()[0]
    assert "✅ 100% COMPLETE (2025-10-10)" in out
    assert "**" not in out


def test_a_complete_plan_with_a_failure_is_in_progress_again(repo: Path) -> None:
    path = write(repo, "# P\n\n**Status:** COMPLETE\n\n## Progress\n\n- [x] Run `false`\n")
    assert plan("verify", "1").code == 1
    text = path.read_text(encoding="utf-8")
    assert "COMPLETE" not in text.split("## Progress")[0]
    assert "IN PROGRESS" in text


def test_the_report_reads_a_journal_after_a_progress_checklist(repo: Path, tmp_path: Path) -> None:
    write(repo, "# P\n\n## Progress\n\n- [ ] Run `true`\n")
    assert plan("run", "1").code == 0
    page = tmp_path / "r.html"
    assert plan("report", "-o", str(page)).code == 0
    html = page.read_text(encoding="utf-8")
    assert "no sessions yet" not in html
    assert "task 1 passed" in html


def test_a_validation_step_inside_a_phase_or_achievement_holds_tasks(repo: Path) -> None:
    # Found trying public plans: a spec-kit phase's "### Image Validation" subsection and an
    # "### Achievement 1.3: Validation Script Created" were read as criteria.
    write(
        repo,
        "# Tasks\n\n## Phase 3: User Story 1\n\n### Image Building\n\n- [x] T010 Build it\n\n"
        "### Image Validation\n\n- [ ] T011 Scan it\n\n"
        "## Subplans\n\n### Achievement 1.3: Validation Script Created\n\n- [ ] The script\n\n"
        "## Acceptance Criteria\n\n- [ ] Everything works\n",
    )
    doc = plan("status", "--json").json()
    assert [t["description"] for t in doc["tasks"]] == [
        "T010 Build it",
        "T011 Scan it",
        "The script",
    ]
    assert doc["tracker"]["left_out"]["items"] == 1


def test_a_strike_after_the_item_s_own_label_is_a_strike(repo: Path) -> None:
    # Fifth pass: `F. <del>...</del>` read as passed; a word before a strike is no label.
    write(
        repo,
        "# P\n\n## Progress\n\n- [x] F. <del>Old idea</del>\n- [ ] 2.3 ~~Dropped~~\n"
        "- [x] T001: ~~Gone~~\n- [ ] Add ~~old~~ new step\n",
    )
    tasks = plan("status", "--json").json()["tasks"]
    assert [t["status"] for t in tasks] == ["skipped", "skipped", "skipped", "outstanding"]
