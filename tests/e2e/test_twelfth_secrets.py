"""Issue 19, case 4, the lead's pass of the twelfth stop: a secret word, then its value in
quotes, is masked in every sink.

`echo "ERROR token 'tok_9f8e7d6c5b4a39281706' rejected"; false` reached the terminal, the
plan, the commit message and the JUnit file as it was: the word-then-value readers took no
quoted value. The quotes say where the value is.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import git
from tests.helpers import plan, row, write_plan

VALUE = "tok_9f8e7d6c5b4a39281706"


@pytest.mark.parametrize(
    "said",
    [
        f"ERROR token '{VALUE}' rejected",
        f'password "{VALUE}" is wrong',
        f"the api key is '{VALUE}'",
    ],
)
def test_a_quoted_secret_after_its_word_is_masked_everywhere(repo: Path, said: str) -> None:
    # The command prints it from a file: the plan's own text holds no secret. (The command's
    # live output passes through to the terminal as it is, by design.)
    (repo / "said.txt").write_text(said + "\n", encoding="utf-8")
    write_plan(repo, [row("T1", "`cat said.txt; false`")])
    junit = repo / "j.xml"
    r = plan("run", "T1", "--junit", str(junit), "--json")
    assert r.code == 1
    sinks = {
        "json": r.out,
        "plan": (repo / "plans" / "0001-run.md").read_text(encoding="utf-8"),
        "commit": git(repo, "log", "-1", "--format=%B"),
        "junit": junit.read_text(encoding="utf-8"),
        "history": plan("history").out,
    }
    for name, text in sinks.items():
        assert VALUE not in text, name
    assert "***" in sinks["plan"]


def test_a_short_or_plain_word_in_quotes_stays(repo: Path) -> None:
    (repo / "said.txt").write_text("token 'invalid' given\n", encoding="utf-8")
    write_plan(repo, [row("T1", "`cat said.txt; false`")])
    plan("run", "T1")
    assert "token 'invalid' given" in (repo / "plans" / "0001-run.md").read_text(encoding="utf-8")
