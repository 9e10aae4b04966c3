"""Issue 19, the eighth attacker's pass, cases 5 and 8: prose read as commands, and expected
values not read. Each through the CLI in a real git repository."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import git
from tests.helpers import plan, row, write_plan

# Case 5: words after (or before) a span saying the command is past, obsolete, wrong or
# harmful, that it runs elsewhere or by someone else, or a question answered no. Each ran
# and was recorded passed. `{f}` is the file the command would create.
MENTIONS_8 = [
    "`touch {f}` (retired in v2)",
    "`touch {f}` used to be required",
    "`touch {f}` no more",
    "`touch {f}` (no need)",
    "`touch {f}` is wrong",
    "`touch {f}` (historical)",
    "`touch {f}` — old way",
    "`touch {f}` (for the record)",
    "`touch {f}` is harmful",
    "`touch {f}` (gone)",
    "`touch {f}` ⛔",
    "We dropped `touch {f}`",
    "`touch {f}`? No.",
    "`touch {f}` on the production host",
    "`touch {f}` as root on the server",
    "`touch {f}` in staging, after approval",
    "`touch {f}` (by the release manager)",
]


def _created(repo: Path) -> list[str]:
    return sorted(p.name for p in repo.iterdir() if p.name.startswith("made"))


def test_a_validation_cell_whose_words_make_its_span_a_mention_runs_nothing(repo: Path) -> None:
    rows = [
        row(f"N{k}", cell.format(f=f"made{k}").replace("|", "\\|"))
        for k, cell in enumerate(MENTIONS_8)
    ]
    write_plan(repo, rows)
    result = plan("run", "--all", "--keep-going")
    assert _created(repo) == [], result.out
    assert "passed" not in result.out, result.out
    lint = plan("lint").out
    for k in range(len(MENTIONS_8)):
        assert f"P122 task N{k}: `touch made{k}` not run" in lint, (k, lint)


def test_a_checklist_run_line_whose_words_make_its_span_a_mention_runs_nothing(
    repo: Path,
) -> None:
    items = "".join(
        f"- [ ] step {k}\n  - Run: {cell.format(f=f'made{k}')}\n"
        for k, cell in enumerate(MENTIONS_8)
    )
    path = repo / "plans" / "p.md"
    path.parent.mkdir()
    path.write_text(f"# P\n\n## Progress\n\n{items}", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "plan")
    result = plan("run", "--all", "--keep-going", "plans/p.md")
    assert _created(repo) == [], result.out
    assert "[x]" not in path.read_text(encoding="utf-8")
    lint = plan("lint", "plans/p.md").out
    assert lint.count("P122") == len(MENTIONS_8), lint


def test_an_acceptance_item_whose_words_make_its_span_a_mention_runs_nothing(
    repo: Path,
) -> None:
    items = "".join(
        f"- [ ] A{k}. Run: {cell.format(f=f'made{k}')}\n" for k, cell in enumerate(MENTIONS_8)
    )
    path = repo / "plans" / "p.md"
    path.parent.mkdir()
    path.write_text(
        f"# P\n\n## Progress\n\n- [x] done\n\n## Acceptance Criteria\n\n{items}", encoding="utf-8"
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "plan")
    plan("accept", "plans/p.md")
    assert _created(repo) == []
    assert "[x] A" not in path.read_text(encoding="utf-8")


def test_the_words_that_keep_a_command_still_keep_it(repo: Path) -> None:
    # The families above must not take back a command whose words only describe it.
    from runner.plan.declared import validation_checks

    for cell, commands in [
        ("`pytest -q` passes on a clean checkout", ["pytest -q"]),
        ("`echo hi` and ensure it behaves like the old tool", ["echo hi"]),
        ("`grep -c x f` prints no more than `3`", ["grep -c x f"]),
        ("`make test` (run from the repo root)", ["make test"]),
        ("`npm run build` works in production mode", ["npm run build"]),
    ]:
        assert list(validation_checks(cell)[0]) == commands, cell
