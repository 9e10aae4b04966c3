"""The journal keeps a note's words as written: only what would open HTML is escaped.

A note saying `coverage >= 90%` was written `coverage &gt;= 90%` (an attacker's pass found it):
the plan's own text said something else than the person wrote. A tag or a comment opener
(`<!--` would hide the rest of the plan when rendered) is still made inert.
"""

from __future__ import annotations

from pathlib import Path

from tests.helpers import plan, row, write_plan


def test_a_note_keeps_comparisons_and_ampersands_as_written(repo: Path) -> None:
    path = write_plan(repo, [row("1", "`true`")])
    note = "coverage >= 90% & p95 < 200 ms; a -> b; 3<4"
    r = plan("journal", note)
    assert r.code == 0, r.err
    text = path.read_text(encoding="utf-8")
    assert f"note: {note}" in text


def test_html_in_a_note_is_inert(repo: Path) -> None:
    path = write_plan(repo, [row("1", "`true`")])
    r = plan("journal", "<!-- hide <b>bold</b> &lt; <http://x> a|b")
    assert r.code == 0, r.err
    text = path.read_text(encoding="utf-8")
    assert "note: &lt;!-- hide &lt;b>bold&lt;/b> &amp;lt; &lt;http://x> a\\|b" in text
    # Rendered, nothing after the note was hidden: the tasks are still read.
    assert plan("status", "--json").json()["tasks"][0]["id"] == "1"
    assert "<!--" not in text.split("note:")[1]


def test_a_timeout_names_the_limit_the_plan_set(repo: Path) -> None:
    # An attacker's pass: a command that ignores TERM, with a 1 s Timeout, was reported
    # "timed out after 3.0s" (TERM, then KILL after a grace period): the limit read as 3 s.
    path = write_plan(repo, [row("1", "`trap '' TERM; sleep 30`", timeout="1s")])
    r = plan("run", "1")
    assert r.code == 1, r.out + r.err
    assert "timed out at its 1s limit (stopped after" in r.out, r.out
    assert "timed out at its 1s limit (stopped after" in path.read_text(encoding="utf-8")
