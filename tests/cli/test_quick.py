"""`plan status` answered without typer says exactly what the typer command says: same
stdout, stderr and exit code for every plain argument list; anything else goes to typer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from runner.cli.quick import View, request
from tests.helpers import row, write_plan, write_text_plan

TYPER_ONLY = "import sys; from runner.cli.application import app; app(prog_name='plan')"
NO_TRACKER = "# ExecPlan: Prose only\n\n## Purpose / Big Picture\n\nNothing to run.\n"


def both(repo: Path, *args: str, env: dict[str, str] | None = None) -> None:
    """Run `plan ARGS` through the console entry and through typer alone; they must agree."""
    environ = {**os.environ, **(env or {})}
    quick = subprocess.run(
        [sys.executable, "-m", "runner", *args], cwd=repo, capture_output=True, env=environ
    )
    typer = subprocess.run(
        [sys.executable, "-c", TYPER_ONLY, *args], cwd=repo, capture_output=True, env=environ
    )
    assert (quick.returncode, quick.stdout, quick.stderr) == (
        typer.returncode,
        typer.stdout,
        typer.stderr,
    ), args


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["status"], 2),  # several plans: which one?
        (["status", "plans/0001-run.md"], 0),
        (["status", "--json", "plans/0001-run.md"], 0),
        (["status", "plans/0001-run.md", "-q"], 0),
        (["status", "--quiet", "--json", "--json", "plans/0001-run.md"], 0),
        (["status", "plans/missing.md"], 2),
        (["status", "--json", "plans/0002-prose.md"], 3),
        (["status", "plans/0003-latin1.md"], None),
        (["status", "README.md"], None),
    ],
)
def test_a_plain_status_says_what_the_typer_command_says(
    repo: Path, args: list[str], code: int | None
) -> None:
    write_plan(repo, [row("T1", "`true`"), row("T2", "`false`", status="??")])
    write_text_plan(repo, NO_TRACKER, "0002-prose.md")
    (repo / "plans" / "0003-latin1.md").write_bytes(b"# Plan \xe9t\xe9\n")
    both(repo, *args)
    if code is not None:
        done = subprocess.run([sys.executable, "-m", "runner", *args], cwd=repo)
        assert done.returncode == code


def test_the_plan_named_by_plan_file_and_an_empty_argument_agree(repo: Path) -> None:
    write_plan(repo, [row("T1", "`true`")])
    write_text_plan(repo, NO_TRACKER, "0002-prose.md")
    both(repo, "status", env={"PLAN_FILE": "plans/0001-run.md"})
    both(repo, "status", "", env={"PLAN_FILE": "plans/0002-prose.md"})


def test_a_plain_status_never_imports_typer(repo: Path) -> None:
    write_plan(repo, [row("T1", "`true`")])
    probe = (
        "import sys; sys.argv = ['plan', 'status', '--json']\n"
        "from runner.cli import main\n"
        "try:\n    main()\nexcept SystemExit as done:\n    code = done.code\n"
        "print(code, 'typer' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=repo, capture_output=True, text=True)
    assert done.stderr.split() == ["0", "False"]


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["show", "T1"],
        ["status", "--help"],
        ["status", "-h"],
        ["status", "--plan", "x.md"],
        ["status", "-p", "x.md"],
        ["status", "--plan=x.md"],
        ["status", "--", "x.md"],
        ["status", "-"],
        ["status", "-qv"],
        ["status", "--jso"],
        ["status", "a.md", "b.md"],
        ["--version"],
    ],
)
def test_anything_but_plain_arguments_is_left_to_typer(argv: list[str]) -> None:
    assert request(argv) is None


def test_completion_is_left_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_PLAN_COMPLETE", "bash_complete")
    assert request(["status"]) is None


def test_plain_arguments_are_read_as_typer_reads_them() -> None:
    assert request(["status"]) == View(None)
    assert request(["status", "p.md", "--json"]) == View("p.md", json=True)
    assert request(["status", "-q", "p.md", "--quiet"]) == View("p.md", quiet=True)
