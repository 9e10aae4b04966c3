"""The tasks of the plans in a folder as doit task dicts, for a project's dodo.py.

`doit list` shows one task per plan task (`0001.P1.T2`) and one per plan's gates
(`0001.gates`); running one runs `plan run` / `plan gates`, so the result is
recorded, journaled and committed exactly as from the `plan` command.

Basenames are `KEY.ID` and `KEY.gates`, where a plan's KEY is the first of these
that no other plan in the folder shares:

- its leading number (`0001` for `0001-setup.md`);
- its file stem (`0002-a` and `0002-b` for `0002-a.md` and `0002-b.md`, which share
  a number; `notes` for `notes.md`, which has none);
- its file name (`x.md` and `x.MD`);
- its folder and stem, for one plan per folder (`timer-ux-PLAN` for `timer-ux/PLAN.md`).

So a plan's basenames change only when another plan with its number appears or goes.
A plan that cannot be read is not skipped silently: it becomes a task `KEY.unreadable`
whose doc gives the reason and whose action fails with `plan`'s own error message,
and a warning goes to stderr. A basename made twice (a task ID repeated in one plan,
which `plan lint` reports as P103) is kept once, with a warning, so that `doit list`
still works.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runner.errors import PlanError
from runner.plan.words import short
from runner.workspace.config import plan_files
from runner.workspace.layout import options, workspace
from runner.workspace.planfile import read

if TYPE_CHECKING:
    from runner.plan.rows import Options

DOC_WIDTH = 70


def plan_tasks(folder: Path) -> Iterator[dict[str, Any]]:
    """doit task dicts (with `basename`) for every task and gates table in the folder."""
    opts = options(workspace(folder).settings)
    seen: set[str] = set()
    for path, key in plan_keys(plan_files(folder)).items():
        for task in _tasks_of(path, key, opts):
            if task["basename"] in seen:
                _warn(f"{path}: doit task {task['basename']} is defined twice; kept the first")
                continue
            seen.add(task["basename"])
            yield task


def plan_keys(paths: list[Path]) -> dict[Path, str]:
    """Each plan's basename prefix: its number, else its stem, else its name (see above)."""
    pickers: list[Callable[[Path], str | None]] = [
        _number,
        lambda p: p.stem,
        lambda p: p.name,
        # One plan per folder (`timer-ux/PLAN.md`, `x/000-plan.md`): the folder names it.
        lambda p: f"{p.parent.name}-{p.stem}",
    ]
    keys: dict[Path, str] = {}
    for pick in pickers:
        left = [p for p in paths if p not in keys]
        counts = Counter(pick(p) for p in left)
        for p in left:
            key = pick(p)
            if key is not None and counts[key] == 1:
                keys[p] = key
    return {p: keys.get(p, p.name) for p in paths}


def _number(path: Path) -> str | None:
    m = re.match(r"\d+", path.stem)
    return m.group(0) if m else None


def _tasks_of(path: Path, key: str, opts: Options) -> Iterator[dict[str, Any]]:
    runner = [sys.executable, "-m", "runner"]
    try:
        plan = read(path, str(path), opts=opts).plan
    except PlanError as exc:
        _warn(f"unreadable plan: {exc.render()}")
        where = f"{path.name}:{exc.line}" if exc.line else path.name
        action = [*runner, "status", "-p", str(path)]
        yield _task(f"{key}.unreadable", f"unreadable: {where}: {exc.message}", action)
        return
    for task in plan.tasks:
        status = task.status.value if task.status else "?"
        doc = f"[{status}] {task.description}"
        yield _task(f"{key}.{task.id}", doc, [*runner, "run", "-p", str(path), task.id])
    if plan.gates:
        doc = f"Quality Gates of {path.name}: " + ", ".join(g.name for g in plan.gates)
        yield _task(f"{key}.gates", doc, [*runner, "gates", "-p", str(path)])


def _task(basename: str, doc: str, action: list[str]) -> dict[str, Any]:
    return {
        "basename": basename,
        "doc": short(doc, DOC_WIDTH),
        "actions": [action],
        "uptodate": [False],
        "verbosity": 2,
    }


def _warn(message: str) -> None:
    print(f"plan: warning: {message}", file=sys.stderr)
