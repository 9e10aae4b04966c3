"""Results as JUnit XML, shaped as pytest writes it, for CI systems to read; pure but for
reading the commands' logs and writing the file.

One testsuite for the run (timestamp, hostname, wall time); one testcase per task or gate in
the order they finished; skipped testcases for what the run considered and set aside;
`<system-out>` with the redacted tail of each command's output, since CI keeps the report and
not the runner's log folder. A task that runs the Quality Gates is reported through its gates
(each once), so one failing gate is one failure.
"""

from __future__ import annotations

import os
import re
import socket
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from runner.markdown.patterns import later
from runner.plan import ci
from runner.plan.model import Plan, Status
from runner.plan.redact import clean, for_markdown_line
from runner.plan.results import (
    CommandRun,
    Kind,
    Result,
    ResultStatus,
    not_checked,
    run_order,
    wall_time,
)
from runner.plan.words import FLAGGED, result_word

TAIL_BYTES = 64 * 1024  # of each testcase's output: CI shows the end, the log keeps the rest
_ANSI = later(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-Z\\-_]")
# Characters XML 1.0 cannot hold at all, even escaped.
_NOT_XML = later("[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class RunInfo:
    """What the suite says about the run as a whole."""

    started_at: datetime | None = None
    elapsed_s: float | None = None
    hostname: str = field(default_factory=socket.gethostname)
    # `plan`'s marks (runner.plan.ci): whose file this is, for `plan ci collect` to read back.
    marks: ci.Marks | None = None


def _name(r: Result) -> str:
    return f"{r.kind.value} {r.name}"


def _duration(r: Result) -> float:
    return round(r.duration_s, 3) if r.timed else 0.0


def xml_text(text: str) -> str:
    """Text an XML file can carry: no colour codes, carriage returns or control characters."""
    text = _ANSI.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _tail(path: str, limit: int) -> tuple[str, int]:
    """The last `limit` bytes of a log (decoded), and how many bytes came before them."""
    try:
        with open(path, "rb") as fh:
            size = fh.seek(0, os.SEEK_END)
            fh.seek(max(0, size - limit))
            data = fh.read()
    except OSError:
        return "", 0
    return data.decode("utf-8", errors="replace"), max(0, size - limit)


_HEADER = "$ "
_TRAILER = later(r"\n?\[exit [^\]\n]*\]\n?\Z")


def _output(c: CommandRun, limit: int) -> tuple[str, int]:
    """What one command printed (its log without the runner's own first and last lines: the
    command and its exit), at most `limit` bytes from its end, and how many bytes were cut."""
    text, before = _tail(c.log, limit + len(c.command.encode()) + 64)
    if not before and text.startswith(f"{_HEADER}{c.command}\n"):
        text = text[len(_HEADER) + len(c.command) + 1 :]
    text = _TRAILER.sub("", text)
    data = text.encode()
    if len(data) > limit:
        before += len(data) - limit
        text = data[-limit:].decode("utf-8", errors="replace")
    return text, before


def output_of(r: Result, env: Mapping[str, str]) -> str:
    """`<system-out>`: what the commands printed (stdout and stderr as they came, in one log),
    the last TAIL_BYTES of it, redacted."""
    outs: list[str] = []
    cut = 0
    for c in r.commands:
        text, before = _output(c, TAIL_BYTES)
        outs.append(text if not text or text.endswith("\n") else text + "\n")
        cut += before
    out = "".join(outs)
    if len(out) > TAIL_BYTES:
        cut += len(out.encode()) - len(out[-TAIL_BYTES:].encode())
        out = out[-TAIL_BYTES:]
    if cut:
        out = f"[{cut} bytes cut; the whole output is in the log]\n" + out
    return xml_text(clean(out, env))


def skip_message(r: Result) -> str:
    """Why a testcase did not run (or was not recorded) this time."""
    if r.outcome is ResultStatus.UP_TO_DATE:
        return "up to date: nothing changed since it last passed"
    if r.outcome is ResultStatus.MANUAL:
        why = f" ({r.reason})" if r.reason else ""
        return f"manual{why}: a person or agent does it, then `plan done {r.name}`"
    if r.outcome is ResultStatus.INTERRUPTED:
        return "interrupted: nothing recorded"
    if r.outcome is ResultStatus.MARKED:
        return f"marked {result_word(r)} by hand"
    return r.shown_reason() or result_word(r)


_ASIDE_WHY = {
    Status.PASSED: "already passed",
    Status.SKIPPED: "skipped in the plan",
    Status.BLOCKED: "blocked in the plan",
}


def set_aside(plan: Plan | None, results: list[Result], phase: str | None = None) -> list[Result]:
    """The plan's tasks that `plan run --all` (or one phase) considered and left alone: done,
    skipped or blocked, as not-run results with the reason (for JUnit's skipped cases)."""
    from runner.run.selection import phase_number

    if plan is None:
        return []
    seen = {r.name for r in results if r.is_task}
    out: list[Result] = []
    for t in plan.tasks:
        if t.id in seen or t.status not in _ASIDE_WHY:
            continue
        if phase is not None and phase_number(t.phase) != phase:
            continue
        why = _ASIDE_WHY[t.status]
        aside = Result(Kind.TASK, t.id, ResultStatus.NOT_RUN, t.status, reason=why, set_aside=True)
        out.append(aside)
    return out


def cases(results: list[Result]) -> list[Result]:
    """The testcases: in run order, a Gate task that reached its gates left to them."""
    return [r for r in run_order(results) if not (r.gates and not r.set_aside)]


def _properties(node: ET.Element, pairs: list[tuple[str, str]]) -> None:
    """`<properties>` as the first child of `node`, as pytest writes them (none: nothing)."""
    if not pairs:
        return
    props = ET.Element("properties")
    for name, value in pairs:
        ET.SubElement(props, "property", name=name, value=xml_text(value))
    node.insert(0, props)


def _case_mark(r: Result, marks: ci.Marks) -> tuple[str, str]:
    """A testcase's mark, on the suite in the testcases' order (a testcase of Jenkins' schema
    holds no properties): what it is in the plan, and a digest of its commands."""
    digest = marks.digests.get(ci.key(r.kind.value, r.name), ci.NO_DIGEST)
    return ci.P_CASE, f"{digest} {r.kind.value} {r.name}"


def classname(shown: str) -> str:
    """The plan's path as pytest names a test module: dotted, without `.md` (`plans/0001-x.md`
    is `plans.0001-x`), so Jenkins reads the folder as the package and the plan as the class;
    a dot inside a name is `_`, so it cannot split one."""
    path = shown.replace("\\", "/")
    if path.lower().endswith(".md"):
        path = path[: -len(".md")]
    parts = [p.replace(".", "_") for p in path.split("/") if p not in ("", ".", "..")]
    return ".".join(parts) or "plan"


def _case(node: ET.Element, suite: str, r: Result, env: Mapping[str, str]) -> str:
    """One testcase under `node`; which count it adds to: passed, failed or skipped."""
    case = ET.SubElement(
        node,
        "testcase",
        classname=xml_text(classname(suite)),
        name=xml_text(_name(r)),
        time=f"{_duration(r):.3f}",
    )
    kind = "passed"
    if r.failed:
        kind = "failed"
        failure = ET.SubElement(
            case,
            "failure",
            message=xml_text(clean(r.shown_reason() or result_word(r), env, one_line=True)),
            type="CommandFailed",
        )
        failure.text = xml_text(clean(_failure_text(r), env))
    elif r.outcome is not ResultStatus.PASSED:
        kind = "skipped"
        ET.SubElement(case, "skipped", message=xml_text(skip_message(r)))
    if r.commands:
        ET.SubElement(case, "system-out").text = output_of(r, env)
    return kind


EVIDENCE_LINES = 40  # of the failing command's output, in the failure's body
EVIDENCE_BYTES = 8 * 1024


def how_it_ended(c: CommandRun) -> str:
    """`exit code 2`, `timed out after 2s`, `interrupted`, or how its output missed."""
    if c.interrupted:
        return "interrupted"
    if c.timed_out:
        if c.limit_s is not None and c.duration_s >= c.limit_s + 0.5:
            return f"timed out at its {c.limit_s:g}s limit (stopped after {c.duration_s:.0f}s)"
        return f"timed out after {c.duration_s:.0f}s"
    if c.mismatch:
        return c.mismatch
    return f"exit code {c.exit_code}"


def _failure_text(r: Result) -> str:
    """The evidence, as pytest puts a traceback there: the failing command, the end of its
    output and how it ended (never a path on the machine that ran it)."""
    failing = [c for c in r.commands if not c.passed] or list(r.commands)
    if not failing:
        return r.shown_reason() or result_word(r)
    c = failing[0]
    text, _ = _output(c, EVIDENCE_BYTES)
    lines = text.rstrip("\n").splitlines()[-EVIDENCE_LINES:]
    return "\n".join([f"$ {c.command}", *lines, f"[{how_it_ended(c)}]"])


def junit_xml(
    suite: str,
    results: list[Result],
    info: RunInfo | None = None,
    env: Mapping[str, str] | None = None,
) -> str:
    """A `testsuites` document with one `testsuite` for the run, as pytest writes one."""
    info = info or RunInfo()
    env = os.environ if env is None else env
    chosen = cases(results)
    elapsed = info.elapsed_s
    if elapsed is None:
        elapsed = wall_time([(r.started, r.ended) for r in chosen if r.timed])
    root = ET.Element("testsuites", name="plan")
    node = ET.SubElement(root, "testsuite", name=xml_text(suite))
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    for r in chosen:
        counts[_case(node, suite, r, env)] += 1
    totals = {
        "tests": str(len(chosen)),
        "failures": str(counts["failed"]),
        "errors": "0",
        "time": f"{elapsed:.3f}",
    }
    root.attrib.update(totals)
    node.attrib.update(totals, skipped=str(counts["skipped"]), hostname=xml_text(info.hostname))
    pairs = []
    if info.marks is not None:
        pairs += [*info.marks.suite, *(_case_mark(r, info.marks) for r in chosen)]
    # What a testcase's plan says that was not checked, on the suite (Jenkins' schema allows
    # no properties in a testcase): an unread expectation never passes silently.
    pairs += [
        (f"not checked: {r.kind.value} {r.name}", said.strip(" ()"))
        for r in chosen
        if (said := not_checked(r.commands))
    ]
    _properties(node, pairs)
    if info.started_at is not None:
        node.set("timestamp", info.started_at.isoformat(timespec="seconds"))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def write_junit(
    path: Path,
    suite: str,
    results: list[Result],
    info: RunInfo | None = None,
    *,
    inside: Path | None = None,
) -> None:
    """Write the JUnit file, creating its folder: a new file replaces the old one under its
    name, so a hard link's other name (outside the repository, say) keeps its bytes. With
    `inside`, a path inside the repository never lands outside it (`write_output`)."""
    from runner.workspace.state import write_output

    write_output(path, junit_xml(suite, results, info).encode("utf-8"), inside=inside)


_ICON: dict[Status | ResultStatus, str] = {
    Status.PASSED: "✅",
    Status.FAILED: "❌",
    ResultStatus.UP_TO_DATE: "⏭️",
    ResultStatus.NOT_RUN: "⏸️",
    ResultStatus.MANUAL: "✋",
    ResultStatus.INTERRUPTED: "⛔",
}
_MD_SPECIAL = later(r"([\\`*_\[\]()<>#!|~&])")


def _icon(r: Result) -> str:
    shown = r.outcome if r.outcome in FLAGGED else r.shown()
    return _ICON.get(shown, "") if shown is not None else ""


def md_text(text: str) -> str:
    """Text that renders literally in a Markdown table cell: one line, specials escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(for_markdown_line(text).split()))


def md_code(text: str) -> str:
    """Text as a code span in a table cell: a fence longer than any run of backticks in it."""
    text = " ".join(for_markdown_line(text).split()).replace("|", "\\|")
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _detail(r: Result) -> str:
    if r.gates and not r.set_aside:
        return "its gates: " + ", ".join(md_text(g) for g in r.gates)
    detail = md_text(clean(r.shown_reason(), os.environ, one_line=True))
    failing = [c.command for c in r.commands if c.exit_code != 0 or c.timed_out]
    if r.failed and failing:
        detail += f" — {md_code(clean(failing[0], os.environ, one_line=True))}"
    return detail


def summary_markdown(
    suite: str, results: list[Result], elapsed_s: float | None = None, command: str = "run"
) -> str:
    """A Markdown table of the results for `$GITHUB_STEP_SUMMARY`, from a blank line on,
    headed by the command and the plan (`plan gates: plans/0001-x.md`)."""
    ordered = run_order(results)
    lines = [
        "",
        f"### plan {md_text(command)}: {md_text(suite)}",
        "",
        "| | What | Result | Time | Detail |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in ordered:
        word = result_word(r)
        lines.append(
            f"| {_icon(r)} | {md_text(_name(r))} | {word} | {_duration(r):.1f}s | {_detail(r)} |"
        )
    if elapsed_s is None:
        elapsed_s = wall_time([(r.started, r.ended) for r in ordered if r.timed])
    failed = sum(r.failed for r in ordered)
    count = f"{len(ordered)} result{'' if len(ordered) == 1 else 's'}"
    lines += ["", f"{count}, {failed} failed, in {elapsed_s:.1f}s (wall time)"]
    return "\n".join(lines) + "\n\n"
