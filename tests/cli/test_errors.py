"""Bad input never ends in a traceback: a `plan: error:` line and a documented exit code."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from runner.cli import boundary
from runner.cli.params import DURATION
from tests.conftest import FIXTURES, PROJECT
from tests.helpers import plan, row, write_plan


@pytest.fixture
def plans(repo: Path) -> Path:
    folder = repo / "plans"
    folder.mkdir()
    shutil.copy(FIXTURES / "canonical.md", folder / "0001-canonical.md")
    shutil.copy(FIXTURES / "validation.md", folder / "0002-validation.md")
    (folder / "0003-latin1.md").write_bytes(b"# Plan\n\n- Status: Proposed\n\ncaf\xe9\n")
    return folder


BAD_INPUTS = [
    pytest.param(["nope"], 2, "No such command 'nope'", id="unknown-command"),
    pytest.param(["--bogus"], 2, "No such option: --bogus", id="unknown-app-option"),
    pytest.param(["status", "0001", "--bogus"], 2, "No such option: --bogus", id="unknown-option"),
    pytest.param(["fail", "-p", "0002"], 2, "Missing argument", id="missing-id"),
    pytest.param(["done", "-p", "0002"], 2, "Missing argument", id="missing-ids"),
    pytest.param(["journal", "-p", "0002"], 2, "Missing argument", id="missing-note"),
    pytest.param(["show", "-p", "0002", "NOPE"], 2, "no task 'NOPE'", id="unknown-id"),
    pytest.param(["status", "0001", "-p", "0002"], 2, "two plans named", id="two-plans-status"),
    pytest.param(["next", "0001", "-p", "0002"], 2, "two plans named", id="two-plans-next"),
    pytest.param(["gates", "0001", "-p", "0002"], 2, "two plans named", id="two-plans-gates"),
    pytest.param(["next", "0002", "--timeout", "soon"], 2, "'soon'", id="timeout-word"),
    pytest.param(["next", "0002", "--timeout", "5x"], 2, "'5x'", id="timeout-unit"),
    pytest.param(["next", "0002", "--timeout", "-5s"], 2, "'-5s'", id="timeout-negative"),
    pytest.param(["next", "0002", "--timeout", ""], 2, "''", id="timeout-empty"),
    pytest.param(["next", "0002", "--timeout", "1.5.3"], 2, "'1.5.3'", id="timeout-dots"),
    pytest.param(["next", "0002", "--timeout", "inf"], 2, "'inf'", id="timeout-inf"),
    pytest.param(["next", "0002", "--timeout"], 2, "requires an argument", id="timeout-missing"),
    pytest.param(["run", "--all", "-p", "0002", "--jobs", "0"], 2, "--jobs", id="jobs-zero"),
    pytest.param(["gates", "0002", "-j", "many"], 2, "'many'", id="jobs-word"),
    pytest.param(["run", "--all", "-p", "0002", "--wait", "x"], 2, "'x'", id="wait-word"),
    pytest.param(["run", "--all", "-p", "0002", "--wait", "nan"], 2, "'nan'", id="wait-nan"),
    pytest.param(
        ["run", "--all", "-p", "0002", "--junit", "plans"], 2, "is a directory", id="junit-dir"
    ),
    pytest.param(
        ["gates", "0002", "--junit", "README.md/j.xml"], 2, "is not a folder", id="junit-in-a-file"
    ),
    pytest.param(["demo", "README.md"], 2, "cannot create the demo", id="demo-into-a-file"),
    pytest.param(["run", "-p", "0002"], 2, "one of them", id="run-nothing-chosen"),
    pytest.param(["run", "1", "--all", "-p", "0002"], 2, "one of them", id="run-two-chosen"),
    pytest.param(["status", "no-such-plan"], 2, "no plan 'no-such-plan'", id="no-such-plan"),
    pytest.param(["next", "no-such-plan"], 2, "no plan 'no-such-plan'", id="no-such-plan-run"),
    pytest.param(["history", "-p", "nothing"], 2, "no plan 'nothing'", id="no-such-plan-hist"),
    pytest.param(["lint", "nothing"], 2, "no plan 'nothing'", id="no-such-plan-lint"),
    pytest.param(["status", "plans"], 2, "is a folder, not a plan", id="folder-as-plan"),
    pytest.param(["next", "plans"], 2, "is a folder, not a plan", id="folder-as-plan-run"),
    pytest.param(["status"], 2, "which plan?", id="ambiguous-plan"),
    pytest.param(["status", "0003"], 3, "P001 not UTF-8", id="not-utf8"),
    pytest.param(["next", "0003"], 3, "P001 not UTF-8", id="not-utf8-run"),
    pytest.param(["new", "  "], 2, "plan: error:", id="blank-title"),
]


@pytest.mark.parametrize(("args", "code", "message"), BAD_INPUTS)
def test_bad_input_is_a_plain_error(plans: Path, args: list[str], code: int, message: str) -> None:
    r = plan(*args)
    assert r.code == code, r.err
    assert "plan: error:" in r.err
    assert message in r.err
    assert "Traceback" not in r.out + r.err
    assert "internal error" not in r.err


def test_bare_plan_shows_the_help(plans: Path) -> None:
    r = plan()
    assert r.code == 2
    assert "Commands:" in r.out + r.err
    assert "Traceback" not in r.out + r.err


def test_usage_errors_keep_clicks_hint(plans: Path) -> None:
    r = plan("status", "--bogus")
    assert r.err.splitlines() == [
        "Usage: plan status [OPTIONS] [plan]",
        "Try 'plan status -h' for help.",
        "plan: error: No such option: --bogus",
    ]


def test_an_argument_beats_plan_file(plans: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAN_FILE", "0002")
    r = plan("status", "0001", "--json")
    assert r.code == 0, r.err
    assert r.json()["plan"] == "plans/0001-canonical.md"
    assert plan("status", "--json").json()["plan"] == "plans/0002-validation.md"
    assert plan("status", "-p", "0001", "--json").json()["plan"] == "plans/0001-canonical.md"
    assert plan("show", "P1.T2", "--json").json()["plan"] == "plans/0002-validation.md"


def test_the_same_plan_twice_is_not_two(plans: Path) -> None:
    assert plan("status", "0001", "-p", "0001").code == 0


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("30s", 30), ("5m", 300), ("1h", 3600), ("1h30m", 5400), ("90", 90), ("0", 0)],
)
def test_durations(text: str, seconds: float) -> None:
    assert DURATION.convert(text, None, None) == seconds


def test_timeout_zero_is_no_limit(plans: Path) -> None:
    r = plan("run", "1.10", "-p", "0002", "--timeout", "0", "--no-commit", "--json")
    assert r.code == 0, r.err
    assert [t["status"] for t in r.json()["results"]] == ["passed"]


def test_a_bug_is_exit_70_with_its_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    try:
        raise ValueError("a bug")
    except ValueError as exc:
        code = boundary.failure(exc)
    assert code == 70
    err = capsys.readouterr().err
    assert "Traceback" in err
    assert "ValueError: a bug" in err
    assert err.rstrip().endswith("(a bug in plan; please report it with the traceback above)")


def test_interrupt_is_130(capsys: pytest.CaptureFixture[str]) -> None:
    assert boundary.failure(KeyboardInterrupt()) == 130
    assert capsys.readouterr().err == "plan: interrupted\n"


@pytest.mark.parametrize(
    ("args", "code"),
    [(["next", "0001", "-p", "0002"], 2), (["status", "--bogus"], 2), (["status", "0003"], 3)],
)
def test_python_m_runner_in_a_subprocess(plans: Path, args: list[str], code: int) -> None:
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "PLAN_FILE": "0002"}
    proc = subprocess.run(
        [sys.executable, "-m", "runner", *args],
        cwd=plans.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == code
    assert "plan: error:" in proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr


def test_plan_file_read_in_a_subprocess(plans: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "PLAN_FILE": "0002"}
    proc = subprocess.run(
        [sys.executable, "-m", "runner", "status", "0001", "--json"],
        cwd=plans.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert '"plan": "plans/0001-canonical.md"' in proc.stdout


def test_help_lists_every_command_with_its_line(plans: Path) -> None:
    from runner.cli import FAMILIES

    r = plan("--help")
    assert r.code == 0
    listed = r.out.split("Commands:", 1)[1].splitlines()
    assert [line.split()[0] for line in listed if line.strip()] == list(FAMILIES)
    assert all(len(line.split()) > 1 for line in listed if line.strip())


def test_only_the_invoked_command_is_built(plans: Path) -> None:
    code = (
        "import sys; from runner.cli import app\n"
        "app(['status', '0001', '--json'], standalone_mode=False)\n"
        "print(sorted(m for m in sys.modules if m.startswith('runner.cli.')))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=plans.parent,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = proc.stdout.strip().splitlines()[-1]
    assert "runner.cli.reading" in loaded
    for other in ("running", "authoring", "agents"):
        assert f"runner.cli.{other}" not in loaded


def test_an_error_echoing_a_huge_input_is_bounded(repo: Path) -> None:
    # Issue 19, independent pass (N16): MCP `show` with a 10 MB id answered 10 MB of error.
    from runner import api
    from runner.errors import MESSAGE_LIMIT, PlanError

    write_plan(repo, [row("1", "`true`")])
    huge = "x" * 1_000_000
    with pytest.raises(PlanError) as caught:
        api.show(huge)
    text = caught.value.render()
    assert len(text) < MESSAGE_LIMIT + 200
    assert "characters" in text


# With `--json`, an error is a JSON document on stdout as well as a line on stderr: a client
# that parses stdout learns what went wrong instead of failing to parse an empty string.


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["show", "-p", "0002", "NOPE", "--json"], 2, "no task 'NOPE'"),
        (["run", "--json", "--bogus", "-p", "0002"], 2, "No such option: --bogus"),
        (["status", "--json", "0003"], 3, "not UTF-8"),  # the quick path
        (["next", "--json", "0001", "-p", "0002"], 2, "two plans named"),
        (["lint", "--json", "plans/missing.md"], 2, "missing.md"),
    ],
)
def test_an_error_with_json_is_a_json_document(
    plans: Path, args: list[str], code: int, message: str
) -> None:
    import json

    done = subprocess.run(
        [sys.executable, "-m", "runner", *args], cwd=plans.parent, capture_output=True, text=True
    )
    assert done.returncode == code, done.stderr
    doc = json.loads(done.stdout)
    assert doc["schema"] == 1
    assert doc["exit_code"] == code
    assert message in doc["error"]["message"]
    assert "plan: error:" in done.stderr


def test_without_json_an_error_leaves_stdout_empty(plans: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "runner", "show", "-p", "0002", "NOPE", "--", "--json"],
        cwd=plans.parent,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert done.stdout == ""


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ("next", 1),
        ("run --all", 1),
        ("run --all --json", 1),
        ("accept --dry-run", 0),
        ("status", 0),
    ],
)
def test_a_reader_that_goes_away_is_not_a_crash(repo: Path, args: str, code: int) -> None:
    # A trial on real plans: `plan next | head -1` ended in a BrokenPipeError traceback,
    # "internal error", exit 70, and the job's result was lost. The run's own exit code
    # stands; nothing is printed about the pipe.
    import shlex

    from tests.helpers import row, write_plan

    path = write_plan(repo, [row("T1", "`seq 1 20000; false`")])
    script = (
        f"{shlex.quote(sys.executable)} -m runner {args} 2>err.txt | true; "
        'echo "${PIPESTATUS[0]}"'
    )
    done = subprocess.run(
        ["bash", "-c", script], cwd=repo, capture_output=True, text=True, check=False
    )
    err = (repo / "err.txt").read_text(encoding="utf-8")
    assert done.stdout.strip() == str(code), err
    assert "Traceback" not in err, err
    assert "internal error" not in err, err
    if args.startswith(("next", "run")):
        assert "| ! " in path.read_text(encoding="utf-8")  # the failure was recorded
