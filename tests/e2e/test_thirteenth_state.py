"""Issue 19, case 1, the thirteenth pass (F1a): the engine's folders are disposable.

`.git/plan/logs` made a file stopped every run with an internal error (exit 70), `locks` made
a file with exit 2. In the git folder they are the runner's own: set aside, kept, made anew.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import plan, row, write_plan


@pytest.mark.parametrize("name", ["logs", "locks"])
def test_a_state_folder_made_a_file_is_set_aside(repo: Path, name: str) -> None:
    write_plan(repo, [row("T1", "`true`"), row("T2", "`false`")])
    assert plan("run", "T1").code == 0
    place = repo / ".git" / "plan" / name
    if place.is_dir():
        import shutil

        shutil.rmtree(place)
    place.write_text("not a folder\n")
    r = plan("run", "T2")
    assert r.code == 1, r.out + r.err  # T2's `false` ran and failed: a true result
    assert "Traceback" not in r.err
    assert (repo / ".git" / "plan" / f"{name}.set-aside").read_text() == "not a folder\n"
    assert plan("run", "T1").code == 0


def test_report_to_a_dash_prints_the_page(repo: Path) -> None:
    # `-` is standard output, as git, ruff and curl read it; it wrote a file named `-`.
    write_plan(repo, [row("T1", "`true`")])
    r = plan("report", "-o", "-")
    assert r.code == 0
    assert r.out.startswith("<!DOCTYPE html>")
    assert r.out.rstrip().endswith("</html>")
    assert not (repo / "-").exists()
