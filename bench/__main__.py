"""`python -m bench [NAME...]`: run the benchmarks side by side and write bench/RESULTS.md.

Each comparison alternates A and B over several runs and reports medians. No
timed assertions live in the test suite; the goals are written beside the figures.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench import collect_bench, report_bench
from bench.common import (
    HERE,
    ROOT,
    Run,
    alternate,
    make_dodo,
    make_plan,
    measure,
    med,
    med_rss,
    tool,
)
from bench.idiomatic import bench_idiomatic
from bench.reading import bench_reading


def bench_startup(rows: list[list[str]], work: Path) -> None:
    folder = work / "startup"
    plan = make_plan(folder, 50)
    make_dodo(folder, 50)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=folder, check=True)
    a, b = alternate(
        lambda: measure([*tool("plan"), "status", str(plan), "--json"], folder),
        lambda: measure([*tool("doit"), "list"], folder),
        20,
    )
    ratio = med(a) / med(b)
    rows.append(
        [
            "start-up: `plan status --json`, 50 tasks",
            f"{med(a) * 1000:.0f} ms",
            f"{med_rss(a):.0f} MB",
            "",
            "",
        ]
    )
    rows.append(
        [
            "start-up: `doit list`, 50 tasks",
            f"{med(b) * 1000:.0f} ms",
            f"{med_rss(b):.0f} MB",
            "",
            "",
        ]
    )
    rows.append(
        [
            "start-up ratio plan / doit",
            f"{ratio:.2f}",
            "",
            "≤ 1.0",
            "met" if ratio <= 1.0 else "missed",
        ]
    )


def bench_scale(rows: list[list[str]], work: Path) -> None:
    times: dict[tuple[str, int], float] = {}
    for n in (1000, 10000, 20000):
        folder = work / f"scale{n}"
        plan = make_plan(folder, n)
        original = plan.read_bytes()
        for label, cmd in (
            ("status", [*tool("plan"), "status", str(plan), "--json"]),
            ("set one status", [*tool("plan"), "done", "-p", str(plan), str(n), "--no-commit"]),
            ("lint", [*tool("plan"), "lint", str(plan)]),
        ):
            runs = []
            for _ in range(3):
                plan.write_bytes(original)
                runs.append(measure(cmd, folder))
            times[(label, n)] = med(runs)
    for label in ("status", "set one status", "lint"):
        t1k, t10k, t20k = (times[(label, n)] for n in (1000, 10000, 20000))
        growth = t20k / t10k
        ok = t10k <= 1.0 and growth <= 2.3
        rows.append(
            [
                f"scale: {label}, 1k / 10k / 20k rows",
                f"{t1k:.2f} / {t10k:.2f} / {t20k:.2f} s",
                "",
                "10k ≤ 1.0 s, 20k/10k ≤ 2.3",
                f"20k/10k = {growth:.2f}; " + ("met" if ok else "missed"),
            ]
        )


def bench_overhead(rows: list[list[str]], work: Path) -> None:
    folder = work / "overhead"
    plan = make_plan(folder, 200)
    original = plan.read_bytes()
    loop = ["bash", "-c", "for i in $(seq 200); do bash -c true; done"]

    def run_plan() -> Run:
        plan.write_bytes(original)
        return measure([*tool("plan"), "run", "--all", "--no-commit", "-p", str(plan)], folder)

    a, b = alternate(run_plan, lambda: measure(loop, folder), 5)
    per_task = (med(a) - med(b)) / 200 * 1000
    rows.append(
        [
            "overhead: `plan run --all --no-commit`, 200 `true` tasks",
            f"{med(a):.2f} s",
            f"{med_rss(a):.0f} MB",
            "",
            "",
        ]
    )
    rows.append(["overhead: bash loop of 200 `bash -c true`", f"{med(b):.2f} s", "", "", ""])
    rows.append(
        [
            "overhead per task",
            f"{per_task:.2f} ms",
            "",
            "≤ 3 ms",
            "met" if per_task <= 3 else "missed",
        ]
    )


def bench_loop(rows: list[list[str]], work: Path) -> None:
    """`plan loop`'s own cost per task (issue 21): snapshots, guarding the plan, the record
    and one commit per task. The agent is `true` and so is each validation; the same
    validations through `plan run --all` are subtracted."""
    n = 20
    folder = work / "loop"
    plan = make_plan(folder, n)
    identity = {
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.com",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.com",
    }
    env = {**os.environ, **identity}
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=folder, check=True)
    subprocess.run(["git", "add", "-A"], cwd=folder, check=True)
    subprocess.run(["git", "commit", "-q", "-m", "plan"], cwd=folder, check=True, env=env)
    original = plan.read_bytes()

    def fresh() -> None:
        plan.write_bytes(original)
        subprocess.run(
            ["git", "commit", "-q", "-am", "again", "--allow-empty"],
            cwd=folder,
            check=True,
            env=env,
        )

    def looped() -> Run:
        fresh()
        return measure(
            [*tool("plan"), "loop", "--agent", "true", "-q", "-p", str(plan)], folder, env
        )

    def ran() -> Run:
        fresh()
        return measure([*tool("plan"), "run", "--all", "-q", "-p", str(plan)], folder, env)

    a, b = alternate(looped, ran, 5)
    if any(r.code for r in a + b):
        raise SystemExit("bench loop: a run failed; its figures would mean nothing")
    per_task = (med(a) - med(b)) / n * 1000
    rows.append(
        [
            f"loop: `plan loop --agent true`, {n} `true` tasks, committed",
            f"{med(a):.2f} s",
            f"{med_rss(a):.0f} MB",
            "",
            "",
        ]
    )
    rows.append([f"loop: `plan run --all`, the same {n} tasks", f"{med(b):.2f} s", "", "", ""])
    rows.append(
        [
            "loop overhead per task (all but the agent and the validation)",
            f"{per_task:.0f} ms",
            "",
            "≤ 150 ms",
            "met" if per_task <= 150 else "missed",
        ]
    )


def bench_gates(rows: list[list[str]], work: Path) -> None:
    folder = work / "gates"
    gates = (
        "\n### Quality Gates\n\n| Gate | Command | Threshold / Expectation |\n"
        "| --- | --- | --- |\n| A | `sleep 1` | x |\n| B | `sleep 1` | x |\n"
        "| C | `true` | x |\n| D | `true` | x |\n"
    )
    plan = make_plan(folder, 1, gates=gates)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=folder, check=True)
    original = plan.read_bytes()
    walls, checks = [], []
    for _ in range(3):
        plan.write_bytes(original)
        shutil.rmtree(folder / ".git" / "plan", ignore_errors=True)
        walls.append(measure([*tool("plan"), "gates", "-j", "4", "--no-commit", str(plan)], folder))
        checks.append(
            measure([*tool("plan"), "gates", "-j", "4", "--no-commit", str(plan)], folder)
        )
    ratio = med(walls) / 1.0
    rows.append(
        [
            "parallel gates: 4 gates (two `sleep 1`), `-j 4`: wall / longest gate",
            f"{ratio:.2f}",
            "",
            "close to 1",
            "met" if ratio < 1.5 else "missed",
        ]
    )
    rows.append(
        [
            "parallel gates: rerun, nothing changed (up-to-date check)",
            f"{med(checks) * 1000:.0f} ms",
            "",
            "",
            "",
        ]
    )


def bench_memory(rows: list[list[str]], work: Path) -> None:
    folder = work / "memory"
    plan = make_plan(folder, 1, command="head -c 300000000 /dev/zero \\| tr '\\\\0' x")
    run = measure([*tool("plan"), "next", "--no-commit", str(plan)], folder)
    rows.append(
        [
            "memory: one command printing 300 MB, runner peak RSS",
            f"{run.rss_mb:.0f} MB",
            "",
            "< 150 MB",
            "met" if run.rss_mb < 150 else "missed",
        ]
    )


BENCHES: dict[str, Callable[[list[list[str]], Path], None]] = {
    "startup": bench_startup,
    "scale": bench_scale,
    "reading": bench_reading,
    "idiomatic": bench_idiomatic,
    "overhead": bench_overhead,
    "loop": bench_loop,
    "gates": bench_gates,
    "memory": bench_memory,
}


def render(rows: list[list[str]], names: list[str]) -> str:
    head = ["Benchmark", "Median", "Peak RSS", "Goal", "Result"]
    lines = ["| " + " | ".join(head) + " |", "| " + " | ".join("---" for _ in head) + " |"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    machine = (
        f"{os.cpu_count()} cores, Python {platform.python_version()},"
        f" {platform.system()} {platform.machine()}"
    )
    return (
        f"# Benchmark results\n\nWritten by `doit bench` ({', '.join(names)}) on"
        f" {time.strftime('%Y-%m-%d', time.gmtime())}; {machine}.\n\n"
        + "\n".join(lines)
        + "\n"
        + changes()
        + kept()
    )


KEPT = "<!-- sections kept by bench: everything below is written by hand -->"


def kept() -> str:
    """The hand-written sections of RESULTS.md (before/after figures of earlier changes)."""
    try:
        text = (HERE / "RESULTS.md").read_text(encoding="utf-8")
    except OSError:
        return ""
    start = text.find(KEPT)
    return "\n" + text[start:] if start >= 0 else ""


def changes() -> str:
    """The profile-driven changes and their before/after figures, kept in README.md."""
    text = (HERE / "README.md").read_text(encoding="utf-8")
    start, end = text.find("<!-- changes -->"), text.find("<!-- /changes -->")
    if start < 0 or end < 0:
        return ""
    body = text[start + len("<!-- changes -->") : end].strip()
    return "\n## What was changed to meet the goals (before → after)\n\n" + body + "\n"


def main(argv: list[str]) -> int:
    names = argv or list(BENCHES)
    unknown = [n for n in names if n not in BENCHES]
    if unknown:
        sys.stderr.write(
            f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHES)}\n"
        )
        return 2
    # pip compiles an installed package; do the same for this checkout so that an
    # environment with PYTHONDONTWRITEBYTECODE does not time the compiler.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "runner")], check=True)
    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory(prefix="plan-bench-") as tmp:
        for name in names:
            sys.stderr.write(f"bench: {name} ...\n")
            BENCHES[name](rows, Path(tmp))
    text = render(rows, names)
    sys.stdout.write(text)
    if names == list(BENCHES):
        (HERE / "RESULTS.md").write_text(text, encoding="utf-8")
    report_bench.run(HERE / "RESULTS.md", tool("plan"))
    collect_bench.run(HERE / "RESULTS.md", tool("plan"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
