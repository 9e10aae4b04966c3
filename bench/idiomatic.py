"""Issue 17: `plan status` beside what a doit user has — a dodo.py whose tasks come from one
generator, listed with `doit list --all` — and beside the previous release, in paired runs.

`python -m bench idiomatic` (set PLAN_PREVIOUS to the previous release's `plan` executable
to include it). Each pair runs the two commands back to back, in alternating order, so load
from other work falls on both alike; the ratio reported is the median of per-pair ratios,
with the ratio of medians beside it.
"""

from __future__ import annotations

import os
import statistics
import subprocess
from pathlib import Path

from bench.common import Run, make_plan, measure, tool

GOALS = {("table", 50): 1.0, ("table", 10000): 1.5, ("json", 50): 0.9}


def make_generator_dodo(folder: Path, n: int) -> None:
    """The dodo.py a doit user writes for n similar tasks: one generator."""
    (folder / "dodo.py").write_text(
        "def task_t():\n"
        '    """The tasks."""\n'
        f"    for i in range({n}):\n"
        "        yield {'name': f'{i + 1}', 'actions': ['true'], 'doc': f'Task {i + 1}.'}\n",
        encoding="utf-8",
    )


def paired(a: list[str], b: list[str], cwd: Path, pairs: int) -> tuple[list[Run], list[Run]]:
    """A and B back to back, alternating which goes first, after one warm-up of each."""
    measure(a, cwd)
    measure(b, cwd)
    runs_a: list[Run] = []
    runs_b: list[Run] = []
    for k in range(pairs):
        if k % 2:
            runs_b.append(measure(b, cwd))
            runs_a.append(measure(a, cwd))
        else:
            runs_a.append(measure(a, cwd))
            runs_b.append(measure(b, cwd))
    return runs_a, runs_b


def bench_idiomatic(rows: list[list[str]], work: Path) -> None:
    """Rows: per size and output, the median of per-pair ratios to `doit list --all`."""
    previous = os.environ.get("PLAN_PREVIOUS")
    for n, pairs in ((50, 21), (10000, 9)):
        folder = work / f"idiomatic{n}"
        plan = make_plan(folder, n)
        make_generator_dodo(folder, n)
        subprocess.run(["git", "init", "-q", "-b", "main"], cwd=folder, check=True)
        doit = [*tool("doit"), "list", "--all"]
        for kind, extra in (("table", []), ("json", ["--json"])):
            ours = [*tool("plan"), "status", str(plan), *extra]
            a, b = paired(ours, doit, folder, pairs)
            _row(rows, f"`plan status{' --json' if extra else ''}`", kind, n, a, b)
            if n == 50 and kind == "table":
                _floors(rows, folder, doit, pairs)
            if previous:
                p, b2 = paired([previous, "status", str(plan), *extra], doit, folder, pairs)
                _row(rows, f"previous release, `plan status{' --json' if extra else ''}`",
                     "", n, p, b2)  # fmt: skip


def _floors(rows: list[list[str]], folder: Path, doit: list[str], pairs: int) -> None:
    """What any typer program pays before it reads a plan: the interpreter alone, and the
    interpreter importing typer (the user's chosen front door) and tabulate; beside
    `doit list --all`, so the note can say what stands in the way of the goal at 50 tasks."""
    python = tool("plan")[0]
    for label, code in (
        ("floor: `python -c pass`", "pass"),
        ("floor: `python -c 'import typer, tabulate'`", "import typer, tabulate"),
    ):
        a, b = paired([python, "-c", code], doit, folder, pairs)
        _row(rows, label, "", 50, a, b)


def _row(rows: list[list[str]], label: str, kind: str, n: int, a: list[Run], b: list[Run]) -> None:
    per_pair = statistics.median(x.wall / y.wall for x, y in zip(a, b, strict=True))
    of_medians = statistics.median(x.wall for x in a) / statistics.median(y.wall for y in b)
    goal = GOALS.get((kind, n))
    rows.append(
        [
            f"{label} / `doit list --all` (generator dodo), {n} tasks",
            f"{per_pair:.2f} (medians {statistics.median(x.wall for x in a) * 1000:.0f} /"
            f" {statistics.median(y.wall for y in b) * 1000:.0f} ms, ratio {of_medians:.2f})",
            f"{len(a)} pairs",
            f"≤ {goal}" if goal else "",
            ("met" if per_pair <= goal else "missed") if goal else "",
        ]
    )
