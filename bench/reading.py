"""Reading: `plan status` beside `doit list` on as many tasks, and at scale (issue 9)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from bench.common import Run, make_dodo, make_plan, measure, med, med_cpu, med_rss, tool


def make_prose_plan(folder: Path, megabytes: int) -> Path:
    """A plan of `megabytes` MB: 50 tasks, then sections of prose, lists and code fences."""
    section = (
        "\n## Notes {n}\n\nSome prose about the work, with `code`, *emphasis* and a"
        " [link](https://example.com/{n}). "
        * 4
        + "\n\n- a point | with a pipe\n- another point\n\n"
        + "```python\nx = {n}  # | not a table\n```\n"
    )
    path = make_plan(folder, 50)
    text = path.read_text(encoding="utf-8")
    parts = [text]
    size = len(text)
    n = 0
    while size < megabytes * 1_000_000:
        piece = section.format(n=n)
        parts.append(piece)
        size += len(piece)
        n += 1
    path.write_text("".join(parts), encoding="utf-8")
    return path


def bench_reading(rows: list[list[str]], work: Path) -> None:
    """`plan status` (table and --json) beside `doit list` on the same number of tasks."""
    for n in (50, 10000):
        folder = work / f"side{n}"
        plan = make_plan(folder, n)
        make_dodo(folder, n)
        subprocess.run(["git", "init", "-q", "-b", "main"], cwd=folder, check=True)
        cmds = {
            "`plan status`": [*tool("plan"), "status", str(plan)],
            "`plan status --json`": [*tool("plan"), "status", str(plan), "--json"],
            "`doit list`": [*tool("doit"), "list"],
        }
        reps = 11 if n == 50 else 5
        runs: dict[str, list[Run]] = {k: [] for k in cmds}
        for _ in range(reps + 1):  # the first round is a warm-up
            for label, cmd in cmds.items():
                runs[label].append(measure(cmd, folder))
        _side_rows(rows, n, {k: v[1:] for k, v in runs.items()})
    bench_reading_scale(rows, work)


def _side_rows(rows: list[list[str]], n: int, runs: dict[str, list[Run]]) -> None:
    """Medians (wall, and CPU in brackets) and the ratios to `doit list`; wall decides."""
    for label, taken in runs.items():
        rows.append(
            [
                f"reading: {label}, {n} tasks",
                f"{med(taken) * 1000:.0f} ms (cpu {med_cpu(taken) * 1000:.0f} ms)",
                f"{med_rss(taken):.0f} MB",
                "",
                "",
            ]
        )
    doit = runs["`doit list`"]
    limit = 1.0 if n == 50 else 1.5
    for label in ("`plan status`", "`plan status --json`"):
        ratio = med(runs[label]) / med(doit)
        cpu_ratio = med_cpu(runs[label]) / med_cpu(doit)
        judged = label == "`plan status`"
        rows.append(
            [
                f"reading: {label} / `doit list`, {n} tasks",
                f"{ratio:.2f} (cpu {cpu_ratio:.2f})",
                "",
                f"≤ {limit}" if judged else "",
                ("met" if ratio <= limit else "missed") if judged else "",
            ]
        )


def bench_reading_scale(rows: list[list[str]], work: Path) -> None:
    """`plan status` (table) at 10k, 20k and 100k rows, and on a 50 MB plan; cold, no cache."""
    runs: dict[int, list[Run]] = {}
    for n in (10000, 20000, 100000):
        folder = work / f"rows{n}"
        plan = make_plan(folder, n)
        runs[n] = [measure([*tool("plan"), "status", str(plan)], folder) for _ in range(3)]
    wall = med(runs[100000]) / med(runs[10000])
    cpu = med_cpu(runs[100000]) / med_cpu(runs[10000])
    rows.append(
        [
            "reading: `plan status`, 10k / 20k / 100k rows (cpu)",
            " / ".join(f"{med(runs[n]):.2f} ({med_cpu(runs[n]):.2f})" for n in runs) + " s",
            f"{med_rss(runs[100000]):.0f} MB",
            "100k/10k ≤ 12",
            f"100k/10k = {wall:.1f} (cpu {cpu:.1f}); " + ("met" if cpu <= 12 else "missed"),
        ]
    )
    folder = work / "prose"
    plan = make_prose_plan(folder, 50)
    big = [measure([*tool("plan"), "status", str(plan)], folder) for _ in range(3)]
    rows.append(
        [
            "reading: `plan status`, a 50 MB plan (50 tasks) (cpu)",
            f"{med(big):.2f} ({med_cpu(big):.2f}) s",
            f"{med_rss(big):.0f} MB",
            "",
            "",
        ]
    )
