"""A person's `plan next` session is journaled as an agent's is: the files changed since the
session began (issue 21)."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import plan, row, write_plan


def test_plan_next_journals_the_files_changed_since_the_session_began(repo: Path) -> None:
    path = write_plan(repo, [row("T1", "`true`"), row("T2", "`true`"), row("T3", "`true`")])
    (repo / "before.txt").write_text("there before the session\n", encoding="utf-8")
    assert plan("next").code == 0
    (repo / "one.txt").write_text("1\n", encoding="utf-8")
    assert plan("next").code == 0
    (repo / "two.txt").write_text("2\n2\n", encoding="utf-8")
    assert plan("next", "--new-session").code == 0
    lines = [
        line.split(") ", 1)[1]
        for line in path.read_text(encoding="utf-8").splitlines()
        if "files changed since the session began" in line
    ]
    # The first run of each session has nothing to say (what was there before it is not
    # the session's); the second names what changed since the first began.
    assert lines == ["files changed since the session began: 1 file changed, +1 -0 (one.txt)"]
