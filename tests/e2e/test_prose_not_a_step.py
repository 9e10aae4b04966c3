"""Issue 19, case 5, tenth pass: spans the plan speaks of ran as steps. A label that puts the
step off or turns it down ("Someday:", "Deprecate:", "We decided against:", "TBD:"), an
example ("e.g. run"), a reference ("see `x`"), a step for another place or another runner
("on the build server, not locally", "CI runs `x`", "is run by CI") and a struck span are
mentions: never run, in a Validation cell, a description or a checklist item, and never a
check under `plan accept`. Plans of our own, through the CLI."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import plan, row, write_plan, write_text_plan

# `{f}` is a file the span would create if it ran.
SPOKEN_OF = [
    "Deprecate: run `touch {f}`",
    "Someday: run `touch {f}`",
    "Later: run `touch {f}`",
    "Future work: run `touch {f}`",
    "Out of scope: run `touch {f}`",
    "We decided against: `touch {f}`",
    "Rejected: `touch {f}`",
    "e.g. run `touch {f}`",
    "for example `touch {f}`",
    "Run `touch {f}` on the build server, not locally",
    "CI runs `touch {f}`",
    "see `touch {f}`",
    "TBD: `touch {f}`",
    "n/a — `touch {f}` is run by CI",
    "Test: n/a (`touch {f}` later)",
    "Run: see `touch {f}` in README",
    "Deferred to v2: run `touch {f}`",
    "Eventually: run `touch {f}`",
    "Jenkins runs `touch {f}`",
]
# What real plans write beside these words: still steps.
STEPS = [
    "Run `touch {f}`",
    "Node 18 or later: run `touch {f}`",
    "Run `touch {f}` (as run in CI)",
    "Tests: `touch {f}`",
    "Run `touch {f}`, then see the output",
]

DESCRIBED = """# P

## Detailed Phase Task Steps

| Status | ID | Task Type | Description |
| ------ | -- | --------- | ----------- |
{rows}
"""


def _made(repo: Path, prefix: str) -> list[str]:
    return sorted(p.name for p in repo.iterdir() if p.is_file() and p.name.startswith(prefix))


def test_spoken_of_in_a_validation_cell_never_runs(repo: Path) -> None:
    rows = [row(f"M{k}", s.format(f=f"m{k}")) for k, s in enumerate(SPOKEN_OF)]
    rows += [row(f"S{k}", s.format(f=f"s{k}")) for k, s in enumerate(STEPS)]
    write_plan(repo, rows)
    plan("run", "--all", "--keep-going")
    assert _made(repo, "m") == []
    assert _made(repo, "s") == sorted(f"s{k}" for k in range(len(STEPS)))


def test_spoken_of_in_a_description_never_runs(repo: Path) -> None:
    rows = [f"| | M{k} | Code | Do it. {s.format(f=f'm{k}')} |" for k, s in enumerate(SPOKEN_OF)]
    rows += [f"| | S{k} | Code | {s.format(f=f's{k}')} |" for k, s in enumerate(STEPS)]
    write_text_plan(repo, DESCRIBED.format(rows="\n".join(rows)))
    plan("run", "--all", "--keep-going", "-p", "plans/0001-run.md")
    assert _made(repo, "m") == []
    assert _made(repo, "s") == sorted(f"s{k}" for k in range(len(STEPS)))


def test_spoken_of_in_a_task_line_never_runs(repo: Path) -> None:
    items = [f"- [ ] Task {k}.\n  - Run: {s.format(f=f'm{k}')}" for k, s in enumerate(SPOKEN_OF)]
    write_text_plan(repo, "# P\n\n## Progress\n\n" + "\n".join(items) + "\n")
    plan("run", "--all", "--keep-going", "-p", "plans/0001-run.md")
    assert _made(repo, "m") == []


def test_spoken_of_is_no_acceptance_check(repo: Path) -> None:
    items = [f"- [ ] {s.format(f=f'm{k}')}" for k, s in enumerate(SPOKEN_OF)]
    items += [f"- [ ] {s.format(f=f's{k}')}" for k, s in enumerate(STEPS[:1])]
    write_text_plan(repo, "# P\n\n## Acceptance Criteria\n\n" + "\n".join(items) + "\n")
    plan("accept", "-p", "plans/0001-run.md")
    assert _made(repo, "m") == []
    assert _made(repo, "s") == ["s0"]


STRUCK = [
    "- [ ] ~~Run `touch m0`~~",
    "- [ ] Build it. ~~Run `touch m1`.~~",
    "- [ ] Run `touch s0`. ~~Also run `touch m2`.~~",
]


def test_a_struck_step_in_a_checklist_never_runs(repo: Path) -> None:
    write_text_plan(repo, "# P\n\n## Progress\n\n" + "\n".join(STRUCK) + "\n")
    plan("run", "--all", "--keep-going", "-p", "plans/0001-run.md")
    assert _made(repo, "m") == []
    assert _made(repo, "s") == ["s0"]
    tasks = plan("status", "--json", "-p", "plans/0001-run.md").json()["tasks"]
    assert [t["commands"] for t in tasks] == [[], [], ["touch s0"]]


def test_a_struck_span_in_a_row_never_runs(repo: Path) -> None:
    rows = [
        "| | T1 | Code | Run `touch s0`. ~~Run `touch m0`.~~ |",
        "| | T2 | Code | Do it. ~~Then run `touch m1` too.~~ |",
    ]
    write_text_plan(repo, DESCRIBED.format(rows="\n".join(rows)))
    plan("run", "--all", "--keep-going", "-p", "plans/0001-run.md")
    assert _made(repo, "m") == []
    assert _made(repo, "s") == ["s0"]
