"""What a third trial of `plan` on public plans found (stop 31), end to end.

Every fixture is written here in the shape the trial met (never a copy of a public plan), and
every test runs the CLI in a real git repository.
"""

from __future__ import annotations

from pathlib import Path

from tests.helpers import plan, write_text_plan


def _plan(repo: Path, text: str, name: str = "p.md") -> str:
    write_text_plan(repo, text, name)
    return f"plans/{name}"


VALIDATION = (
    "# Locales\n\n## Progress\n\n- [ ] Add the locale files\n\n"
    "## Validation Plan\n\n"
    "- [ ] `echo fmt-ok`\n"
    "- [ ] `en` / `ja` switching and `localStorage` persistence: the focused host test is green\n"
    "- [ ] `touch npm-ran` / `touch yarn-ran` (either one)\n"
)


def test_spans_joined_by_a_slash_are_names_or_alternatives_not_checks(repo: Path) -> None:
    # A real plan's locale names (`en` / `ja`) were read as an acceptance command; two
    # commands offered as alternatives are not both to be run either.
    path = _plan(repo, VALIDATION)
    dry = plan("accept", "--dry-run", "-p", path)
    runs = [line for line in dry.out.splitlines() if "would run" in line]
    assert runs == ["acceptance (line 9) would run A1: `echo fmt-ok` — exit 0"], dry.out
    assert "A2 `en` not checked" in dry.out
    plan("accept", "-p", path)
    assert not (repo / "npm-ran").exists()
    assert not (repo / "yarn-ran").exists()
    text = (repo / path).read_text(encoding="utf-8")
    assert "- [ ] `en` / `ja`" in text  # never ticked


def test_a_task_offering_two_commands_by_a_slash_runs_neither(repo: Path) -> None:
    path = _plan(
        repo,
        "# Q\n\n## Progress\n\n- [ ] Check it: run `touch a1` / `touch b1`\n"
        "- [ ] Then run `touch c1`\n",
    )
    dry = plan("run", "--all", "--dry-run", "-p", path)
    assert "task 1: manual" in dry.out, dry.out
    assert "would run `touch a1`" not in dry.out
    assert "task 2: would run `touch c1`" in dry.out


def test_a_folder_of_plans_per_sprint_is_listed(repo: Path) -> None:
    # A real repository keeps `docs/plans/sprint-2/api-lifecycle-execplan.md`: plan list said
    # there were no plans. Subfolders' files whose names end with the word plan are plans too
    # (a folder per plan, `auth/PLAN.md`, still is), each named by its own stem.
    body = "# {t}\n\n## Purpose / Big Picture\n\nX.\n\n## Progress\n\n- [x] one\n- [ ] two\n"
    for rel in (
        "docs/plans/sprint-2/api-lifecycle-execplan.md",
        "docs/plans/sprint-3/admin_plan.md",
        "docs/plans/sprint-3/notes.md",
        "docs/plans/auth/PLAN.md",
    ):
        path = repo / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body.format(t=path.stem), encoding="utf-8")
    listed = [p["plan"] for p in plan("list", "--json").json()["plans"]]
    assert listed == [
        "docs/plans/auth/PLAN.md",
        "docs/plans/sprint-2/api-lifecycle-execplan.md",
        "docs/plans/sprint-3/admin_plan.md",
    ]
    assert plan("status", "admin", "--json").json()["plan"] == "docs/plans/sprint-3/admin_plan.md"
    assert plan("status", "auth", "--json").json()["plan"] == "docs/plans/auth/PLAN.md"
    assert plan("status", "lifecycle", "--json").json()["title"] == "api-lifecycle-execplan"


def test_commands_under_a_verification_heading_are_acceptance_checks(repo: Path) -> None:
    # Real plans head their checks "Tests and verification" or "Verification Commands";
    # accept said there were no checks (the Chinese heading for the same word was read).
    path = _plan(
        repo,
        "# V\n\n## Progress\n\n- [x] one\n\n## Tests and verification\n\n"
        "Run these from the repository root:\n\n```bash\necho verified\ntest -f plans/p.md\n```\n",
    )
    dry = plan("accept", "--dry-run", "-p", path)
    assert "would run A1: `echo verified`" in dry.out, dry.out
    assert "would run A2: `test -f plans/p.md`" in dry.out
    done = plan("accept", "-p", path)
    assert done.code == 0, done.out + done.err


def test_a_criterion_saying_what_its_command_proves_is_checked(repo: Path) -> None:
    # "`mise run build-windows` proves the program still compiles for Windows": a real plan's
    # criteria were read as sentences about the program and never checked (accept ticked
    # nothing, said nothing failed).
    path = _plan(
        repo,
        "# V\n\n## Progress\n\n- [x] one\n\n## Validation and acceptance\n\n"
        "- [ ] `true` proves the program still compiles for Windows.\n"
        "- [ ] `false` proves the existing fallback path.\n"
        "- [ ] `true` confirms the cache is warm.\n"
        "- [ ] `true` verifies the schema.\n",
    )
    dry = plan("accept", "--dry-run", "-p", path)
    runs = [line for line in dry.out.splitlines() if "would run" in line]
    assert len(runs) == 4, dry.out
    done = plan("accept", "-p", path)
    assert done.code == 1, done.out + done.err
    text = (repo / path).read_text(encoding="utf-8")
    assert "- [ ] `false` proves" in text
    assert "- [x] `true` proves" in text


def test_an_action_column_is_the_rows_description(repo: Path) -> None:
    # "| Type | Req IDs | File Anchors | Command | Expected Output | Action |": a real task
    # table's work is in its Action column; status, brief and next showed an empty task.
    path = _plan(
        repo,
        "# P\n\n## Task Table\n\n"
        "| Status | Phase # | Task # | Type | Req IDs | Action |\n"
        "| --- | --- | --- | --- | --- | --- |\n"
        "| | 1 | 1 | Read | R1 | Read the context pack and freeze the scope. |\n",
    )
    doc = plan("status", "-p", path, "--json").json()
    assert doc["tasks"][0]["description"] == "Read the context pack and freeze the scope."
    assert "freeze the scope" in plan("brief", "-p", path).out
