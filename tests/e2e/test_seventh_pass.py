"""Issue 19, what the seventh attacker's pass found, each through the CLI in a real git
repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import git
from tests.helpers import plan, row, write_plan


def _linked_plan_out(repo: Path, tmp_path: Path) -> None:
    """plans/0002-link.md: a committed symlink to a plan outside the repository."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "x.md").write_text("# Elsewhere\n\n## Progress\n\n- [ ] `true`\n", encoding="utf-8")
    (repo / "plans" / "0002-link.md").symlink_to(outside / "x.md")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "link")


def test_a_plan_linked_out_of_the_repository_leaves_the_others_readable(
    repo: Path, tmp_path: Path
) -> None:
    # `plan report` (and MCP's `report {}`) and `plan lint` of all plans failed outright,
    # exit 2, when one plan of the folder was a link out; now that one is said, the rest
    # shown. Naming it is still refused.
    write_plan(repo, [row("T1", "`true`")])
    _linked_plan_out(repo, tmp_path)
    report = plan("report", "-o", "page.html")
    assert report.code == 0, report.err
    page = (repo / "page.html").read_text(encoding="utf-8")
    assert "0001-run" in page
    assert "outside the repository" in page
    assert "Elsewhere" not in page  # never read
    lint = plan("lint")
    assert lint.code == 1, lint.out + lint.err
    assert "plans/0002-link.md:1: P004" in lint.out
    assert "2 plans" in lint.out
    assert plan("report", "plans/0002-link.md", "-o", "x.html").code == 2
    assert plan("lint", "plans/0002-link.md").code == 2


def test_a_path_without_bash_still_runs_commands_under_bash(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Seventh pass, case 13: with bash left out of PATH (a minimal PATH) while bash was
    # installed, commands fell back to sh, where `false | cat` passes: no pipefail.
    import shutil

    if not Path("/bin/bash").exists() and not Path("/usr/bin/bash").exists():
        pytest.skip("no bash where it usually is")
    tools = tmp_path / "bin"
    tools.mkdir()
    for name in ("sh", "cat", "false", "git"):
        found = shutil.which(name)
        assert found is not None, name
        (tools / name).symlink_to(found)
    write_plan(repo, [row("T1", "`false \\| cat`")])
    monkeypatch.setenv("PATH", str(tools))
    result = plan("run", "T1", "--json")
    assert result.code == 1, result.out + result.err
    assert result.json()["results"][0]["status"] == "failed"


def test_each_check_of_a_shell_block_is_at_its_own_line(repo: Path) -> None:
    # A trial on real plans: 39 checks of one block were all reported at the block's first
    # line, so `plan lint`, `accept` and JUnit pointed at the wrong command.
    text = (
        "# P\n\n## Progress\n\n- [ ] x\n\n## Validation\n\n"
        "```bash\n# build first\nmake --version \\\n  --quiet\n\necho two\n```\n"
    )
    (repo / "plans").mkdir()
    (repo / "plans" / "p.md").write_text(text, encoding="utf-8")
    out = plan("accept", "--dry-run", "plans/p.md").out
    assert "(line 11) would run A1: `make --version --quiet`" in out, out
    assert "(line 14) would run A2: `echo two`" in out, out
    lint = plan("lint", "plans/p.md").out
    assert "plans/p.md:11: P504" in lint, lint
    assert "plans/p.md:14: P504" in lint, lint


def test_a_checklist_over_several_sections_is_named_by_its_first(repo: Path) -> None:
    # A trial on real plans: "tasks from line 28 (checklist under 'Phase 3: …')" while line
    # 28 was under Phase 1.
    text = (
        "# P\n\n## Phase 1: one\n\n- [ ] a\n\n## Phase 2: two\n\n- [ ] b\n- [ ] c\n\n"
        "## Phase 3: the tasks\n\n- [ ] d\n- [ ] e\n- [ ] f\n"
    )
    (repo / "plans").mkdir()
    (repo / "plans" / "p.md").write_text(text, encoding="utf-8")
    out = plan("status", "plans/p.md").out
    assert "tasks from line 5 (checklist under 'Phase 1: one' and 2 more section(s))" in out


# Seventh pass, case 5: words around a later span of a cell that make it something the cell
# speaks of (a condition, a warning, history, another language), not a command. The lead's
# own probe of 30 phrasings; 16 ran before.
CELL_MENTIONS = [
    "`true`; avoid `touch z1`",
    "`true` (never `touch z2`)",
    "`true` — don't use `touch z3` anymore",
    "`true` — `touch z4` is deprecated",
    "`true` or, if that fails, `touch z5`",
    "`true`, not `touch z6`",
    "`true` instead of `touch z7`",
    "`true` — skip `touch z8`",
    "`true` (formerly `touch z9`)",
    "`true`; `touch z10` only on Fridays",
    "`true` — `touch z11` is forbidden",
    "`true` — please refrain from running `touch z12`",
    "`true` — `touch z13` was run by mistake",
    "`true` — we tried `touch z14` and it broke things",
    "`true` — ne jamais exécuter `touch z15`",
    "`true` — niemals `touch z16` ausführen",
    "`true` — 不要运行 `touch z17`",
    "`true` — `touch z18` (manual only)",
    "`true` — `touch z20` (TODO: enable later)",
    "`true` — `touch z21` is obsolete",
    "`true` — `touch z22` would break prod",
    "`true` — do NOT `touch z23`",
    "`true` — `touch z24` breaks the build, so don't",
    "`true` — `touch z25` (disabled)",
    "`true` — run `touch z26` only after review",
    "`true` — `touch z27` is not safe",
    "`true` — legacy: `touch z28`",
    "`true` — (deprecated) `touch z29`",
    "`true` — `touch z30` — NOT a check",
    "`touch z31` would break prod",
    "`touch z32` (manual only)",
    "`touch z33` — NOT a check",
]


@pytest.mark.parametrize("cell", CELL_MENTIONS)
def test_words_around_a_span_that_take_it_back_keep_it_from_running(repo: Path, cell: str) -> None:
    write_plan(repo, [row("T1", cell.replace("|", "\\|"))])
    out = plan("run", "T1", "--dry-run").out
    assert "touch" not in out, out


@pytest.mark.parametrize(
    ("cell", "commands"),
    [
        ("`pytest -q` (all tests must pass)", ["pytest -q"]),
        ("`pytest`; `ruff check` (no errors)", ["pytest", "ruff check"]),
        ("`make test` passes; `make lint` is clean", ["make test", "make lint"]),
        ("`npm test` then `npm run lint`", ["npm test", "npm run lint"]),
        ("`pytest x` should not fail", ["pytest x"]),
        ("`ruff check .` and `mypy` (strict; never skipped)", ["ruff check .", "mypy"]),
        ("`pytest -q` must not print errors", ["pytest -q"]),
        ("`uv run pytest` — run from the repo root", ["uv run pytest"]),
    ],
)
def test_commands_joined_by_plain_words_all_run(repo: Path, cell: str, commands: list[str]) -> None:
    from runner.plan.declared import validation_checks

    assert list(validation_checks(cell)[0]) == commands


@pytest.mark.parametrize(
    "item",
    [
        "Run: `touch z32` (manual only)",
        "Run `touch z33` — would break prod",
        "Run `touch z34` — NOT a check",
    ],
)
def test_an_acceptance_item_whose_words_take_its_span_back_is_not_run(
    repo: Path, item: str
) -> None:
    path = repo / "plans" / "p.md"
    path.parent.mkdir()
    path.write_text(
        f"# P\n\n## Progress\n\n- [ ] x\n\n## Success Criteria\n\n- [ ] {item}\n- [ ] Run `true`\n",
        encoding="utf-8",
    )
    out = plan("accept", "--dry-run", "plans/p.md").out
    assert not [ln for ln in out.splitlines() if "would run" in ln and "touch" in ln], out
    assert "would run A2: `true`" in out, out
    # Eighth pass: the criterion is said not checked, never silently dropped.
    assert "acceptance A1 `touch z3" in out, out
    assert "not checked" in out, out


# Seventh pass, case 5 (half A's list): words in a span's clause, before or after it, that
# make it a mention; each ran and passed before, in a cell and in a `- Run:` line.
NEGATED_7A = [
    "`touch r1` is no longer needed",
    "`touch r2` should be avoided",
    "`test -d .`; on failure run `touch r3`",
    "`test -d .` (see also `touch r4`)",
    "`test -d .`; no ejecutar `touch r5`",
    "`test -d .` (then, only in CI: `touch r6`)",
    "stop using `touch r7`",
    "`touch r8` (don't!)",
    "`touch r9` superseded",
    "`touch r10`: DANGER",
    "`touch r11` — do not!",
    "`touch r12` (DON'T: wipes data)",
    "`touch r13` ❌ (do not)",
    "(removed) `touch r14`",
    "`test -d .` after the manual migration `touch r15`",
    "ran `touch r16` yesterday; it passed",
    "`touch r17` — nicht ausführen",
    "`touch r18` (ne pas lancer)",
    "if the cache is stale, run `touch r19`",
    "only on Windows: `touch r20`",
    "nie `touch r21` uruchamiać",
    "`touch r22` 禁止",
    "`touch r23` was run last week",
    "had run `touch r24` before",
    "`touch r25` (NOT in prod)",
    "❌ `touch r26`",
    "🚫 `touch r27`",
    "`touch r28` ⚠️ destructive",
    "No: `touch r29`",
    "Don't run: `touch r30`",
    "Wrong: `touch r31`",
    "in case of emergency: `touch r32`",
]


@pytest.mark.parametrize("cell", NEGATED_7A)
def test_a_span_its_clause_refuses_never_runs(repo: Path, cell: str) -> None:
    write_plan(repo, [row("T1", cell.replace("|", "\\|"))])
    assert "touch" not in plan("run", "T1", "--dry-run").out
    item = repo / "plans" / "item.md"
    item.write_text(f"# P\n\n## Progress\n\n- [ ] one\n  - Run: {cell}\n", encoding="utf-8")
    assert "touch" not in plan("run", "--all", "--dry-run", "plans/item.md").out


# Seventh pass, case 8: wordings of expected output under a command that passed on exit 0
# or ran the expected value as a command.
WORDINGS_7A = [
    "You get: `3`",
    "Sortie attendue : `3`",
    "(output: `3`)",
    "ergibt `3`",
    "affiche `3`",
    "devuelve `3`",
    "writes `3`",
    "is `3`",
    "(result: `3`)",
    "matches `^3$`",
    "Erwartet: `3`",
    "Resultado esperado: `3`",
    "期待: `3`",
    "output includes `3`",
    "responds with `3`",
    "answers `3`",
    "says `3`",
    "results in `3`",
    "renders `3`",
    "logs `3`",
    "and see `3`",
    "Should see `3`.",
    "You get: `true`",
    "produces no output",
    "is silent",
    "should print exactly three",
    "count = 3",
]


@pytest.mark.parametrize("wording", WORDINGS_7A)
def test_an_expected_output_in_other_words_decides(repo: Path, wording: str) -> None:
    write_plan(repo, [row("T1", f"`echo 4` {wording}")])
    result = plan("run", "T1", "--json")
    doc = result.json()["results"][0]
    assert doc["status"] == "failed", doc
    assert [c["command"] for c in doc["commands"]] == ["echo 4"], doc


GREETINGS_7A = [
    "responds with `Hello, World!`",
    "answers `Hello, World!`",
    "says `Hello, World!`",
    '→ prints the greeting "Hello, World!"',
    "should print Hello, World!",
    "results in `Hello, World!`",
    "renders `Hello, World!`",
    "logs `Hello, World!`",
    "and see `Hello, World!`",
    "shows the greeting `Hello, World!`",
]


def test_a_greeting_in_other_words_is_never_ticked_for_another(repo: Path) -> None:
    (repo / "greet.sh").write_text('echo "Bonjour, $1"\n', encoding="utf-8")
    items = "\n".join(
        f"- [ ] {p}{n}. {lead}`sh greet.sh World` {w}"
        for n, w in enumerate(GREETINGS_7A, 1)
        for p, lead in (("A", "Run: "), ("B", ""))
    )
    path = repo / "plans" / "g.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text(
        f"# P\n\n## Progress\n\n- [x] done\n\n## Success Criteria\n\n{items}\n", encoding="utf-8"
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "greet")
    doc = plan("accept", "--json", "plans/g.md").json()
    assert len(doc["results"]) == 2 * len(GREETINGS_7A)
    assert {r["status"] for r in doc["results"]} == {"failed"}, doc["results"]
    assert "[x] A" not in path.read_text(encoding="utf-8")


def test_a_sentence_about_what_a_command_produces_is_not_an_output_check(repo: Path) -> None:
    # Taking more verbs as a command's answer ("responds with") must not turn a sentence
    # about what a command produces into an output check against a file's name.
    path = repo / "plans" / "p.md"
    path.parent.mkdir()
    path.write_text(
        "# P\n\n## Progress\n\n- [x] done\n\n## Success Criteria\n\n"
        "- [ ] `tool run --out x.json` produces JSON that validates and matches"
        " `src/cli/run.py` exit semantics.\n",
        encoding="utf-8",
    )
    out = plan("accept", "--dry-run", "plans/p.md").out
    assert "output contains 'src/cli/run.py'" not in out, out


# Seventh pass, rule 6: these deleted or wrote a file beside the repository and were
# recorded passed (half A's list). Each is an action now: never run, the task manual.
OUTSIDE_7A = [
    "sh -c 'cd .. && rm v/f'",
    "bash -c 'cd ..; rm v/f'",
    "$(echo rm) ../v/f",
    "perl -e 'unlink glob(\"../v/f\")'",
    "python3 - <<< \"import os; os.remove('../v/f')\"",
    "python3 -c \"open('../v/f','w')\"",
    "python3 -c \"import pathlib; pathlib.Path('../v/f').write_text('x')\"",
    "tar -C .. --remove-files -cf /dev/null v/f",
    "gzip ../v/f",
    "sort -o ../v/f /dev/null",
    "uniq /dev/null ../v/f",
    "split -l 1 /dev/null ../v/f",
    "python3 -c \"import subprocess; subprocess.run(['git','tag','v11'])\"",
]


@pytest.mark.parametrize("command", OUTSIDE_7A)
def test_a_check_that_changes_files_beside_the_repository_never_runs(
    repo: Path, command: str
) -> None:
    victim = repo.parent / "v" / "f"
    victim.parent.mkdir(exist_ok=True)
    victim.write_text("keep\n", encoding="utf-8")
    write_plan(repo, [row("T1", "`" + command.replace("|", "\\|") + "`")])
    result = plan("run", "T1")
    assert result.code == 4, result.out + result.err  # manual: it acts
    assert victim.read_text(encoding="utf-8") == "keep\n"
    assert "v11" not in git(repo, "tag")


# Eighth pass: a check's code that plants a git hook, edits .git/config or appends to a
# file in the home folder; a report written over the plan named by PLAN_FILE.
EIGHTH_CODE = [
    "python3 -c \"import os; p='.git/hooks/post-commit';"
    " open(p,'w').write('#!/bin/sh'); os.chmod(p, 0o755)\"",
    "python3 -c \"open('.git/config','a').write('[x]')\"",
    "python3 -c \"import os; open(os.path.expanduser('~/.plan-attack'),'a').write('x')\"",
]


@pytest.mark.parametrize("command", EIGHTH_CODE)
def test_a_checks_code_that_writes_gits_files_or_the_home_folder_never_runs(
    repo: Path, command: str
) -> None:
    config = (repo / ".git" / "config").read_text(encoding="utf-8")
    write_plan(repo, [row("T1", "`" + command + "`")])
    assert plan("run", "T1").code == 4
    assert not (repo / ".git" / "hooks" / "post-commit").exists()
    assert (repo / ".git" / "config").read_text(encoding="utf-8") == config


def test_a_report_never_overwrites_a_markdown_file(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "plan.md").write_text("# P\n\n## Progress\n\n- [ ] Run `true`\n", encoding="utf-8")
    monkeypatch.setenv("PLAN_FILE", "plan.md")
    before = (repo / "plan.md").read_bytes()
    assert plan("run", "1", "--junit", "plan.md").code == 2
    assert plan("report", "-o", "plan.md").code == 2
    assert (repo / "plan.md").read_bytes() == before
