"""The session journal: pure, with the clock passed in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from runner.markdown.doc import Document
from runner.plan.journal import Entry, add, journal_heading
from tests.conftest import FIXTURES

GAP = timedelta(hours=2)
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def journal_of(text: str) -> list[str]:
    lines = text.splitlines()
    start = next(
        i
        for i, ln in enumerate(lines)
        if "Progress Per Session" in ln or ln.strip() == "## Progress"
    )
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("#")), len(lines))
    return [ln for ln in lines[start + 1 : end] if ln.strip()]


def test_runs_within_the_gap_share_a_session() -> None:
    doc = Document.from_text((FIXTURES / "canonical.md").read_text(encoding="utf-8"))
    for minutes, text in ((0, "first"), (30, "second"), (100, "note: third")):
        add(doc, [Entry(text)], now=T0 + timedelta(minutes=minutes), branch="main", gap=GAP)
    assert journal_of(doc.text()) == [
        "- (2026-01-05T10:00Z) Plan created; awaiting build.",
        "- (2026-03-01T09:00:00Z) plan session on `main`",
        "  - (2026-03-01T09:00:00Z) first",
        "  - (2026-03-01T09:30:00Z) second",
        "  - (2026-03-01T10:40:00Z) note: third",
    ]


def test_gap_branch_and_request_open_new_sessions() -> None:
    doc = Document.from_text((FIXTURES / "canonical.md").read_text(encoding="utf-8"))
    add(doc, [Entry("a")], now=T0, branch="main", gap=GAP)
    add(doc, [Entry("b")], now=T0 + timedelta(hours=3), branch="main", gap=GAP)
    add(doc, [Entry("c")], now=T0 + timedelta(hours=3), branch="feature", gap=GAP)
    add(doc, [Entry("d")], now=T0 + timedelta(hours=3), branch="feature", gap=GAP, new_session=True)
    sessions = [ln for ln in journal_of(doc.text()) if "plan session" in ln]
    assert len(sessions) == 4


def test_hand_written_lines_are_kept_byte_for_byte() -> None:
    text = (FIXTURES / "canonical.md").read_text(encoding="utf-8")
    doc = Document.from_text(text)
    add(doc, [Entry("x")], now=T0, branch="main", gap=GAP)
    new = doc.text()
    old_lines = text.splitlines()
    new_lines = new.splitlines()
    # Every original line is still there, in order.
    it = iter(new_lines)
    assert all(any(line == other for other in it) for line in old_lines)
    assert len(new_lines) == len(old_lines) + 2


def test_a_person_writing_after_the_session_starts_a_new_one() -> None:
    doc = Document.from_text((FIXTURES / "canonical.md").read_text(encoding="utf-8"))
    add(doc, [Entry("a")], now=T0, branch="main", gap=GAP)
    text = doc.text().replace(
        "  - (2026-03-01T09:00:00Z) a\n",
        "  - (2026-03-01T09:00:00Z) a\n- (2026-03-01T09:10Z) By hand.\n",
    )
    doc = Document.from_text(text)
    add(doc, [Entry("b")], now=T0 + timedelta(minutes=20), branch="main", gap=GAP)
    lines = journal_of(doc.text())
    assert lines[-3:] == [
        "- (2026-03-01T09:10Z) By hand.",
        "- (2026-03-01T09:20:00Z) plan session on `main`",
        "  - (2026-03-01T09:20:00Z) b",
    ]


def test_text_cannot_break_the_list_or_a_table() -> None:
    doc = Document.from_text((FIXTURES / "canonical.md").read_text(encoding="utf-8"))
    add(
        doc,
        [Entry("failed: a | b `c`\n- fake item <b>bold</b>\r\n| x |")],
        now=T0,
        branch="main",
        gap=GAP,
    )
    last = journal_of(doc.text())[-1]
    assert last.startswith("  - (2026-03-01T09:00:00Z) failed: a \\| b 'c' - fake item")
    assert "<" not in last
    assert "`" not in last
    assert len(journal_of(doc.text())) == 3


def test_cookbook_journal_goes_under_progress() -> None:
    doc = Document.from_text((FIXTURES / "cookbook.md").read_text(encoding="utf-8"))
    add(doc, [Entry("task 2 passed")], now=T0, branch=None, gap=GAP)
    # A list of its own after the checklist (issue 10: it was appended inside the checklist
    # as non-checkbox items): a blank line, and another bullet.
    assert (
        "- [X] Done already.\n\n* (2026-03-01T09:00:00Z) plan session outside git\n" in doc.text()
    )
    lines = journal_of(doc.text())
    assert lines[-2:] == [
        "* (2026-03-01T09:00:00Z) plan session outside git",
        "  - (2026-03-01T09:00:00Z) task 2 passed",
    ]
    # The next run finds its session again.
    add(doc, [Entry("task 3 passed")], now=T0 + timedelta(minutes=5), branch=None, gap=GAP)
    assert journal_of(doc.text())[-3:] == [
        "* (2026-03-01T09:00:00Z) plan session outside git",
        "  - (2026-03-01T09:00:00Z) task 2 passed",
        "  - (2026-03-01T09:05:00Z) task 3 passed",
    ]


def test_a_plan_without_a_journal_gets_one_at_the_end() -> None:
    doc = Document.from_text((FIXTURES / "frontmatter.md").read_text(encoding="utf-8"))
    add(doc, [Entry("x")], now=T0, branch="main", gap=GAP)
    assert doc.text().endswith(
        "\n\n## Progress Per Session\n\n- (2026-03-01T09:00:00Z) plan session on `main`\n"
        "  - (2026-03-01T09:00:00Z) x\n"
    )


def test_a_dated_decision_log_is_not_the_journal() -> None:
    text = (
        "# Plan\n\n## Decision Log\n\n- 2026-01-05: Decision: keep it small.\n\n"
        "## Changelog\n\n- (2026-01-06) Started.\n"
    )
    doc = Document.from_text(text)
    assert journal_heading(doc) == 6  # the Changelog
    doc = Document.from_text(text.replace("## Changelog", "## Notes"))
    assert journal_heading(doc) is None
    add(doc, [Entry("x")], now=T0, branch="main", gap=GAP)
    assert doc.text().endswith(
        "\n## Progress Per Session\n\n- (2026-03-01T09:00:00Z) plan session on `main`\n"
        "  - (2026-03-01T09:00:00Z) x\n"
    )


def test_a_progress_checklist_with_a_dated_line_is_not_a_log() -> None:
    doc = Document.from_text((FIXTURES / "dated_checklist.md").read_text(encoding="utf-8"))
    add(doc, [Entry("x")], now=T0, branch="main", gap=GAP)
    assert "- [ ] Write the docs for `true`.\n\n* (2026-03-01T09:00:00Z) plan session" in doc.text()
