"""Issue 19, case 6 (F6c): a check that rewrites the plan's other checks proves nothing.

A check ran `fix.sh`, which edited $PLAN_FILE: task 2's Validation `false` -> `true` and the
Lint gate's command `false` -> `true`. The runner put back a status the script wrote, but
kept the rewritten commands and committed them inside "task 1 passed"; the next runs then
recorded task 2 and Lint passed. Now a pass whose run saw the plan's checks (commands,
expected output, thresholds, Timeouts, the legend) change is withdrawn, and the plan is
written with the journal line saying which changed but not committed: the change is left
in the work tree for the person to review, never recorded as a run's own.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import git
from tests.helpers import plan, row, write_plan

PLAN = "plans/0001-run.md"
REWRITE = (
    "sed -i -e 's/| `false` |  |  |$/| `true` |  |  |/'"
    " -e 's/^| Lint | `false` |/| Lint | `true` |/' \"$PLAN_FILE\""
)


def setup(repo: Path, script: str) -> None:
    (repo / "fix.sh").write_text(script + "\n", encoding="utf-8")
    git(repo, "add", "fix.sh")
    git(repo, "commit", "-q", "-m", "script")
    write_plan(
        repo,
        [row("1", "`sh fix.sh`"), row("2", "`false`")],
        gates=["| Lint | `false` | exit 0 |"],
    )


def committed(repo: Path) -> str:
    return git(repo, "show", f"HEAD:{PLAN}")


@pytest.mark.parametrize("args", [("run", "1"), ("next",), ("run", "--all", "-j", "2")])
def test_a_check_that_rewrites_other_checks_is_not_a_pass(
    repo: Path, args: tuple[str, ...]
) -> None:
    setup(repo, REWRITE)
    head = git(repo, "rev-parse", "HEAD")
    r = plan(*args, "--json")
    assert r.code == 1, r.out + r.err
    out = json.loads(r.out)
    one = next(x for x in out["results"] if x.get("id") == "1")
    assert one["status"] != "passed"
    assert "changed while it ran" in one["reason"], one["reason"]
    assert "task 2" in one["reason"]
    assert "gate Lint" in one["reason"]
    # Nothing of it is committed as a run's record; the rewrite waits in the work tree.
    assert git(repo, "rev-parse", "HEAD") == head
    text = (repo / PLAN).read_text(encoding="utf-8")
    assert "| Lint | `true` |" in text
    assert "| Lint | `false` |" in committed(repo)
    assert any("not committed" in n for n in out["notices"]), out["notices"]


def test_the_gate_that_rewrites_another_gate_is_not_a_pass(repo: Path) -> None:
    setup(repo, REWRITE)
    text = (repo / PLAN).read_text(encoding="utf-8")
    (repo / PLAN).write_text(
        text.replace(
            "| Lint | `false` | exit 0 |",
            "| Fix | `sh fix.sh` | exit 0 |\n| Lint | `false` | exit 0 |",
        ),
        encoding="utf-8",
    )
    git(repo, "commit", "-qam", "gate")
    r = plan("gates", "--only", "Fix", "--json")
    assert r.code == 1, r.out + r.err
    fix = next(x for x in json.loads(r.out)["results"] if x["name"] == "Fix")
    assert fix["status"] != "passed"
    assert "gate Lint" in fix["reason"]


def test_reformatting_the_plan_is_not_rewriting_its_checks(repo: Path) -> None:
    # A formatter run as a check that only realigns the tables changes no check.
    realign = "s/^| Lint | `false` | exit 0 |$/| Lint |   `false`   | exit 0 |/"
    setup(repo, f"sed -i -e '{realign}' \"$PLAN_FILE\"")
    r = plan("run", "1", "--json")
    assert r.code == 0, r.out + r.err
    assert json.loads(r.out)["results"][0]["status"] == "passed"


def test_the_mcp_tools_withdraw_a_pass_whose_check_rewrote_the_plan(repo: Path) -> None:
    # The agent's tools share the run's path: a pass proved by rewritten checks is withdrawn.
    pytest.importorskip("mcp")
    from tests.mcp_client import payload, talk_in_process

    setup(repo, REWRITE)
    text = (repo / PLAN).read_text(encoding="utf-8")
    (repo / PLAN).write_text(
        text.replace(
            "| Lint | `false` | exit 0 |",
            "| Fix | `sh fix.sh` | exit 0 |\n| Lint | `false` | exit 0 |",
        ),
        encoding="utf-8",
    )
    git(repo, "commit", "-qam", "gate")
    head = git(repo, "rev-parse", "HEAD")
    answers: dict[str, dict[str, object]] = {}

    async def conversation(client: object) -> None:
        answers["run"] = payload(await client.call_tool("run", {"ids": ["1"]}))  # type: ignore[attr-defined]
        git(repo, "checkout", "-q", "--", PLAN)
        answers["gates"] = payload(await client.call_tool("gates", {"only": ["Fix"]}))  # type: ignore[attr-defined]

    talk_in_process(repo, conversation)
    for tool, name in (("run", "1"), ("gates", "Fix")):
        doc = answers[tool]
        assert doc["exit_code"] == 1, (tool, doc)
        results = doc["results"]
        assert isinstance(results, list)
        (mine,) = [x for x in results if name in (x.get("id"), x.get("name"))]
        assert mine["status"] != "passed", (tool, mine)
        assert "gate Lint" in mine["reason"], (tool, mine)
    assert git(repo, "rev-parse", "HEAD") == head


ADD_DONE_ROW = """python3 - <<'PY'
import os, pathlib
p = pathlib.Path(os.environ["PLAN_FILE"])
t = p.read_text()
row = next(x for x in t.splitlines() if "| Task 2. |" in x)
new = "| X      | 1       | 9      | 9 | Code      | Task 9. | `false` |  |  |"
p.write_text(t.replace(row, row + "\\n" + new))
PY"""


@pytest.mark.parametrize("args", [("run", "1"), ("next",), ("run", "--all", "-j", "2")])
def test_a_row_a_check_adds_marked_passed_is_put_back(repo: Path, args: tuple[str, ...]) -> None:
    # A check that appends a task already marked X claims a pass no run made: it is put
    # back to outstanding (as an X written into an existing row is), never committed as X.
    setup(repo, ADD_DONE_ROW)
    r = plan(*args, "--json")
    out = json.loads(r.out)
    one = next(x for x in out["results"] if x.get("id") == "1")
    assert one["status"] == "passed", r.out + r.err
    assert any("task 9 status 'X'" in n for n in out["notices"]), out["notices"]
    for text in (committed(repo), (repo / PLAN).read_text(encoding="utf-8")):
        (nine,) = [x for x in text.splitlines() if "| Task 9. |" in x]
        assert not nine.startswith("| X"), nine


def edit_row_two(old: str, new: str) -> str:
    return f"""python3 - <<'PY'
import os, pathlib
p = pathlib.Path(os.environ["PLAN_FILE"])
t = p.read_text()
row = next(x for x in t.splitlines() if "| Task 2. |" in x)
p.write_text(t.replace(row, row.replace({old!r}, {new!r})))
PY"""


@pytest.mark.parametrize("args", [("run", "1"), ("run", "--all", "-j", "2")])
def test_a_check_that_drops_what_another_task_waits_for_is_not_a_pass(
    repo: Path, args: tuple[str, ...]
) -> None:
    # Task 2 waits on task 3, which failed. A check that drops that dependency (so task 2
    # would run and pass past it) has rewritten how the work is proved.
    (repo / "fix.sh").write_text(edit_row_two("| 3 |", "|  |") + "\n", encoding="utf-8")
    git(repo, "add", "fix.sh")
    git(repo, "commit", "-q", "-m", "script")
    write_plan(
        repo,
        [
            row("1", "`sh fix.sh`"),
            row("3", "`false`", status="!"),
            row("2", "`true`", depends="3"),
        ],
    )
    head = git(repo, "rev-parse", "HEAD")
    r = plan(*args, "--json")
    assert r.code == 1, r.out + r.err
    one = next(x for x in json.loads(r.out)["results"] if x.get("id") == "1")
    assert one["status"] != "passed"
    assert "task 2 (its Depends)" in one["reason"], one["reason"]
    assert git(repo, "rev-parse", "HEAD") == head


def test_prose_a_check_adds_is_kept_and_committed_with_the_run(repo: Path) -> None:
    note = "- A note the check wrote."
    setup(repo, f"sed -i 's/^## Surprises & Discoveries$/&\\n\\n{note}/' \"$PLAN_FILE\"")
    r = plan("run", "1", "--json")
    assert r.code == 0, r.out + r.err
    assert note in committed(repo)
