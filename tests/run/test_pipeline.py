"""The run pipeline through its public entry points: `api.run` with typed actions, options and
hooks; `console.run`; the typed results and the documents drawn from them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from runner import api
from runner.cli import console
from runner.errors import EXIT_FAILED, EXIT_GIT, EXIT_MANUAL, UsageError, VcsError
from runner.outputs import documents
from runner.outputs import terminal as report
from runner.outputs.junit import junit_xml, summary_markdown
from runner.plan.model import Status
from runner.plan.results import CommandRun, Kind, Result, ResultStatus
from runner.plan.words import result_word
from runner.run.executor import Job, JobResult
from runner.run.options import Mark, Next, Note, Output, RunGates, RunOptions, RunTasks, Verify
from tests.conftest import git
from tests.helpers import plan, row, write_plan

GATES = ["| Good | `true` | passes |", "| Bad | `exit 4` | exit 0 |"]


def test_a_run_comes_back_as_typed_results(repo: Path) -> None:
    write_plan(
        repo,
        [
            row("1", "`true`"),
            row("2", "`exit 3`"),
            row("3", "`true`", depends="2"),
            row("4", "", kind="Action"),
            row("5", "`true`", depends="4"),
        ],
        gates=GATES,
    )
    outcome = api.run(RunTasks(all=True), None, RunOptions(keep_going=True))
    by_name = {r.name: r for r in outcome.results}
    assert all(r.kind is Kind.TASK for r in outcome.results)
    assert by_name["1"].outcome is ResultStatus.PASSED
    assert by_name["1"].status is Status.PASSED
    assert by_name["2"].outcome is ResultStatus.FAILED
    assert by_name["2"].reason == "exit 3"
    assert by_name["2"].commands[0].exit_code == 3
    assert by_name["3"].outcome is ResultStatus.NOT_RUN
    assert by_name["3"].status is Status.OUTSTANDING  # what the plan still holds
    assert by_name["4"].outcome is ResultStatus.MANUAL
    assert by_name["5"].set_aside
    assert by_name["5"].reason == "waits for 4"
    assert outcome.exit_code == EXIT_FAILED
    assert outcome.commit is not None
    assert outcome.written
    assert outcome.shown == "plans/0001-run.md"
    doc = documents.outcome_json(outcome)
    assert [r.get("id") for r in doc["results"]] == ["1", "2", "3", "4", "5"]
    assert doc["results"][2]["not_run"] is True
    assert doc["results"][3] == {"id": "4", "status": "outstanding", "manual": True, "commands": []}


def test_gates_are_gate_results_and_up_to_date_on_a_second_run(repo: Path) -> None:
    write_plan(repo, [row("1", "`true`")], gates=["| Good | `true` | passes |"])
    first = api.run(RunGates(), None, RunOptions())
    assert [(r.kind, r.name, r.outcome) for r in first.results] == [
        (Kind.GATE, "Good", ResultStatus.PASSED)
    ]
    second = api.run(RunGates(), None, RunOptions())
    (again,) = second.results
    assert again.outcome is ResultStatus.UP_TO_DATE
    assert again.shown() is ResultStatus.UP_TO_DATE
    assert documents.result_json(again)["status"] == "up_to_date"
    assert second.commit is None  # nothing ran, nothing to record


def test_hooks_see_each_job_start_and_end(repo: Path) -> None:
    write_plan(repo, [row("1", "`echo hello`")])
    started: list[Job] = []
    ended: list[tuple[Job, JobResult]] = []
    hooks = api.Hooks(on_start=started.append, on_done=lambda j, r: ended.append((j, r)))
    api.run(Next(), None, RunOptions(), hooks=hooks)
    assert [j.label for j in started] == ["task 1"]
    ((job, result),) = ended
    assert job.key == started[0].key
    assert result.status is ResultStatus.PASSED


def test_timeout_zero_means_no_limit(repo: Path) -> None:
    write_plan(repo, [row("1", "`sleep 0.2`")])
    outcome = api.run(Next(), None, RunOptions(timeout=0))
    (result,) = outcome.results
    assert result.outcome is ResultStatus.PASSED
    assert not result.commands[0].timed_out


def test_a_given_timeout_beats_the_setting(repo: Path) -> None:
    write_plan(repo, [row("1", "`sleep 5`")])
    outcome = api.run(Next(), None, RunOptions(timeout=0.2))
    (result,) = outcome.results
    assert result.commands[0].timed_out
    assert result.reason.startswith("timed out after")


def test_marks_notes_and_verify(repo: Path) -> None:
    write_plan(repo, [row("1", "`true`"), row("2", "", kind="Action")])
    marked = api.run(Mark(("2",), Status.PASSED), None, RunOptions())
    ((kind, outcome, status),) = [(r.kind, r.outcome, r.status) for r in marked.results]
    assert (kind, outcome, status) == (Kind.TASK, ResultStatus.MARKED, Status.PASSED)
    assert documents.result_json(marked.results[0]) == {
        "id": "2",
        "status": "passed",
        "commands": [],
    }
    noted = api.run(Note("all fine"), None, RunOptions())
    assert noted.results == ()
    assert noted.commit is not None
    api.run(Next(), None, RunOptions())
    verified = api.run(Verify(), None, RunOptions())
    assert [(r.name, r.outcome) for r in verified.results] == [("1", ResultStatus.PASSED)]
    with pytest.raises(UsageError, match="the note is empty"):
        api.run(Note("  "), None, RunOptions())


def test_a_manual_next_task_stops_with_exit_4(repo: Path) -> None:
    write_plan(repo, [row("1", "", kind="Action")])
    outcome = api.run(Next(), None, RunOptions())
    assert outcome.exit_code == EXIT_MANUAL
    (result,) = outcome.results
    assert result.status is Status.IN_PROGRESS
    assert "marked in progress" in report.result_line(result)
    assert [t.id for t in outcome.manual] == ["1"]


def test_git_refusing_is_a_notice_and_exit_6(repo: Path) -> None:
    write_plan(repo, [row("1", "`true`")])
    git(repo, "checkout", "-q", "--detach")
    outcome = api.run(Next(), None, RunOptions())
    assert outcome.exit_code == EXIT_GIT
    assert outcome.written
    assert outcome.commit is None
    assert any("HEAD is detached" in n for n in outcome.notices)


def test_commit_refusals_are_vcs_errors(repo: Path) -> None:
    from runner import vcs

    path = write_plan(repo, [row("1", "`true`")])
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    git(repo, "checkout", "-q", "--detach")
    with pytest.raises(VcsError, match="HEAD is detached"):
        vcs.commit_plan(repo, path, "message")


def test_console_run_prints_and_returns_the_exit_code(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_plan(repo, [row("1", "`exit 3`"), row("2", "`true`")])
    code = console.run(Next(), None, RunOptions(), Output(quiet=False))
    out = capsys.readouterr().out
    assert code == EXIT_FAILED
    assert out.startswith("task 1 failed in ")
    assert "committed " in out
    assert console.run(RunTasks(("2",)), None, RunOptions(), Output(json=True)) == 0
    assert '"results": [{"id": "2", "status": "passed"' in capsys.readouterr().out


def test_console_writes_junit(repo: Path, tmp_path: Path) -> None:
    write_plan(repo, [row("1", "`true`")], gates=GATES)
    target = tmp_path / "out" / "junit.xml"
    code = console.run(RunGates(), None, RunOptions(), Output(quiet=True, junit=target))
    assert code == EXIT_FAILED
    xml = target.read_text(encoding="utf-8")
    assert 'name="gate Bad"' in xml
    assert 'failures="1"' in xml


def test_documents_from_results_keep_cli_md_keys() -> None:
    cmd = CommandRun("exit 2", None, 1.0, False, "x.log", interrupted=True)
    stopped = Result(Kind.TASK, "7", ResultStatus.INTERRUPTED, Status.FAILED, (cmd,), 1.0)
    doc = documents.result_json(stopped)
    assert doc["status"] == "failed"  # a meaning: what the plan still holds
    assert doc["interrupted"] is True
    assert "reason" not in doc
    assert result_word(stopped) == "interrupted"
    # The plan still says failed, so the reports count it as a failure, as the JSON does.
    assert 'failures="1"' in junit_xml("s", [stopped])
    assert "| ⛔ | task 7 | interrupted | 1.0s |" in summary_markdown("s", [stopped])
    gate = Result(Kind.GATE, "Lint", ResultStatus.UP_TO_DATE, Status.PASSED)
    assert documents.result_json(gate) == {
        "name": "Lint",
        "status": "up_to_date",
        "duration_s": 0.0,
        "commands": [],
    }
    assert report.result_line(gate) == "gate Lint up to date"


def test_state_does_not_import_the_executor() -> None:
    code = "import sys, runner.workspace.state; print('runner.run.executor' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_every_state_path_is_under_the_state_folder(repo: Path) -> None:
    from runner.workspace import layout, state

    path = write_plan(repo, [row("1", "`true`")])
    ws = layout.workspace()
    lock, info = state.lock_paths(ws, path)
    cache = ws.cache
    assert cache is not None
    paths = [
        lock,
        info,
        state.doit_db(ws, path),
        state.log_dir(ws, path),
        state.results_file(ws, path),
        state.cache_entry(cache, path),
    ]
    assert all(p.is_relative_to(ws.state) for p in paths)
    assert len(set(paths)) == len(paths)


def test_results_are_remembered_atomically(repo: Path) -> None:
    from runner.workspace import layout, state

    path = write_plan(repo, [row("1", "`exit 3`")], gates=["| Good | `true` | passes |"])
    api.run(Next(), None, RunOptions())
    api.run(RunGates(), None, RunOptions())
    api.run(RunGates(), None, RunOptions())  # up to date: the passed result stays
    ws = layout.workspace()
    kept = state.last_results(ws, path)
    assert kept["task:1"]["status"] == "failed"
    assert kept["task:1"]["reason"] == "exit 3"
    assert kept["gate:Good"]["status"] == "passed"
    assert kept["gate:Good"]["duration_s"] is not None
    folder = state.results_file(ws, path).parent
    assert [p.name for p in folder.iterdir()] == [state.results_file(ws, path).name]


def test_store_replaces_a_file_whole(tmp_path: Path) -> None:
    from runner.workspace import state

    target = tmp_path / "deep" / "file.json"
    state.store(target, "one")
    state.store(target, "two")
    assert target.read_text(encoding="utf-8") == "two"
    assert sorted(p.name for p in target.parent.iterdir()) == ["file.json"]
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    state.store(blocked / "x.json", "quietly not written")  # no exception
    assert not (blocked / "x.json").exists()


def test_exit_codes_for_signals() -> None:
    import signal

    from runner.errors import EXIT_INTERRUPTED, EXIT_TERMINATED, exit_for_signal

    assert exit_for_signal(signal.SIGINT) == EXIT_INTERRUPTED == 130
    assert exit_for_signal(signal.SIGTERM) == EXIT_TERMINATED == 143
    assert exit_for_signal(signal.SIGHUP) == 128 + signal.SIGHUP


def test_a_damaged_results_file_is_a_lost_memory_not_a_crash(repo: Path) -> None:
    from runner.workspace import layout, state

    path = write_plan(repo, [row("1", "`true`")])
    assert plan("run", "1").code == 0
    ws = layout.workspace()
    kept = state.results_file(ws, path)
    kept.write_text(
        '{"task:1": {"when": 3}, "task:2": "x", "gate:A": {"status": "passed", "when": "t",'
        ' "duration_s": "slow", "log": 7, "reason": 1}}',
        encoding="utf-8",
    )
    shown = plan("show", "1")
    assert shown.code == 0, shown.err
    assert "Traceback" not in shown.err
    assert state.last_results(ws, path) == {
        "gate:A": {
            "status": "passed",
            "when": "t",
            "by_hand": False,
            "duration_s": None,
            "log": None,
            "reason": None,
        }
    }


def test_verify_names_a_manual_task_never_silently(repo: Path) -> None:
    # Issue 19, item 14 (second pass): `plan verify ID` of a manual task said nothing, exit 0.
    path = write_plan(repo, [row("1", "", kind="Action"), row("2", "`true`")])
    before = path.read_text(encoding="utf-8")
    open_one = api.run(Verify(("1",)), None, RunOptions())
    assert open_one.exit_code == EXIT_MANUAL
    assert [(r.name, r.outcome) for r in open_one.results] == [("1", ResultStatus.MANUAL)]
    assert path.read_text(encoding="utf-8") == before  # verify never marks it in progress
    api.run(Mark(("1",), Status.PASSED), None, RunOptions())
    done_one = api.run(Verify(("1",)), None, RunOptions())
    assert done_one.exit_code == 0
    assert done_one.notices == ("task 1 is manual, done by hand: nothing to verify",)
