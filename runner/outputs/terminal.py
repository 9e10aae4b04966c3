"""What the user reads on a terminal: tables, briefs, result lines. The only importer of
tabulate; the JSON documents are `runner.outputs.documents`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from runner.plan.declared import set_aside
from runner.plan.model import Plan, Status, Task, by_a_person
from runner.plan.redact import for_terminal_line
from runner.plan.results import Result, ResultStatus, not_checked
from runner.plan.words import checked_words, gate_checked, plural, result_word, short

_Text = TypeVar("_Text", bound=Callable[..., str])


def _plain(render: _Text) -> _Text:
    """A terminal renderer whose text carries no escape sequence or control character from
    the plan (a title or cell may hold ESC]52 or ESC[2J); JSON escapes them itself."""
    from functools import wraps

    from runner.plan.redact import for_terminal

    @wraps(render)
    def plain(*args: Any, **kwargs: Any) -> str:
        return for_terminal(render(*args, **kwargs))

    return cast(_Text, plain)


if TYPE_CHECKING:
    from runner.workspace.state import LastResult


def json_line(document: dict[str, Any]) -> str:
    """A `--json` document (it carries its `schema`) as the one line printed on stdout."""
    import json

    from runner.plan.redact import json_escaped

    return json_escaped(json.dumps(document, ensure_ascii=False))


@_plain
def plain(text: str) -> str:
    """Text from a plan (a lint problem quoting a cell) without escapes or control bytes."""
    return text


@_plain
def acceptance_line(counts: dict[str, int]) -> str:
    """`acceptance: 4 checks, 3 passed, 1 not run (plan accept)`."""
    from runner.plan.words import acceptance_line as words

    return words(counts)


def _commands_cell(t: Task) -> str:
    if t.runs_gates:
        return "(quality gates)"
    if not t.commands:
        if t.acting:
            return "(manual: acts) " + short(t.acting[0].command, 28)
        return "(manual)" if not t.never_runs else ""
    shown = "; ".join(short(c, 40) for c in t.commands[:2])
    if len(t.commands) > 2:
        shown += f" (+{len(t.commands) - 2})"
    return shown + (" (inferred)" if t.inferred else "")


@_plain
def status_text(plan: Plan, path: str, width: int = 100) -> str:
    """`plan status`: the task table, counts, gates and the next task."""
    from tabulate import tabulate

    lines = [f"{path}: {plan.title}" + (f"  [{plan.status}]" if plan.status else "")]
    if plan.tracker:
        lines.append(f"tasks from line {plan.tracker.line} ({plan.tracker.reason})")
        if plan.tracker.left_out:
            n = plan.tracker.left_out
            lines.append(f"{n} checklist item(s) not read as tasks: {plan.tracker.left_out_why}")
    from runner.markdown.nogc import paused_gc
    from runner.outputs.textcolumns import as_text, column_alignment

    room = max(20, width - 70)
    rows = [
        [
            t.id,
            short(t.phase, 12),
            t.type,
            (t.status.value if t.status else f"? {t.status_raw}") + (" *" if t.malformed else ""),
            short(t.description, room),
            _commands_cell(t),
        ]
        for t in plan.tasks
    ]
    if rows:
        with paused_gc():  # tabulate copies every cell a few times: see runner/markdown/nogc.py
            table = tabulate(
                as_text(rows),
                headers=["ID", "Phase", "Type", "Status", "Description", "Commands"],
                tablefmt="simple",
                disable_numparse=True,
                colalign=column_alignment(rows),
            )
        lines.append(table)
    if any(t.malformed for t in plan.tasks):
        lines.append("* read from a malformed row (see `plan lint`); never rewritten")
    lines.append(counts_line(plan))
    if plan.gates:
        gate_rows = [
            [
                g.name,
                g.status.value if g.status else f"? {g.status_raw}",
                g.last_run,
                short("; ".join(g.commands) or "(no command)", 50),
                short(gate_checked(g), 40),
            ]
            for g in plan.gates
        ]
        lines.append("")
        lines.append(
            tabulate(
                gate_rows,
                headers=["Gate", "Status", "Last Run", "Command", "Threshold"],
                tablefmt="simple",
            )
        )
    nxt = plan.next_task()
    lines.append("")
    lines.append(brief(nxt) if nxt else nothing_next(plan))
    return "\n".join(lines)


def nothing_next(plan: Plan) -> str:
    """Why no task is next: all finished, or what the open ones wait for (never a false
    "nothing to do" while a task is stuck on a missing dependency or an unreadable cell)."""
    if plan.tracker is None and not plan.tasks:
        # No tracker at all (P002): there are no tasks to be done, not tasks all done.
        return "next: nothing (the plan has no task table)"
    known = {t.id: t for t in plan.tasks}
    stuck: list[str] = []
    for t in plan.tasks:
        if t.status is None:
            stuck.append(f"{t.id} has an unknown status '{t.status_raw}'")
        elif t.status is Status.OUTSTANDING:
            missing = [d for d in t.depends if d not in known]
            waits = [
                d for d in t.depends if d in known and not (known[d].status or Status.FAILED).done
            ]
            if missing:
                stuck.append(
                    f"{t.id} depends on {', '.join(missing)}, which the plan does not have"
                )
            elif waits:
                stuck.append(f"{t.id} waits for {', '.join(waits)}")
    if not stuck:
        return "next: nothing (every task is done, skipped or blocked)"
    more = f" (+{len(stuck) - 3} more)" if len(stuck) > 3 else ""
    return "next: none ready: " + "; ".join(stuck[:3]) + more


def counts_line(plan: Plan) -> str:
    """`16 tasks: 2 passed, 1 in_progress, 13 outstanding`."""
    counts = {k: v for k, v in plan.counts().items() if v}
    parts = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items())
    return plural(len(plan.tasks), "task") + (f": {parts}" if parts else "")


@_plain
def brief(t: Task) -> str:
    """What the next task is, for a person or an agent about to do it."""
    # The title on the `next:` line itself: a CR or line break in it cannot start another.
    title = for_terminal_line(t.description)
    lines = [f"next: {t.id}" + (f" ({t.type})" if t.type else "") + f" — {title}"]
    if t.files:
        lines.append("  files: " + ", ".join(t.files))
    if t.runs_gates:
        lines.append("  runs: the Quality Gates table")
    for c, checked in _checked(t):
        lines.append(f"  runs: {c}" + ("  (inferred)" if t.inferred else "") + checked)
    if t.manual:
        lines += [f"  not a check: {a.describe()}" for a in t.acting]
        lines.append(f"  manual: do it, then `plan done {t.id}`")
    return "\n".join(lines)


@_plain
def show_text(plan: Plan, t: Task, last: str | None = None) -> str:
    """`plan show ID`: one task in full."""
    lines = [
        f"task {t.id}" + (f" ({t.type})" if t.type else "") + f" — line {t.line}",
        f"status: {t.status.value if t.status else 'unknown'} ({t.status_raw or 'blank'})",
    ]
    if t.phase:
        lines.append(f"phase: {t.phase}")
    lines.append("")
    lines.append(t.description)
    lines += list(t.body)
    lines.append("")
    if t.files:
        lines.append("files:")
        lines += [f"  {f}" for f in t.files]
    if t.runs_gates:
        lines.append(
            "commands: the Quality Gates table (" + ", ".join(g.name for g in plan.gates) + ")"
        )
    elif t.commands:
        lines += _commands_shown(t)
    elif t.never_runs and by_a_person(t.type):
        lines.append(f"commands: none ({t.type} tasks never run commands)")
    elif t.never_runs:
        lines.append("commands: none (its description gives it to a person: `plan done` marks it)")
    elif t.acting:
        lines.append("commands: none run (manual: mark it with `plan done`); a check observes,")
        lines.append("  and these act (run them yourself, or opt in with --allow-action):")
        lines += [f"  {a.describe()}" for a in t.acting]
    else:
        lines.append("commands: none (manual: mark it with `plan done`)")
        lines += [
            f"  not run: the {lang} block at line {t.line + 1 + at}: {why}"
            for at, lang, why in set_aside(t.body)
        ]
    if t.acting and t.commands:
        lines.append(
            "allowed to act (--allow-action / allow_actions): "
            + ", ".join(a.describe() for a in t.acting)
        )
    if t.depends:
        deps = []
        for d in t.depends:
            dep = plan.task(d)
            deps.append(f"{d} ({dep.status.value if dep and dep.status else 'missing'})")
        lines.append("depends on: " + ", ".join(deps))
    if t.timeout:
        lines.append(f"timeout: {t.timeout:g}s")
    if t.malformed:
        lines.append("warning: this row has the wrong number of cells; it will not be rewritten")
    if last:
        lines.append(f"last result: {last}")
    return "\n".join(lines)


def _commands_shown(t: Task) -> list[str]:
    """Each command with what it must show and, when the reader said, where it came from."""
    checked = _checked(t)
    if len(t.sources) != len(t.commands):
        head = "inferred from the description" if t.inferred else "declared"
        return [f"commands ({head}):"] + [f"  {c}{w}" for c, w in checked]
    lines = ["commands:"]
    for (c, w), source in zip(checked, t.sources, strict=True):
        lines.append(f"  {c}{w}")
        lines.append(f"    from: {source}")
    return lines


def _checked(t: Task) -> list[tuple[str, str]]:
    """Each command of a task, with what its output must show (`  (checks: ...)`)."""
    words = checked_words(t)
    return [(c, f"  (checks: {w})" if w else "") for c, w in zip(t.commands, words, strict=True)]


def last_words(last: LastResult | None) -> str | None:
    """`failed at 2026-11-25T17:30Z in 1.2s: exit 1: ... (log: PATH)`."""
    if not last:
        return None
    words = f"{last['status']} at {last['when']}"
    if last.get("by_hand"):
        words += " (by hand)"
    if last.get("duration_s") is not None and not last.get("by_hand"):
        words += f" in {last['duration_s']:.1f}s"
    if last.get("reason"):
        words += f": {last['reason']}"
    if last.get("log"):
        words += f" (log: {last['log']})"
    return words


@_plain
def list_text(rows: list[tuple[str, str, str, str]]) -> str:
    """`plan list`: plan, status, progress, next."""
    from tabulate import tabulate

    return tabulate(rows, headers=["Plan", "Status", "Progress", "Next"], tablefmt="simple")


# Outcomes that JSON flags beside the status (`"not_run": true`), and the words say instead.


def _who(r: Result) -> str:
    return for_terminal_line(f"{r.kind.value} {r.name}")  # one line, whatever the name holds


@_plain
def result_line(r: Result) -> str:
    """`task P1.T2 passed in 0.3s`, or why it failed and where the log is."""
    word = result_word(r)
    if r.outcome is ResultStatus.MANUAL:
        done = "marked in progress; " if r.status is Status.IN_PROGRESS else ""
        word = f"is manual: {done}do it, then `plan done {r.name}`"
        if r.reason:
            word += f" ({r.reason})"
    line = f"{_who(r)} {word}"
    if r.timed and r.shown() in (Status.PASSED, Status.FAILED):
        line += f" in {round(r.duration_s, 3):.1f}s"
    if r.shown_reason():
        line += f": {r.shown_reason()}"
    line += not_checked(r.commands)
    if r.failed:
        logs = [c.log for c in r.commands if not c.passed]
        if logs:
            line += f"\n  log: {logs[0]}"
    return line


def history_text(records: list[Any]) -> str:
    """`plan history`: time, commit, task or gate, result."""
    from tabulate import tabulate

    from runner.plan.redact import visible

    # Trailers are anyone's text: an escape in one must not retitle or clear the terminal.
    rows = [
        [visible(r.when), r.sha[:10], f"{r.kind} {visible(r.name)}", visible(r.result)]
        for r in records
    ]
    return tabulate(rows, headers=["Time", "Commit", "What", "Result"], tablefmt="simple")
