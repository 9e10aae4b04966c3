"""Results as JUnit XML and as a GitHub job-summary table; pure (strings and one file write)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from runner.markdown import escape_cell
from runner.report import result_word


def _name(r: dict[str, Any]) -> str:
    return f"task {r['id']}" if "id" in r else f"gate {r['name']}"


def _failure_text(r: dict[str, Any]) -> tuple[str, str]:
    reason = str(r.get("reason") or r["status"])
    lines = []
    for c in r.get("commands", []):
        lines.append(f"$ {c['command']}")
        lines.append(f"  exit code: {c['exit_code']}" + (" (timed out)" if c["timed_out"] else ""))
        lines.append(f"  log: {c['log']}")
    return reason, "\n".join(lines)


def junit_xml(suite: str, results: list[dict[str, Any]]) -> str:
    """One testsuite, one testcase per task or gate; failures carry exit code, reason, log."""
    failures = sum(r["status"] == "failed" for r in results)
    skipped = sum(r["status"] not in ("passed", "failed") for r in results)
    total = sum(float(r.get("duration_s", 0.0)) for r in results)
    root = ET.Element(
        "testsuites",
        name="plan",
        tests=str(len(results)),
        failures=str(failures),
        time=f"{total:.3f}",
    )
    node = ET.SubElement(
        root,
        "testsuite",
        name=suite,
        tests=str(len(results)),
        failures=str(failures),
        errors="0",
        skipped=str(skipped),
        time=f"{total:.3f}",
    )
    for r in results:
        case = ET.SubElement(
            node,
            "testcase",
            classname=suite,
            name=_name(r),
            time=f"{float(r.get('duration_s', 0.0)):.3f}",
        )
        if r["status"] == "failed":
            message, body = _failure_text(r)
            failure = ET.SubElement(case, "failure", message=message, type="CommandFailed")
            failure.text = body
        elif r["status"] != "passed":
            ET.SubElement(case, "skipped", message=str(r.get("reason") or result_word(r)))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def write_junit(path: Path, suite: str, results: list[dict[str, Any]]) -> None:
    """Write the JUnit file, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(junit_xml(suite, results), encoding="utf-8")


_ICON = {
    "passed": "✅",
    "failed": "❌",
    "up to date": "⏭️",
    "not run": "⏸️",
    "manual": "✋",
    "interrupted": "⛔",
}


def summary_markdown(suite: str, results: list[dict[str, Any]]) -> str:
    """A Markdown table of the results for `$GITHUB_STEP_SUMMARY`."""
    lines = [
        f"### plan: {escape_cell(suite)}",
        "",
        "| | What | Result | Time | Detail |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in results:
        word = result_word(r)
        detail = escape_cell(str(r.get("reason") or ""))
        lines.append(
            f"| {_ICON.get(word, '')} | {escape_cell(_name(r))} |"
            f" {word} | {float(r.get('duration_s', 0.0)):.1f}s |"
            f" {detail} |"
        )
    return "\n".join(lines) + "\n\n"
