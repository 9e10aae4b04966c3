"""Case 5, ninth pass: forty new phrasings ran and were recorded passed. The families are
read by shape (runner.plan.mentions): a remark after the span that is no part of a run
instruction, a label offering it as an example or a wrong way, a question, a refusal in
another language or script, what became of the command."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import plan, row, write_plan

AFTER = [
    "— removed in #123", "was replaced", "(outdated)", "(example)", "(for illustration)",
    "(hypothetical)", "(N/A)", "(skip)", "(ignore)", "— ignore this", "(WIP, don't run yet)",
    "(someday)", "(abandoned)", "(reverted)", "(rolled back)", "(nope)", "— veraltet",
    "(obsolète)", "已废弃", "(使用しない)", "(TBD)", "(future)", "(optional, skip in CI)",
    "を実行しないでください", "has been retired", "(just an idea)", "— sample only",
]  # fmt: skip
BEFORE = [
    "Example:", "e.g.", "Before:", "Forbidden:", "Prohibited:", "Unsafe:", "No ejecutar",
    "Non eseguire", "Не запускать", "실행하지 마세요", "Hypothetically:", "Once upon a time:",
    "Outdated:", "Anti-pattern:", "For instance,", "i.e.", "Não executar",
]  # fmt: skip
ASKED = ["Should we run `touch {f}`?", "Did someone run `touch {f}`?", "Does `touch {f}` help?"]
# What real plans write around a check that runs: these must still run.
RUNS = [
    "`touch {f}` (takes ~3 min)", "`touch {f}` — all green", "`touch {f}` (from the repo root)",
    "Run `touch {f}`", "Tests: `touch {f}`", "`touch {f}` passes", "`touch {f}` (0 errors)",
    "`touch {f}` — all parser tests pass.", "`touch {f}` (52 passed, 2 skipped)",
    "`touch {f}` — unit tests and `true` on all packages.", "`touch {f}` (覆盖率 ≥ 89.9%)",
    "`touch {f}` — run from the repo root", "`touch {f}` is expected to pass",
]  # fmt: skip


def test_spans_spoken_of_by_their_shape_never_run_and_checks_still_do(repo: Path) -> None:
    cells = [f"`touch m{k}` {w}" for k, w in enumerate(AFTER)]
    cells += [f"{w} `touch b{k}`" for k, w in enumerate(BEFORE)]
    cells += [q.format(f=f"q{k}") for k, q in enumerate(ASKED)]
    runs = [r.format(f=f"ok{k}") for k, r in enumerate(RUNS)]
    rows = [row(f"M{k}", c.replace("|", "\\|")) for k, c in enumerate(cells)]
    rows += [row(f"R{k}", c.replace("|", "\\|")) for k, c in enumerate(runs)]
    write_plan(repo, rows)
    result = plan("run", "--all", "--keep-going")
    made = sorted(p.name for p in repo.iterdir() if p.name[0] in "mbq" and p.is_file())
    assert made == [], made  # none of the mentions ran
    ran = sorted(p.name for p in repo.iterdir() if p.name.startswith("ok"))
    assert ran == sorted(f"ok{k}" for k in range(len(RUNS))), result.out
    tasks = {t["id"]: t["status"] for t in plan("status", "--json").json()["tasks"]}
    assert [k for k, v in tasks.items() if k.startswith("M") and v == "passed"] == []
    assert all(tasks[f"R{k}"] == "passed" for k in range(len(RUNS))), tasks
