"""The tasks of the plans in a folder as doit task dicts, for a project's dodo.py.

`doit list` shows one task per plan task (`0001.P1.T2`) and one per plan's gates
(`0001.gates`); running one runs `plan run` / `plan gates`, so the result is
recorded, journaled and committed exactly as from the `plan` command.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from runner.config import plan_files
from runner.errors import PlanError
from runner.planfile import options, read, workspace
from runner.report import short


def plan_tasks(folder: Path) -> Iterator[dict[str, Any]]:
    """doit task dicts (with `basename`) for every task and gates table in the folder."""
    opts = options(workspace(folder).settings)
    for path in plan_files(folder):
        try:
            plan = read(path, str(path), opts=opts).plan
        except PlanError:
            continue
        m = re.match(r"(\d+)", path.stem)
        prefix = m.group(1) if m else path.stem
        runner = [sys.executable, "-m", "runner"]
        for task in plan.tasks:
            yield {
                "basename": f"{prefix}.{task.id}",
                "doc": short(
                    f"[{task.status.value if task.status else '?'}] {task.description}", 70
                ),
                "actions": [[*runner, "run", "-p", str(path), task.id]],
                "uptodate": [False],
                "verbosity": 2,
            }
        if plan.gates:
            yield {
                "basename": f"{prefix}.gates",
                "doc": short(
                    f"Quality Gates of {path.name}: " + ", ".join(g.name for g in plan.gates), 70
                ),
                "actions": [[*runner, "gates", "-p", str(path)]],
                "uptodate": [False],
                "verbosity": 2,
            }
