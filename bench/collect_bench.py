"""`plan ci collect` of 1,000 JUnit results (issue 22: goal <= 1 s).

A plan with 1,000 Quality Gates, and 1,000 JUnit files as 1,000 CI jobs would leave them
(one gate each, written by plan's own JUnit writer with its marks), every tenth a failure.
Each run starts from the plan as committed and records all of them in one commit.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

RESULTS = 1000
GOAL_S = 1.0
HEADING = "## plan ci collect"
PLAN = "plans/0001-ci.md"


def plan_text() -> str:
    """A plan whose Quality Gates table has RESULTS gates."""
    gates = "\n".join(f"| gate-{n:04d} | `true` | passes |" for n in range(RESULTS))
    return (
        "# ExecPlan: Benchmark collect\n\n- Status: In Progress\n"
        "- Start: 2026-01-01 • Last Updated: 2026-01-01T00:00Z\n\n"
        "## Purpose / Big Picture\n\nMany gates, run on many machines.\n\n"
        "## Detailed Phase Task Steps\n\n"
        "| Status | Phase # | Task # | ID | Task Type | Description | Validation |\n"
        "| --- | --- | --- | --- | --- | --- | --- |\n"
        "|  | 1 | 1 | T1 | Code | One task. | `true` |\n\n"
        "## Progress Per Session\n\n## Test Plan\n\n### Quality Gates\n\n"
        "| Gate | Command | Threshold / Expectation |\n| --- | --- | --- |\n" + gates + "\n"
    )


def write_results(folder: Path) -> list[Path]:
    """One JUnit file a gate, as `plan gates --only NAME --junit` writes it on a CI runner."""
    from runner.outputs.junit import RunInfo, junit_xml
    from runner.plan import ci
    from runner.plan.model import Status
    from runner.plan.results import Kind, Result, ResultStatus

    digest = ci.commands_digest(("true",))
    started = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    files = []
    for n in range(RESULTS):
        name = f"gate-{n:04d}"
        failed = n % 10 == 9
        result = Result(
            Kind.GATE,
            name,
            ResultStatus.FAILED if failed else ResultStatus.PASSED,
            Status.FAILED if failed else Status.PASSED,
            duration_s=0.1,
            reason="expected exit 0, got exit 1" if failed else "",
        )
        env = {"RUNNER_NAME": f"runner-{n % 20}", "GITHUB_RUN_ID": "1"}
        marks = ci.Marks(ci.marks(PLAN, None, env, "host").suite, {ci.key("gate", name): digest})
        info = RunInfo(started, 0.1, "host", marks)
        path = folder / "plan-results" / f"{name}.xml"
        path.parent.mkdir(exist_ok=True)
        path.write_text(junit_xml(PLAN, [result], info, env={}), encoding="utf-8")
        files.append(path)
    return files


def measure(plan_cmd: list[str], runs: int = 5) -> tuple[float, int]:
    """Median wall time of `plan ci collect` over the files, and the gates it recorded."""
    with tempfile.TemporaryDirectory(prefix="plan-collect-bench-") as tmp:
        folder = Path(tmp)
        subprocess.run(["git", "init", "-q", "-b", "main"], cwd=folder, check=True)
        (folder / "plans").mkdir()
        (folder / PLAN).write_text(plan_text(), encoding="utf-8")
        env_git = ["-c", "user.name=Bench", "-c", "user.email=bench@plan.invalid"]
        subprocess.run(["git", "add", "plans"], cwd=folder, check=True)
        subprocess.run(["git", *env_git, "commit", "-qm", "plan"], cwd=folder, check=True)
        files = [str(p.relative_to(folder)) for p in write_results(folder)]
        cmd = [*plan_cmd, "ci", "collect", *files, PLAN]
        walls = []
        recorded = 0
        for _ in range(runs + 1):  # the first warms the caches
            subprocess.run(["git", "reset", "-q", "--hard", "HEAD"], cwd=folder, check=True)
            start = time.perf_counter()
            done = subprocess.run(cmd, cwd=folder, capture_output=True, text=True, env=_env(folder))
            walls.append(time.perf_counter() - start)
            if done.returncode != 1:  # every tenth gate failed: exit 1
                raise SystemExit(f"collect exited {done.returncode}: {done.stderr}")
            text = (folder / PLAN).read_text(encoding="utf-8")
            recorded = sum(
                1 for ln in text.splitlines() if ln.startswith("| gate-") and "2026" in ln
            )
            subprocess.run(["git", "reset", "-q", "--hard", "HEAD~1"], cwd=folder, check=True)
    return statistics.median(walls[1:]), recorded


def _env(folder: Path) -> dict[str, str]:
    import os

    env = dict(os.environ)
    env.update(
        GIT_AUTHOR_NAME="Bench",
        GIT_AUTHOR_EMAIL="bench@plan.invalid",
        GIT_COMMITTER_NAME="Bench",
        GIT_COMMITTER_EMAIL="bench@plan.invalid",
    )
    env.pop("GITHUB_STEP_SUMMARY", None)
    return env


def section(wall: float, recorded: int) -> str:
    """The "plan ci collect" part of RESULTS.md."""
    import os
    import platform

    verdict = "met" if wall <= GOAL_S else "missed"
    when = time.strftime("%Y-%m-%d", time.gmtime())
    machine = f"{os.cpu_count()} cores, Python {platform.python_version()}"
    return (
        f"{HEADING}\n\n`python -m bench.collect_bench` (also the end of `doit bench`), {when},"
        f" {machine}: the whole command, start-up and commit included, median of 5 runs.\n\n"
        f"| Benchmark | Median | Goal | Result |\n| --- | --- | --- | --- |\n"
        f"| `plan ci collect`, {RESULTS} JUnit files of one gate each ({recorded} gates"
        f" recorded, one commit) | {wall:.2f} s | ≤ {GOAL_S:.0f} s | {verdict} |\n"
    )


def run(results_md: Path, plan_cmd: list[str]) -> None:
    """Measure and write the figure (called at the end of `python -m bench`)."""
    from bench.report_bench import record_section

    sys.stderr.write("bench: ci collect ...\n")
    wall, recorded = measure(plan_cmd)
    text = section(wall, recorded)
    sys.stdout.write("\n" + text)
    record_section(results_md, HEADING, text)


if __name__ == "__main__":
    here = Path(__file__).parent
    sys.path.insert(0, str(here.parent))
    entry = (
        f"import sys; sys.path.insert(0, {str(here.parent)!r}); from runner.cli import main; main()"
    )
    run(here / "RESULTS.md", [sys.executable, "-c", entry])
