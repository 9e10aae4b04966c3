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

doit is the local engine (issue 22), so the export behaves as one:

- A task's `Depends` become doit `task_dep`s (within its plan; a dependency cycle, lint
  P105, is left to `plan run` to report), so doit orders them and `-n` runs only what is
  ready.
- Every action waits for the plan's lock (`--wait`) rather than failing: two tasks of one
  plan run one after the other even under `doit -n 2`, while tasks of different plans
  (different locks) still run at once.
- A task is up to date for doit when the plan records it done (passed or skipped) and,
  when the runner kept the commands of its last passing run, they are still the task's
  commands; this is read from the plan and its kept results when doit asks, so a second
  `doit` runs nothing and commits nothing. The gates task runs `plan gates`, which skips
  gates whose fingerprint is unchanged and then commits nothing.
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runner.errors import PlanError
from runner.plan.inference import unescape_cell
from runner.plan.words import short
from runner.workspace import state
from runner.workspace.config import plan_files
from runner.workspace.layout import Workspace, for_plan, options, workspace
from runner.workspace.planfile import read, read_plan

if TYPE_CHECKING:
    from runner.plan.model import Plan
    from runner.plan.rows import Options

DOC_WIDTH = 70
# How long an exported task waits for another run's lock on its plan: a run holds it for
# as long as its commands take, so the wait is long; Ctrl-C still stops it.
LOCK_WAIT = "24h"


def plan_tasks(folder: Path) -> Iterator[dict[str, Any]]:
    """doit task dicts (with `basename`) for every task and gates table in the folder."""
    ws = workspace(folder)
    opts = options(ws.settings)
    seen: set[str] = set()
    for path, key in plan_keys(plan_files(folder)).items():
        for task in _tasks_of(ws, path, key, opts):
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


def _tasks_of(ws: Workspace, path: Path, key: str, opts: Options) -> Iterator[dict[str, Any]]:
    runner = [sys.executable, "-m", "runner"]
    try:
        plan = read(path, str(path), opts=opts).plan
    except PlanError as exc:
        _warn(f"unreadable plan: {exc.render()}")
        where = f"{path.name}:{exc.line}" if exc.line else path.name
        action = [*runner, "status", "-p", str(path)]
        yield _task(f"{key}.unreadable", f"unreadable: {where}: {exc.message}", action)
        return
    record = _Record(ws, path)
    after = _dependencies(plan)
    for task in plan.tasks:
        status = task.status.value if task.status else "?"
        doc = f"[{status}] {task.description}"
        action = [*runner, "run", "-p", str(path), "--wait", LOCK_WAIT, task.id]
        exported = _task(f"{key}.{task.id}", doc, action)
        exported["task_dep"] = [f"{key}.{d}" for d in after.get(task.id, ())]
        exported["uptodate"] = [partial(record.up_to_date, task.id)]
        yield exported
    if plan.gates:
        doc = f"Quality Gates of {path.name}: " + ", ".join(g.name for g in plan.gates)
        action = [*runner, "gates", "-p", str(path), "--wait", LOCK_WAIT]
        yield _task(f"{key}.gates", unescape_cell(doc), action)


def _dependencies(plan: Plan) -> dict[str, list[str]]:
    """Each task's `Depends` that the plan has, as doit may take them: without the edges
    inside a dependency cycle (doit would refuse the whole run; `plan run` reports the
    cycle itself, P105). A task that only waits behind a cycle keeps its edge."""
    known = {t.id for t in plan.tasks}
    after: dict[str, list[str]] = {}
    for t in plan.tasks:
        if t.id not in after:  # a repeated ID (P103) means its first row, as in the plan
            after[t.id] = list(dict.fromkeys(d for d in t.depends if d in known and d != t.id))
    group = _components(after)
    return {i: [d for d in deps if group[d] != group[i]] for i, deps in after.items()}


def _components(graph: dict[str, list[str]]) -> dict[str, int]:
    """Each node's strongly connected component (Tarjan's, on an explicit stack: a chain
    of 10,000 dependencies is no recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    group: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    for root in graph:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            deps = graph[node]
            if i < len(deps):
                work.append((node, i + 1))
                d = deps[i]
                if d not in index:
                    work.append((d, 0))
                elif d in on_stack:
                    low[node] = min(low[node], index[d])
                continue
            if low[node] == index[node]:
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group[member] = index[node]
                    if member == node:
                        break
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return group


class _Record:
    """A plan's own record of its tasks, for doit's up-to-date check: read when doit asks,
    and again only when the plan or its kept results have changed since."""

    def __init__(self, ws: Workspace, path: Path) -> None:
        self.path = path
        self.base = ws
        self.ws: Workspace | None = None  # the plan's own repository's, found when first asked
        self.seen: tuple[object, ...] | None = None
        self.done: set[str] = set()

    def up_to_date(self, task_id: str) -> bool:
        """Done in the plan (passed or skipped), by the commands the task has now."""
        try:
            if self.ws is None:
                self.ws = for_plan(self.base, self.path)
            ws = self.ws
            seen = (_stamp(self.path), _stamp(state.results_file(ws, self.path)))
            if seen != self.seen:
                self.done = _done(ws, self.path)
                self.seen = seen
        except PlanError:
            return False  # unreadable now: `plan run` says why
        return task_id in self.done


def _done(ws: Workspace, path: Path) -> set[str]:
    plan = read_plan(ws, path).plan
    kept = state.last_results(ws, path)
    done: set[str] = set()
    for t in plan.tasks:
        if t.status is None or not t.status.done:
            continue
        entry = kept.get(f"task:{t.id}")
        ran = entry.get("commands") if entry is not None else None
        if ran is not None and t.commands and ran != state.commands_digest(t.commands):
            continue  # its Validation changed since it passed: run it again
        done.add(t.id)
    return done


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def _task(basename: str, doc: str, action: list[str]) -> dict[str, Any]:
    return {
        "basename": basename,
        "doc": short(doc, DOC_WIDTH),
        "actions": [action],
        "uptodate": [False],
        "verbosity": 2,
    }


def _warn(message: str) -> None:
    from runner.plan.redact import for_terminal

    print(f"plan: warning: {for_terminal(message)}", file=sys.stderr)
