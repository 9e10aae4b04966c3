"""Issue 19 case 5, ninth pass (cases/05i, 05h): a description's "Run `x`" followed by a
condition, a time, a place or a person ran, and so did a gate's command with a remark
("(retired in v2)", "(skip)"). The words attached to a run instruction are read as a family:
empty, or those of an instruction or an expectation, it runs; anything else makes it a
mention, the task stays manual and `plan lint` says why (P122)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import plan, write_plan, write_text_plan

MENTIONED = [
    "Run `touch {f}` once the DB is migrated", "Run `touch {f}` when approved by security",
    "Run `touch {f}` on Fridays", "Run `touch {f}` after merging", "Run `touch {f}` in production",
    "Execute `touch {f}` after the release", "Run `touch {f}` before the migration",
    "Run `touch {f}` if the cache is stale", "Run `touch {f}` from a clean checkout",
    "Run `touch {f}` at midnight", "Run `touch {f}` by hand", "Run `touch {f}` on the staging box",
    "Run `touch {f}` as the deploy user", "Ask Bob to run `touch {f}`",
    "Tell the customer to run `touch {f}`", "Users can run `touch {f}` to reset",
    "Run `touch {f}` (skip)",
]  # fmt: skip
# What real descriptions attach to a check that runs: these still run.
RUNS = [
    "Run `touch {f}`", "Run `touch {f}` from the repo root", "Run `touch {f}` to verify the fix",
    "Run `touch {f}` locally", "Run `touch {f}` (takes ~2 min)", "Run `touch {f}`, then commit",
    "Run `touch {f}` again for the docs", "Run `touch {f}` for every deliverable file",
    "Run `touch {f}` and check that it passes", "You can run `touch {f}` to confirm",
    "Run `touch {f}` in the container", "Run `touch {f}`; it should pass",
]  # fmt: skip


def _table(rows: list[tuple[str, str]]) -> str:
    body = "\n".join(f"| {i} | {d} | |" for i, d in rows)
    head = "# P\n\n- Status: In Progress\n\n## Tasks\n\n| ID | Task | Status |\n|---|---|---|\n"
    return f"{head}{body}\n"


def test_a_condition_time_place_or_person_after_run_makes_a_mention(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "Run `x` in the container" runs where the runner is in one (see test_twelfth_wordings).
    monkeypatch.setenv("PLAN_IN_CONTAINER", "1")
    rows = [(f"M{k}", d.format(f=f"m{k}")) for k, d in enumerate(MENTIONED)]
    rows += [(f"R{k}", d.format(f=f"ok{k}")) for k, d in enumerate(RUNS)]
    write_text_plan(repo, _table(rows))
    result = plan("run", "--all", "--keep-going")
    made = sorted(p.name for p in repo.iterdir() if p.name.startswith("m") and p.is_file())
    assert made == [], made
    ran = sorted(p.name for p in repo.iterdir() if p.name.startswith("ok"))
    assert ran == sorted(f"ok{k}" for k in range(len(RUNS))), result.out
    tasks = {t["id"]: t for t in plan("status", "--json").json()["tasks"]}
    assert [k for k, t in tasks.items() if k.startswith("M") and t["status"] == "passed"] == []
    assert all(tasks[f"R{k}"]["status"] == "passed" for k in range(len(RUNS))), tasks
    lint = plan("lint").out
    assert "P122 task M1: `touch m1` is not run: 'when approved by security' is a condition" in lint
    assert "P122 task M13: `touch m13` is not run: 'Ask Bob to' asks someone else" in lint
    assert "task is manual" in lint
    assert "P122 task R" not in lint


def test_a_gate_command_with_a_remark_is_refused_as_a_validation_cell_is(repo: Path) -> None:
    gates = [
        "| G1 | `touch g1` (retired in v2) | exit 0 |",
        "| G2 | `touch g2` (skip) | exit 0 |",
        "| G3 | `touch g3` (takes ~1 min) | exit 0 |",
    ]
    write_plan(repo, ["| X | 1 | T1 | T1 | Code | Task T1. | `true` | | |"], gates)
    for gate in ("G1", "G2"):
        result = plan("gates", "--only", gate)
        assert result.code == 3, result.out
        assert f"gate '{gate}' has no command" in result.err
    assert not (repo / "g1").exists()
    assert not (repo / "g2").exists()
    result = plan("gates", "--only", "G3")
    assert (repo / "g3").exists(), result.out
