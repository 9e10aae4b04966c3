"""Issue 18 (items 1, 2, 4) and issue 19 (item 5): a check observes and never acts.

Each test drives `plan` in a real git repository with plans of our own in the shapes real
plans take (a release step in a Validation cell, a "Final Validation and Release" phase, a
`Command:` line under a validation heading), and proves the action never ran: no commit, no
tag, no sentinel touched by a stand-in `gh` on PATH.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from runner.errors import EXIT_MANUAL
from runner.plan.actions import acts
from tests.conftest import git
from tests.helpers import plan, row, write_plan, write_text_plan

PLAN = "plans/0001-run.md"
RELEASE = (
    '`git add -A && git commit -m "v1.2.0: production ready" && git tag v1.2.0 && git push --tags`'
)


@pytest.fixture
def fake_gh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A `gh` on PATH that leaves a sentinel file when it runs; the sentinel's path."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    sentinel = tmp_path / "gh-ran"
    script = bin_dir / "gh"
    script.write_text(f'#!/bin/sh\necho "$@" >> "{sentinel}"\n', encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return sentinel


def tags(repo: Path) -> str:
    return git(repo, "tag", "-l")


def commits(repo: Path) -> int:
    return int(git(repo, "rev-list", "--count", "HEAD"))


# Item 1: release steps are never run as checks.


def test_a_release_step_in_a_validation_cell_never_runs(repo: Path) -> None:
    (repo / "notes.txt").write_text("unfinished notes\n", encoding="utf-8")
    write_plan(repo, [row("T1", "`true`"), row("T2", RELEASE, kind="Action")])
    before = commits(repo)
    result = plan("run", "--all", "--json")
    assert result.code == 0, result.out
    assert tags(repo) == ""
    # Only the runner's own commit of the plan; the notes were never committed.
    assert commits(repo) == before + 1
    assert "notes.txt" not in git(repo, "show", "--stat", "HEAD")
    assert "notes.txt" in git(repo, "status", "--porcelain")
    doc = result.json()
    t2 = next(r for r in doc["results"] if r["id"] == "T2")
    assert t2["manual"] is True
    assert "git push" in t2["reason"]
    assert "pushes to a remote" in t2["reason"]


@pytest.mark.parametrize(
    "hidden",
    [
        "`eval 'git commit -qam hidden'`",
        "`builtin command git commit -qam hidden`",
        "`if true; then git commit -qam hidden; fi`",
        "`echo 'git commit -qam hidden' \\| sh`",
        "`G=git; $G commit -qam hidden`",
    ],
)
def test_an_action_hidden_from_the_reader_is_never_run(repo: Path, hidden: str) -> None:
    # Issue 19, second pass (N6): each of these made a real commit and was recorded passed.
    (repo / "notes.txt").write_text("x\n", encoding="utf-8")
    git(repo, "add", "notes.txt")
    write_plan(repo, [row("T1", hidden)])
    before = commits(repo)
    result = plan("run", "T1", "--json")
    assert result.code == EXIT_MANUAL, result.out
    # Only the runner's own commit (the manual task marked in progress), never the hidden one.
    assert commits(repo) == before + 1
    assert git(repo, "log", "-1", "--format=%s").startswith("plan(")
    assert "hidden" not in git(repo, "log", "--format=%s")


def test_a_named_acting_task_exits_4_and_every_view_says_which_command(
    repo: Path, fake_gh: Path
) -> None:
    write_plan(repo, [row("T1", "`gh workflow run deploy-production.yml`", kind="Action")])
    result = plan("run", "T1")
    assert result.code == EXIT_MANUAL
    assert not fake_gh.exists()
    assert "gh workflow run deploy-production.yml" in result.out
    shown = plan("show", "T1").out
    assert "gh workflow run deploy-production.yml" in shown
    assert "--allow-action" in shown
    assert "(manual: acts)" in plan("status").out
    task = next(t for t in plan("status", "--json").json()["tasks"] if t["id"] == "T1")
    assert task["commands"] == []
    assert task["actions"] == [
        {
            "command": "gh workflow run deploy-production.yml",
            "reason": "gh workflow run changes GitHub",
        }
    ]
    journal = (repo / PLAN).read_text(encoding="utf-8")
    assert "gh workflow run deploy-production.yml' acts: gh workflow run changes GitHub" in journal


def test_allow_action_on_the_command_line_runs_it(repo: Path, fake_gh: Path) -> None:
    write_plan(repo, [row("T1", "`gh workflow run deploy.yml`", kind="Action")])
    result = plan("run", "T1", "--allow-action")
    assert result.code == 0, result.out
    assert fake_gh.read_text(encoding="utf-8").strip() == "workflow run deploy.yml"
    assert "| X " in (repo / PLAN).read_text(encoding="utf-8")


def test_allow_actions_in_pyproject_runs_it(repo: Path, fake_gh: Path) -> None:
    (repo / "pyproject.toml").write_text("[tool.plan]\nallow_actions = true\n", encoding="utf-8")
    git(repo, "add", "pyproject.toml")
    git(repo, "commit", "-qm", "opt in")
    write_plan(repo, [row("T1", "`gh workflow run deploy.yml`", kind="Action")])
    assert plan("run", "T1").code == 0
    assert fake_gh.exists()


def test_the_plan_text_cannot_opt_in(repo: Path, fake_gh: Path) -> None:
    path = write_plan(repo, [row("T1", "`gh release create v1`", kind="Action")])
    text = path.read_text(encoding="utf-8").replace(
        "- Status: Proposed", "- Status: Proposed\n- allow_actions: true\n- Allow actions: yes"
    )
    path.write_text(text, encoding="utf-8")
    git(repo, "commit", "-qam", "the plan asks")
    assert plan("run", "T1").code == EXIT_MANUAL
    assert not fake_gh.exists()


def test_read_only_git_is_a_check(repo: Path) -> None:
    git(repo, "tag", "v1.7.0")
    write_plan(repo, [row("T1", "`git tag -l v1.7.0 | grep -q v1.7.0`")])
    result = plan("run", "T1", "--json")
    assert result.code == 0, result.out
    assert result.json()["results"][0]["status"] == "passed"


def test_lint_warns_of_an_action_in_a_check_position(repo: Path) -> None:
    write_plan(repo, [row("T1", "`git push origin main`", kind="Action")])
    out = plan("lint").out
    assert "P120" in out
    assert "git push origin main" in out


# Item 2: accept never changes a task, commits only the plan, reads criteria sections only.

ROADMAP = """# Roadmap

## Phase 7: Release

### 7.4 Docs

- [x] Write the guide

### 7.5 Final Validation and Release

- [x] Tag the release
  - Command: `git tag -a v1.7.0 -m "v1.7.0"`
- [x] Publish
  - Command: `gh workflow run deploy-production.yml`
- [ ] Announce

## Acceptance Criteria

- [ ] The suite passes: run `true`
- [ ] Tagged: run `git tag -l v1.7.0 | grep -q v1.7.0`
"""


def test_accept_never_runs_a_phase_named_validation_nor_changes_its_tasks(
    repo: Path, fake_gh: Path
) -> None:
    (repo / "notes.txt").write_text("unfinished\n", encoding="utf-8")
    path = write_text_plan(repo, ROADMAP)
    result = plan("accept", "--json")
    assert not fake_gh.exists()
    assert tags(repo) == ""
    after = path.read_text(encoding="utf-8")
    # The finished tasks stay ticked; the phase's commands were not acceptance checks.
    for item in ("- [x] Write the guide", "- [x] Tag the release", "- [x] Publish"):
        assert item in after
    ids = [r["name"] for r in result.json()["results"]]
    assert len(ids) == 2  # the two criteria of the Acceptance Criteria section
    assert "notes.txt" not in git(repo, "show", "--stat", "HEAD")
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == [PLAN]


def test_accept_sets_aside_an_acting_criterion_and_says_why(repo: Path) -> None:
    path = write_text_plan(
        repo,
        "# P\n\n## Validation and Acceptance\n\n- [ ] Released: run `git push origin v1`\n"
        "- [ ] Works: run `true`\n",
    )
    doc = plan("accept", "--json").json()
    first = doc["results"][0]
    assert first["not_run"] is True
    assert "pushes to a remote" in first["reason"]
    text = path.read_text(encoding="utf-8")
    assert "- [ ] Released" in text
    assert "- [x]" in text.split("Works")[0].rsplit("\n", 1)[-1]
    assert "not run: it acts (git push pushes to a remote)" in text


# Item 4 (issue 18) and item 5 (issue 19): prose is not a command.


@pytest.mark.parametrize(
    "description",
    [
        "`touch ran` populates the table",
        "Do not run `touch ran` here",
        "Never execute `touch ran` on a laptop",
        "We no longer run `touch ran` since the move",
        "The previous run `touch ran` timed out",
        # Second pass of issue 19:
        "It is no longer necessary to run `touch ran`",
        "We used to run `touch ran` before the migration",
        "There is no need to run `touch ran` any more",
        "You needn't run `touch ran`",
        "We don't need to run `touch ran` anymore",
        "Nobody should run `touch ran` by hand",
        "There's no reason to run `touch ran`",
        "Under no circumstances run `touch ran`",
        # The independent pass: a typographic apostrophe, an aside, a comma, a list.
        "Please don\u2019t run `touch ran`",
        "Do not, under any circumstances, run `touch ran`",
        "Never, ever run `touch ran`",
        "Run `true`; do not run `touch ran`",
        "Run `true` but not `touch ran`",
        "We no longer need to run `touch ran`",
    ],
)
def test_prose_and_negated_spans_are_not_run(repo: Path, description: str) -> None:
    write_text_plan(repo, f"# P\n\n## Progress\n\n- [ ] {description}\n- [ ] Check: run `true`\n")
    plan("run", "--all")
    assert not (repo / "ran").exists()


@pytest.mark.parametrize(
    "description",
    [
        "Don't forget to run `touch ran`",
        "This script is used to run `touch ran`",
        "Run `touch ran`, not the old script",
    ],
)
def test_instructions_near_a_negation_still_run(repo: Path, description: str) -> None:
    write_text_plan(repo, f"# P\n\n## Progress\n\n- [ ] {description}\n")
    plan("run", "--all")
    assert (repo / "ran").exists()


@pytest.mark.parametrize(
    ("command", "why"),
    [
        ("make deploy", "deploy"),
        ("npm publish", "publishes"),
        ("curl -X POST https://example.invalid/hook", "POST"),
        ("rsync -a dist/ web:/srv", "another host"),
        ("kubectl apply -f k8s/", "cluster"),
        ("terraform apply -auto-approve", "infra"),
        ("docker push registry/app:1", "images"),
        ("FOO=1 bash -c 'git push'", "pushes"),
        ("echo export X=1 >> ~/.bashrc", "outside the work tree"),
        ("date > /etc/motd", "outside the work tree"),
    ],
)
def test_the_classifier_names_why(command: str, why: str) -> None:
    reason = acts(command)
    assert reason is not None
    assert why in reason


@pytest.mark.parametrize(
    "command",
    ["pytest -q", "git diff --stat", "git log -1", "curl -sf http://localhost:8000/health",
     "grep -c x src/*.py", "cd web && npm test", "make test", "gh pr view 3",
     "pytest -q > out.txt 2>&1", "echo done >&2", "ls 2>/dev/null", "sort < in.txt > /tmp/s"],
)  # fmt: skip
def test_the_classifier_lets_checks_through(command: str) -> None:
    assert acts(command) is None


def test_a_criterion_whose_subject_is_a_command_is_not_run(repo: Path) -> None:
    write_text_plan(
        repo,
        "# P\n\n## Progress\n\n- [ ] Build it\n\n## Acceptance Criteria\n\n"
        "1. `touch ran --mode analyze` populates `feedback_runs`\n"
        "2. `touch ran2` should create the cache\n"
        "3. `true` passes\n"
        "4. `true` is clean\n",
    )
    doc = plan("accept", "--json").json()
    assert [r["name"] for r in doc["results"]] == ["A1", "A2"]
    assert all(r["status"] == "passed" for r in doc["results"])
    assert not (repo / "ran").exists()
    assert not (repo / "ran2").exists()


# Issue 19, third pass: `rm -rf .git` ran as a check and deleted the history; writes out of
# the work tree by cp, tee, mv, install; wrappers with values (`nice -n 5`), `coproc`,
# `python -m twine`, `npm pub`, a git subcommand built at run time.


@pytest.mark.parametrize(
    ("command", "why"),
    [
        ("rm -rf .git", "history"),
        ("rm -rf ./.git/hooks", "history"),
        ("rm -rf *", "whole work tree"),
        ("cp -r . ~/backup", "outside the work tree"),
        ("echo x | tee -a ~/.bashrc", "outside the work tree"),
        ("mv notes.txt ~/notes.txt", "outside the work tree"),
        ("install -m 755 tool /usr/local/bin/", "outside the work tree"),
        ("dd if=/dev/zero of=/dev/sda", "outside the work tree"),
        ("cp hook .git/hooks/pre-commit", "own records"),
        ("nice -n 5 git push", "pushes"),
        ("xargs -n 1 git push", "pushes"),
        ("coproc git push", "pushes"),
        ("python -m twine upload dist/*", "uploads"),
        ("npm pub", "publishes"),
        # The words `echo` prints are read as the shell will use them (fourteenth stop).
        ("git $(echo push)", "pushes"),
        ("git $(cat verb.txt)", "built at run time"),
        # Fourth pass.
        ("(cd .. && rm -rf victim)", "leaving the work tree"),
        ("rm -rf .g*", "history"),
        ("printf x >> .git/config", "own records"),
        ("find .git -delete", "git's own folder"),
        ("sed -i s/a/b/ ~/.bashrc", "outside the work tree"),
        ("printf x > /dev/sda", "outside the work tree"),
        ("git reflog expire --all", "reflog"),
        ("dropdb app", "database"),
        ("psql -c 'DROP TABLE x'", "database"),
        ("redis-cli FLUSHALL", "database"),
        ("rclone sync a remote:b", "remote"),
        ("ionice -c3 git push", "pushes"),
        ("script -c 'git push' /dev/null", "pushes"),
        ("parallel git push ::: a", "pushes"),
        ("echo push | xargs git", "from its input"),
        ("find . -exec git push ;", "pushes"),
        ("python3 -c 'import os; os.system(\"git push\")'", "git push"),
        # Fifth pass: ways out of the tree before a delete.
        ("find ../v -maxdepth 1 -name d -exec rm -rf {} +", "outside the work tree"),
        ("pushd ../v && rm -rf f", "leaving the work tree"),
        ("env -C ../v rm -rf g", "leaving the work tree"),
        ('rm -rf "$PWD/../v/h"', "outside the work tree"),
        ('cd "$(dirname "$PWD")/v" && rm -rf r', "leaving the work tree"),
        ("perl -pi -e s/a/b/ ../v/o/file", "outside the work tree"),
        ("make -C ../v/q clean", "outside the work tree"),
    ],
)
def test_more_actions_are_named(command: str, why: str) -> None:
    reason = acts(command)
    assert reason is not None, command
    assert why in reason


@pytest.mark.parametrize(
    "command",
    ["rm -f out.txt", "rm -rf build/tmp", "cp a.txt b.txt", "tee out.log", "mkdir -p build",
     "chmod +x scripts/x.sh", "echo hi | tee /dev/stderr", "python -m pytest -q",
     "git reflog", "psql -c 'select 1'", "redis-cli GET x", "python3 -c 'print(1)'",
     "cd web && npm test", "rm -f .github/x.bak", "ls .g*"],
)  # fmt: skip
def test_work_tree_writes_stay_checks(command: str) -> None:
    assert acts(command) is None


def test_rm_rf_dot_git_never_runs(repo: Path) -> None:
    write_plan(repo, [row("T1", "`rm -rf .git`")])
    result = plan("run", "T1", "--json")
    assert result.code == EXIT_MANUAL, result.out
    assert (repo / ".git" / "HEAD").exists()
    assert "history" in result.json()["results"][0]["reason"]


def test_a_write_through_a_symlink_out_of_the_tree_never_runs(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("mine\n", encoding="utf-8")
    (repo / "build").symlink_to(outside, target_is_directory=True)
    git(repo, "add", "build")
    git(repo, "commit", "-qm", "a committed link")
    write_plan(repo, [row("T1", "`rm -rf build/*`"), row("T2", "`echo x > build/new.txt`")])
    for task in ("T1", "T2"):
        result = plan("run", task, "--json")
        assert result.code == EXIT_MANUAL, result.out
        assert str(outside) in result.json()["results"][0]["reason"]
    assert sorted(p.name for p in outside.iterdir()) == ["keep.txt"]


@pytest.mark.parametrize(("status", "code"), [("X", 0), ("-", 0), ("B", EXIT_MANUAL)])
def test_a_person_s_mark_on_a_manual_task_is_never_taken_back(
    repo: Path, status: str, code: int
) -> None:
    # Issue 19, third pass: `plan run T1` of a Human task a person marked X rewrote it to @.
    path = write_plan(repo, [row("T1", "", kind="Human", status=status)])
    before, head = path.read_bytes(), git(repo, "rev-parse", "HEAD")
    result = plan("run", "T1")
    assert result.code == code, result.out + result.err
    assert path.read_bytes() == before
    assert git(repo, "rev-parse", "HEAD") == head


# Issue 19, third pass (case 5): negation held in prose only; a labelled line or a Validation
# cell ran what its words said not to run.


@pytest.mark.parametrize(
    "lines",
    [
        "- [ ] A. Check\n  - Run: do not run `touch ran` here; run `true`",
        "- [ ] B. Check\n  - Verify: never execute `touch ran`",
        "- [ ] C. Check\n  - Check: `true` (not `touch ran`)",
        # Fourth pass: bold, struck, commented, "skip", "don't bother", "forbidden".
        "- [ ] D. Check\n  - Run: do **not** run `touch ran`; run `true`",
        "- [ ] E. Check\n  - Run: ~~`touch ran`~~ `true`",
        "- [ ] F. Check\n  - Run: <!-- `touch ran` --> `true`",
        "- [ ] G. Check\n  - Run: skip `touch ran`, run `true`",
        "- [ ] H. Check\n  - Run: `true` (and don't bother with `touch ran`)",
        "- [ ] I. Check\n  - Run: `touch ran` is forbidden here; `true`",
        "- [ ] J. Check\n  - Run: Previously: `touch ran`. Now: `true`",
    ],
)
def test_a_labelled_line_does_not_run_what_it_says_not_to(repo: Path, lines: str) -> None:
    write_text_plan(repo, f"# P\n\n## Progress\n\n{lines}\n")
    plan("run", "--all", "--keep-going")
    assert not (repo / "ran").exists()


@pytest.mark.parametrize(
    "cell",
    [
        "Do not run `touch ran`; run `true`",
        "`true` (never `touch ran`)",
        "`true`, not `touch ran`",
        "`true` (skip `touch ran`)",
        "`touch ran` is forbidden here; `true`",
        "~~`touch ran`~~ `true`",
        "<!-- `touch ran` --> `true`",
    ],
)
def test_a_validation_cell_does_not_run_what_it_says_not_to(repo: Path, cell: str) -> None:
    write_plan(repo, [row("T1", cell)])
    result = plan("run", "T1", "--json")
    assert result.code == 0, result.out
    assert [c["command"] for c in result.json()["results"][0]["commands"]] == ["true"]
    assert not (repo / "ran").exists()


def test_a_malformed_row_never_runs_its_command(repo: Path) -> None:
    # Fifth pass: a row with the wrong number of cells ran its command, then refused to
    # write the result (exit 3, the side effect done).
    write_plan(repo, [row("T1", "`touch ran`") + " extra |", row("T2", "`true`")])
    result = plan("run", "T1")
    assert result.code == 3, result.out + result.err
    assert "wrong number of cells" in result.err
    assert not (repo / "ran").exists()


@pytest.mark.parametrize(
    "cell",
    [
        "`true` (was: `touch pwn`)",
        "`true` — replaces `touch pwn`",
        "`true`; `touch pwn` must not be run",
        "`true`. Warning: `touch pwn` wipes data",
        "`true`; used to be `touch pwn`",
        "`true`; no need for `touch pwn`",
        "`true`; `touch pwn` nicht ausführen",
        "`true`; if it fails, `touch pwn`",
        "`true` (optional: `touch pwn`)",
        "`true`; `touch pwn` only if the build fails",
    ],
)
def test_a_cell_s_words_that_refuse_a_span_keep_it_from_running(repo: Path, cell: str) -> None:
    # Fifth pass: each of these ran `touch pwn` as a check.
    write_plan(repo, [row("T1", cell)])
    result = plan("run", "T1", "--json")
    (only,) = result.json()["results"]
    assert [c["command"] for c in only["commands"]] == ["true"], only
    assert not (repo / "pwn").exists()


@pytest.mark.parametrize("kind", ["Manual", "Review", "Approval"])
def test_a_task_a_person_does_never_runs_its_command(repo: Path, kind: str) -> None:
    # Fifth pass: a `Manual` task's Validation command ran.
    text = (
        "# P\n\n## Tasks\n\n| Status | Phase # | Task # | Task Type | Description | Validation |\n"
        "| --- | --- | --- | --- | --- | --- |\n"
        f"| | 1 | 1 | {kind} | Sign it off | `touch pwn` |\n"
    )
    write_text_plan(repo, text)
    result = plan("next", "--json")
    assert result.code == EXIT_MANUAL, result.out + result.err
    assert not (repo / "pwn").exists()


@pytest.mark.parametrize(
    "command",
    [
        "D=../v/f; rm -rf $D",
        "export D=../v/f && rm -rf ${D}",
        "rm -rf $SOME_DIR",
        "echo ../v/a | xargs rm -rf",
        "find . -name x | xargs -0 unlink",
        "unlink ../v/g/file",
        "mv ../v/h here",
        "node -e \"require('fs').rmSync('../v/k', {recursive: true})\"",
        "python3 -c \"import os; os.unlink('../v/m')\"",
    ],
)
def test_more_ways_to_delete_outside_the_tree_are_actions(command: str) -> None:
    # Fifth pass: each ran as a check and deleted files outside the repository.
    assert acts(command) is not None, command


@pytest.mark.parametrize("command", ["D=build; rm -rf $D", "rm -rf $PWD/build", "mv a.txt b.txt"])
def test_deletes_inside_the_tree_stay_checks(command: str) -> None:
    assert acts(command) is None, command


@pytest.mark.parametrize(
    "command",
    [
        # Sixth pass (D): each deleted a file outside the repository as a passed check.
        "perl -e 'unlink \"../v/j\"'",
        'rm -- "$(dirname $PWD)/v/m"',
        "rm $(realpath ..)/v2/f3",
        'rm "$(git rev-parse --show-toplevel)/../v2/f4"',
        "awk 'BEGIN{system(\"rm ../v2/f2\")}'",
        'bash -c "$(echo rm ../v2/f17)"',
        "rm $(cat victim.txt)",
        "ln -s ../v2 out && rm out/f19",
        "cmake -E rm ../v2/f20",
        "python3 -c \"import shutil; shutil.move('../v2/f21','moved')\"",
    ],
)
def test_deletes_the_sixth_pass_found_are_actions(command: str) -> None:
    assert acts(command) is not None, command


@pytest.mark.parametrize(
    "kind", ["Manual step", "Person (manual)", "\U0001f464 Human", "Human review", "Manual QA",
             "manual/human", "Review (PR)", "Human-in-the-loop", "Manuell", "QA (manuelle)"],
)  # fmt: skip
def test_a_task_type_with_more_words_for_a_person_never_runs(repo: Path, kind: str) -> None:
    text = (
        "# P\n\n## Tasks\n\n| Status | Phase # | Task # | Task Type | Description | Validation |\n"
        "| --- | --- | --- | --- | --- | --- |\n"
        f"| | 1 | 1 | {kind} | Sign it off | `touch pwn` |\n"
    )
    write_text_plan(repo, text)
    result = plan("next", "--json")
    assert result.code == EXIT_MANUAL, result.out + result.err
    assert not (repo / "pwn").exists()


@pytest.mark.parametrize(
    "command",
    [
        # A trial on real plans: each would have run as an acceptance check.
        "npm install lodash", "pnpm add three", "npm i -g typescript", "pip install requests",
        "cargo install ripgrep", "go install golang.org/x/tools/gopls@latest",
        "uv tool install ruff", "openclaw plugins install @datafog/fogclaw", "cargo fmt --all",
        "gofmt -w main.go", "black .", "ruff format", "ruff check --fix", "prettier --write .",
        "eslint --fix src", "mise run fmt", "npx prisma migrate deploy", "supabase db push",
        "pnpm db:migrate", "vercel env add K production", "jj git push", "jj commit -m x",
        "uv venv", "make fmt",
    ],
)  # fmt: skip
def test_installs_formatters_and_migrations_are_actions(command: str) -> None:
    assert acts(command) is not None, command


@pytest.mark.parametrize(
    "command",
    [
        "cargo fmt --check", "black --check .", "ruff format --check", "ruff check",
        "prettier --check .", "make fmt-check", "pnpm format:check", "jj log", "jj status",
        "gofmt -l .",
    ],
)  # fmt: skip
def test_format_checks_stay_checks(command: str) -> None:
    assert acts(command) is None, command


def test_an_opt_in_a_check_wrote_is_not_honoured(repo: Path) -> None:
    # The sixteenth pass (attack16a F28): task 1's check appended `allow_actions = true` to
    # pyproject.toml, and the next run made a tag. The opt-in counts once a person commits it.
    (repo / "pyproject.toml").write_text("[project]\nname = 'p'\n", encoding="utf-8")
    git(repo, "add", "pyproject.toml")
    git(repo, "commit", "-qm", "project")
    write_plan(
        repo,
        [
            row("T1", "`printf '[tool.plan]\\nallow_actions = true\\n' >> pyproject.toml`"),
            row("T2", "`git tag v-evil`"),
        ],
    )
    assert plan("run", "T1").code == 0
    r = plan("run", "T2")
    assert r.code == EXIT_MANUAL, r.out + r.err
    assert "not in the committed pyproject.toml" in r.err
    assert git(repo, "tag", "-l", "v-evil").strip() == ""
    git(repo, "add", "pyproject.toml")
    git(repo, "commit", "-qm", "a person opts in")
    assert plan("run", "T2").code == 0
    assert git(repo, "tag", "-l", "v-evil").strip() == "v-evil"
