"""The architecture, checked: the layers hold (import-linter's contracts in pyproject.toml),
no module takes part in an import circle, and each outside library has one owner (STYLE.md).

Sizes are not checked: a module is as long as its one concept.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

PROJECT = Path(__file__).parent.parent
RUNNER = PROJECT / "runner"
MODULES = sorted(RUNNER.rglob("*.py"))

# Each outside library has one owner (a module or a package) that may import it.
OWNERS = {
    "typer": ("cli/",),
    "click": ("cli/",),
    "git": ("vcs/",),
    "doit": ("run/executor.py",),
    "tabulate": ("outputs/terminal.py",),
    "mcp": ("mcp/",),
    "markdown_it": ("markdown/",),
    "filelock": ("workspace/state.py",),
}


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
def test_outside_libraries_have_one_owner(path: Path) -> None:
    name = _name(path)
    imported = _imports(ast.parse(path.read_text(encoding="utf-8")))
    strays = [
        lib
        for lib, owners in OWNERS.items()
        if lib in imported and not any(name.startswith(o) for o in owners)
    ]
    assert not strays, f"{name} imports {', '.join(strays)}"


def _circles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), imports inside functions
    and under TYPE_CHECKING included: a circle hidden in a function is still a circle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.find_modules_directly_imported_by(node)):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_no_module_takes_part_in_an_import_circle() -> None:
    graph = grimp.build_graph("runner", cache_dir=None)
    # A package's __init__ imports nothing but is imported by the path of every module
    # below it; grimp does not draw those edges, so any circle here is a real one.
    assert _circles(graph) == []


def test_the_layer_contracts_hold() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=PROJECT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
