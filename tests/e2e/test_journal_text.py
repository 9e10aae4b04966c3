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
