"""Issue 19, case 16, the lead's pass of the twelfth stop: what a gate's own command names
joins its fingerprint.

A gate `grep -q a ignored.txt` (the file gitignored) or `test "$MODE" != bad` stayed up to
date when the file or the variable changed, unless the plan declared them in an Inputs
column. The command's own text says it reads them: each `$VARIABLE` it names and each file it
names that exists in the repository now join its fingerprint, as declared inputs do.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import git
from tests.helpers import plan, row, write_plan


def gates(repo: Path, *lines: str) -> None:
    write_plan(repo, [row("T1", "`true`")], gates=list(lines))


def states(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if "gate " in ln]


def test_a_named_ignored_file_reruns_its_gate(repo: Path) -> None:
    (repo / ".gitignore").write_text("ignored.txt\n", encoding="utf-8")
    (repo / "ignored.txt").write_text("a\n", encoding="utf-8")
    git(repo, "add", ".gitignore")
    git(repo, "commit", "-qm", "ignore")
    gates(repo, "| G1 | `grep -q a ignored.txt` | exit 0 |")
    assert plan("gates").code == 0
    assert "up to date" in plan("gates").out
    (repo / "ignored.txt").write_text("b\n", encoding="utf-8")
    r = plan("gates")
    assert r.code == 1, states(r.out + r.err)


def test_a_named_variable_reruns_its_gate(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gates(repo, '| G2 | `test "$MODE" != bad` | exit 0 |')
    monkeypatch.setenv("MODE", "good")
    assert plan("gates").code == 0
    assert "up to date" in plan("gates").out
    monkeypatch.setenv("MODE", "bad")
    r = plan("gates")
    assert r.code == 1, states(r.out + r.err)


def test_the_runners_own_variables_do_not_make_a_gate_stale(repo: Path) -> None:
    gates(repo, '| G3 | `test -n "$PLAN_FILE$PLAN_CHECK_MARK$RANDOM"` | exit 0 |')
    assert plan("gates").code == 0
    assert "up to date" in plan("gates").out
