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
from dataclasses import dataclass

from runner.markdown.patterns import later
from runner.plan.expect import Expectation, inferred_commands_with_expectations
from runner.plan.model import Gate, Task
from runner.plan.thresholds import Threshold, describe, not_checked_reason, parse_threshold


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
        found = {c.command: c.expect for c in inferred_commands_with_expectations(task.description)}
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
    return Verdict(expect=expect)


def gate_threshold(gate: Gate) -> Threshold | None:
    """The gate's threshold when its cell is machine-readable."""
    return parse_threshold(gate.threshold) if gate.threshold.strip() else None


def gate_verdicts(gate: Gate) -> tuple[Verdict | None, ...]:
    """The threshold judges the gate's last command (the earlier ones must exit 0)."""
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
_NO_VALUE = later(r"^[\s\-\u2013\u2014.]*$|^(?:n/?a|none|tbd|todo)$", re.IGNORECASE)
_QUOTED_CELL = later(r"^[\"'\u201c\u2018\u201e\u201a\u00ab\u00bb\u2039\u300c\u300e].*\S$")
_BARE_VALUE = later(r"^[^\s`]{1,40}$")


def expected_cell(cell: str) -> Expectation | None:
    """What an Expected (Expected result, Pass condition, Should ...) cell of a table says its
    row's command must show: a threshold as a gate reads it (`coverage >= 90%`, `0 errors`,
    `exit 1`), else a stated expectation (`` `3` ``, `prints 3`, `Expected: 3`, `== 3`), else
    a lone bare value (`3`, `OK`: the output to find); other words are shown "not checked"
    beside the result, never a silent pass. None for an empty cell (`-`, `n/a`)."""
    text = cell.replace("\\|", "|").strip()
    if _NO_VALUE.match(text):
        return None
    if parse_threshold(text) is not None:
        return Expectation((text,), transcript=False, kind="threshold")
    told = gate_expectation(text)
    if told is not None:
        return told
    if _QUOTED_CELL.match(text) and (told := gate_expectation(f"prints {text}")) is not None:
        return told  # “3”, «3», 「3」
    bare = text.strip("*_").strip()
    if _BARE_VALUE.match(bare):
        return Expectation((bare,), transcript=False)
    if (none := _NONE_OF.match(text)) is not None:
        # "no `scenarios/` paths in the diff": the output must not hold it (a generator of
        # real plans writes Expected Output cells this way).
        return Expectation((none.group("value"),), transcript=False, kind="absent")
    return Expectation((text,), transcript=False, kind="unchecked")


_NONE_OF = later(
    r"^(?:no|none\s+of|not\s+(?:a|any)|without|never)\s+`(?P<value>[^`]+)`", re.IGNORECASE
)


def gate_expectation(cell: str) -> Expectation | None:
    """What a Threshold / Expectation cell that is no threshold says the output must show,
    read as a Validation cell reads words after a command (FORMAT.md §3: a stated
    expectation decides): "prints `3`", "Expected: `3`", "== 3", "is empty", or a lone code
    span (`3`, the output to find). None when it states nothing that can be checked."""
    from runner.markdown.codespans import code_spans
    from runner.plan.declared import validation_checks

    text = cell.strip()
    spans = code_spans(text)
    if len(spans) == 1 and text == f"`{spans[0]}`" and spans[0].strip():
        return Expectation((spans[0].strip(),), transcript=False)
    commands, expects = validation_checks(f"`true` {text}")
    if commands != ("true",) or not expects or expects[0] is None:
        return None
    told = expects[0]
    return None if told.kind in ("unchecked", "threshold") else told
