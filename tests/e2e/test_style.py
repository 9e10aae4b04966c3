"""Writing in the plan's own style (issue 10, item 7): through the CLI, in real git
repositories, the plan's bytes checked line for line."""

from __future__ import annotations

import difflib
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, git
from tests.helpers import plan

NOW = datetime(2026, 11, 25, 19, 28, tzinfo=UTC)
SESSION = "- (2026-11-25T19:28:00Z) plan session on `main`"


def put(repo: Path, fixture: str, monkeypatch: pytest.MonkeyPatch, text: str = "") -> Path:
    """A fixture plan committed into the repository, and the clock stopped at NOW."""
    from runner.run import workflow

    monkeypatch.setattr(workflow, "utc_now", lambda: NOW)
    path = repo / "plans" / (fixture if not text else "plan.md")
    path.parent.mkdir(exist_ok=True)
    data = text.encode("utf-8") if text else (FIXTURES / fixture).read_bytes()
    path.write_bytes(data)
    git(repo, "add", "plans")
    git(repo, "commit", "-q", "-m", "add plan")
    return path


def diff(before: str, after: str) -> tuple[list[str], list[str]]:
    """The lines taken out and the lines put in, in order (every other byte is the same)."""
    out: list[str] = []
    put_in: list[str] = []
    for line in difflib.ndiff(before.splitlines(True), after.splitlines(True)):
        if line.startswith("- "):
            out.append(line[2:])
        elif line.startswith("+ "):
            put_in.append(line[2:])
    return out, put_in


def boxes(lines: list[str]) -> list[str]:
    """The checklist items among lines."""
    return [line for line in lines if line.lstrip().startswith(("- [", "* [", "1. ["))]


def run(path: Path, *args: str, code: int = 0) -> tuple[str, str]:
    """The plan's text before and after `plan ARGS PATH` (which must exit with `code`)."""
    before = path.read_text(encoding="utf-8")
    r = plan(*args, str(path))
    assert r.code == code, r.out + r.err
    # The clock is stopped, not the run: a loaded machine takes 0.1s for `true`. Both sides
    # are read so, or a line an earlier run wrote would differ from itself.
    return untimed(before), untimed(path.read_text(encoding="utf-8"))


def untimed(text: str) -> str:
    return re.sub(r" in \d+\.\ds\b", " in 0.0s", text)


# --- checklist timestamps ---------------------------------------------------------------


def test_an_authors_stamp_is_never_changed(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = put(repo, "dated_checklist.md", monkeypatch)
    before, after = run(path, "done", "2")
    out, put_in = diff(before, after)
    assert out == [
        "- Last Updated: 2026-01-27\n",
        "- [ ] (2026-05-06 00:00Z) Add the reader for dated items.\n",
    ]
    assert put_in[:2] == [
        "- Last Updated: 2026-11-25\n",
        "- [x] (2026-05-06 00:00Z) Add the reader for dated items.\n",
    ]


@pytest.mark.parametrize(
    ("task", "old", "new"),
    [
        ("3", "- [ ] (2026-01-27 11:47-08:00) Wire", "- [x] (2026-01-27 11:47-08:00) Wire"),
        # A placeholder is the slot the author left for the time: it is filled in, in its shape.
        ("4", "- [ ] (YYYY-MM-DD HH:MMZ) Fill", "- [x] (2026-11-25 19:28Z) Fill"),
        # No stamp on the item, the plan's items carry them: one added in the plan's most
        # common format (here the date only).
        ("5", "- [ ] Write the docs", "- [x] (2026-11-25) Write the docs"),
    ],
)
def test_dated_offset_and_placeholder_stamps_are_never_doubled(
    repo: Path, monkeypatch: pytest.MonkeyPatch, task: str, old: str, new: str
) -> None:
    path = put(repo, "dated_checklist.md", monkeypatch)
    before, after = run(path, "done", task)
    out, put_in = diff(before, after)
    (was,) = boxes(out)
    (now,) = boxes(put_in)
    assert was.startswith(old)
    assert now == new + was[len(old) :]


def test_dated_items_are_read_with_their_stamp_once(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = put(repo, "dated_checklist.md", monkeypatch)
    run(path, "done", "1")  # already ticked: nothing to change but the journal
    text = path.read_text(encoding="utf-8")
    assert text.count("(2026-01-11)") == 1
    assert "- [x] (2026-01-11) Sketch the reader.\n" in text


def test_no_stamp_is_added_where_the_items_have_none(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = put(repo, "undated_checklist.md", monkeypatch)
    before, after = run(path, "done", "3")
    out, put_in = diff(before, after)
    assert boxes(out) == ["- [ ] Write the docs.\n"]
    assert boxes(put_in) == ["- [x] Write the docs.\n"]


def test_a_stamp_is_added_in_the_plans_format_and_place(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = put(repo, "stamped_done.md", monkeypatch)
    before, after = run(path, "done", "4")
    out, put_in = diff(before, after)
    assert boxes(out) == ["- [ ] Ship it\n"]
    # At the end, with the plan's own offset: 19:28 UTC is 20:28 at +01:00.
    assert boxes(put_in) == ["- [x] Ship it (2026-11-25 20:28+01:00)\n"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (" (2026-01-11) Generate", (1, 13, "YYYY-MM-DD")),
        (" (2025-10-17 18:00Z) Add", (1, 20, "YYYY-MM-DD HH:MMZ")),
        (" (2025-10-15T20:20Z) Add", (1, 20, "YYYY-MM-DDTHH:MMZ")),
        (" (2026-01-27 11:47-08:00) Wire", (1, 25, "YYYY-MM-DD HH:MM-08:00")),
        (" (2026-01-27 11:47:05 UTC) Wire", (1, 26, "YYYY-MM-DD HH:MM:SS UTC")),
        (" (YYYY-MM-DD HH:MMZ) Fill", (1, 20, "YYYY-MM-DD HH:MMZ")),
        (" Ship it (2026-02-01)", (9, 21, "YYYY-MM-DD")),
        (" Ship (2026-02-01) soon", None),
        (" Ship it (2026-13)", None),
        (" Call (see notes) first", None),
    ],
)
def test_find_stamp(text: str, found: tuple[int, int, str] | None) -> None:
    from runner.plan.stamps import find_stamp

    assert find_stamp(text) == found


@pytest.mark.parametrize(
    ("template", "written"),
    [
        ("YYYY-MM-DD", "2026-11-25"),
        ("YYYY-MM-DD HH:MMZ", "2026-11-25 19:28Z"),
        ("YYYY-MM-DDTHH:MMZ", "2026-11-25T19:28Z"),
        ("YYYY-MM-DD HH:MM-08:00", "2026-11-25 11:28-08:00"),
        ("YYYY-MM-DD HH:MM+0530", "2026-11-26 00:58+0530"),
        ("YYYY-MM-DD HH:MM:SS UTC", "2026-11-25 19:28:00 UTC"),
        ("YYYY-MM-DD HH:MM+HH:MM", "2026-11-25 19:28+00:00"),
    ],
)
def test_render_in_the_plans_format(template: str, written: str) -> None:
    from runner.plan.stamps import render

    assert render(NOW, template) == written


# --- task and gate cells in the table's own dialect ---------------------------------------


def test_a_noisy_cell_is_never_copied_and_bold_caps_are_kept(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = put(repo, "bold_caps.md", monkeypatch)
    before, after = run(path, "done", "5")
    out, put_in = diff(before, after)
    assert out == [
        "- Last Updated: 2026-03-09\n",
        "| 5 | Publish the notes | **NOT STARTED** | |\n",
    ]
    assert put_in == [
        "- Last Updated: 2026-11-25\n",
        "| 5 | Publish the notes | **DONE**        | |\n",
        SESSION + "\n",
        "  - (2026-11-25T19:28:00Z) task 5 marked done by hand\n",
    ]
    # `next` decides from every row, and row 2's cell is not a status (issue 11): it refuses.
    before, after = run(path, "next", code=3)
    assert after == before
    before, after = run(path, "run", "4", code=4)  # task 4 is manual: in progress
    out, put_in = diff(before, after)
    assert out == ["| 4 | Review the index by hand | **NOT STARTED** | |\n"]
    assert put_in == [
        "| 4 | Review the index by hand | **IN PROGRESS** | |\n",
        "  - (2026-11-25T19:28:00Z) task 4 is manual: in progress; mark it with plan done 4\n",
    ]


def test_a_checklist_plans_gates_get_words_not_boxes(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = put(repo, "checklist_gates.md", monkeypatch)
    before, after = run(path, "gates", code=1)
    out, put_in = diff(before, after)
    assert out == ["| Lint | `true` | | |\n", "| Tests | `exit 1` | | |\n"]
    assert [line for line in put_in if line.startswith("|")] == [
        "| Lint | `true` | passed | 2026-11-25T19:28:00Z |\n",
        "| Tests | `exit 1` | failed | 2026-11-25T19:28:00Z |\n",
    ]


def test_gate_cells_follow_the_gates_tables_own_marks(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = put(repo, "emoji_gates.md", monkeypatch)
    before, after = run(path, "gates")
    out, put_in = diff(before, after)
    assert out == [
        "| Lint | `true` | ❌ | 2026-01-01T00:00Z |\n",
        "| Tests | `true` | | |\n",
    ]
    assert [line for line in put_in if line.startswith("|")] == [
        "| Lint | `true` | ✅ | 2026-11-25T19:28:00Z |\n",
        "| Tests | `true` | ✅ | 2026-11-25T19:28:00Z |\n",
    ]


# --- metadata -----------------------------------------------------------------------------


def status_lines(lines: list[str]) -> list[str]:
    """The status lines among lines."""
    return [line for line in lines if "status" in line.lower() and "[" not in line]


def test_front_matter_status_is_written_as_an_identifier(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = put(repo, "frontmatter_identifiers.md", monkeypatch)
    before, after = run(path, "next")
    out, put_in = diff(before, after)
    assert status_lines(out) == ["status: planned\n"]
    assert status_lines(put_in) == ["status: in_progress\n"]
    before, after = run(path, "next")
    out, put_in = diff(before, after)
    assert status_lines(out) == ["status: in_progress\n"]
    assert status_lines(put_in) == ["status: completed\n"]


FRONT = """---
status: {status}
---

# Statuses in their own words

- Last Updated: 2026-01-02

## Progress

- [ ] Run `true` to finish.
"""


@pytest.mark.parametrize(
    ("status", "written"),
    [
        ('"in-progress"', '"completed"'),
        ("'Proposed'", "'Complete'"),
        ("InProgress", "Completed"),
        ("IN_PROGRESS", "COMPLETED"),
        # Outside the runner's vocabulary: the project's own word, never overwritten.
        ("active", "active"),
        ("parked", "parked"),
        ("abandoned", "abandoned"),
        ("blocked", "blocked"),
    ],
)
def test_front_matter_status_keeps_its_quotes_case_and_vocabulary(
    repo: Path, monkeypatch: pytest.MonkeyPatch, status: str, written: str
) -> None:
    path = put(repo, "", monkeypatch, FRONT.format(status=status))
    before, after = run(path, "next")
    out, put_in = diff(before, after)
    if status == written:
        assert status_lines(out) == []
    else:
        assert status_lines(out) == [f"status: {status}\n"]
        assert status_lines(put_in) == [f"status: {written}\n"]
    assert "- Last Updated: 2026-11-25\n" in put_in  # date only, as it was


BULLETS = """# Prose statuses

- Status: {status}
- Last Updated: 2026-01-02T00:00Z

## Progress

- [ ] Run `true` to start.
- [ ] Write the docs.
"""


@pytest.mark.parametrize(
    ("status", "written"),
    [("Proposed", "In Progress"), ("proposed", "in progress"), ("PLANNED", "IN PROGRESS")],
)
def test_list_item_status_stays_prose(
    repo: Path, monkeypatch: pytest.MonkeyPatch, status: str, written: str
) -> None:
    path = put(repo, "", monkeypatch, BULLETS.format(status=status))
    before, after = run(path, "next")
    out, put_in = diff(before, after)
    assert out[:2] == [f"- Status: {status}\n", "- Last Updated: 2026-01-02T00:00Z\n"]
    assert put_in[:2] == [f"- Status: {written}\n", "- Last Updated: 2026-11-25T19:28Z\n"]


def test_a_bold_key_line_is_found_again_for_writing() -> None:
    from runner.plan.metadata import line_fields

    line = "**Status:** PARKED (2026-03-09) — waiting on review"
    (found,) = line_fields(line, 4)
    assert (found.key, line[found.start : found.end]) == ("Status", found.value)
    assert found.value.startswith("PARKED")
    assert line_fields("Status is fine", 4) == []


# --- the journal ---------------------------------------------------------------------------


def test_a_plans_changelog_keeps_the_journal(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = put(repo, "changelog.md", monkeypatch)
    before, after = run(path, "next")
    assert "Progress Per Session" not in after
    out, put_in = diff(before, after)
    assert out == [
        "- Status: In Progress\n",
        "- Last Updated: 2026-01-06\n",
        "- [ ] Run `true` to check the loader.\n",
    ]
    assert put_in == [
        "- Status: Complete\n",
        "- Last Updated: 2026-11-25\n",
        "- [x] Run `true` to check the loader.\n",
        SESSION + "\n",
        "  - (2026-11-25T19:28:00Z) task 2 passed in 0.0s\n",
    ]
    # Right after the changelog's last item, in its list.
    assert "- (2026-01-06) Drafted the schema; the loader is next.\n" + SESSION in after


def test_a_newest_first_history_gets_the_session_on_top(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = put(repo, "history_newest_first.md", monkeypatch)
    before, after = run(path, "next")
    assert "Progress Per Session" not in after
    assert (
        "## History\n\n"
        f"{SESSION}\n"
        "  - (2026-11-25T19:28:00Z) task 2 passed in 0.0s\n"
        "- 2026-02-01: Index built.\n"
    ) in after
    before, after = run(path, "journal", "checked by hand")
    _, put_in = diff(before, after)
    assert put_in == ["  - (2026-11-25T19:28:00Z) note: checked by hand\n"]
    assert after.index("note: checked by hand") < after.index("- 2026-02-01: Index built.")


def _lists(text: str) -> list[list[str]]:
    """The items of each top-level list, as Markdown renders them."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(text)
    lists: list[list[str]] = []
    depth = 0
    for tok in tokens:
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
            if depth == 1:
                lists.append([])
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif tok.type == "inline" and depth == 1 and lists:
            lists[-1].append(tok.content)
    return lists


def test_a_cookbook_journal_is_its_own_list_after_the_checklist(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = put(repo, "undated_checklist.md", monkeypatch)
    before, after = run(path, "next")
    assert (
        "- [ ] Write the docs.\n\n"
        "* (2026-11-25T19:28:00Z) plan session on `main`\n"
        "  - (2026-11-25T19:28:00Z) task 2 passed in 0.0s\n"
    ) in after
    checklist, journal = [items for items in _lists(after) if items][-2:]
    assert all(item.startswith("[") for item in checklist)
    assert journal[0] == "(2026-11-25T19:28:00Z) plan session on `main`"
    before, after = run(path, "done", "3")
    _, put_in = diff(before, after)
    assert put_in[-1] == "  - (2026-11-25T19:28:00Z) task 3 marked done by hand\n"


# --- a manual checklist task in progress ---------------------------------------------------


def test_a_manual_checklist_task_is_announced_once(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = put(repo, "undated_checklist.md", monkeypatch)
    run(path, "next")  # task 2 runs `true`
    before, after = run(path, "next", code=4)  # task 3 is manual: announced
    out, put_in = diff(before, after)
    assert out == []  # the box cannot say in progress: only the journal says it
    assert put_in == [
        "  - (2026-11-25T19:28:00Z) task 3 is manual: in progress; mark it with plan done 3\n"
    ]
    commits = git(repo, "rev-list", "--count", "HEAD")
    for _ in range(2):
        r = plan("next", str(path))
        assert r.code == 4
        assert "manual task: 3" in r.out
        # no new journal line (`after` has its durations blanked: so must this side)
        assert untimed(path.read_text(encoding="utf-8")) == after
    assert git(repo, "rev-list", "--count", "HEAD") == commits  # and no new commit
    shown = plan("status", "--json", str(path)).json()
    assert [t["status"] for t in shown["tasks"]] == ["passed", "passed", "in_progress"]
    before, after = run(path, "done", "3")
    assert "- [x] Write the docs.\n" in after
    shown = plan("status", "--json", str(path)).json()
    assert [t["status"] for t in shown["tasks"]] == ["passed", "passed", "passed"]


def test_gate_dialect_never_takes_checkboxes_from_the_tasks() -> None:
    from runner.plan.gates import gate_dialect
    from runner.plan.model import Status
    from runner.plan.statuses import dialect

    boxes = dialect({}, ["[ ]", "[x]"])
    symbols = dialect({}, ["X", ""])
    assert gate_dialect(["", ""], {}, boxes, checklist=False)[Status.PASSED] == "passed"
    assert gate_dialect(["", ""], {}, boxes, checklist=True)[Status.FAILED] == "failed"
    assert gate_dialect(["", ""], {}, symbols, checklist=False)[Status.PASSED] == "X"
    assert gate_dialect(["PASS", ""], {}, symbols, checklist=True)[Status.PASSED] == "PASS"
