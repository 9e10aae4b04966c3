"""Reading a threshold over one long output line (issue 19 case 3): `check_threshold` on
lines of many numbers, timed in this process. `python -m bench.threshold_lines`."""

from __future__ import annotations

import json
import time

from runner.plan.thresholds import check_threshold, parse_threshold


def _coverage_json(n: int) -> str:
    data = {
        "totals": {"percent_covered": 95.1},
        "coverage": "95%",
        "files": {"a.py": {"executed_lines": list(range(1, n))}},
    }
    return json.dumps(data) + "\n"


CASES = [
    ("coverage >= 90%", "coverage.py JSON, 3,000 numbers (17 KB)", _coverage_json(3000)),
    ("coverage >= 90%", "coverage.py JSON, 100,000 numbers (0.7 MB)", _coverage_json(100_000)),
    ("coverage >= 90%", "`coverage: 95% 1 1 1 ...`, 1 MB", "coverage: 95% " + "1 " * 524_000),
    ("p95 < 200 ms", "`p95: 120 ms; samples: 0, 1, ...`, 1 MB",
     "p95: 120 ms; samples: " + ", ".join(str(i % 1000) for i in range(260_000))),
    ("fewer than 5 warnings", "`warnings: 3 1:30 1:30 ...`, 1 MB",
     "warnings: 3 " + "1:30 " * 200_000),
    ("coverage >= 90%", "`coverage coverage ... 95%`, 1 MB", "coverage " * 110_000 + "95%"),
    ("coverage >= 90%", "`from - - - 1 ...`, 1 MB", "coverage: 95% " + "from - 1 " * 110_000),
    ("coverage >= 90%", "`1 1 1 ... coverage 95%` (every number read), 1 MB",
     "1 " * 524_000 + "coverage 95%"),
    ("coverage >= 90%", "`coverage: 1 1 1 ...` (no percentage), 1 MB",
     "coverage: " + "1 " * 524_000),
    ("coverage >= 90%", "`1 1 1 ... coverage 95%`, 64 KB", "1 " * 32_000 + "coverage 95%"),
]  # fmt: skip


def main() -> None:
    print("| Threshold | Output (one line) | Seconds | Result |")
    print("| --- | --- | --- | --- |")
    for cell, what, output in CASES:
        th = parse_threshold(cell)
        assert th is not None, cell
        started = time.perf_counter()
        missed = check_threshold(th, 0, output, "cat out")
        took = time.perf_counter() - started
        print(f"| `{cell}` | {what} | {took:.2f} | {'passed' if missed is None else missed} |")


if __name__ == "__main__":
    main()
