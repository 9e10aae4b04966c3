"""How the runner words a plan's results for people: the word for a result, what a command
is checked by, a line cut short; pure. Every sink (terminal, JSON, JUnit, commit subjects, the
journal) takes its words from here, so they agree."""

from __future__ import annotations

from runner.plan.model import Gate, Task
from runner.plan.results import Result, ResultStatus


def plural(n: int, noun: str) -> str:
    """`1 task`, `2 tasks`, `0 tasks`."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def short(text: str, width: int) -> str:
    """One line, cut with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


FLAGGED = (ResultStatus.INTERRUPTED, ResultStatus.NOT_RUN, ResultStatus.MANUAL)


def result_word(r: Result) -> str:
    """What happened, in one or two words: passed, failed, up to date, manual, not run ..."""
    word = r.outcome.value if r.outcome in FLAGGED else str(r.shown_value())
    return word.replace("_", " ")


def checked_words(t: Task) -> list[str | None]:
    """What each command's output must show, aligned with the commands (None: exit 0)."""
    from runner.plan.verdicts import task_verdicts

    verdicts = task_verdicts(t)
    words: list[str | None] = []
    for i in range(len(t.commands)):
        v = verdicts[i] if i < len(verdicts) else None
        words.append(v.describe() if v is not None else None)
    return words


def gate_checked(g: Gate) -> str:
    """What a gate's run is judged by: its threshold, or "not checked" and why."""
    from runner.plan.declared import gate_expectation
    from runner.plan.thresholds import describe, not_checked_reason
    from runner.plan.verdicts import gate_threshold

    th = gate_threshold(g)
    if th is not None:
        return describe(th)
    told = gate_expectation(g.threshold) if g.threshold.strip() else None
    if told is not None:
        return told.describe()
    return "not checked: " + not_checked_reason(g.threshold)


def acceptance_line(counts: dict[str, int]) -> str:
    """`acceptance: 4 checks, 3 passed, 1 not run (plan accept)`."""
    parts = [
        f"{counts[k]} {k.replace('_', ' ')}" for k in ("passed", "failed", "not_run") if counts[k]
    ]
    checks = plural(counts["checks"], "check")
    return f"acceptance: {checks}, " + ", ".join(parts) + " (plan accept)"
