"""`plan report` on a plan with 1,000 recorded results in its history (issue 13: under 2 s).

The history is written with one `git fast-import`, not 1,000 `plan` runs: each commit is
a new version of the plan with one result in its trailers, as a run would leave it.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RESULTS = 1000
TASKS = 40
GATES = ("Lint", "Typecheck", "Tests")
GOAL_S = 2.0
START = 1_767_225_600  # 2026-01-01T00:00Z
HEADING = "## plan report"


def plan_text(step: int) -> str:
    """The plan after `step` recorded results: tasks pass in order, gates run every 4th."""
    current = min(TASKS - 1, step // 25)
    rows = []
    for n in range(TASKS):
        status = "X" if n < current else ("!" if n == current and step % 25 == 3 else "")
        rows.append(
            f"| {status:6} | {n // 10 + 1} | {n + 1} | T{n + 1} | Code | Task {n + 1}: change"
            f" `src/m{n}.py`. | `true` |"
        )
    gates = "\n".join(
        f"| {g} | `true` | clean | {'X' if step > 3 else ''} |"
        f" {time.strftime('%Y-%m-%dT%H:%MZ', time.gmtime(START + step * 3600))} |"
        for g in GATES
    )
    day = step // 24
    journal = [f"- ({_stamp(day * 24)}) plan session on `main`"]
    journal += [
        f"  - ({_stamp(s)}) task T{s % TASKS + 1} (Code) passed in 0.1s"
        for s in range(day * 24, step + 1)
    ]
    return (
        "# ExecPlan: Benchmark history\n\n- Status: In Progress\n"
        "- Start: 2026-01-01 • Last Updated: 2026-01-01T00:00Z\n\n"
        "## Purpose / Big Picture\n\nA plan with a long history, for `plan report`.\n\n"
        "## Detailed Phase Task Steps\n\n"
        "| Status | Phase # | Task # | ID | Task Type | Description | Validation |\n"
        "| --- | --- | --- | --- | --- | --- | --- |\n"
        + "\n".join(rows)
        + "\n\n## Progress Per Session\n\n"
        + "\n".join(journal)
        + "\n\n## Test Plan\n\n### Quality Gates\n\n"
        "| Gate | Command | Threshold / Expectation | Status | Last Run |\n"
        "| --- | --- | --- | --- | --- |\n" + gates + "\n"
    )


def _stamp(step: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%MZ", time.gmtime(START + step * 3600))


def _data(text: str) -> bytes:
    raw = text.encode("utf-8")
    return b"data %d\n" % len(raw) + raw + b"\n"


def history_stream() -> bytes:
    """A fast-import stream: the plan added, then 1,000 commits of one result each."""
    out: list[bytes] = []
    for step in range(RESULTS + 1):
        if step == 0:
            message = "add the plan\n"
        else:
            kind = "Gate" if step % 4 == 0 else "Task"
            name = GATES[step % 3] if kind == "Gate" else f"T{min(TASKS - 1, step // 25) + 1}"
            result = "failed" if step % 25 == 3 else "passed"
            message = (
                f"plan(plan): {kind.lower()} {name} {result}\n\nPlan-File: plans/plan.md\n"
                f"Plan-{kind}: {name}\nPlan-Result: {result}\n"
            )
        out.append(b"commit refs/heads/main\n")
        out.append(b"committer Bench <bench@plan.invalid> %d +0000\n" % (START + step * 3600))
        out.append(_data(message))
        out.append(b"M 100644 inline plans/plan.md\n" + _data(plan_text(step)))
    return b"".join(out)


def build(folder: Path) -> Path:
    """A repository whose plan has 1,000 recorded results; returns the plan's path."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(folder)], check=True)
    subprocess.run(
        ["git", "fast-import", "--quiet"], cwd=folder, input=history_stream(), check=True
    )
    subprocess.run(["git", "checkout", "-q", "main"], cwd=folder, check=True)
    return folder / "plans" / "plan.md"


def measure(plan_cmd: list[str], runs: int = 5) -> tuple[float, int]:
    """Median wall time of `plan report` over the built history, and the results it saw."""
    with tempfile.TemporaryDirectory(prefix="plan-report-bench-") as tmp:
        folder = Path(tmp)
        plan = build(folder)
        cmd = [*plan_cmd, "report", str(plan), "-o", str(folder / "report.html")]
        subprocess.run(cmd, cwd=folder, check=True, capture_output=True)  # warm-up
        walls = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(cmd, cwd=folder, check=True, capture_output=True)
            walls.append(time.perf_counter() - start)
        seen = subprocess.run(
            [*plan_cmd, "history", "-p", str(plan), "--json"],
            cwd=folder,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    import json

    return statistics.median(walls), len(json.loads(seen)["history"])


def section(wall: float, results: int) -> str:
    """The "plan report" part of RESULTS.md."""
    verdict = "met" if wall < GOAL_S else "missed"
    return (
        f"{HEADING}\n\n| Benchmark | Median | Goal | Result |\n| --- | --- | --- | --- |\n"
        f"| `plan report`, one plan with {results} recorded results ({RESULTS + 1} versions)"
        f" | {wall:.2f} s | < {GOAL_S:.0f} s | {verdict} |\n"
    )


def record(results_md: Path, text: str) -> None:
    """Put the section into RESULTS.md, replacing the one a previous run wrote."""
    record_section(results_md, HEADING, text)


def record_section(results_md: Path, heading: str, text: str) -> None:
    """Put a section that starts with `heading` into RESULTS.md, replacing the one a
    previous run wrote (another benchmark's sections stay)."""
    old = results_md.read_text(encoding="utf-8") if results_md.exists() else ""
    start = old.find(heading)
    if start >= 0:
        end = old.find("\n## ", start + len(heading))
        old = old[:start] + (old[end + 1 :] if end >= 0 else "")
    results_md.write_text(old.rstrip("\n") + "\n\n" + text, encoding="utf-8")


def run(results_md: Path, plan_cmd: list[str]) -> None:
    """Measure and write the figure (called at the end of `python -m bench`)."""
    sys.stderr.write("bench: report ...\n")
    wall, results = measure(plan_cmd)
    text = section(wall, results)
    sys.stdout.write("\n" + text)
    record(results_md, text)


if __name__ == "__main__":
    here = Path(__file__).parent
    entry = (
        f"import sys; sys.path.insert(0, {str(here.parent)!r}); from runner.cli import main; main()"
    )
    run(here / "RESULTS.md", [sys.executable, "-c", entry])
