"""Status keys in every dialect docs/format.md lists; anything more than one key is not guessed."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from runner.plan.edits import SetTaskStatus, apply
from runner.plan.model import Status
from runner.plan.reading import parse
from runner.plan.statuses import DEFAULTS, dialect, parse_key, parse_legend
from tests.conftest import git
from tests.helpers import TABLE, plan, row, write_plan

CASES = {
    Status.OUTSTANDING: [
        "",
        "  ",
        "TODO",
        "pending",
        "Planned",
        "not started",
        "open",
        "[ ]",
        "⏳",
        "⬜",
        "🔲",
        "☐",
        "⬜ planned",
    ],
    Status.IN_PROGRESS: [
        "@",
        "WIP",
        "in progress",
        "In-Progress",
        "in_progress",
        "doing",
        "[~]",
        "🔄",
        "🚧",
        "🟨",
    ],
    Status.PASSED: [
        "X",
        "x",
        "done",
        "Complete",
        "completed",
        "pass",
        "PASSED",
        "[x]",
        "[X]",
        "✅",
        "☑",
        "✔",
        "✅ done",
        "`done`",
        "**X**",
    ],
    Status.FAILED: ["!", "fail", "Failed", "❌"],
    Status.BLOCKED: ["B", "blocked", "⏸️", "⏸", "⛔"],
    Status.SKIPPED: ["-", "skip", "skipped", "cancelled", "deferred", "n/a", "wontfix", "⏭️"],
}


@pytest.mark.parametrize(("cell", "meaning"), [(c, s) for s, cells in CASES.items() for c in cells])
def test_every_alias(cell: str, meaning: Status) -> None:
    assert parse_key(cell) is meaning


@pytest.mark.parametrize("cell", ["maybe", "???", "xyz", "bug", "50%"])
def test_unknown_keys_are_not_guessed(cell: str) -> None:
    assert parse_key(cell) is None


# Issue 11 item 1: each of these read as passed (the first known token anywhere won).
ISSUE_11 = ["not done", "NOT complete", "not yet done", "done?", "X?", "x later", "~~X~~"]


@pytest.mark.parametrize("cell", ISSUE_11)
def test_negations_questions_strikethrough_extra_words_are_unknown(cell: str) -> None:
    assert parse_key(cell) is None


@pytest.mark.parametrize(
    "cell",
    [
        # Extra words around a key: these pinned the old first-token rule.
        "Done (2026-01-01)",
        "Blocked by legal",
        "🚀 done",
        "TODO, was done",
        # Two keys of different meanings, or a symbol with another meaning's word.
        "done failed",
        "✅ ❌",
        "❌ done",
        "done ⬜",
        "✅ not done",
        "[x] todo",
        # Decorations that are not recognised.
        "~~done~~",
        "<s>done</s>",
        "done.",
        "(done)",
        "**done** later",
        "`done` ?",
        "done!",
        "x x",
    ],
)
def test_anything_more_than_one_key_is_unknown(cell: str) -> None:
    assert parse_key(cell) is None


@pytest.mark.parametrize(
    ("cell", "meaning"),
    [
        ("✅ done", Status.PASSED),
        ("done ✅", Status.PASSED),
        ("✅done", Status.PASSED),
        ("✅️ Done", Status.PASSED),  # with the emoji variation selector
        ("⬜ planned", Status.OUTSTANDING),
        ("planned ⬜", Status.OUTSTANDING),
        ("❌ failed", Status.FAILED),
        ("⏭️ skipped", Status.SKIPPED),
        ("skipped ⏭️", Status.SKIPPED),
        ("🔄 in progress", Status.IN_PROGRESS),
        ("⛔ Blocked", Status.BLOCKED),
        ("[x] done", Status.PASSED),
        ("[X]", Status.PASSED),
        ("`done`", Status.PASSED),
        ("``done``", Status.PASSED),
        ("**DONE**", Status.PASSED),
        ("__done__", Status.PASSED),
        ("*done*", Status.PASSED),
        ("**`X`**", Status.PASSED),
        ("✅ **done**", Status.PASSED),
        ("**✅ done**", Status.PASSED),
        ("  done\t", Status.PASSED),
        ("\u00a0done\u00a0", Status.PASSED),
        ("`!`", Status.FAILED),
        ("**-**", Status.SKIPPED),
    ],
)
def test_recognised_decorations(cell: str, meaning: Status) -> None:
    assert parse_key(cell) is meaning


KNOWN_KEYS = [(c, s) for s, cells in CASES.items() for c in cells if c.strip()]
WORDS = {
    Status.OUTSTANDING: "planned",
    Status.IN_PROGRESS: "in progress",
    Status.PASSED: "done",
    Status.FAILED: "failed",
    Status.BLOCKED: "blocked",
    Status.SKIPPED: "skipped",
}
SYMBOLS = {
    Status.OUTSTANDING: "⬜",
    Status.IN_PROGRESS: "🔄",
    Status.PASSED: "✅",
    Status.FAILED: "❌",
    Status.BLOCKED: "⏸️",
    Status.SKIPPED: "⏭️",
}


def _decorate(key: str, how: str) -> str:
    return {
        "plain": key,
        "backticks": f"`{key}`",
        "bold": f"**{key}**",
        "underscores": f"__{key}__",
        "spaces": f"  {key} ",
        "selector": key.replace("\ufe0f", "") + "\ufe0f" if not key.isascii() else key,
    }[how]


HOW = st.sampled_from(["plain", "backticks", "bold", "underscores", "spaces", "selector"])


@given(st.sampled_from(KNOWN_KEYS), st.lists(HOW, max_size=3), st.booleans())
def test_any_known_key_with_any_decoration_reads_as_its_meaning(
    pair: tuple[str, Status], hows: list[str], symbol_first: bool
) -> None:
    key, meaning = pair
    cell = key
    if key.isascii() and key.isalpha() and key.lower() not in ("x", "b"):
        # A word may carry the symbol of its meaning, on either side.
        symbol = SYMBOLS[meaning]
        cell = f"{symbol} {key}" if symbol_first else f"{key} {symbol}"
    for how in hows:
        cell = _decorate(cell, how)
    assert parse_key(cell) is meaning


@given(
    st.sampled_from(KNOWN_KEYS),
    st.sampled_from(["not {}", "NOT {}", "{}?", "~~{}~~", "{} later", "maybe {}", "{} (soon)"]),
    st.lists(HOW, max_size=2),
)
def test_any_key_with_an_added_word_or_mark_is_unknown(
    pair: tuple[str, Status], shape: str, hows: list[str]
) -> None:
    cell = shape.format(pair[0])
    for how in hows:
        cell = _decorate(cell, how)
    assert parse_key(cell) is None


@given(st.sampled_from(list(Status)), st.sampled_from(list(Status)))
def test_two_different_keys_are_unknown(a: Status, b: Status) -> None:
    cells = [f"{WORDS[a]} {WORDS[b]}", f"{SYMBOLS[a]} {WORDS[b]}", f"{WORDS[a]}, {WORDS[b]}"]
    for cell in cells:
        expected = a if a is b and cell.startswith(SYMBOLS[a]) else None
        assert parse_key(cell) is expected


def test_legend_in_comment_and_sentence() -> None:
    assert parse_legend('"@" - in progress\n"X" - complete\n" " - outstanding') == {
        "@": Status.IN_PROGRESS,
        "X": Status.PASSED,
        "": Status.OUTSTANDING,
    }
    sentence = "Status key: `@` = in progress, `X` = complete, blank = outstanding."
    assert parse_legend(sentence) == {
        "@": Status.IN_PROGRESS,
        "X": Status.PASSED,
        "": Status.OUTSTANDING,
    }


def test_legend_defines_new_keys() -> None:
    legend = parse_legend('"?" - blocked')
    assert parse_key("?", legend) is Status.BLOCKED
    assert dialect(legend, ["?"])[Status.BLOCKED] == "?"


def test_a_legend_key_outside_the_alias_tables_reads_as_its_meaning() -> None:
    legend = parse_legend('"🟢" - complete, "🔴" - failed')
    assert legend == {"🟢": Status.PASSED, "🔴": Status.FAILED}
    assert parse_key("🟢", legend) is Status.PASSED
    assert parse_key("🟢 done", legend) is Status.PASSED
    assert parse_key("🔴 done", legend) is None
    assert parse_key("🟢", {}) is None
    assert dialect(legend, ["🟢"])[Status.FAILED] == "🔴"


LIST_LEGEND = "Status key: TODO, WIP, DONE, FAIL, BLOCKED, SKIP."


def test_legend_as_a_bare_list_of_keys() -> None:
    assert parse_legend(LIST_LEGEND) == {
        "TODO": Status.OUTSTANDING,
        "WIP": Status.IN_PROGRESS,
        "DONE": Status.PASSED,
        "FAIL": Status.FAILED,
        "BLOCKED": Status.BLOCKED,
        "SKIP": Status.SKIPPED,
    }
    assert parse_legend("<!-- Status keys: `[ ]`, `[x]`, `[~]` -->") == {
        "[ ]": Status.OUTSTANDING,
        "[x]": Status.PASSED,
        "[~]": Status.IN_PROGRESS,
    }
    assert parse_legend("Legend: ⬜, ✅, ❌; blank") == {
        "⬜": Status.OUTSTANDING,
        "✅": Status.PASSED,
        "❌": Status.FAILED,
        "": Status.OUTSTANDING,
    }


@pytest.mark.parametrize(
    "text",
    [
        "Key: see the table below.",
        "Status key: TODO, DONE, and whatever else.",
        "API keys: open the vault first",
        "Monkeys: done",
    ],
)
def test_prose_is_not_a_key_list(text: str) -> None:
    assert parse_legend(text) == {}


def test_the_legend_decides_what_is_written() -> None:
    legend = parse_legend(LIST_LEGEND)
    d = dialect(legend, ["DONE", "TODO", "FAILED"])
    assert d[Status.FAILED] == "FAIL"  # issue 11: was FAILED, the rows' most common spelling
    assert d[Status.IN_PROGRESS] == "WIP"
    assert d[Status.SKIPPED] == "SKIP"
    # A meaning the legend leaves out is written in the legend's style and case.
    partial = parse_legend("Status key: TODO, DONE")
    assert dialect(partial, ["DONE"])[Status.FAILED] == "FAILED"
    assert dialect(partial, [])[Status.BLOCKED] == "BLOCKED"


PLAN = """# A plan

## Progress

{legend}

| ID | Task | Status |
|----|------|--------|
| T1 | Greet in French; run `true` | {first} |
| T2 | Greet in Spanish; run `true` | DONE |
"""


def test_plan_with_a_list_legend_writes_fail() -> None:
    text = PLAN.format(legend=LIST_LEGEND, first="TODO")
    after = apply(text, [SetTaskStatus("T1", Status.FAILED)])
    assert "| T1 | Greet in French; run `true` | FAIL |" in after.splitlines()
    assert parse(after).tasks[0].status is Status.FAILED


@pytest.mark.parametrize("cell", ISSUE_11)
def test_plan_with_a_negated_cell_is_not_complete_and_lint_names_the_line(cell: str) -> None:
    plan = parse(PLAN.format(legend="", first=cell))
    assert plan.tasks[0].status is None
    assert plan.tasks[0].status_raw == cell
    assert not plan.complete()
    p106 = [p for p in plan.problems if p.code == "P106"]
    assert [p.line for p in p106] == [9]
    assert cell in p106[0].message


def test_dialect_symbolic_by_default() -> None:
    d = dialect({}, [])
    assert d[Status.PASSED] == "X"
    assert d[Status.FAILED] == "!"
    assert d[Status.OUTSTANDING] == ""


def test_dialect_follows_words_and_case() -> None:
    d = dialect({}, ["DONE", "TODO", "TODO"])
    assert d[Status.PASSED] == "DONE"
    assert d[Status.FAILED] == "FAILED"
    d = dialect({}, ["Done", "Todo"])
    assert d[Status.FAILED] == "Failed"


def test_dialect_follows_emoji_and_backticks() -> None:
    assert dialect({}, ["✅", "⬜"])[Status.FAILED] == "❌"
    assert dialect({}, ["`done`", "`todo`"])[Status.FAILED] == "`failed`"


def test_dialect_follows_emoji_with_words() -> None:
    d = dialect({}, ["✅ done", "⬜ planned", "⬜ planned"])
    assert d[Status.FAILED] == "❌ failed"
    assert d[Status.SKIPPED] == "⏭️ skipped"
    assert dialect({}, ["✅ Done"])[Status.BLOCKED] == "⛔ Blocked"


def test_unknown_cells_do_not_shape_the_dialect() -> None:
    assert dialect({}, ["not done", "done?", "X"])[Status.PASSED] == "X"


LEGENDS = st.dictionaries(
    st.sampled_from(["TODO", "WIP", "DONE", "FAIL", "SKIP", "@", "X", "!", "?", "🟢", "[x]"]),
    st.sampled_from(list(Status)),
    max_size=4,
)
CELLS = st.lists(
    st.sampled_from([c for cells in CASES.values() for c in cells] + ["not done", "?", "🟢"]),
    max_size=6,
)


@given(LEGENDS, CELLS)
def test_whatever_is_written_reads_back_as_its_meaning(
    legend: dict[str, Status], cells: list[str]
) -> None:
    for status, value in dialect(legend, cells).items():
        assert parse_key(value, legend) is status, (value, status)


@pytest.mark.parametrize("style", sorted(DEFAULTS))
def test_defaults_read_back(style: str) -> None:
    for status, value in DEFAULTS[style].items():
        assert parse_key(value) is status


# End to end through the CLI (issue 11, item 1): an unknown key is never read as a status,
# never written over, and never decides what is next or whether the plan is complete.

UNKNOWN = ["not done", "NOT complete", "not yet done", "done?", "X?", "x later", "~~X~~"]
GREET_FR = "`python -c \"import sys; sys.exit(0 if 'Bonjour' == 'Hello' else 1)\"`"


def _unknown_plan(repo: Path, cell: str) -> Path:
    return write_plan(
        repo,
        [
            row("A1", GREET_FR),
            row("A2", "`true`", status=cell),
        ],
    )


@pytest.mark.parametrize("cell", UNKNOWN)
def test_lint_reports_an_unknown_key_with_its_line(repo: Path, cell: str) -> None:
    path = _unknown_plan(repo, cell)
    line = next(
        n
        for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "| A2 |" in text
    )
    result = plan("lint")
    assert result.code == 1
    assert f"plans/0001-run.md:{line}: P106" in result.out
    assert cell in result.out


@pytest.mark.parametrize("cell", UNKNOWN)
def test_run_all_and_next_refuse_a_plan_with_an_unknown_key(repo: Path, cell: str) -> None:
    path = _unknown_plan(repo, cell)
    before = path.read_bytes()
    head = git(repo, "rev-parse", "HEAD")
    for args in (("run", "--all"), ("next",), ("run", "--phase", "1")):
        result = plan(*args)
        assert result.code == 3, (args, result.out, result.err)
        assert "task A2 has unknown status key" in result.err
        assert "(P106); fix the cell or define the key in the legend" in result.err
        assert path.read_bytes() == before
    assert "Complete" not in path.read_text(encoding="utf-8")
    assert git(repo, "rev-parse", "HEAD") == head


@pytest.mark.parametrize("cell", UNKNOWN)
def test_done_fail_reset_and_run_by_id_leave_an_unknown_cell_alone(repo: Path, cell: str) -> None:
    path = _unknown_plan(repo, cell)
    before = path.read_bytes()
    for args in (("done", "A2"), ("fail", "A2"), ("reset", "A2"), ("run", "A2")):
        result = plan(*args)
        assert result.code == 3, (args, result.out, result.err)
        assert f"unknown status key '{cell}'" in result.err
        assert path.read_bytes() == before
    # A task that does not depend on the unknown row still runs and is recorded.
    assert plan("run", "A1").code == 1
    assert "| !" in path.read_text(encoding="utf-8").splitlines()[13]


def test_run_by_id_refuses_when_a_dependency_has_an_unknown_key(repo: Path) -> None:
    path = write_plan(
        repo, [row("A1", "`true`", status="done?"), row("A2", "`true`", depends="A1")]
    )
    before = path.read_bytes()
    result = plan("run", "A2")
    assert result.code == 3
    assert "task A1 has unknown status key 'done?'" in result.err
    assert path.read_bytes() == before


def test_a_gate_with_an_unknown_key_is_not_written(repo: Path) -> None:
    folder = repo / "plans"
    folder.mkdir()
    path = folder / "0001-run.md"
    text = TABLE.format(rows=row("A1", "`true`"), gates="| Ok | `true` | passes |")
    text = text.replace(
        "| Gate | Command | Threshold / Expectation |\n| ---- | ------- | ----------------------- |"
        "\n| Ok | `true` | passes |",
        "| Gate | Command | Threshold / Expectation | Status | Last Run |\n"
        "| ---- | ------- | ----------------------- | ------ | -------- |\n"
        "| Ok | `true` | passes | not passed |  |",
    )
    path.write_text(text, encoding="utf-8")
    before = path.read_bytes()
    result = plan("gates")
    assert result.code == 3, result.err
    assert "gate 'Ok' has unknown status key 'not passed'" in result.err
    assert path.read_bytes() == before


def test_a_failure_is_written_with_the_plans_own_legend(repo: Path) -> None:
    path = write_plan(
        repo, [row("A1", GREET_FR, status="TODO"), row("A2", "`true`", status="TODO")]
    )
    text = path.read_text(encoding="utf-8").replace(
        "## Detailed Phase Task Steps\n",
        "## Detailed Phase Task Steps\n\nStatus key: TODO, WIP, DONE, FAIL, BLOCKED, SKIP.\n",
    )
    path.write_text(text, encoding="utf-8")
    result = plan("next")
    assert result.code == 1, result.err
    a1 = next(ln for ln in path.read_text(encoding="utf-8").splitlines() if "| A1 " in ln)
    assert a1.startswith("| FAIL ")
    result = plan("done", "A1")
    assert result.code == 0, result.err
    a1 = next(ln for ln in path.read_text(encoding="utf-8").splitlines() if "| A1 " in ln)
    assert a1.startswith("| DONE ")


def test_a_cell_edited_into_an_unknown_key_during_the_run_is_not_written_over(
    repo: Path,
) -> None:
    # The command itself stands in for a person editing the plan while it runs.
    (repo / "edit.py").write_text(
        "import pathlib\n"
        "p = pathlib.Path('plans/0001-run.md')\n"
        "old, new = '|        | 1       | A1', '| done?  | 1       | A1'\n"
        "p.write_text(p.read_text().replace(old, new))\n",
        encoding="utf-8",
    )
    path = write_plan(repo, [row("A1", "`python edit.py`")])
    result = plan("run", "A1")
    assert result.code == 3, (result.out, result.err)
    assert "task A1 has unknown status key 'done?'" in result.err
    assert "| done?  | 1       | A1" in path.read_text(encoding="utf-8")


def test_dialect_keeps_the_tables_decoration_and_never_samples_a_noisy_cell() -> None:
    cells = [
        "**DONE**",
        "**DONE** (slices 0-3 PASS, slice 4 FAIL)",
        "**PARTIALLY DONE**",
        "**NOT STARTED**",
    ]
    written = dialect({}, cells)
    assert written[Status.PASSED] == "**DONE**"
    assert written[Status.IN_PROGRESS] == "**IN PROGRESS**"
    assert written[Status.FAILED] == "**FAILED**"
    assert written[Status.OUTSTANDING] == "**NOT STARTED**"
    assert all("slices" not in v for v in written.values())


def test_dialect_writes_emoji_word_pairs_where_the_table_has_them() -> None:
    written = dialect({}, ["✅ Done", "⬜ Todo", "✅ Done"])
    assert written[Status.IN_PROGRESS] == "🔄 In progress"
    assert written[Status.FAILED] == "❌ Failed"


@pytest.mark.parametrize(
    ("cell", "status"),
    [
        # A real roadmap's table: a rocket decorating BLOCKED is blocked.
        ("🚀 **BLOCKED**", Status.BLOCKED),
        ("🔥 failed", Status.FAILED),
        # Never a pass on the word alone, and never two meanings at once.
        ("🚀 DONE", None),
        ("⏳ **BLOCKED**", Status.BLOCKED),  # an hourglass waits, as blocked does
        ("⏳ DEFERRED", Status.SKIPPED),
        ("⏳ DONE", None),
        ("❌ DONE", None),
    ],
)
def test_an_emoji_of_no_meaning_decorates_the_word(cell: str, status: Status | None) -> None:
    assert parse_key(cell) is status
