"""A report or JUnit file never replaces a person's file of another kind.

An attacker's pass: `plan report -o src/app.py` (with an uncommitted edit in it) replaced the
source with HTML; `pyproject.toml` and `.gitattributes` went the same way, and `--junit
Makefile` replaced the Makefile. A file of the output's own kind is written again.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import plan, row, write_plan

PERSONS = ["src/app.py", "pyproject.toml", ".gitattributes", "Makefile", "notes.txt"]


@pytest.mark.parametrize("name", PERSONS)
def test_a_persons_file_of_another_kind_is_never_overwritten(repo: Path, name: str) -> None:
    write_plan(repo, [row("1", "`true`")])
    target = repo / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("a person's work\n", encoding="utf-8")
    for args in (("report", "-o", name), ("run", "1", "--junit", name)):
        r = plan(*args)
        assert r.code == 2, (args, r.out, r.err)
        assert "exists and is not a" in r.err, r.err
        assert target.read_text(encoding="utf-8") == "a person's work\n"


def test_an_output_of_its_own_kind_is_written_again(repo: Path) -> None:
    write_plan(repo, [row("1", "`true`")])
    (repo / "out").mkdir()
    (repo / "out" / "report.html").write_text("<p>old</p>\n", encoding="utf-8")
    (repo / "out" / "junit.xml").write_text("<testsuites/>\n", encoding="utf-8")
    assert plan("report", "-o", "out/report.html").code == 0
    assert "<html" in (repo / "out" / "report.html").read_text(encoding="utf-8")
    assert plan("run", "1", "--junit", "out/junit.xml").code == 0
    assert "testcase" in (repo / "out" / "junit.xml").read_text(encoding="utf-8")
