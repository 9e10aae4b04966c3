"""Case 8 in the Quality Gates table, ninth pass: a Threshold / Expectation cell that states
an expected output ("prints `3`", "Expected: `3`", a lone `3`, "== 3", "is empty") passed
"not checked", although FORMAT.md §3 says a stated expectation decides."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import plan, row, write_plan

CELLS = ["prints `3`", "Expected: `3`", "`3`", "is empty", "returns nothing"]


@pytest.mark.parametrize("cell", CELLS)
def test_a_gate_whose_output_is_not_the_stated_one_fails(repo: Path, cell: str) -> None:
    write_plan(repo, [row("T1", "`true`")], gates=[f"| G1 | `echo 5` | {cell} |"])
    result = plan("gates", "--json").json()["results"]
    assert [r["status"] for r in result] == ["failed"], result


@pytest.mark.parametrize(
    ("cell", "command"),
    [*((c, "echo 3") for c in CELLS[:3]), (CELLS[3], "true"), (CELLS[4], "true")],
)
def test_a_gate_whose_output_is_the_stated_one_passes(repo: Path, cell: str, command: str) -> None:
    write_plan(repo, [row("T1", "`true`")], gates=[f"| G1 | `{command}` | {cell} |"])
    result = plan("gates", "--json").json()["results"]
    assert [r["status"] for r in result] == ["passed"], result
    assert "not checked" not in plan("status").out
