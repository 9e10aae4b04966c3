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


# Case 8: the plan states an expected value after the command; `echo 4` prints 4. Each of
# these passed on exit 0 (or passed "not checked" where a value can be read).
VALUES_8 = [
    "spits out `3`",
    "(want: `3`)",
    "// 3",
    "tells you `3`",
    "gibt `3` aus",
    "imprime `3`",
    "输出 `3`",
    "ends with `3`",
    "starts with `3`",
    "results: `3`",
    "does not print `4`",
    "output: 3",
    "prints the number 3",
    "prints an empty line",
    "should come back with `3`",
    "greets you with `3`",
]
# What the seventh pass's fixes already failed: they must still fail.
HELD_8 = [
    "answers with `3`",
    ", expecting `3`",
    "→ `3`",
    "⇒ 3",
    "yields three",
    "and the output reads `3`",
    "must show `3`",
    "should produce `3`",
    "-- expect `3`",
    "# => 3",
    "outputs the line `3`",
    "stdout is `3`",
    "exit status 3",
    "should fail",
    "must exit non-zero",
    "never prints `4`",
    "returns `3` on stdout",
]


def _statuses(repo: Path, cells: list[str]) -> dict[str, tuple[str, list[str]]]:
    write_plan(repo, [row(f"E{k}", c.replace("|", "\\|")) for k, c in enumerate(cells)])
    doc = plan("run", "--all", "--keep-going", "--json").json()
    return {
        r["id"]: (r["status"], [c["command"] for c in r.get("commands", [])])
        for r in doc["results"]
    }


def test_a_value_stated_after_the_command_is_checked_whatever_the_verb(repo: Path) -> None:
    cells = [f"`echo 4` {w}" for w in VALUES_8 + HELD_8]
    got = _statuses(repo, cells)
    wrong = {
        cells[k]: got.get(f"E{k}")
        for k in range(len(cells))
        if got.get(f"E{k}") != ("failed", ["echo 4"])
    }
    assert wrong == {}, wrong


def test_how_a_value_is_compared_follows_the_words_before_it(repo: Path) -> None:
    cells = {
        "`echo 3` spits out `3`": "passed",
        "`echo 'a 3'` ends with `3`": "passed",
        "`echo '3 a'` ends with `3`": "failed",
        "`echo '3 a'` starts with `3`": "passed",
        "`echo 'a 3'` starts with `3`": "failed",
        "`echo 5` does not print `4`": "passed",
        "`printf '3\\n'` prints exactly `3`": "passed",
        "`printf '3\\n4\\n'` prints exactly `3`": "failed",
        "`echo 'Hello, World!'` greets you with `Hello, World!`": "passed",
        "`echo 3` (want: `3`)": "passed",
    }
    texts = list(cells)
    got = _statuses(repo, texts)
    assert {t: got[f"E{k}"][0] for k, t in enumerate(texts)} == cells


def test_an_acceptance_value_in_other_words_is_checked_and_each_item_named_by_its_label(
    repo: Path,
) -> None:
    (repo / "greet.sh").write_text('echo "Bonjour, $1"\n', encoding="utf-8")
    items = [
        "A1. Run: `sh greet.sh World` responds with `Hello, World!`",
        "A3. Run: `sh greet.sh World` greets you with `Hello, World!`",
        "A4. Run: `sh greet.sh World` spits out `Hello, World!`",
        "A7. Run: `sh greet.sh World` (want: `Hello, World!`)",
        "A8. Run: `sh greet.sh World` tells you `Hello, World!`",
        "A9. Run: `sh greet.sh World` ends with `Hello, World!`",
        "A12. Run: `sh greet.sh World` does not print `Bonjour`",
        "A16. `sh greet.sh World` shows the greeting `Hello, World!`",
        "A17. Running `sh greet.sh World` prints `Hello, World!`",
        'A18. Run: `sh greet.sh World` should welcome the user with "Hello, World!"',
        "A20. Run: `sh greet.sh World` greets you with `Bonjour, World`",
    ]
    path = repo / "plans" / "g.md"
    path.parent.mkdir()
    body = "".join(f"- [ ] {i}\n" for i in items)
    path.write_text(
        f"# P\n\n## Progress\n\n- [x] done\n\n## Acceptance Criteria\n\n{body}", encoding="utf-8"
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "greet")
    doc = plan("accept", "--json", "plans/g.md").json()
    got = {r["name"]: r["status"] for r in doc["results"]}
    labels = [i.split(".")[0] for i in items]
    assert got == {n: ("passed" if n == "A20" else "failed") for n in labels}, got
    text = path.read_text(encoding="utf-8")
    assert "[x] A20." in text
    assert text.count("[x] A") == 1, text


def test_a_criterion_no_check_is_read_from_is_said_not_checked_and_its_box_left(
    repo: Path,
) -> None:
    path = repo / "plans" / "p.md"
    path.parent.mkdir()
    path.write_text(
        "# P\n\n## Progress\n\n- [x] done\n\n## Acceptance Criteria\n\n"
        "- [ ] A7. Run: `touch made7` (retired in v2)\n- [ ] A9. Run: `true`\n",
        encoding="utf-8",
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "plan")
    doc = plan("accept", "--json", "plans/p.md").json()
    by_name = {r["name"]: r for r in doc["results"]}
    assert set(by_name) == {"A7", "A9"}, doc["results"]
    assert by_name["A9"]["status"] == "passed"
    assert "not checked" in str(by_name["A7"]), by_name["A7"]
    text = path.read_text(encoding="utf-8")
    assert "- [ ] A7." in text, text
    assert "[x] A9." in text, text
    assert _created(repo) == []
    git(repo, "checkout", "-q", "--", ".")
    out = plan("accept", "--dry-run", "plans/p.md").out
    assert "acceptance A7 `touch made7` not checked" in out, out
