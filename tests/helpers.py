"""Running the CLI in-process, writing plans into a test repository, taking snapshots."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from runner.cli import app
from tests.conftest import git


@dataclass
class Result:
    """What a `plan` invocation did."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        """stdout as the one JSON document it must be."""
        return json.loads(self.out)


def plan(*args: str) -> Result:
    """Run `plan ARGS` in-process, in the current folder."""
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)


def snapshot(root: Path) -> dict[str, str]:
    """A hash of every file under root (the .git folder aside)."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


# A canonical-dialect plan with a task table and a Quality Gates table to fill in.
TABLE = """# ExecPlan: Run fixture

- Status: Proposed
- Start: 2026-01-01 • Last Updated: 2026-01-01T00:00Z

## Purpose / Big Picture

Run things.

## Detailed Phase Task Steps

| Status | Phase # | Task # | ID | Task Type | Description | Validation | Depends | Timeout |
| ------ | ------- | ------ | -- | --------- | ----------- | ---------- | ------- | ------- |
{rows}

## Progress Per Session

- (2026-01-01T00:00Z) Hand-written line.

## Surprises & Discoveries

## Decision Log

## Test Plan

### Quality Gates

| Gate | Command | Threshold / Expectation |
| ---- | ------- | ----------------------- |
{gates}

## Outcomes & Retrospective
"""


def row(
    task_id: str,
    validation: str,
    *,
    kind: str = "Code",
    depends: str = "",
    timeout: str = "",
    status: str = "",
) -> str:
    """One canonical task row: phase 1, the id as task number, `validation` as its command."""
    return (
        f"| {status:6} | 1       | {task_id:6} | {task_id} | {kind:9} | Task {task_id}. |"
        f" {validation} | {depends} | {timeout} |"
    )


def alive(pid: int) -> bool:
    """Running (a zombie waiting for a parent that never reaps is not running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def until(flag: Path) -> str:
    """Shell that waits until `flag` exists: a command that runs exactly as long as a test
    needs it to (the test creates the flag), where a fixed `sleep` was waited out in full, or
    was too short on a loaded machine."""
    return f"until [ -e {flag} ]; do sleep 0.01; done"


def write_text_plan(repo: Path, text: str, name: str = "0001-run.md") -> Path:
    """Write a plan of our own (its whole text) into repo/plans and commit it."""
    folder = repo / "plans"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    git(repo, "add", "plans")
    git(repo, "commit", "-q", "-m", "add plan")
    return path


def spawn(repo: Path, *args: str) -> subprocess.Popen[str]:
    """`plan ARGS` as a process of its own in `repo` (for runs that race one another)."""
    return subprocess.Popen(
        [sys.executable, "-m", "runner", *args],
        cwd=repo,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        stdin=subprocess.DEVNULL,
    )


def write_plan(
    repo: Path, rows: list[str], gates: list[str] | None = None, name: str = "0001-run.md"
) -> Path:
    """Write a plan of `rows` (and gate rows) into repo/plans and commit it."""
    folder = repo / "plans"
    folder.mkdir(exist_ok=True)
    path = folder / name
    gate_rows = gates if gates is not None else ["| Ok | `true` | passes |"]
    path.write_text(
        TABLE.format(rows="\n".join(rows), gates="\n".join(gate_rows)), encoding="utf-8"
    )
    git(repo, "add", "plans")
    git(repo, "commit", "-q", "-m", "add plan")
    return path


def sinks(repo: Path, said: list[str]) -> dict[str, str]:
    """Every output a run writes, each line of `said` printed by a failing task of its own
    (the plan's own text holds no secret; the live echo on stderr is the command's own)."""
    (repo / "said.txt").write_text("\n".join(said) + "\n", encoding="utf-8")
    rows = [row(f"T{k}", f"`sed -n {k}p said.txt; false`") for k in range(1, len(said) + 1)]
    write_plan(repo, rows)
    junit = repo / "j.xml"
    r = plan("run", "--all", "--junit", str(junit), "--json")
    assert r.code == 1
    found = {
        "json": r.out,
        "plan": (repo / "plans" / "0001-run.md").read_text(encoding="utf-8"),
        "commit": subprocess.run(
            ["git", "-C", str(repo), "log", "-3", "--format=%B"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout,
        "junit": junit.read_text(encoding="utf-8"),
        "history": plan("history").out,
    }
    assert plan("report", "-o", "rep.html").code == 0
    found["report"] = (repo / "rep.html").read_text(encoding="utf-8")
    return found
