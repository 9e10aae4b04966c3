"""What a command's output must show beyond its exit code, as the plan says it: a `Verdict`
per command; pure.

For an expectation (prose "and expect `3`", a transcript) the command passes only when it
exits 0 and its output matches; for a gate's machine-readable threshold (`exit 1`,
`contains OK`, `coverage >= 85%`) the threshold is the whole pass condition. Judging a run
against its verdict is `runner.run.checks`.

`task_verdicts(task)` is the one place a task's expectations come from; the reader may fill
`Task.expects` itself (aligned with `Task.commands`), else they are found here from an
inferred task's description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from runner.markdown.patterns import later
from runner.plan.declared import gate_expectation, threshold_after
from runner.plan.expect import Expectation, inferred_commands_with_expectations
from runner.plan.model import Gate, Task
from runner.plan.thresholds import (
    Threshold,
    describe,
    not_checked_reason,
    parse_threshold,
    states_a_number,
    unreadable,
)


@dataclass(frozen=True)
class Verdict:
    """What one command's run must show beyond its exit code."""

    expect: Expectation | None = None
    threshold: Threshold | None = None

    def describe(self) -> str:
        """One line for `plan show` and `plan lint`."""
        if self.threshold is not None:
            return "threshold checked: " + describe(self.threshold)
        if self.expect is not None:
            return self.expect.describe()
        return "exit 0"


def task_verdicts(task: Task) -> tuple[Verdict | None, ...]:
    """A verdict per command of the task (None: exit 0 is enough)."""
    expects = task.expects
    if not expects and task.inferred:
        read = inferred_commands_with_expectations(task.description, threshold_after)
        found = {c.command: c.expect for c in read}
        expects = tuple(found.get(c) for c in task.commands)
    if not any(expects):
        return ()
    return tuple(verdict(e) if e is not None else None for e in expects)


def verdict(expect: Expectation) -> Verdict:
    """The verdict of one expectation: a threshold written after a command (kind
    "threshold") is judged by the Quality Gates' own code."""
    if expect.kind == "threshold":
        th = parse_threshold(expect.lines[0])
        if th is not None:
            return Verdict(threshold=th)
        said = Expectation((expect.lines[0],), transcript=False, kind="unchecked")
        return Verdict(expect=said)
    if expect.kind == "count" and expect.lines[0] == "0" and expect.lines[1:2] in _NONE_OF:
        # "expect no errors": none of them, judged as the gates' "0 errors" is, so a line
        # that shows one (`ERROR: x`) misses it as a count does (F20b: the count alone
        # passed what the same words in a gate failed).
        th = parse_threshold(f"0 {expect.lines[1]}")
        if th is not None:
            return Verdict(threshold=th)
    return Verdict(expect=expect)


_NONE_OF = frozenset(
    (unit,)
    for stem in ("error", "warning", "failure", "problem", "issue")
    for unit in (stem, stem + "s")
)


def gate_threshold(gate: Gate) -> Threshold | None:
    """The gate's threshold when its cell is machine-readable."""
    return parse_threshold(gate.threshold) if gate.threshold.strip() else None


def gate_verdicts(gate: Gate) -> tuple[Verdict | None, ...]:
    """The threshold judges the gate's last command (the earlier ones must exit 0)."""
    if gate.commands and gate.person_step and (th := gate_threshold(gate)) is not None:
        # The threshold decides; the person's step is named "not checked" beside it.
        if not any(gate.person_step.endswith(p) or p in gate.person_step for p in th.unchecked):
            th = replace(th, unchecked=(*th.unchecked, gate.person_step))
        return (*([None] * (len(gate.commands) - 1)), Verdict(threshold=th))
    if gate.commands and gate.person_step:
        said = Expectation(
            (f"a person's step: {gate.person_step}",), transcript=False, kind="unchecked"
        )
        return (*([None] * (len(gate.commands) - 1)), Verdict(expect=said))
    th = gate_threshold(gate)
    if not gate.commands:
        return ()
    if th is None:
        reason = not_checked_reason(gate.threshold) if gate.threshold.strip() else ""
        if not reason:
            return ()
        told = gate_expectation(gate.threshold)
        if told is not None:
            return (*([None] * (len(gate.commands) - 1)), Verdict(expect=told))
        if states_a_number(gate.threshold):
            # `<= 500 ms` with no label, `throughput >= 1000 req/s`, `score 10/10`: a bound
            # the runner cannot read fails the gate, saying so (the fourteenth pass: such
            # gates passed on their exit code, "not checked").
            return (
                *([None] * (len(gate.commands) - 1)),
                Verdict(threshold=unreadable(gate.threshold)),
            )
        # A threshold the runner cannot read decides nothing, and every output says so
        # (the sixth pass found `>= 90%` with no label shown as a plain pass).
        said = Expectation((f"threshold {reason}",), transcript=False, kind="unchecked")
        return (*([None] * (len(gate.commands) - 1)), Verdict(expect=said))
    return (*([None] * (len(gate.commands) - 1)), Verdict(threshold=th))


# A table column that states what a command must show (issue 19 case 8: `Expected`,
# `Expected result`, `Pass condition`, `Should print`, `Verification` beside a command column).
EXPECTED_HEADER = later(
    r"^(?:expect(?:ed|ations?)(?:\s+[a-z]+){0,2}|(?:pass|success|acceptance)(?:ing)?\s+"
    r"(?:conditions?|criteri(?:on|a)|when)|should(?:\s+[a-z]+){0,3}|verifications?|outcomes?|"
    r"expected\s*/\s*[a-z ]+|thresholds?(?:\s*/\s*expectations?)?|targets?"
    r"|(?:pass|accept(?:ed)?)\s+if)$",
    re.IGNORECASE,
)
