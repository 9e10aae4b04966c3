"""The architecture, checked: sizes, and which module owns each outside library (STYLE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

RUNNER = Path(__file__).parent.parent / "runner"
MODULES = sorted(RUNNER.rglob("*.py"))

# Each outside library has one owner (or one family of modules) that may import it.
OWNERS = {
    "typer": ("cli/",),
    "click": ("cli/",),
    "git": ("vcs/",),
    "doit": ("run/executor.py",),
    "tabulate": ("outputs/terminal.py",),
    "mcp": ("mcp/",),
}
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _name(path: Path) -> str:
    return path.relative_to(RUNNER).as_posix()


def _imports(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_module_size(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_MODULE_LINES, f"{_name(path)} has {lines} lines"


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_function_size(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    long = [
        f"{node.name} ({(node.end_lineno or node.lineno) - node.lineno + 1} lines)"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (node.end_lineno or node.lineno) - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long, f"{_name(path)}: " + ", ".join(long)


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_outside_libraries_have_one_owner(path: Path) -> None:
    name = _name(path)
    imported = _imports(ast.parse(path.read_text(encoding="utf-8")))
    strays = [
        lib
        for lib, owners in OWNERS.items()
        if lib in imported and not any(name.startswith(o) for o in owners)
    ]
    assert not strays, f"{name} imports {', '.join(strays)}"
