"""Issue 19 case 5, ninth pass (cases/05j, 05k): shell blocks the plan's prose refuses ran
under `plan accept` and `plan run`: a lead-in that refuses or sets a condition ("Do NOT run
the following:", "If the cache is stale:", "Only on Windows:", "Never:"), history ("The old
v1 procedure (retired, ...):"), an example ("Example output of a broken run:"), a
`<details>` whose summary refuses it, an opening comment (`# DANGER: do not run this`), and
a line's own comment (`touch x  # (don't!)`)."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import plan, write_text_plan

REFUSED = [
    "Do NOT run the following, it wipes the cache:",
    "The old v1 procedure (retired, kept for history):",
    "Example output of a broken run (do not copy):",
    "If the cache is stale:",
    "Only on Windows:",
    "Never:",
]


def _fence(body: str, lang: str = "bash") -> str:
    return f"```{lang}\n{body}\n```\n"


def test_blocks_the_prose_refuses_are_not_run_by_accept(repo: Path) -> None:
    parts = [
        "# P\n\n- Status: In Progress\n\n## Tasks\n\n| ID | Task | Status | Validation |\n"
        "|---|---|---|---|\n| T1 | a | X | `true` |\n\n## Concrete Steps\n"
    ]
    for k, lead in enumerate(REFUSED):
        parts.append(f"{lead}\n\n{_fence(f'touch cs{k}')}")
    parts.append(_fence("# DANGER: do not run this in production\ntouch cs6"))
    parts.append(_fence("touch cs7  # (don't!)\ntouch ok7"))
    parts.append(
        "<details><summary>Old approach (don't use)</summary>\n\n"
        + _fence("touch cs8")
        + "\n</details>\n"
    )
    parts.append(f"Run the tests (from the repo root):\n\n{_fence('touch ok1')}")
    parts.append(f"Then:\n\n{_fence('$ touch ok2', 'console')}")
    write_text_plan(repo, "\n".join(parts))
    result = plan("accept", "--no-commit")
    made = sorted(p.name for p in repo.iterdir() if p.name.startswith("cs"))
    assert made == [], (made, result.out + result.err)
    assert (repo / "ok1").exists(), result.out + result.err
    assert (repo / "ok2").exists(), result.out + result.err
    assert (repo / "ok7").exists(), result.out + result.err


def test_a_checklist_items_block_its_prose_refuses_is_not_run(repo: Path) -> None:
    write_text_plan(
        repo,
        "# P\n\n- Status: In Progress\n\n## Progress\n\n"
        f"- [ ] one\n  Do not run:\n\n  {_fence('touch cb1').replace(chr(10), chr(10) + '  ')}\n"
        f"- [ ] two\n  Never run this (it deletes the cache):\n\n"
        f"  {_fence('touch cb2').replace(chr(10), chr(10) + '  ')}\n"
        f"- [ ] three\n  Run:\n\n  {_fence('touch ok3').replace(chr(10), chr(10) + '  ')}\n",
    )
    result = plan("run", "--all", "--keep-going", "--no-commit")
    assert not (repo / "cb1").exists(), result.out + result.err
    assert not (repo / "cb2").exists(), result.out + result.err
    assert (repo / "ok3").exists(), result.out + result.err
    lint = plan("lint").out
    assert "P121 task 1: the bash block is not run as checks: the words before it" in lint, lint
