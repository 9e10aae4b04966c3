"""Each bad input is a `path:line: CODE message`."""

from __future__ import annotations

from pathlib import Path

import pytest

from runner.markdown.doc import Document
from runner.plan.lint import lint
from runner.plan.model import Status
from runner.plan.reading import Parsed, parse_document
from runner.workspace.bounded import file_line_counter
from runner.workspace.template import render
from tests.conftest import FIXTURES

SECTIONS = """
## Purpose / Big Picture

x

## Progress Per Session

## Surprises & Discoveries

## Decision Log

## Outcomes & Retrospective
"""


def parsed(text: str) -> Parsed:
    return parse_document(Document.from_text(text))


def problems(text: str, root: Path | None = None) -> list[tuple[int, str]]:
    counter = file_line_counter(root) if root else None
    return [(p.line, p.code) for p in lint(parsed(text), counter) if p.severity == "error"]


def table(*rows: str, header: str = "| ID | Task | Status | Depends |") -> str:
    return "\n".join(
        [
            "# P",
            "",
            "- Status: Proposed",
            "",
            "## Tasks",
            "",
            header,
            "|---|---|---|---|",
            *rows,
            SECTIONS,
        ]
    )


def test_clean_plan_has_no_errors() -> None:
    assert problems(table("| a | x | | |", "| b | y | | a |")) == []


def test_unknown_depends() -> None:
    assert problems(table("| a | x | | zz |")) == [(9, "P104")]


def test_dependency_cycle() -> None:
    assert problems(table("| a | x | | b |", "| b | y | | a |")) == [(9, "P105")]


def test_unknown_status_key() -> None:
    assert problems(table("| a | x | maybe | |")) == [(9, "P106")]


def test_wrong_cell_count() -> None:
    assert problems(table("| a | x | | |  |")) == [(9, "P102")]
    assert problems(table("| a | x |")) == [(9, "P102")]


def test_duplicate_ids() -> None:
    assert problems(table("| a | x | | |", "| a | y | | |")) == [(10, "P103")]


def test_missing_living_sections() -> None:
    text = "# P\n\n## Tasks\n\n| Task | Status |\n|---|---|\n| x | |\n"
    found = problems(text)
    assert [c for _, c in found] == ["P201"] * 5


def test_missing_task_table() -> None:
    assert (1, "P002") in problems("# P\n" + SECTIONS)


def test_path_line_references(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.py").write_text("1\n2\n3\n", encoding="utf-8")
    text = table("| a | Edit `src/a.py:3`, `src/a.py:9` and src/b.py:1 | | |")
    assert problems(text, tmp_path) == [(9, "P401"), (9, "P402")]


def test_gate_placeholders() -> None:
    text = (FIXTURES / "canonical.md").read_text(encoding="utf-8")
    found = problems(text)
    assert (55, "P302") in found


def test_inferred_commands_are_listed() -> None:
    text = (FIXTURES / "canonical.md").read_text(encoding="utf-8")
    infos = [(p.line, p.code) for p in lint(parsed(text)) if p.severity == "info"]
    assert (31, "P501") in infos  # task 4's `python -c ...`
    # Task 1's `git init`, read from an Action row, is an action, not an inferred check.
    assert (28, "P120") in [(p.line, p.code) for p in lint(parsed(text))]


@pytest.mark.parametrize("name", ["cookbook.md"])
def test_cookbook_progress_stands_for_the_journal(name: str) -> None:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    assert problems(text) == []


def test_template_lints_clean(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    text = render("A title", now=datetime(2026, 1, 1, tzinfo=UTC), branch="main")
    assert [
        p for p in lint(parsed(text), file_line_counter(tmp_path)) if p.severity != "info"
    ] == []


def test_duplicate_gate_names() -> None:
    text = table("| a | x | | |") + (
        "\n### Quality Gates\n\n| Gate | Command |\n|---|---|\n| Lint | `true` |\n"
        "| lint | `false` |\n"
    )
    assert [c for _, c in problems(text)] == ["P303"]


def test_references_in_code_and_comments_are_examples(tmp_path: Path) -> None:
    text = table("| a | x | | |") + (
        "\n<!--\nLike AGENTS.md:103\n-->\n\n```\nmissing.py:9\n```\n\nReal: gone.py:2\f\n"
        "Also: other.py:1\n"
    )
    found = problems(text, tmp_path)
    assert [c for _, c in found] == ["P401", "P401"]
    lines = text.split("\n")
    assert [lines[n - 1].split(": ")[1] for n, _ in found] == ["gone.py:2\f", "other.py:1"]


def warnings(text: str, code: str) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in lint(parsed(text)) if p.code == code]


def test_a_legend_that_flips_a_keys_meaning_is_a_warning() -> None:
    text = table("| a | x | not done | |", "| b | y | done | |").replace(
        "## Tasks\n",
        '## Tasks\n\n<!-- Status key: "not done" - complete, "done" - outstanding -->\n',
    )
    assert parsed(text).plan.tasks[0].status is Status.PASSED  # what the legend does
    found = warnings(text, "P111")
    assert [line for line, _ in found] == [7, 7]
    assert found[0][1] == (
        "the status legend maps 'not done' to passed, but 'not done' means outstanding:"
        " the table will read it as passed"
    )
    assert "'done' to outstanding, but 'done' means passed" in found[1][1]


@pytest.mark.parametrize(
    "legend",
    [
        '"done" - complete, "todo" - outstanding, "-" - outstanding',
        '`WIP` = in progress; "x" - done, "blank" = outstanding',
        "Status key: TODO, WIP, DONE, FAIL, BLOCKED, SKIP.",
    ],
)
def test_a_legend_that_agrees_with_its_keys_is_quiet(legend: str) -> None:
    text = table("| a | x | done | |").replace("## Tasks\n", f"## Tasks\n\n{legend}\n")
    assert warnings(text, "P111") == []


SCALE_HEAD = (
    "# P\n\n## Tasks\n\n| Status | ID | Type | Description | Depends |\n|---|---|---|---|---|\n"
)


def _plan(depends: dict[int, int], n: int) -> str:
    """A plan of `n` tasks, each depending on the task `depends` names."""
    rows = "".join(f"| | {i} | Code | step {i} | {depends.get(i, '')} |\n" for i in range(1, n + 1))
    return SCALE_HEAD + rows


def test_a_chain_longer_than_the_recursion_limit_is_not_a_cycle() -> None:
    n = 5000
    text = _plan({i: i + 1 for i in range(1, n)}, n)
    problems = lint(parse_document(Document.from_text(text)))
    assert not [p for p in problems if p.code == "P105"]


def test_a_cycle_at_the_end_of_a_long_chain_is_reported_once() -> None:
    n = 3000
    text = _plan({**{i: i + 1 for i in range(1, n)}, n: n - 2}, n)
    cycles = [p for p in lint(parse_document(Document.from_text(text))) if p.code == "P105"]
    assert [p.message for p in cycles] == [
        f"dependency cycle: {n - 2} -> {n - 1} -> {n} -> {n - 2}"
    ]
