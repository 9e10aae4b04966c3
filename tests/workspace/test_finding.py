"""Finding plans as people keep them: the search of common folders, files that are not
plans (README, TEMPLATE, index ...), `plan list --all`, `plan lint --hook`, and the plan as
the same trailing argument (or -p) on every command that takes one."""

from __future__ import annotations

from pathlib import Path

import pytest

from runner.workspace.config import SEARCH, not_plan_reason
from tests.conftest import git
from tests.helpers import plan

PLAN = """# ExecPlan: {title}

## Tasks

| ID | Task | Status | Validation |
| --- | --- | --- | --- |
| P1.1 | set up | | `true` |
| P1.2 | build | | `true` |
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "folder",
    [".agent/execplans", ".agent/plans", ".agent", "docs/exec-plans/active", "docs/plans"],
)
def test_a_plan_in_a_common_folder_is_found(repo: Path, folder: str) -> None:
    write(repo / folder / "PLANS.md", "# How we write ExecPlans\n\n- [ ] not a task\n")
    write(repo / folder / "auth.md", PLAN.format(title="Auth"))
    r = plan("status", "--json")
    assert r.code == 0, r.err
    assert r.json()["plan"] == f"{folder}/auth.md"
    assert plan("show", "P1.2").code == 0
    assert plan("list").out.count(".md") == 1


def test_the_search_order_is_the_documented_one(repo: Path) -> None:
    assert SEARCH.index(".agent/execplans") < SEARCH.index(".agent")
    write(repo / "docs/plans/0001-late.md", PLAN.format(title="Late"))
    write(repo / ".agent/execplans/0001-early.md", PLAN.format(title="Early"))
    assert plan("status", "--json").json()["plan"] == ".agent/execplans/0001-early.md"


def test_plans_folder_present_wins_even_when_empty(repo: Path) -> None:
    (repo / "plans").mkdir()
    write(repo / ".agent/execplans/x.md", PLAN.format(title="X"))
    r = plan("status")
    assert r.code == 2
    assert r.err == (
        'plan: error: no plans in plans; name one, or create one with `plan new "Title"`\n'
    )


def test_no_plans_anywhere_says_where_it_looked(repo: Path) -> None:
    write(repo / ".plan/notes.md", PLAN.format(title="State, not a plan"))
    r = plan("status")
    assert r.code == 2
    looked = ", ".join(f"{name}/" for name in SEARCH)
    assert r.err == (
        f'plan: error: no plans in {looked}; name one, or create one with `plan new "Title"`\n'
    )
    assert ".plan/" not in looked
    assert plan("list").out == f"no plans in {looked}\n"


def test_a_plans_dir_set_in_pyproject_is_not_searched_around(repo: Path) -> None:
    write(repo / "pyproject.toml", '[tool.plan]\nplans_dir = "work/plans"\n')
    write(repo / ".agent/execplans/x.md", PLAN.format(title="X"))
    r = plan("status")
    assert r.code == 2
    assert "no plans in work/plans;" in r.err


def test_plan_new_writes_into_the_folder_found(repo: Path) -> None:
    (repo / ".agent" / "execplans").mkdir(parents=True)
    r = plan("new", "Add export")
    assert r.code == 0, r.err
    assert r.out.startswith("created .agent/execplans/")


@pytest.fixture
def crowded(repo: Path) -> Path:
    """A plans folder with one plan and the documents people keep beside plans."""
    folder = repo / "plans"
    write(folder / "0001-real.md", PLAN.format(title="Real"))
    write(folder / "README.md", "# Plans\n\n| Plan | Status |\n| --- | --- |\n| 0001 | open |\n")
    write(folder / "TEMPLATE.md", "# ExecPlan: <title>\n\n- [ ] first step\n")
    write(folder / "index.md", "# Index of plans\n")
    write(folder / "PLANS.md", "# Writing ExecPlans\n\n- [ ] a rule\n")
    write(folder / "CHANGELOG.md", "# Changelog\n")
    write(folder / "notes.md", "# Notes on the architecture\n\nProse only.\n")
    write(folder / "0002-sketch.md", "# ExecPlan: Sketch\n\nNo tracker yet.\n")
    return folder


def test_documents_beside_plans_are_not_plans(crowded: Path) -> None:
    reasons = {p.name: not_plan_reason(p) for p in sorted(crowded.iterdir())}
    assert reasons["0001-real.md"] is None
    assert reasons["0002-sketch.md"] is None  # its title says plan: a plan lint can help
    assert reasons["README.md"] == "README.md is the folder's own document, by its name"
    assert reasons["TEMPLATE.md"] == "a template, by its name"
    assert reasons["PLANS.md"] == "PLANS.md is the folder's own document, by its name"
    assert reasons["notes.md"] == (
        "no task table, checklist or task sections, and neither its title nor its name says plan"
    )
    # Bare status picks the one open plan with a tracker; the sketch has none, and says so.
    r = plan("status", "0001")
    assert r.code == 0, r.err


def test_a_plan_by_its_name_or_its_task_sections_is_a_plan(tmp_path: Path) -> None:
    # Found on public plans: `plan status` read these, `plan list --all` called them not plans.
    named = tmp_path / "PLAN-scheduler.md"
    named.write_text("# Scheduler\n\nProse.\n", encoding="utf-8")
    sections = tmp_path / "phase_02.md"
    sections.write_text("# Phase 2\n\n### Task 1: Wire it\n\nRun: `make`\n", encoding="utf-8")
    assert not_plan_reason(named) is None
    assert not_plan_reason(sections) is None


def test_list_all_names_what_is_not_a_plan_and_why(crowded: Path) -> None:
    shown = plan("list").out
    assert "README" not in shown
    assert "TEMPLATE" not in shown
    every = plan("list", "--all")
    assert every.code == 0
    lines = every.out.splitlines()
    assert any("plans/TEMPLATE.md" in line and "not a plan: a template" in line for line in lines)
    assert any("plans/notes.md" in line and "not a plan: no task table" in line for line in lines)
    docs = plan("list", "--all", "--json").json()["plans"]
    assert {
        "plan": "plans/index.md",
        "not_a_plan": "index.md is the folder's own document, by its name",
    } in docs
    assert [d["plan"] for d in docs if "not_a_plan" not in d] == [
        "plans/0001-real.md",
        "plans/0002-sketch.md",
    ]


def test_lint_checks_only_plans(crowded: Path) -> None:
    r = plan("lint")
    assert "README" not in r.out
    assert "TEMPLATE" not in r.out
    assert "plans/0002-sketch.md:1: P002" in r.out
    assert "2 plans" in r.out


def test_lint_hook_keeps_the_plans_of_the_plans_folder(crowded: Path, repo: Path) -> None:
    write(repo / "docs" / "guide.md", "# Guide\n")
    others = ["plans/README.md", "plans/TEMPLATE.md", "docs/guide.md", "README.md"]
    assert plan("lint", "--hook", *others) == plan("lint", "--hook")
    quiet = plan("lint", "--hook", *others)
    assert (quiet.code, quiet.out, quiet.err) == (0, "", "")
    r = plan("lint", "--hook", "--quiet", *others, "plans/0002-sketch.md", "plans/0001-real.md")
    assert r.code == 1
    assert r.out.startswith("plans/0002-sketch.md:1: P002")
    assert "README" not in r.out


def test_lint_hook_follows_plans_dir(repo: Path) -> None:
    write(repo / "pyproject.toml", '[tool.plan]\nplans_dir = "docs/plans"\n')
    write(repo / "docs/plans/0001-x.md", "# ExecPlan: X\n")
    write(repo / "plans/0001-y.md", "# ExecPlan: Y\n")  # not the plans folder: left alone
    r = plan("lint", "--hook", "--quiet", "plans/0001-y.md", "docs/plans/0001-x.md")
    assert r.code == 1
    assert r.out.splitlines()[0] == (
        "docs/plans/0001-x.md:1: P002 no task table: no status table and no Progress checklist"
    )
    assert "0001-y" not in r.out


def test_a_named_document_is_still_read(crowded: Path) -> None:
    r = plan("status", "notes")
    assert r.code == 3
    assert "P002 no task table" in r.err


@pytest.fixture
def two(repo: Path) -> Path:
    """Two open plans, so that no command can guess; the second is named by path."""
    write(repo / "plans/0001-a.md", PLAN.format(title="A"))
    path = write(repo / "plans/0002-b.md", PLAN.format(title="B"))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "plans")
    return path


def test_without_a_plan_the_commands_ask_which(two: Path) -> None:
    r = plan("show", "P1.1")
    assert r.code == 2
    assert "which plan?" in r.err


def test_show_takes_the_plan_after_the_id(two: Path) -> None:
    r = plan("show", "P1.2", "plans/0002-b.md", "--json")
    assert r.code == 0, r.err
    assert r.json()["plan"] == "plans/0002-b.md"
    assert plan("show", "P1.2", "0002", "--json").json()["plan"] == "plans/0002-b.md"
    both = plan("show", "P1.2", "0002", "-p", "0001")
    assert both.code == 2
    assert "two plans named" in both.err


def test_marking_takes_the_plan_after_the_ids(two: Path) -> None:
    r = plan("done", "P1.1", "P1.2", "plans/0002-b.md", "--no-commit")
    assert r.code == 0, r.err
    tasks = plan("status", "0002", "--json").json()["tasks"]
    assert [t["status"] for t in tasks] == ["passed", "passed"]
    assert plan("reset", "P1.2", "plans/0002-b.md", "--no-commit").code == 0
    assert plan("fail", "P1.1", "plans/0002-b.md", "--no-commit").code == 0
    after = {t["id"]: t["status"] for t in plan("status", "0002", "--json").json()["tasks"]}
    assert after == {"P1.1": "failed", "P1.2": "outstanding"}
    untouched = plan("status", "0001", "--json").json()["tasks"]
    assert [t["status"] for t in untouched] == ["outstanding", "outstanding"]


def test_run_and_verify_take_the_plan_after_the_ids(two: Path) -> None:
    r = plan("run", "P1.1", "plans/0002-b.md")
    assert r.code == 0, r.err
    assert "P1.1" in plan("history", "plans/0002-b.md").out
    assert "P1.1" in plan("history", "P1.1", "plans/0002-b.md").out
    assert plan("history", "P1.1", "plans/0001-a.md").out.startswith("no recorded results")
    v = plan("verify", "plans/0002-b.md", "--dry-run")
    assert v.code == 0, v.err


def test_journal_takes_the_plan_after_the_text(two: Path) -> None:
    r = plan("journal", "looked at it", "plans/0002-b.md", "--no-commit")
    assert r.code == 0, r.err
    assert "looked at it" in two.read_text(encoding="utf-8")
    assert "looked at it" not in (two.parent / "0001-a.md").read_text(encoding="utf-8")


def test_marking_without_ids_is_a_usage_error(two: Path) -> None:
    r = plan("done", "plans/0002-b.md")
    assert r.code == 2
    assert "Missing argument 'ID...'" in r.err


EXPORT = """# ExecPlan: Export

- Status: In Progress

## Tasks

| ID | Task | Status | Validation |
| --- | --- | --- | --- |
| P1.1 | set up | | `true` |
| P1.2 | build | | `true` |

## Progress Per Session
"""


def test_a_plan_under_agent_execplans_runs_end_to_end(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import re
    from datetime import UTC, datetime

    from runner.run import workflow

    monkeypatch.setattr(workflow, "utc_now", lambda: datetime(2026, 2, 3, 4, 5, tzinfo=UTC))
    folder = repo / ".agent" / "execplans"
    path = write(folder / "0001-export.md", EXPORT)
    write(folder / "TEMPLATE.md", "# ExecPlan: <title>\n\n| ID | Task | Status |\n|--|--|--|\n")
    write(folder / "README.md", "# Plans\n")
    write(repo / ".agent" / "PLANS.md", "# PLANS\n\n- [ ] a rule\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "plans")
    r = plan("next")
    assert r.code == 0, r.err
    assert "committed" in r.out
    after = re.sub(rb"in \d+\.\ds", b"in 0.0s", path.read_bytes())
    assert (
        after
        == (
            EXPORT.replace("| set up | |", "| set up | X |")
            + "\n- (2026-02-03T04:05:00Z) plan session on `main`\n"
            "  - (2026-02-03T04:05:00Z) task P1.1 passed in 0.0s\n"
        ).encode()
    )
    assert git(repo, "status", "--porcelain") == ""


def test_a_folder_per_plan_under_docs_exec_plans(repo: Path) -> None:
    # The layout of real repositories: docs/exec-plans/{index.md, tech-debt-tracker.md,
    # active/<slug>/PLAN_<slug>.md beside TASK_01_<slug>.md, completed/...}.
    base = repo / "docs" / "exec-plans"
    write(base / "index.md", "# Exec plans\n\n| Plan | Status |\n| --- | --- |\n")
    write(base / "tech-debt-tracker.md", "# Tech Debt\n\n| ID | Item | Status |\n|--|--|--|\n")
    write(base / "active/timer-ux/PLAN_timer-ux.md", PLAN.format(title="Timer UX"))
    write(base / "active/timer-ux/TASK_01_timer-ux.md", "# Task 1\n\n- [ ] audit\n")
    write(base / "active/haptics/PLAN_haptics.md", PLAN.format(title="Haptics"))
    write(base / "completed/old/PLAN_old.md", PLAN.format(title="Old"))
    shown = plan("list").out
    assert "active/haptics/PLAN_haptics.md" in shown
    assert "active/timer-ux/PLAN_timer-ux.md" in shown
    assert "TASK_01" not in shown
    assert "tech-debt" not in shown
    assert "completed" not in shown
    r = plan("status", "timer-ux", "--json")
    assert r.code == 0, r.err
    assert r.json()["plan"] == "docs/exec-plans/active/timer-ux/PLAN_timer-ux.md"
    assert plan("show", "P1.1", "haptics").code == 0
    hook = plan("lint", "--hook", "--quiet", "docs/exec-plans/active/timer-ux/TASK_01_timer-ux.md")
    assert (hook.code, hook.out) == (0, "")


def test_numbered_plan_folders_under_agents_plans(repo: Path) -> None:
    # .agents/plans/<nnn-slug>/000-plan.md beside numbered step files.
    base = repo / ".agents" / "plans"
    write(base / "001-consolidate/000-plan.md", PLAN.format(title="Consolidate"))
    write(base / "001-consolidate/001-inventory.md", "# Inventory\n\n- [ ] list packages\n")
    write(base / "002-storybook/000-plan.md", PLAN.format(title="Storybook"))
    docs = plan("list", "--json").json()["plans"]
    assert [d["plan"] for d in docs] == [
        ".agents/plans/001-consolidate/000-plan.md",
        ".agents/plans/002-storybook/000-plan.md",
    ]
    assert plan("status", "002", "--json").json()["plan"] == docs[1]["plan"]


def test_a_plan_without_a_status_whose_work_is_done_is_not_open(repo: Path) -> None:
    done = PLAN.format(title="Done").replace("| set up | |", "| set up | X |")
    write(repo / "plans/0001-done.md", done.replace("| build | |", "| build | X |"))
    write(repo / "plans/0002-open.md", PLAN.format(title="Open"))
    assert plan("status", "--json").json()["plan"] == "plans/0002-open.md"


def test_lint_with_no_plans_says_where_it_looked(repo: Path) -> None:
    r = plan("lint")
    assert r.code == 2
    assert r.err.startswith("plan: error: no plans in plans/, .agent/execplans/, ")
