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
        "## Validation and Acceptance\n\n```bash\necho one\necho two\n```\n",
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
