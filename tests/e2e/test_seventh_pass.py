"""Issue 19, what the seventh attacker's pass found, each through the CLI in a real git
repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import git
from tests.helpers import plan, row, write_plan


def _linked_plan_out(repo: Path, tmp_path: Path) -> None:
    """plans/0002-link.md: a committed symlink to a plan outside the repository."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "x.md").write_text("# Elsewhere\n\n## Progress\n\n- [ ] `true`\n", encoding="utf-8")
    (repo / "plans" / "0002-link.md").symlink_to(outside / "x.md")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "link")


def test_a_plan_linked_out_of_the_repository_leaves_the_others_readable(
    repo: Path, tmp_path: Path
) -> None:
    # `plan report` (and MCP's `report {}`) and `plan lint` of all plans failed outright,
    # exit 2, when one plan of the folder was a link out; now that one is said, the rest
    # shown. Naming it is still refused.
    write_plan(repo, [row("T1", "`true`")])
    _linked_plan_out(repo, tmp_path)
    report = plan("report", "-o", "page.html")
    assert report.code == 0, report.err
    page = (repo / "page.html").read_text(encoding="utf-8")
    assert "0001-run" in page
    assert "outside the repository" in page
    assert "Elsewhere" not in page  # never read
    lint = plan("lint")
    assert lint.code == 1, lint.out + lint.err
    assert "plans/0002-link.md:1: P004" in lint.out
    assert "2 plans" in lint.out
    assert plan("report", "plans/0002-link.md", "-o", "x.html").code == 2
    assert plan("lint", "plans/0002-link.md").code == 2


def test_a_path_without_bash_still_runs_commands_under_bash(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Seventh pass, case 13: with bash left out of PATH (a minimal PATH) while bash was
    # installed, commands fell back to sh, where `false | cat` passes: no pipefail.
    import shutil

    if not Path("/bin/bash").exists() and not Path("/usr/bin/bash").exists():
        pytest.skip("no bash where it usually is")
    tools = tmp_path / "bin"
    tools.mkdir()
    for name in ("sh", "cat", "false", "git"):
        found = shutil.which(name)
        assert found is not None, name
        (tools / name).symlink_to(found)
    write_plan(repo, [row("T1", "`false \\| cat`")])
    monkeypatch.setenv("PATH", str(tools))
    result = plan("run", "T1", "--json")
    assert result.code == 1, result.out + result.err
    assert result.json()["results"][0]["status"] == "failed"
