"""`plan next / run / gates / verify / done` with real subprocesses and real doit runs."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, git
from tests.helpers import alive, plan, row, write_plan


def diff_lines(repo: Path, rev: str = "HEAD~1") -> list[str]:
    out = git(repo, "diff", "-U0", rev, "HEAD", "--", "plans")
    return [ln for ln in out.splitlines() if ln[:1] in "+-" and not ln.startswith(("+++", "---"))]


def test_pass_then_fail_in_canonical_dialect(repo: Path) -> None:
    path = write_plan(repo, [row("1", "`true`"), row("2", "`exit 3`", depends="1")])
    r = plan("next", "--json")
    assert r.code == 0, r.err
    doc = r.json()
    assert doc["results"][0]["status"] == "passed"
    assert doc["next"] == "2"
    assert doc["commit"]
    changed = diff_lines(repo)
    cell = [ln for ln in changed if "| 1 " in ln]
    assert cell == [
        "-|        | 1       | 1      | 1 | Code      | Task 1. | `true` |  |  |",
        "+| X      | 1       | 1      | 1 | Code      | Task 1. | `true` |  |  |",
    ]
    assert any(ln.startswith("+- Status: In Progress") for ln in changed)
    assert any("Last Updated" in ln for ln in changed)
    assert any("plan session on `main`" in ln for ln in changed)
    assert len(changed) == 2 + 2 + 2 + 2  # cell, status, last updated, journal (2 new lines)
    r = plan("next", "--json")
    assert r.code == 1
    result = r.json()["results"][0]
    assert result["status"] == "failed"
    assert result["commands"][0]["exit_code"] == 3
    assert Path(result["commands"][0]["log"]).is_file()
    assert "| !      | 1       | 2      |" in path.read_text(encoding="utf-8")


def test_words_dialect(repo: Path) -> None:
    folder = repo / "plans"
    folder.mkdir()
    shutil.copy(FIXTURES / "words.md", folder / "words.md")
    git(repo, "add", "plans")
    git(repo, "commit", "-q", "-m", "words")
    r = plan("run", "-p", "words", "T2", "--json")
    assert r.code == 1
    text = (folder / "words.md").read_text(encoding="utf-8")
    assert "| T2 | Write the loader; validate with `false` | failed |" in text
    r = plan("run", "-p", "words", "T1")
    assert r.code == 0
    assert "| T1 | Draft the schema; verify with `true` | DONE |" in (
        folder / "words.md"
    ).read_text(encoding="utf-8")


def test_pipes_and_percent_signs_run_as_written(repo: Path) -> None:
    write_plan(
        repo,
        [
            row("1", r"`printf 'a\|b' \| grep -q 'a\|b'`"),
            row("2", "`test \"$(printf '%s' 50%)\" = 50%`, `date +%Y \\| grep -q '^20'`"),
        ],
    )
    r = plan("run", "1", "2", "--json")
    assert r.code == 0, r.out
    assert [x["status"] for x in r.json()["results"]] == ["passed", "passed"]


def test_timeout_stops_the_whole_group(repo: Path) -> None:
    marker = repo / "child.pid"
    write_plan(repo, [row("1", f"`sleep 30 & echo $! > {marker}; wait`")])
    r = plan("next", "--timeout", "1s", "--json")
    assert r.code == 1
    cmd = r.json()["results"][0]["commands"][0]
    assert cmd["timed_out"] is True
    assert cmd["exit_code"] is None
    assert not alive(int(marker.read_text()))


def test_task_timeout_column_wins(repo: Path) -> None:
    write_plan(repo, [row("1", "`sleep 5`", timeout="0.5s")])
    r = plan("next", "--json")
    assert r.json()["results"][0]["commands"][0]["timed_out"] is True


@pytest.mark.parametrize(("cell", "flag"), [("99999h", "0.5s"), ("0.5s", "1h")])
def test_the_shorter_of_the_cell_and_the_flag_holds(repo: Path, cell: str, flag: str) -> None:
    # Issue 19, third pass: a Timeout cell of 99999h lifted the user's --timeout 2s.
    import time

    write_plan(repo, [row("1", "`sleep 5`", timeout=cell)])
    started = time.monotonic()
    r = plan("next", "--timeout", flag, "--json")
    assert r.json()["results"][0]["commands"][0]["timed_out"] is True
    assert time.monotonic() - started < 4.5


def test_manual_task_is_marked_in_progress(repo: Path) -> None:
    path = write_plan(repo, [row("1", "", kind="Human"), row("2", "`true`", depends="1")])
    r = plan("next")
    assert r.code == 4
    assert "manual" in r.out
    assert "| @      | 1       | 1      |" in path.read_text(encoding="utf-8")
    head = git(repo, "rev-parse", "HEAD")
    assert plan("next").code == 4  # still the current task, shown again
    assert git(repo, "rev-parse", "HEAD") == head  # and nothing new recorded
    assert path.read_text(encoding="utf-8").count("is manual") == 1
    assert plan("done", "1").code == 0
    r = plan("next", "--json")
    assert r.json()["results"][0]["id"] == "2"


def test_gates_in_parallel_then_up_to_date_then_rerun(repo: Path) -> None:
    # A and B each wait for the other to have started: run one after the other, the first
    # would time out. That proves -j 4 runs them at once without timing anything.
    wait_for = (
        "touch {me}; i=0; until [ -e {other} ]; do i=$((i+1)); [ $i -gt 500 ] && exit 9;"
        " sleep 0.02; done"
    )
    # Markers outside the work tree: untracked files would rightly change the fingerprint.
    marks = repo.parent / "marks"
    marks.mkdir()
    a = wait_for.format(me=marks / "a", other=marks / "b")
    b = wait_for.format(me=marks / "b", other=marks / "a")
    write_plan(
        repo,
        [row("1", "`true`")],
        gates=[
            f"| A | `{a}` | x |",
            f"| B | `{b}` | x |",
            "| C | `true` | x |",
            "| D | `true` | x |",
        ],
    )
    r = plan("gates", "-j", "4", "--json")
    assert r.code == 0, r.out
    assert [g["status"] for g in r.json()["results"]] == ["passed"] * 4
    r = plan("gates", "--json")
    assert [g["status"] for g in r.json()["results"]] == ["up_to_date"] * 4
    assert r.json()["commit"] is None
    (repo / "new.txt").write_text("changed\n", encoding="utf-8")
    r = plan("gates", "--only", "C", "--json")
    assert [g["status"] for g in r.json()["results"]] == ["passed"]
    r = plan("gates", "--only", "C", "--force", "--json")
    assert [g["status"] for g in r.json()["results"]] == ["passed"]
    assert plan("gates", "--only", "nope").code == 2


def test_gate_results_land_in_the_table(repo: Path) -> None:
    path = write_plan(
        repo, [row("1", "`true`")], gates=["| Good | `true` | x |", "| Bad | `false` | x |"]
    )
    r = plan("gates")
    assert r.code == 1
    text = path.read_text(encoding="utf-8")
    assert "| Gate | Command | Threshold / Expectation | Status | Last Run |" in text
    good = next(ln for ln in text.splitlines() if ln.startswith("| Good"))
    bad = next(ln for ln in text.splitlines() if ln.startswith("| Bad"))
    assert "| X " in good
    assert "| ! " in bad


def test_gate_task_runs_the_gates(repo: Path) -> None:
    write_plan(repo, [row("1", "", kind="Gate")], gates=["| Good | `true` | x |"])
    r = plan("next", "--json")
    assert r.code == 0
    ids = [x.get("id") or x.get("name") for x in r.json()["results"]]
    assert ids == ["Good", "1"]


def test_run_all_in_dependency_order_and_keep_going(repo: Path) -> None:
    order = repo / "order.txt"
    write_plan(
        repo,
        [
            row("a", f"`echo a >> {order}`", depends="b"),
            row("b", f"`echo b >> {order}`"),
            row("c", "`false`"),
            row("d", f"`echo d >> {order}`", depends="c"),
            row("e", f"`echo e >> {order}`"),
        ],
    )
    r = plan("run", "--all", "--keep-going", "--json")
    assert r.code == 1
    statuses = {x["id"]: x["status"] for x in r.json()["results"]}
    assert statuses == {
        "b": "passed",
        "a": "passed",
        "c": "failed",
        "d": "outstanding",
        "e": "passed",
    }
    assert [x["id"] for x in r.json()["results"] if x.get("not_run")] == ["d"]
    assert order.read_text().split() == ["b", "a", "e"]


def test_run_stops_at_first_failure_without_keep_going(repo: Path) -> None:
    write_plan(repo, [row("1", "`false`"), row("2", "`true`")])
    r = plan("run", "--all", "--json")
    results = r.json()["results"]
    assert {x["id"]: x["status"] for x in results} == {"1": "failed", "2": "outstanding"}
    assert [x["id"] for x in results if x.get("not_run")] == ["2"]


def test_unknown_ids_and_bad_options(repo: Path) -> None:
    write_plan(repo, [row("1", "`true`")])
    assert plan("run", "zz").code == 2
    assert plan("run").code == 2
    assert plan("next", "--timeout", "soon").code == 2
    assert plan("done", "zz").code == 2


def test_dry_run_changes_nothing(repo: Path) -> None:
    path = write_plan(repo, [row("1", "`touch ran.txt`")])
    before = path.read_bytes()
    r = plan("next", "--dry-run")
    assert r.code == 0
    assert "would run `touch ran.txt`" in r.out
    assert path.read_bytes() == before
    assert not (repo / "ran.txt").exists()


def test_verify_flips_back_what_no_longer_passes(repo: Path) -> None:
    flag = repo / "flag"
    flag.write_text("x")
    path = write_plan(repo, [row("1", f"`test -f {flag}`"), row("2", "`true`")])
    assert plan("run", "--all").code == 0
    flag.unlink()
    r = plan("verify", "--json")
    assert r.code == 1
    text = path.read_text(encoding="utf-8")
    assert "| !      | 1       | 1      |" in text
    assert "| X      | 1       | 2      |" in text


def test_done_fail_reset(repo: Path) -> None:
    path = write_plan(repo, [row("1", "`true`")])
    for command, key in (("done", "X"), ("fail", "!"), ("reset", " ")):
        assert plan(command, "1").code == 0
        assert f"| {key}      | 1       | 1      |" in path.read_text(encoding="utf-8")


def test_malformed_row_is_not_rewritten(repo: Path) -> None:
    path = write_plan(repo, [row("1", "`true`") + " extra |"])
    before = path.read_bytes()
    r = plan("next")
    assert r.code == 3
    assert "wrong number of cells" in r.err
    assert path.read_bytes() == before


def test_status_complete_when_everything_passes(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from runner.run import workflow

    monkeypatch.setattr(workflow, "utc_now", lambda: datetime(2026, 2, 3, 4, 5, tzinfo=UTC))
    path = write_plan(repo, [row("1", "`true`")])
    assert plan("next").code == 0
    assert plan("gates").code == 0
    text = path.read_text(encoding="utf-8")
    assert "- Status: Complete" in text
    assert "Last Updated: 2026-02-03T04:05Z" in text


def test_blocked_is_never_overwritten(repo: Path) -> None:
    path = write_plan(repo, [row("1", "`true`")])
    text = path.read_text(encoding="utf-8").replace("- Status: Proposed", "- Status: Blocked")
    path.write_text(text, encoding="utf-8")
    assert plan("next", "--no-commit").code == 0
    assert "- Status: Blocked" in path.read_text(encoding="utf-8")


def test_environment_names_plan_and_task(repo: Path) -> None:
    out = repo / "env.txt"
    write_plan(repo, [row("1", f'`echo "$PLAN_TASK_ID $PLAN_FILE" > {out}`')])
    assert plan("next").code == 0
    task_id, plan_file = out.read_text().split()
    assert task_id == "1"
    assert plan_file.endswith("plans/0001-run.md")


def test_commands_see_the_tools_beside_plan(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    out = repo / "which.txt"
    write_plan(repo, [row("1", f"`command -v python > {out}`")])
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    assert plan("next").code == 0
    if sys.prefix != sys.base_prefix:
        assert out.read_text().strip() == str(Path(sys.executable).parent / "python")


def test_run_all_waits_for_manual_dependencies(repo: Path) -> None:
    write_plan(
        repo,
        [
            row("1", "", kind="Human"),
            row("2", "`true`", depends="1"),
            row("3", "`true`", depends="2"),
            row("4", "`true`"),
        ],
    )
    r = plan("run", "--all", "--json")
    results = r.json()["results"]
    # JSON statuses are meanings; flags say what kind of not-running it was.
    assert {x["id"]: x["status"] for x in results} == {
        "1": "outstanding",
        "2": "outstanding",
        "3": "outstanding",
        "4": "passed",
    }
    assert [x["id"] for x in results if x.get("manual")] == ["1"]
    assert [x["id"] for x in results if x.get("not_run")] == ["2", "3"]
    reasons = {x["id"]: x.get("reason") for x in r.json()["results"]}
    assert reasons["2"] == "waits for 1"
    assert reasons["3"] == "waits for 2"


def test_tasks_after_a_gate_task_wait_for_the_gates(repo: Path) -> None:
    order = repo / "order.txt"
    write_plan(
        repo,
        [row("1", "", kind="Gate"), row("2", f"`echo task >> {order}`", depends="1")],
        gates=[f"| Slow | `sleep 0.3; echo gate >> {order}` | x |"],
    )
    r = plan("run", "--all", "-j", "4", "--json")
    assert r.code == 0, r.err
    assert order.read_text().split() == ["gate", "task"]


def test_dry_run_of_marks_and_notes(repo: Path) -> None:
    path = write_plan(repo, [row("1", "`true`")])
    before = path.read_bytes()
    r = plan("done", "1", "--dry-run", "-q")
    assert r.code == 0
    assert "would be marked passed" in r.out
    assert plan("journal", "hello", "--dry-run").code == 0
    assert path.read_bytes() == before


def test_show_reports_the_last_result(repo: Path) -> None:
    write_plan(repo, [row("1", "`echo 'error: nope'; exit 4`")])
    assert plan("show", "1").out.count("last result") == 0
    assert plan("next").code == 1
    r = plan("show", "1")
    assert "last result: failed at" in r.out
    assert "exit 4: error: nope" in r.out
    doc = plan("show", "1", "--json").json()
    assert doc["last_result"]["status"] == "failed"
    assert Path(doc["last_result"]["log"]).is_file()
    assert plan("done", "1").code == 0
    assert plan("show", "1", "--json").json()["last_result"]["by_hand"] is True


def test_gates_on_a_plan_without_gates_is_nothing_to_do(repo: Path) -> None:
    write_plan(repo, [row("1", "`true`")], gates=[])
    r = plan("gates")
    assert r.code == 0
    assert "no Quality Gates table with gates; nothing to run" in r.err


def test_settings_turn_inference_off_and_pick_the_task_table(repo: Path) -> None:
    folder = repo / "plans"
    folder.mkdir()
    shutil.copy(FIXTURES / "marker.md", folder / "m.md")
    text = (FIXTURES / "canonical.md").read_text(encoding="utf-8")
    (folder / "c.md").write_text(text, encoding="utf-8")
    # Task 4 (a Test row) runs `python -c ...` read from its description (task 1's `git
    # init`, an Action row's, is never run: issue 19).
    assert plan("status", "c", "--json").json()["tasks"][3]["commands"] == [
        "python -c \"print('a|b')\""
    ]
    (repo / "pyproject.toml").write_text(
        '[tool.plan]\ninfer_commands = false\ntask_table = "Purpose"\n', encoding="utf-8"
    )
    doc = plan("status", "c", "--json").json()
    assert doc["tasks"][3]["commands"] == []
    assert doc["tasks"][3]["inferred"] is False
    # task_table names a heading: the marker still wins; in marker.md the Purpose section's
    # first status table is the unmarked one.
    doc = plan("status", "m", "--json").json()
    assert doc["tracker"]["reason"] == "marker <!-- plan:tasks -->"
    (repo / "pyproject.toml").write_text("[tool.plan]\ntask_table = 3\n", encoding="utf-8")
    r = plan("status", "c")
    assert r.code == 2
    assert "task_table must be a non-empty string" in r.err


def test_task_table_setting_picks_a_later_table(repo: Path) -> None:
    folder = repo / "plans"
    folder.mkdir()
    shutil.copy(FIXTURES / "phases.md", folder / "p.md")
    assert len(plan("status", "p", "--json").json()["tasks"]) == 4
    (repo / "pyproject.toml").write_text('[tool.plan]\ntask_table = "Phase 2"\n', encoding="utf-8")
    doc = plan("status", "p", "--json").json()
    assert [t["description"] for t in doc["tasks"]] == ["Add export", "Add import"]
    assert doc["tracker"]["reason"] == "setting task_table = 'Phase 2'"


def test_a_symlinked_plan_is_written_through(repo: Path) -> None:
    target = write_plan(repo, [row("1", "`true`")])
    real = repo / "docs" / "real.md"
    real.parent.mkdir()
    target.rename(real)
    target.symlink_to(real)
    assert plan("next", "--no-commit").code == 0
    assert target.is_symlink()
    assert "| X      | 1       | 1      |" in real.read_text(encoding="utf-8")


def test_verify_force_reruns_gates_of_a_gate_task(repo: Path) -> None:
    count = repo.parent / "gate-runs"
    write_plan(repo, [row("1", "", kind="Gate")], gates=[f"| Count | `echo x >> {count}` | x |"])
    assert plan("next").code == 0
    r = plan("verify", "--json")
    assert r.json()["results"][0]["status"] == "up_to_date"
    r = plan("verify", "--force", "--json")
    assert r.json()["results"][0]["status"] == "passed"
    assert count.read_text().split() == ["x", "x"]


def test_a_zero_timeout_cell_is_noted_and_the_run_limit_holds(repo: Path) -> None:
    # Fourth pass: `0s` meant no limit, and lint said nothing.
    write_plan(repo, [row("1", "`sleep 5`", timeout="0s")])
    assert "timeout '0s' sets no limit" in plan("lint").out
    r = plan("next", "--timeout", "0.5s", "--json")
    assert r.json()["results"][0]["commands"][0]["timed_out"] is True


def test_a_retry_in_the_same_second_keeps_the_earlier_log(tmp_path: Path) -> None:
    # A failure's message names its log; a retry started within the same second wrote the
    # same file name and overwrote the log the earlier failure pointed at.
    from runner.run.executor import unused_stamp

    taken = []
    for _ in range(3):
        stamp = unused_stamp(tmp_path, "T1")
        assert not (tmp_path / f"{stamp}-T1-1.log").exists()
        (tmp_path / f"{stamp}-T1-1.log").write_text("earlier", encoding="utf-8")
        taken.append(stamp)
    assert len(set(taken)) == 3


def test_a_command_longer_than_one_argument_fails_as_the_shell_refuses_it(repo: Path) -> None:
    # Seventh pass, case 18: a 1 MB command cell failed truthfully, but after 14-21 s spent
    # splitting it into words (shlex builds each word a character at a time); now it is
    # read at whitespace past 128 KiB and the shell's refusal comes at once.
    write_plan(repo, [row("T1", "`echo " + "a" * 1_000_000 + "`")])
    result = plan("run", "T1", "--json")
    assert result.code == 1, result.err
    doc = result.json()["results"][0]
    assert doc["status"] == "failed"
    assert "Argument list too long" in doc["reason"]
