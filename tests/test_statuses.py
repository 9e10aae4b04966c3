"""Status keys in every dialect FORMAT.md lists."""

from __future__ import annotations

import pytest

from runner.model import Status
from runner.statuses import dialect, parse_key, parse_legend

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
        "Done (2026-01-01)",
    ],
    Status.FAILED: ["!", "fail", "Failed", "❌"],
    Status.BLOCKED: ["B", "blocked", "⏸️", "⏸", "⛔", "Blocked by legal"],
    Status.SKIPPED: ["-", "skip", "skipped", "cancelled", "deferred", "n/a", "wontfix"],
}


@pytest.mark.parametrize(("cell", "meaning"), [(c, s) for s, cells in CASES.items() for c in cells])
def test_every_alias(cell: str, meaning: Status) -> None:
    assert parse_key(cell) is meaning


@pytest.mark.parametrize("cell", ["maybe", "???", "xyz", "bug", "50%"])
def test_unknown_keys_are_not_guessed(cell: str) -> None:
    assert parse_key(cell) is None


def test_first_recognisable_token_decides() -> None:
    assert parse_key("🚀 done") is Status.PASSED
    assert parse_key("TODO, was done") is Status.OUTSTANDING


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
