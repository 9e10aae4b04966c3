"""What a trial of `plan` on 36 public plans found (issues 18 and 19), end to end.

Every fixture is written here in the shape the trial met (never a copy of a public plan), and
every test runs the CLI in a real git repository.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import git
from tests.helpers import plan


def _plan(repo: Path, text: str, name: str = "p.md") -> str:
    (repo / "plans").mkdir(exist_ok=True)
    (repo / "plans" / name).write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", f"plan {name}")
    return f"plans/{name}"


HEAD = (
    "# ExecPlan: Web UI\n\n## Purpose / Big Picture\n\nA page.\n\n"
    "## Progress\n\n- [ ] Build it.\n\n"
)


def test_a_block_whose_lines_lean_on_each_other_is_one_procedure(repo: Path) -> None:
    """Item 1: a variable set on one line and used on the next, a `cd`, a server started
    with a port or a `web` subcommand: the block is a step, none of its lines a check."""
    path = _plan(
        repo,
        HEAD + "## Concrete Steps\n\n"
        '```bash\nfixture_dir=$(mktemp -d)\ntouch "$fixture_dir/probe-file"\necho made\n```\n\n'
        "```bash\n./probe web --no-open --port 18099\n```\n\n"
        "```bash\necho building\n./probe serve\n```\n\n"
        "```bash\nmkdir -p sub\ncd sub\ntouch moved-file\n```\n\n"
        '```console\n$ d=$(mktemp -d)\n$ touch "$d/probe-file"\n```\n\n'
        "## Validation and Acceptance\n\n```bash\necho one\necho two\n```\n\n"
        "- `./probe web --no-open --port 18098`\n",
    )
    r = plan("accept", path, "--dry-run")
    assert r.code == 0, r.out + r.err
    assert "would run A1: `echo one`" in r.out
    assert "would run A2: `echo two`" in r.out
    for never in ("mktemp", "probe", "made", "building", "sub", "moved-file"):
        assert never not in r.out, r.out
    r = plan("accept", path, "--timeout", "5s")
    assert r.code == 0, r.out + r.err
    assert not (repo / "probe-file").exists()
    assert not (repo / "moved-file").exists()


def test_names_and_placeholders_under_acceptance_are_not_checks(repo: Path) -> None:
    """Item 2: schema fields listed after "should include:", assignments, a commit hash, a
    .NET namespace, a span that is a sentence's subject, a placeholder path and a mapping
    of names to files: none is run; the real checks beside them still are."""
    path = _plan(
        repo,
        HEAD + "## Concrete Steps\n\n"
        "1. Give the table its fields.\n\n"
        "   `compile_runs` should include:\n   - `id`\n   - `status`\n   - `title`\n\n"
        "2. Return at minimum these fields:\n   - `company`\n   - `target`\n\n"
        '   The mission should add:\n   - `mission.type = "reporting"`\n\n'
        '   The contract must carry:\n   - `monitorKind = "cash_posture"`\n\n'
        "   Each page key maps to a file:\n   - `index` -> `index.md`\n   - `log` -> `log.md`\n\n"
        "## Validation and Acceptance\n\n"
        "- `fogclaw` plugin appears and can be enabled\n"
        "- `./vcompress --dry-run /path/to/disposable/videos`\n\n"
        "| Slice | Verification |\n| ----- | ------------ |\n"
        "| 1 | `echo restored`; full restore and build. Commit `acad1e6`. |\n"
        "| 2 | Removed `Microsoft.CSharp`; targeted build. |\n\n"
        "- `echo real check`\n",
    )
    r = plan("accept", path, "--dry-run")
    assert r.code == 0, r.out + r.err
    ran = [ln.split("`")[1] for ln in r.out.splitlines() if "would run" in ln]
    assert ran == ["echo restored", "echo real check"], r.out


def test_expectations_stated_in_prose_and_a_log_of_past_runs(repo: Path) -> None:
    """Item 3: a paragraph after a block that says what its output must include is read (a
    list of spans for one command is compared; for several it is shown "not checked", never
    a silent pass); "is confirmed to fail" asks for a failure; a "Validation Log" section
    records past runs and is not run again."""
    (repo / "one.sh").write_text("echo ok internal/progress\n", encoding="utf-8")
    (repo / "lint.sh").write_text("echo unused import; exit 1\n", encoding="utf-8")
    path = _plan(
        repo,
        HEAD + "## Concrete Steps\n\n"
        "```bash\necho building\necho testing\n```\n\n"
        "The unit test output must include `internal/job`, `internal/progress` and\n"
        "`internal/webui`, and vet must be silent.\n\n"
        "```bash\nsh one.sh\n```\n\n"
        "The output must include `internal/job`.\n\n"
        "## Validation and Acceptance\n\n"
        "- `sh lint.sh` is confirmed to fail on an existing unused import.\n\n"
        "## Validation Log\n\n- `echo from the log`\n  - 14 passed\n\n"
        "```bash\necho from the log too\n```\n",
    )
    r = plan("accept", path, "--dry-run")
    assert r.code == 0, r.out + r.err
    lines = [ln for ln in r.out.splitlines() if "would run" in ln]
    assert len(lines) == 4, r.out
    assert "A1: `echo building` — not checked: 'The unit test output must include" in lines[0]
    assert "not checked" in lines[1]
    assert "A3: `sh one.sh` — output contains 'internal/job'" in lines[2]
    assert "A4: `sh lint.sh` — a failing exit (non-zero)" in lines[3]
    assert "from the log" not in r.out
    r = plan("accept", path, "--json")
    assert r.code != 0, r.out + r.err
    results = {c["name"]: c for c in r.json()["results"]}
    assert results["A3"]["status"] == "failed", results
    assert results["A4"]["status"] == "passed", results


def test_author_ids_p1_to_p10_are_the_ids(repo: Path) -> None:
    """Item 4: items `P1 [M1]` ... `P10 [M3]` keep the author's IDs, all of them; `plan done
    P1` and `plan show P2` find them."""
    items = "".join(
        f"- [{'x' if n < 3 else ' '}] (2026-02-17 10:0{n % 10}Z) P{n} [M{(n + 3) // 4}] Step {n}.\n"
        for n in range(1, 11)
    )
    path = _plan(
        repo, "# ExecPlan: Release\n\n## Purpose / Big Picture\n\nShip.\n\n## Progress\n\n" + items
    )
    r = plan("status", "-p", path, "--json")
    assert r.code == 0, r.out + r.err
    assert [t["id"] for t in r.json()["tasks"]] == [f"P{n}" for n in range(1, 11)]
    r = plan("done", "-p", path, "P3")
    assert r.code == 0, r.out + r.err
    assert "- [x] (2026-02-17 10:03Z) P3 [M1] Step 3." in (repo / path).read_text("utf-8")
    r = plan("show", "-p", path, "P2")
    assert r.code == 0, r.out + r.err
    assert "task P2" in r.out


def test_statuses_as_real_plans_write_them(repo: Path) -> None:
    """Item 4: `⏳ **BLOCKED**` is blocked like `🚀 **BLOCKED**`; the plan's own "Status
    Semantics" legend is read (`resolved`: fixed); a nested "**Status:** ⏳ DEFERRED" under an
    unticked item; `- [completed]` / `- [in_progress]` items (and `plan done` writes the
    word); "Done Criteria (Observable)" is no task list; a `| Slice | Scope | Status |
    Validation |` table is a tracker."""
    road = _plan(
        repo,
        "# Roadmap\n\n## Phase 5\n\n| Item | Status | Notes |\n|---|---|---|\n"
        "| Sync engine | ✅ **DONE** | shipped |\n| Webhooks | 🚀 **BLOCKED** | auth |\n"
        "| Retry queue | ⏳ **BLOCKED** | sync |\n",
        "road.md",
    )
    debt = _plan(
        repo,
        "# Debt Tracker\n\nDeferred work.\n\n## Status Semantics\n\n"
        "- `new`: captured, not yet scheduled.\n- `resolved`: fixed, evidence linked.\n"
        "- `wont_fix`: consciously accepted with a written reason.\n\n## Index\n\n"
        "| ID | Status | Summary |\n|---|---|---|\n| TD-01 | resolved | Document the path. |\n"
        "| TD-02 | new | Track the scope. |\n| TD-03 | wont_fix | Rename the store. |\n",
        "debt.md",
    )
    nested = _plan(
        repo,
        "# Refactor Tracker\n\n## Progress\n\n- [x] **Day 3: Client**\n"
        "- [ ] **Day 4: Integration Proof**\n  - [ ] Wire the client in\n"
        "  - **Status:** ⏳ DEFERRED - Moving to Phase 3 first\n"
        "- [ ] **Day 5: Refinement**\n",
        "nested.md",
    )
    words = _plan(
        repo,
        "# ExecPlan: Page size\n\n## Steps\n\n- [completed] Add the signal.\n"
        "- [in_progress] Open the pull request.\n- [pending] Merge it.\n\n"
        "## Done Criteria (Observable)\n\n- [x] The size can be chosen.\n- [ ] It is merged.\n",
        "words.md",
    )
    slices = _plan(
        repo,
        "# Upgrade\n\n## Slices\n\n| Slice | Scope | Status | Validation |\n|---|---|---|---|\n"
        "| 1 | SDK pin | ✅ Done | `echo sdk` |\n| 2 | Old refs | ⬜ Todo | `echo build` |\n",
        "slices.md",
    )

    def statuses(path: str) -> list[tuple[str, str, str]]:
        r = plan("status", "-p", path, "--json")
        assert r.code == 0, r.out + r.err
        return [(t["id"], t["status"], t["description"]) for t in r.json()["tasks"]]

    assert [s for _, s, _ in statuses(road)] == ["passed", "blocked", "blocked"]
    assert [s for _, s, _ in statuses(debt)] == ["passed", "outstanding", "skipped"]
    assert [s for _, s, _ in statuses(nested)] == ["passed", "skipped", "outstanding"]
    assert statuses(words) == [
        ("1", "passed", "Add the signal."),
        ("2", "in_progress", "Open the pull request."),
        ("3", "outstanding", "Merge it."),
    ]
    r = plan("done", "-p", words, "2")
    assert r.code == 0, r.out + r.err
    assert "- [completed] Open the pull request.\n" in (repo / words).read_text("utf-8")
    assert statuses(slices) == [("1", "passed", "SDK pin"), ("2", "outstanding", "Old refs")]


def test_working_folders_publish_dry_run_and_show_without_an_id(repo: Path) -> None:
    """Item 5: "Run from `/Users/.../x`:" is the author's machine, not a folder to cd into
    (the checks run from the root); "Run all commands from `web`." is read; `npm publish
    --dry-run` is a check as the README says; `plan show -p FILE` without an ID shows the
    plan."""
    (repo / "web").mkdir()
    (repo / "web" / "here.txt").write_text("in web\n", encoding="utf-8")
    path = _plan(
        repo,
        HEAD + "## Concrete Steps\n\n"
        "Run from `/Users/someone/workspace/site`:\n\n```bash\ncat README.md\n```\n\n"
        "## Validation and Acceptance\n\n"
        "Run all commands from `web`.\n\n```bash\ncat here.txt\n```\n\n"
        "- `npm publish --dry-run`\n",
    )
    r = plan("accept", path, "--dry-run")
    assert r.code == 0, r.out + r.err
    assert "would run A1: `cat README.md` — exit 0" in r.out
    assert "would run A2: `cat here.txt` in web — exit 0" in r.out
    assert "would run A3: `npm publish --dry-run` in web — exit 0" in r.out
    r = plan("accept", path, "--only", "A1", "--only", "A2", "--json")
    assert r.code == 0, r.out + r.err
    assert [c["status"] for c in r.json()["results"]] == ["passed", "passed"]
    for args in (("show", "-p", path), ("show", path)):
        r = plan(*args)
        assert r.code == 0, r.out + r.err
        assert "next: 1 — Build it." in r.out
        assert "tasks from line 9" in r.out


def test_a_list_of_checks_stays_checks_beside_a_list_of_names(repo: Path) -> None:
    """Item 2's other side: a lead-in that speaks of checks keeps its lone words as commands,
    and a names lead-in right after them is not output those commands must show."""
    path = _plan(
        repo,
        HEAD + "## Validation and Acceptance\n\n"
        "The following must succeed:\n- `true`\n\n`runs` should include:\n- `id`\n",
    )
    r = plan("accept", path, "--dry-run")
    assert r.code == 0, r.out + r.err
    assert [ln.split("would run ")[1] for ln in r.out.splitlines() if "would run" in ln] == [
        "A1: `true` — exit 0"
    ]


def test_a_task_whose_block_is_not_run_says_why(repo: Path) -> None:
    """A task whose only commands are a block set aside (a procedure, an action, a server)
    was shown as "commands: none" with no word of the block: `plan show` and `plan lint`
    (P121) now say which block and why."""
    path = _plan(
        repo,
        "# P\n\n## Progress\n\n- [ ] Build the fixture.\n\n"
        '  ```bash\n  d=$(mktemp -d)\n  touch "$d/x"\n  ```\n\n'
        "- [ ] Release it.\n\n  ```bash\n  true\n  git push origin main\n  ```\n\n"
        "- [ ] Check it.\n\n  ```bash\n  true\n  ```\n",
    )
    first = plan("show", "1", path)
    assert "not run: the bash block at line 7: a line uses $d" in first.out, first.out
    second = plan("show", "2", path)
    assert "not run: the bash block at line 14: `git push origin main`" in second.out, second.out
    assert "not run" not in plan("show", "3", path).out
    lint = plan("lint", path).out
    assert f"{path}:7: P121 task 1:" in lint, lint
    assert f"{path}:14: P121 task 2:" in lint, lint
    assert "P121 task 3" not in lint
