"""A plan's work on CI: what `plan` marks in the JUnit files it writes, so that `plan ci
collect` can tell its own files from others and results of this plan's commands from those of
another version of it; and those files read back. Pure: text in, typed values out.

The marks are `<property>` elements of the testsuite (Jenkins' schema has none on a
testcase): `plan.writer`, `plan.file` (the plan's path in its repository), `plan.runner` and
`plan.job_url` (where it ran), `plan.commit` (the commit checked out when it ran) and
`plan.clean` (`yes` when the tracked files held that commit's content, the plan's own
aside; `no` when they did not), then one `plan.case` for each testcase, in the testcases' order:
`DIGEST KIND NAME`, the digest of the commands the plan held for that gate or task when it ran.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from runner.plan.model import Plan

WRITER = "plan"  # the value of `plan.writer`: this file is `plan`'s own
P_WRITER = "plan.writer"
P_FILE = "plan.file"
P_RUNNER = "plan.runner"
P_JOB_URL = "plan.job_url"
P_CASE = "plan.case"
P_COMMIT = "plan.commit"
P_CLEAN = "plan.clean"
NO_DIGEST = "-"  # a testcase that is neither a gate nor a task (an acceptance check)


def key(kind: str, name: str) -> str:
    """How `Marks.digests` names a gate or task: `gate Lint`, `task P1.T2`."""
    return f"{kind} {name}"


def commands_digest(commands: tuple[str, ...]) -> str:
    """A short digest of a gate's or task's commands, in order: equal when the plan's
    commands for it are the same, whatever else in the plan changed."""
    joined = "\n".join(commands).encode("utf-8")
    return hashlib.sha256(joined).hexdigest()[:16]


def job_url(env: Mapping[str, str]) -> str:
    """The GitHub Actions run this process belongs to ("" outside one)."""
    server = env.get("GITHUB_SERVER_URL", "").rstrip("/")
    repo = env.get("GITHUB_REPOSITORY", "")
    run_id = env.get("GITHUB_RUN_ID", "")
    if not (server and repo and run_id):
        return ""
    return f"{server}/{repo}/actions/runs/{run_id}"


@dataclass(frozen=True)
class Marks:
    """What `plan` writes into a JUnit file about itself: the suite's properties, and each
    case's commands digest by its key (`gate NAME`, `task ID`)."""

    suite: tuple[tuple[str, str], ...]
    digests: Mapping[str, str] = field(default_factory=dict)


def marks(
    plan_file: str,
    plan: Plan | None,
    env: Mapping[str, str],
    hostname: str,
    tested: tuple[str, bool] | None = None,
) -> Marks:
    """The marks for a JUnit file about `plan` (its path in the repository: `plan_file`);
    `tested`: the commit checked out when the run began, and whether the tracked files held
    its content (the plan's own aside)."""
    suite = [(P_WRITER, WRITER), (P_FILE, plan_file)]
    suite.append((P_RUNNER, env.get("RUNNER_NAME") or hostname))
    url = job_url(env)
    if url:
        suite.append((P_JOB_URL, url))
    if tested is not None:
        suite += [(P_COMMIT, tested[0]), (P_CLEAN, "yes" if tested[1] else "no")]
    digests: dict[str, str] = {}
    if plan is not None:
        for g in plan.gates:
            digests.setdefault(key("gate", g.name), commands_digest(g.commands))
        for t in plan.tasks:
            digests.setdefault(key("task", t.id), commands_digest(t.commands))
    return Marks(tuple(suite), digests)


class ForeignFile(ValueError):
    """A JUnit file `plan ci collect` cannot take: not XML, not `plan`'s, another plan's."""


@dataclass(frozen=True)
class Collected:
    """One result read back from a JUnit file `plan` wrote."""

    kind: str  # "gate" or "task"
    name: str
    passed: bool
    reason: str  # why it failed ("" when it passed)
    digest: str
    ran_at: datetime | None
    duration_s: float
    runner: str
    job_url: str
    source: str  # the file it came from, as the user named it
    commit: str = ""  # the commit it was tested at ("" when the file does not say)
    clean: bool = True  # whether the tracked files held that commit's content then


@dataclass(frozen=True)
class JunitFile:
    """A JUnit file `plan` wrote: which plan, and the results it holds (skipped cases left
    out: up to date, manual or not reached, they say nothing new about the plan)."""

    plan_file: str
    results: tuple[Collected, ...]
    skipped: int


def _props(node: ET.Element) -> tuple[dict[str, str], list[str]]:
    """The suite's properties (the first of each name), and its `plan.case` values in order."""
    found: dict[str, str] = {}
    cases: list[str] = []
    holder = node.find("properties")
    if holder is None:
        return found, cases
    for p in holder.findall("property"):
        name, value = p.get("name"), p.get("value")
        if name is None or value is None:
            continue
        if name == P_CASE:
            cases.append(value)
        else:
            found.setdefault(name, value)
    return found, cases


_CASE = re.compile(r"(?P<digest>[0-9a-f]{16}|-) (?P<kind>gate|task|acceptance) (?P<name>.*)", re.S)


def _when(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _seconds(text: str | None) -> float:
    try:
        return max(0.0, float(text or 0))
    except ValueError:
        return 0.0


def read_junit(text: str, source: str) -> JunitFile:
    """The results of a JUnit file `plan` wrote; anything else is a `ForeignFile` that says
    what is wrong with it."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise ForeignFile(f"{source}: not a complete XML file ({exc})") from None
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    if root.tag not in ("testsuite", "testsuites") or not suites:
        raise ForeignFile(f"{source}: not a JUnit file (no testsuite)")
    results: list[Collected] = []
    plan_file: str | None = None
    skipped = 0
    for suite in suites:
        props, marks = _props(suite)
        if props.get(P_WRITER) != WRITER or not props.get(P_FILE):
            raise ForeignFile(
                f"{source}: not written by plan (no {P_WRITER} property); collect reads the"
                " files `plan gates --junit` and `plan run --junit` write"
            )
        if plan_file is not None and props[P_FILE] != plan_file:
            raise ForeignFile(f"{source}: holds results of two plans")
        plan_file = props[P_FILE]
        commit = props.get(P_COMMIT)
        if commit is not None and not re.fullmatch(r"[0-9a-f]{40}(?:[0-9a-f]{24})?", commit):
            raise ForeignFile(f"{source}: a {P_COMMIT} that is not a commit id")
        ran_at = _when(suite.get("timestamp"))
        cases = suite.findall("testcase")
        if len(marks) != len(cases):
            raise ForeignFile(
                f"{source}: {len(cases)} testcases but {len(marks)} {P_CASE} marks"
                " (edited after plan wrote it?)"
            )
        for case, mark in zip(cases, marks, strict=True):
            m = _CASE.fullmatch(mark)
            if m is None:
                raise ForeignFile(f"{source}: a {P_CASE} mark plan cannot read: {mark!r}")
            if m["kind"] == "acceptance" or case.find("skipped") is not None:
                skipped += 1
                continue
            bad = case.find("failure")
            if bad is None:
                bad = case.find("error")
            reason = "" if bad is None else (bad.get("message") or "failed")
            results.append(
                Collected(
                    m["kind"],
                    m["name"],
                    bad is None,
                    reason,
                    m["digest"],
                    ran_at,
                    _seconds(case.get("time")),
                    props.get(P_RUNNER, ""),
                    props.get(P_JOB_URL, ""),
                    source,
                    props.get(P_COMMIT, ""),
                    props.get(P_CLEAN, "yes") == "yes",
                )
            )
    assert plan_file is not None
    return JunitFile(plan_file, tuple(results), skipped)


_LAST_RUN = re.compile(
    r"(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d)(:\d\d)?\s*(Z|UTC|[+-]\d\d:?\d\d)?", re.IGNORECASE
)


def last_run(text: str) -> tuple[datetime, bool] | None:
    """A Last Run cell (`2026-11-25T17:30Z`, `2026-11-25 17:30:05 UTC`) as a UTC time, and
    whether it has seconds; None when it holds no time the runner can read."""
    m = _LAST_RUN.search(text)
    if m is None:
        return None
    zone = (m.group(4) or "Z").upper()
    zone = "+00:00" if zone in ("Z", "UTC") else zone
    if len(zone) == 5:  # +0530
        zone = zone[:3] + ":" + zone[3:]
    try:
        moment = datetime.fromisoformat(f"{m.group(1)}T{m.group(2)}{m.group(3) or ':00'}{zone}")
    except ValueError:
        return None
    return moment.astimezone(UTC), m.group(3) is not None


def newer_in_plan(held: str, ran_at: datetime | None) -> bool:
    """Does the plan's Last Run say it was recorded after the file's run began? A stamp to the
    minute is compared to the minute, so the run it recorded is not taken for a newer one."""
    found = last_run(held)
    if found is None or ran_at is None:
        return False
    when, seconds = found
    if not seconds:
        ran_at = ran_at.replace(second=0, microsecond=0)
    return when > ran_at
