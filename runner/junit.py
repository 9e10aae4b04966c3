"""Results as JUnit XML and as a GitHub job-summary table; pure (strings and one file write)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from runner.markdown import escape_cell
from runner.model import Status
from runner.report import FLAGGED, result_word
from runner.results import Result, ResultStatus


def _name(r: Result) -> str:
    return f"{r.kind.value} {r.name}"


def _duration(r: Result) -> float:
    return round(r.duration_s, 3) if r.timed else 0.0


def _failure_text(r: Result) -> tuple[str, str]:
    reason = r.shown_reason() or str(r.shown_value())
    lines = []
    for c in r.commands:
        lines.append(f"$ {c.command}")
        lines.append(f"  exit code: {c.exit_code}" + (" (timed out)" if c.timed_out else ""))
        lines.append(f"  log: {c.log}")
    return reason, "\n".join(lines)


def junit_xml(suite: str, results: list[Result]) -> str:
    """One testsuite, one testcase per task or gate; failures carry exit code, reason, log."""
    failures = sum(r.failed for r in results)
    skipped = sum(r.shown() not in (Status.PASSED, Status.FAILED) for r in results)
    total = sum(_duration(r) for r in results)
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
            time=f"{_duration(r):.3f}",
        )
        if r.failed:
            message, body = _failure_text(r)
            failure = ET.SubElement(case, "failure", message=message, type="CommandFailed")
            failure.text = body
        elif r.shown() is not Status.PASSED:
            ET.SubElement(case, "skipped", message=r.shown_reason() or result_word(r))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def write_junit(path: Path, suite: str, results: list[Result]) -> None:
    """Write the JUnit file, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(junit_xml(suite, results), encoding="utf-8")


_ICON: dict[Status | ResultStatus, str] = {
    Status.PASSED: "✅",
    Status.FAILED: "❌",
    ResultStatus.UP_TO_DATE: "⏭️",
    ResultStatus.NOT_RUN: "⏸️",
    ResultStatus.MANUAL: "✋",
    ResultStatus.INTERRUPTED: "⛔",
}


def _icon(r: Result) -> str:
    shown = r.outcome if r.outcome in FLAGGED else r.shown()
    return _ICON.get(shown, "") if shown is not None else ""


def summary_markdown(suite: str, results: list[Result]) -> str:
    """A Markdown table of the results for `$GITHUB_STEP_SUMMARY`."""
    lines = [
        f"### plan: {escape_cell(suite)}",
        "",
        "| | What | Result | Time | Detail |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in results:
        word = result_word(r)
        detail = escape_cell(r.shown_reason())
        lines.append(
            f"| {_icon(r)} | {escape_cell(_name(r))} | {word} | {_duration(r):.1f}s | {detail} |"
        )
    return "\n".join(lines) + "\n\n"
