"""Reading every layout docs/format.md names, and writing one cell back byte-exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from runner.errors import UnusablePlanError
from runner.plan.edits import SetGateResult, SetMeta, SetTaskStatus, apply
from runner.plan.model import Status
from runner.plan.reading import parse
from tests.conftest import FIXTURES, corpus_files, fixture_files, project_plans


def read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def changed_lines(before: str, after: str) -> list[int]:
    a, b = before.splitlines(), after.splitlines()
    assert len(a) == len(b)
    return [i + 1 for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]


@pytest.mark.parametrize(
    ("name", "ids", "statuses", "next_id"),
    [
        (
            "canonical.md",
            ["1", "2", "3", "4", "5", "6"],
            ["passed", "in_progress", "outstanding", "outstanding", "outstanding", "outstanding"],
            "2",
        ),
        (
            "words.md",
            ["T1", "T2", "T3", "T4", "T5"],
            ["passed", "outstanding", "blocked", "skipped", "in_progress"],
            "T5",
        ),
        (
            "emoji.md",
            ["1", "2", "3", "4"],
            ["passed", "in_progress", "outstanding", "blocked"],
            "2",
        ),
        ("progress_table.md", ["1", "2", "3"], ["passed", "outstanding", "in_progress"], "3"),
        (
            "phases.md",
            ["1", "2", "3", "4"],
            ["passed", "passed", "in_progress", "outstanding"],
            "3",
        ),
        ("marker.md", ["a", "b"], ["outstanding", "outstanding"], "a"),
        (
            "cookbook.md",
            ["1", "2", "3", "4"],
            ["passed", "outstanding", "outstanding", "passed"],
            "2",
        ),
        ("frontmatter.md", ["1", "2"], ["passed", "outstanding"], "2"),
        ("validation.md", ["P1.T1", "P1.T2", "P1.T3", "1.10", "1.1"], ["outstanding"] * 5, "P1.T1"),
        ("fenced.md", ["1"], ["outstanding"], "1"),
    ],
)
def test_layouts(name: str, ids: list[str], statuses: list[str], next_id: str) -> None:
    plan = parse(read(name))
    assert [t.id for t in plan.tasks] == ids
    assert [t.status.value if t.status else None for t in plan.tasks] == statuses
    nxt = plan.next_task()
    assert nxt is not None
    assert nxt.id == next_id


def test_canonical_details() -> None:
    plan = parse(read("canonical.md"))
    assert plan.status == "Proposed"
    assert plan.tracker is not None
    assert plan.tracker.heading == "Detailed Phase Task Steps"
    t1, t2, t3, t4, t5, t6 = plan.tasks
    # An Action row's `git init`, read from its description, acts: never run (issue 19).
    assert t1.commands == ()
    assert [a.command for a in t1.acting] == ["git init"]
    assert t2.commands == ("test -f README.md",)
    assert t3.commands == ()
    assert t3.files == ("docs/guide.md:4",)
    assert t4.commands == ("python -c \"print('a|b')\"",)
    assert t4.phase == "2 - Gates"
    assert t5.malformed
    assert (t5.type, t5.phase) == ("Human", "2")
    assert t6.runs_gates
    assert [g.name for g in plan.gates] == ["Lint", "Tests", "Stub"]
    assert plan.gates[2].commands == ()
    codes = sorted((p.line, p.code) for p in plan.problems)
    assert codes == [(27, "P101"), (32, "P102")]


def test_validation_columns() -> None:
    plan = parse(read("validation.md"))
    t1 = plan.task("P1.T1")
    assert t1 is not None
    assert t1.commands == ("printf 'a|b' | grep -q a",)
    assert not t1.inferred
    assert t1.timeout == 90
    t3 = plan.task("P1.T3")
    assert t3 is not None
    assert t3.depends == ("P1.T1", "P1.T2")
    assert plan.task("1.1") is not plan.task("1.10")
    assert plan.dialect[Status.FAILED] == "!"


def test_marker_wins_and_fences_do_not_count() -> None:
    marker = parse(read("marker.md"))
    assert marker.tracker is not None
    assert "marker" in marker.tracker.reason
    fenced = parse(read("fenced.md"))
    assert [t.description for t in fenced.tasks] == ["real"]
    assert fenced.gates == ()


def test_metadata_bold_and_front_matter() -> None:
    words = parse(read("words.md"))
    assert words.status == "In Progress"
    assert words.metadata["lastupdated"].value == "2026-02-01T09:00Z"
    fm = parse(read("frontmatter.md"))
    assert fm.title == "Front matter plan"
    assert fm.status == "proposed"


def test_no_task_table_is_a_problem() -> None:
    plan = parse("# Nothing\n\nJust prose.\n")
    assert plan.tracker is None
    assert [p.code for p in plan.problems] == ["P002"]


def test_duplicate_ids() -> None:
    plan = parse("# P\n\n## Tasks\n\n| ID | Task | Status |\n|-|-|-|\n| a | x | |\n| a | y | |\n")
    assert [(p.line, p.code) for p in plan.problems] == [(8, "P103")]


def round_trip_files() -> list[Path]:
    return fixture_files() + corpus_files() + project_plans()


@pytest.mark.parametrize("path", round_trip_files(), ids=lambda p: p.name)
def test_round_trip_is_byte_identical(path: Path) -> None:
    text = path.read_bytes().decode("utf-8")
    assert apply(text, []) == text
    variants = [text.replace("\n", "\r\n"), "\ufeff" + text, text.rstrip("\n")]
    for variant in variants:
        assert apply(variant, []) == variant


@pytest.mark.parametrize("path", round_trip_files(), ids=lambda p: p.name)
def test_setting_each_status_touches_one_line(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    plan = parse(text)
    for task in plan.tasks:
        if task.malformed:
            continue
        for status in (Status.PASSED, Status.FAILED):
            after = apply(text, [SetTaskStatus(task.id, status, "2026-11-25T12:00Z")])
            lines = changed_lines(text, after)
            assert lines in ([task.line], []), (task.id, status)
            again = parse(after).task(task.id)
            assert again is not None
            if lines and task.anchor.column is not None:
                assert again.status is status


def test_crlf_edit_keeps_crlf_and_bom() -> None:
    text = "\ufeff" + read("canonical.md").replace("\n", "\r\n")
    after = apply(text, [SetTaskStatus("3", Status.FAILED)])
    assert after.startswith("\ufeff")
    assert after.count("\r\n") == text.count("\r\n")
    assert "\n" not in after.replace("\r\n", "")


def test_status_cell_keeps_width() -> None:
    text = read("canonical.md")
    after = apply(text, [SetTaskStatus("3", Status.PASSED)])
    (line,) = changed_lines(text, after)
    assert after.splitlines()[line - 1].startswith("| X      | 1         | 3      | Read ")
    assert len(after.splitlines()[line - 1]) == len(text.splitlines()[line - 1])


def test_words_dialect_is_written() -> None:
    text = read("words.md")
    after = apply(text, [SetTaskStatus("T2", Status.PASSED)])
    assert "| T2 | Write the loader; validate with `false` | DONE |" in after
    after = apply(text, [SetTaskStatus("T2", Status.FAILED)])
    assert "| failed |" in after


def test_malformed_row_is_never_rewritten() -> None:
    text = read("canonical.md")
    with pytest.raises(UnusablePlanError) as info:
        apply(text, [SetTaskStatus("5", Status.PASSED)])
    assert info.value.line == 32


def test_checklist_box_and_timestamp() -> None:
    text = read("cookbook.md")
    after = apply(text, [SetTaskStatus("3", Status.PASSED, "2026-11-25T12:00Z")])
    # The author's own stamp is kept (issue 10: it was replaced by the time of the run).
    assert "1. [x] (2026-03-01 10:00Z) Write the feature and run `false`." in after
    after = apply(text, [SetTaskStatus("2", Status.PASSED, "2026-11-25T12:00Z")])
    assert "* [x] (2026-11-25 12:00Z) Run `true` to check the setup." in after
    assert apply(text, [SetTaskStatus("1", Status.OUTSTANDING)]).count("- [ ] (2026-03-01") == 1


def test_gate_columns_are_appended_once() -> None:
    text = read("canonical.md")
    after = apply(text, [SetGateResult("Tests", Status.PASSED, "2026-11-25T12:00Z")])
    lines = after.splitlines()
    header = next(line for line in lines if line.startswith("| Gate"))
    assert header.endswith("| Status | Last Run |")
    tests_row = next(line for line in lines if line.startswith("| Tests"))
    assert "| X " in tests_row
    assert "2026-11-25T12:00Z" in tests_row
    plan = parse(after)
    assert [g.status for g in plan.gates] == [Status.OUTSTANDING, Status.PASSED, Status.OUTSTANDING]
    again = apply(after, [SetGateResult("Lint", Status.FAILED, "2026-11-25T12:01Z")])
    assert changed_lines(after, again) == [plan.gates[0].line]


def test_metadata_written_in_place() -> None:
    text = read("canonical.md")
    after = apply(
        text, [SetMeta("Status", "In Progress"), SetMeta("Last Updated", "2026-11-25T12:00Z")]
    )
    assert "- Status: In Progress\n" in after
    assert "- Start: 2026-01-05 • Last Updated: 2026-11-25T12:00Z\n" in after
    assert changed_lines(text, after) == [3, 6]
    assert apply(text, [SetMeta("Owner", "x")]) == text


def test_task_lookup_by_index_finds_the_first_of_a_repeated_id() -> None:
    text = (
        "# P\n\n## Tasks\n\n| Status | ID | Description |\n|---|---|---|\n"
        "| | a | first |\n| | b | second |\n| | a | again |\n"
    )
    plan = parse(text)
    first = plan.task("a")
    assert first is not None
    assert first.description == "first"
    assert plan.task("c") is None
    assert [p.code for p in plan.problems] == ["P103"]


# Issue 10: commands wherever people write them, checklists over sections, IDs they give.


def test_headings_are_matched_as_whole_words() -> None:
    text = "# P\n\n## Workflow notes\n\n- [ ] tidy the workflow\n\n## Work\n\n- [ ] the real work\n"
    p = parse(text)
    assert p.tracker is not None
    assert p.tracker.heading == "Work"
    assert [t.description for t in p.tasks] == ["the real work"]
    assert [(x.line, x.code) for x in p.problems] == [(5, "P110")]


def test_subsections_under_the_preferred_heading_are_one_tracker() -> None:
    text = "# P\n\n## Work plan\n\n### Phase 1\n\n- [x] a\n\n### Phase 2\n\n- [ ] b\n- [ ] c\n"
    p = parse(text)
    assert [(t.id, t.description, t.status) for t in p.tasks] == [
        ("1", "a", Status.PASSED),
        ("2", "b", Status.OUTSTANDING),
        ("3", "c", Status.OUTSTANDING),
    ]
    assert p.next_task() is not None
    assert p.next_task().id == "2"  # type: ignore[union-attr]


def test_nested_checkboxes_are_steps_of_their_task() -> None:
    text = "# P\n\n## Steps\n\n- [ ] parent\n  - [x] one\n  - [ ] two\n- [x] next\n"
    p = parse(text)
    assert [t.description for t in p.tasks] == ["parent", "next"]
    assert p.tasks[0].body == ("  - [x] one", "  - [ ] two")
    assert p.tasks[0].status is Status.OUTSTANDING  # the parent's own box
    assert not p.problems


@pytest.mark.parametrize(
    ("items", "ids"),
    [
        (["Task 0: a", "Task 1: b", "Task 2: c"], ["0", "1", "2"]),
        (["1.1 a", "1.2 b", "2.1 c"], ["1.1", "1.2", "2.1"]),
        (["Task 0: a", "b", "Task 5: c"], ["0", "2", "5"]),
        (["Task 1: a", "Task 1: b"], ["1", "2"]),  # not unique: positions
        (["Task 2: a", "b"], ["1", "2"]),  # item b's position would take 2
    ],
)
def test_items_keep_the_numbers_they_give_themselves(items: list[str], ids: list[str]) -> None:
    text = "# P\n\n## Steps\n\n" + "".join(f"- [ ] {i}\n" for i in items)
    assert [t.id for t in parse(text).tasks] == ids


def test_labelled_lines_declare_commands_with_sources() -> None:
    text = (
        "# P\n\n## Steps\n\n"
        "- [ ] Build it. Run `make all` first.\n"
        "  **Tests:** `pytest -q` → `3 passed`; `ruff check .`\n"
        "  - command: `echo <placeholder>` and `src/a.py`\n"
        "  - Test: `test_parser_reads_dates` covers it\n"
    )
    (t,) = parse(text).tasks
    assert t.commands == ("pytest -q", "ruff check .")  # labelled lines win over inference
    assert t.sources == ("Tests line, line 6", "Tests line, line 6")
    assert t.expects[0] is not None
    assert t.expects[0].lines == ("3 passed",)
    assert t.expects[1] is None
    assert not t.inferred


def test_expected_under_a_bare_label_is_a_transcript_and_fail_is_a_red_step() -> None:
    text = (
        "# P\n\n## Steps\n\n"
        "- [ ] Greet\n"
        "  - Run: `sh t.sh`\n"
        "  - Expected: FAIL\n"
        "  - Run:\n"
        "    ```\n"
        "    sh greet.sh\n"
        "    ```\n"
        "  - Expected:\n"
        "    ```\n"
        "    Hello\n"
        "    ...\n"
        "    ```\n"
    )
    (t,) = parse(text).tasks
    assert t.commands == ("sh greet.sh",)
    assert t.sources == ("Run block under line 8",)
    assert t.expects[0] is not None
    assert t.expects[0].transcript
    assert t.expects[0].lines == ("Hello", "...")


def test_table_rows_say_where_their_commands_came_from() -> None:
    row = "| | 1 | 1 | Code | {desc} | {val} |\n"
    text = (
        "# P\n\n## Tasks\n\n| Status | Phase | Task # | Type | Description | Validation |\n"
        "|---|---|---|---|---|---|\n"
        + row.format(desc="Run `make`.", val="`make check`")
        + row.format(desc="Run `make`.", val="")
    )
    a, b = parse(text).tasks
    assert (a.commands, a.sources) == (("make check",), ("Validation column",))
    assert (b.commands, b.sources) == ((), ())
    no_column = "# P\n\n## Tasks\n\n| Status | Task # | Description |\n|---|---|---|\n"
    c, d = parse(
        no_column + "| | 1 | Run `make` and expect `ok`. |\n| | 2 | Verify: `ls` |\n"
    ).tasks
    assert (c.commands, c.sources, c.inferred) == (
        ("make",),
        ("inferred from the description",),
        True,
    )
    assert c.expects[0] is not None
    assert c.expects[0].lines == ("ok",)
    assert (d.commands, d.sources) == (("ls",), ("Description cell",))


def test_bold_key_lines_under_the_title_are_metadata() -> None:
    p = parse("# P\n\n**Status:** PARKED (2026-03-09) — on hold\n**Owner**: me\n\n## A\n")
    assert p.status == "PARKED (2026-03-09) — on hold"
    assert p.metadata["owner"].value == "me"
    assert "goal" not in parse("# P\n\n**Goal** ship it\n").metadata


def test_author_stamps_are_not_part_of_an_items_text() -> None:
    items = ["(2026-01-11) a", "(2026-01-27 11:47-08:00) b", "(YYYY-MM-DD HH:MMZ) c", "d"]
    text = "# P\n\n## Steps\n\n" + "".join(f"- [ ] {i}\n" for i in items)
    assert [t.description for t in parse(text).tasks] == ["a", "b", "c", "d"]


def test_phase_sections_with_test_lines_are_tasks_when_nothing_else_tracks() -> None:
    text = (
        "# Port\n\n## Phase 1: Parser\n\nPort it.\n\n**Test:** `cargo test -p parser`\n\n"
        "## Phase 2: CLI\n\n**Test:** `cargo run -- --help` → `Usage`\n"
    )
    p = parse(text)
    assert p.tracker is not None
    assert p.tracker.reason.startswith("`Phase N:` sections")
    assert [(t.id, t.description, t.commands) for t in p.tasks] == [
        ("1", "Parser", ("cargo test -p parser",)),
        ("2", "CLI", ("cargo run -- --help",)),
    ]
    assert p.tasks[1].sources == ("Test line, line 11",)
    assert not p.tasks[0].status_holder


def test_stages_with_phases_and_approach_subsections_read_every_item() -> None:
    stages = (
        "# P\n\n## Overview\n\nWhy.\n\n## Stage 2 (Completed)\n\n- [x] a\n- [x] b\n\n"
        "## Stage 3 - Wiring\n\n- [x] c\n\n## Stage 6 - Polish\n\n### Phase 1\n\n- [x] d\n\n"
        "### Phase 2 (In Progress)\n\n- [x] e\n- [ ] f\n\n## Notes\n\nNone.\n"
    )
    p = parse(stages)
    assert [t.description for t in p.tasks] == ["a", "b", "c", "d", "e", "f"]
    assert p.next_task() is not None
    assert p.next_task().description == "f"  # type: ignore[union-attr]
    approach = "# P\n\n## Approach\n\n" + "".join(
        f"### Part {n}\n\n- [x] item {n}\n\n" for n in range(1, 10)
    )
    assert len(parse(approach).tasks) == 9
