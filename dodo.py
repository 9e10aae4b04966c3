"""The project's own tasks for doit: `doit lint`, `doit typecheck`, `doit test`, `doit bench`.

They mirror `.ci/run`, and the Quality Gates of the plans in `plans/` call them.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

PY = sys.executable
SOURCES = "runner tests dodo.py bench"

DOIT_CONFIG: dict[str, Any] = {
    "default_tasks": ["lint", "typecheck", "test"],
    "verbosity": 2,
    "dep_file": ".doit.db",
}


def task_lint() -> dict[str, Any]:
    """ruff (lint and formatting) and the import layers (import-linter)."""
    lint_imports = str(Path(PY).with_name("lint-imports"))
    return {
        "actions": [
            f"{PY} -m ruff check {SOURCES}",
            f"{PY} -m ruff format --check {SOURCES}",
            lint_imports,
        ],
        "uptodate": [False],
    }


def task_typecheck() -> dict[str, Any]:
    """mypy --strict over the package, the tests, dodo.py and the benchmarks."""
    return {"actions": [f"{PY} -m mypy"], "uptodate": [False]}


def task_test() -> dict[str, Any]:
    """The test suite."""
    return {"actions": [f"{PY} -m pytest -q"], "uptodate": [False]}


def task_coverage() -> dict[str, Any]:
    """The test suite with line and branch coverage, as CI measures it."""
    return {"actions": [f"{PY} -m pytest -q --cov --cov-report=term"], "uptodate": [False]}


def task_bench() -> dict[str, Any]:
    """Every benchmark; writes bench/RESULTS.md."""
    return {"actions": [f"{PY} -m bench"], "uptodate": [False]}


def task_plans() -> Any:
    """Every task of the plans in plans/ (`doit 0002.P1.T3`), run through `plan run`."""
    from runner.outputs.doittasks import plan_tasks

    yield from plan_tasks(Path(__file__).parent / "plans")
