"""What every benchmark shares: how to run `plan` and `doit`, time a child, generate plans."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
BIN = Path(sys.executable).parent


ROOT = HERE.parent
# What the `plan` console script runs, with this checkout first on the path, so the
# figures are those of this tree whether it is installed editable or not.
PLAN_ENTRY = f"import sys; sys.path.insert(0, {str(ROOT)!r}); from runner.cli import main; main()"


def tool(name: str) -> list[str]:
    """How to run `plan` (this checkout) or another console script beside this interpreter."""
    if name == "plan":
        return [sys.executable, "-c", PLAN_ENTRY]
    script = BIN / name
    return [str(script)] if script.exists() else [sys.executable, "-m", name]


@dataclass
class Run:
    """Wall time (s), peak RSS (MB) and CPU time (user + system, s) of one child process.

    CPU time is reported beside wall time because the machine is shared: other
    work stretches wall time, much less the CPU the child itself used.
    """

    wall: float
    rss_mb: float
    code: int
    cpu: float = 0.0


def measure(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run a command to completion, output discarded; wall time and its peak RSS."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(wall, usage.ru_maxrss / 1024, proc.returncode, usage.ru_utime + usage.ru_stime)


def alternate(a: Callable[[], Run], b: Callable[[], Run], n: int) -> tuple[list[Run], list[Run]]:
    """A, B, A, B ... after one warm-up of each."""
    a()
    b()
    runs_a: list[Run] = []
    runs_b: list[Run] = []
    for _ in range(n):
        runs_a.append(a())
        runs_b.append(b())
    return runs_a, runs_b


def med(runs: list[Run]) -> float:
    """Median wall time."""
    return statistics.median(r.wall for r in runs)


def med_cpu(runs: list[Run]) -> float:
    """Median CPU time."""
    return statistics.median(r.cpu for r in runs)


def med_rss(runs: list[Run]) -> float:
    """Median peak RSS."""
    return statistics.median(r.rss_mb for r in runs)


PLAN_HEAD = """# ExecPlan: Benchmark plan

- Status: In Progress
- Start: 2026-01-01 • Last Updated: 2026-01-01T00:00Z

## Purpose / Big Picture

Generated for the benchmarks.

## Detailed Phase Task Steps

| Status | Phase # | Task # | Task Type | Description | Validation |
| ------ | ------- | ------ | --------- | ----------- | ---------- |
"""

PLAN_TAIL = """
## Progress Per Session

## Surprises & Discoveries

## Decision Log

## Outcomes & Retrospective
"""


def make_plan(folder: Path, n: int, command: str = "true", gates: str = "") -> Path:
    """A plan with n tasks, each validated by `command`."""
    rows = "".join(
        f"|        | {i // 50 + 1} | {i + 1} | Code | Task {i + 1}: change `src/m{i}.py` and"
        f" keep it tidy. | `{command}` |\n"
        for i in range(n)
    )
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "plan.md"
    path.write_text(PLAN_HEAD + rows + PLAN_TAIL + gates, encoding="utf-8")
    return path


def make_dodo(folder: Path, n: int) -> None:
    """A dodo.py with n tasks."""
    body = "\n".join(
        f'def task_t{i}():\n    """Task {i}."""\n    return {{\'actions\': [\'true\']}}\n'
        for i in range(n)
    )
    (folder / "dodo.py").write_text(body, encoding="utf-8")
