"""Attacks found on `plan`: each one replayed through the CLI in a real git repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import TABLE, plan, row, write_plan

HEADER = "".join(TABLE.splitlines(keepends=True)[11:13])


def _hostile(repo: Path, deep: str, marker: Path) -> Path:
    """A plan whose Purpose nests `deep`, then hides task tables in a fence and a comment."""
    decoy = HEADER + row("Z1", f"`touch {marker}`") + "\n"
    hidden = f"{deep}\n\n```markdown\n{decoy}```\n\n<!--\n{decoy}-->\n\n"
    path = write_plan(repo, [row("T1", "`true`")])
    text = path.read_text(encoding="utf-8").replace("Run things.\n", f"Run things.\n\n{hidden}")
    path.write_text(text, encoding="utf-8")
    return path


DEEP = {
    "list": "- - - - - - - - - - deep",
    "outline": "\n".join("  " * i + f"- level {i}" for i in range(12)),
    "quote": "> " * 30 + "deep\n" + "> " * 30 + "deeper",
    "very deep": "- " * 200 + "deep",
}


@pytest.mark.parametrize("shape", sorted(DEEP))
def test_deep_nesting_does_not_open_fences_or_comments(
    repo: Path, tmp_path: Path, shape: str
) -> None:
    marker = tmp_path / "PWN"
    path = _hostile(repo, DEEP[shape], marker)
    status = plan("status", "--json", "-p", str(path))
    assert status.code == 0, status.err
    assert "Z1" not in status.out
    assert "T1" in status.out
    result = plan("next", "-p", str(path))
    assert result.code == 0, result.err
    assert not marker.exists()
    text = path.read_text(encoding="utf-8")
    assert text.count("## Progress Per Session") == 1
    assert "| X      | 1       | Z1" not in text
