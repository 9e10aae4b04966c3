"""Issue 19, case 15, the fourteenth pass (F15t): an output path a command turned into a link.

A check that replaced `reports/` with a link out of the repository (`ln -s /elsewhere
reports`) made `--junit reports/x.xml` write outside: the path was checked only before the
commands ran. It is checked again when the file is written; refused, nothing is written
there, and the run says so (exit 2).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import plan, row, write_plan


@pytest.mark.parametrize("args", [("run", "T1"), ("gates",)])
def test_a_link_made_by_the_run_is_not_written_through(
    repo: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (repo / "mk.sh").write_text(f"rm -rf reports; ln -s {outside} reports\n", encoding="utf-8")
    write_plan(
        repo, [row("T1", "`sh mk.sh`"), row("T2", "`true`")], gates=["| G | `sh mk.sh` | exit 0 |"]
    )
    r = plan(*args, "--junit", "reports/victim.xml")
    assert r.code == 2, r.out + r.err
    assert "the JUnit file was not written" in r.err
    assert not (outside / "victim.xml").exists()


def test_a_branch_name_reaches_the_journal_clean(repo: Path) -> None:
    # The fourteenth pass (F17n): `git checkout -b $'x\u202eevil'` put the override into
    # the plan's journal line.
    from tests.conftest import git

    git(repo, "checkout", "-q", "-b", "x\u202eevil\u200by")
    write_plan(repo, [row("T1", "`true`"), row("T2", "`true`")])
    assert plan("run", "T1").code == 0
    text = (repo / "plans" / "0001-run.md").read_text(encoding="utf-8")
    assert "\u202e" not in text
    assert "\u200b" not in text
    assert "plan session on `xevily`" in text
    assert plan("run", "T2").code == 0  # the same session: one heading, not two
    text = (repo / "plans" / "0001-run.md").read_text(encoding="utf-8")
    assert text.count("plan session on") == 1


@pytest.mark.parametrize(
    "command",
    [
        'test "$(cat .env)" = ok',
        'test -z "$(grep no .env)"',
        "sh -c 'grep -qx ok .env'",
        "python3 -c \"assert open('.env').read().strip() == 'ok'\"",
    ],
)
def test_an_ignored_file_read_inside_a_command_reruns_the_gate(repo: Path, command: str) -> None:
    # The fourteenth pass (F16a): the word inside `$( )` or a quoted program was not read,
    # and the gate stayed "up to date" after `.env` changed (a stale pass).
    (repo / ".env").write_text("ok\n", encoding="utf-8")
    (repo / ".gitignore").write_text(".env\n", encoding="utf-8")
    write_plan(repo, [row("T1", "`true`")], gates=[f"| G | `{command}` | exit 0 |"])
    assert plan("gates").code == 0
    (repo / ".env").write_text("no\n", encoding="utf-8")
    r = plan("gates")
    assert r.code == 1, r.out + r.err
