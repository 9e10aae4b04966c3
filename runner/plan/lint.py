"""The checks PLANS.md makes, as data: `Problem(line, code, severity, message)`."""

from __future__ import annotations

from collections.abc import Callable

from runner.markdown.nogc import paused_gc
from runner.markdown.patterns import later
from runner.plan.actions import acting
from runner.plan.inference import file_refs
from runner.plan.model import TASK_TYPES, Gate, Plan, Problem, Status, normalise_plan_status
from runner.plan.reading import Parsed
from runner.plan.statuses import legend_contradictions

# The living sections every ExecPlan keeps current (PLANS.md, "Mandatory sections").
# Each entry: code name, the words a heading must contain (any of), a display name.
MANDATORY: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Purpose / Big Picture", ("purpose", "big picture")),
    ("Progress Per Session", ("progress per session",)),
    ("Surprises & Discoveries", ("surprises",)),
    ("Decision Log", ("decision log", "decisions log")),
    ("Outcomes & Retrospective", ("outcomes", "retrospective")),
)

# The rest of the template: missing ones are warnings.
RECOMMENDED: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Success Criteria / Acceptance Tests", ("success criteria", "acceptance")),
    ("Context & Orientation", ("context",)),
    ("High level Phase Plan", ("phase plan", "plan of work")),
    ("Risks & Mitigations", ("risk",)),
    ("Idempotence & Recovery", ("idempotence", "recovery")),
    ("Test Plan", ("test plan", "validation")),
    ("Quality Gates", ("quality gates",)),
)

LEGEND_KEYS = (Status.FAILED, Status.BLOCKED, Status.SKIPPED)

# A file's line count; None: it does not exist; text: why it cannot be counted.
ExistsFn = Callable[[str], int | str | None]


def _has(headings: tuple[str, ...], words: tuple[str, ...]) -> bool:
    return any(any(w in h.lower() for w in words) for h in headings)


def lint(
    parsed: Parsed,
    line_count: ExistsFn | None = None,
    leads_out: Callable[[str], bool] | None = None,
) -> list[Problem]:
    """Every problem in the plan, sorted by line; `line_count(path)` is None for a missing
    file; `leads_out(input)` says whether a gate's declared input, as it is on disk (a
    symlink followed), resolves outside the repository."""
    with paused_gc():  # see runner/markdown/nogc.py: the plan's cells are all alive meanwhile
        return _lint(parsed, line_count, leads_out)


def _lint(
    parsed: Parsed, line_count: ExistsFn | None, leads_out: Callable[[str], bool] | None = None
) -> list[Problem]:
    plan = parsed.plan
    problems = list(plan.problems)
    cookbook = plan.tracker is not None and plan.tracker.kind == "checklist"
    for name, words in MANDATORY:
        if name == "Progress Per Session" and cookbook:
            continue  # the Progress checklist stands for the journal too
        if not _has(plan.headings, words):
            problems.append(Problem(1, "P201", "error", f"missing mandatory section '{name}'"))
    for name, words in RECOMMENDED:
        if not _has(plan.headings, words):
            problems.append(Problem(1, "P202", "warning", f"missing section '{name}'"))
    problems += _task_checks(plan)
    problems += _gate_checks(plan, leads_out)
    problems += _metadata_checks(plan)
    problems += _legend_checks(parsed)
    problems += _criteria_boxes(parsed)
    if line_count is not None:
        problems += _reference_checks(parsed, line_count)
    for g in plan.gates:
        for a in acting(g.commands):
            problems.append(
                Problem(
                    g.line,
                    "P120",
                    "warning",
                    f"gate '{g.name}': {a.describe()} acts rather than observes; it is never run"
                    " as a check (`plan gates` sets it aside; `--allow-action` opts in)",
                )
            )
    for t in plan.tasks:
        for a in t.acting:
            problems.append(
                Problem(
                    t.line,
                    "P120",
                    "warning",
                    f"task {t.id}: {a.describe()} acts rather than observes; it is never run as"
                    " a check (the task is manual; `--allow-action` opts in)",
                )
            )
        if t.manual and not t.acting and t.mentions and not t.never_runs:
            shown = "; ".join(f"`{m}`" for m in t.mentions)
            problems.append(
                Problem(
                    t.line,
                    "P122",
                    "info",
                    f"task {t.id}: {shown} not run: the words around it make it something the"
                    " plan speaks of (past, wrong, refused, for another place or person), not a"
                    " check; the task is manual",
                )
            )
        if t.manual and not t.acting:
            from runner.plan.declared import set_aside

            for at, lang, why in set_aside(t.body):
                problems.append(
                    Problem(
                        t.line + 1 + at,
                        "P121",
                        "info",
                        f"task {t.id}: the {lang} block is not run as checks: {why};"
                        " the task is manual",
                    )
                )
        if t.inferred or not t.commands:
            from runner.plan.inference import cued_spans

            mentioned: list[tuple[str, str]] = []
            cued_spans(t.description, mentioned)
            for span, why in mentioned:
                manual = "; the task is manual" if not t.commands else ""
                problems.append(
                    Problem(
                        t.line, "P122", "info", f"task {t.id}: `{span}` is not run: {why}{manual}"
                    )
                )
        if t.inferred:
            shown = "; ".join(f"`{c}`" for c in t.commands)
            problems.append(
                Problem(
                    t.line,
                    "P501",
                    "info",
                    f"task {t.id}: inferred command(s) {shown}; confirm them or"
                    " add a Validation column",
                )
            )
    problems += checked_notes(parsed)
    problems.sort(key=lambda p: (p.line, p.code))
    return problems


def checked_notes(parsed: Parsed) -> list[Problem]:
    """What a run checks beyond exit codes, one note each: every gate's threshold (checked, or
    why not: P502), every expectation of a task's output (P503), every acceptance check
    `plan accept` runs (P504)."""
    from runner.plan.acceptance import acceptance_checks
    from runner.plan.declared import gate_expectation
    from runner.plan.thresholds import describe, not_checked_reason
    from runner.plan.verdicts import gate_threshold, task_verdicts

    notes: list[Problem] = []
    for g in parsed.plan.gates:
        th = gate_threshold(g)
        told = gate_expectation(g.threshold) if th is None and g.threshold.strip() else None
        words = (
            f"threshold checked: {describe(th)}"
            if th is not None
            else f"output checked: {told.describe()}"
            if told is not None
            else f"threshold not checked: {not_checked_reason(g.threshold)}"
        )
        notes.append(Problem(g.line, "P502", "info", f"gate '{g.name}': {words}"))
    for t in parsed.plan.tasks:
        for command, verdict in zip(t.commands, task_verdicts(t), strict=False):
            if verdict is not None:
                what = f"`{command}` {verdict.describe()}"
                notes.append(Problem(t.line, "P503", "info", f"task {t.id}: checks {what}"))
    for c in acceptance_checks(parsed):
        notes.append(Problem(c.line, "P504", "info", f"acceptance {c.describe()}"))
    return notes


def _task_checks(plan: Plan) -> list[Problem]:
    problems: list[Problem] = []
    ids = {t.id for t in plan.tasks}
    for t in plan.tasks:
        for d in t.depends:
            if d not in ids:
                problems.append(
                    Problem(
                        t.line,
                        "P104",
                        "error",
                        f"task {t.id} depends on '{d}', which is not a task",
                    )
                )
        if t.type and t.type not in TASK_TYPES and plan.tracker and plan.tracker.kind == "table":
            problems.append(
                Problem(
                    t.line,
                    "P107",
                    "warning",
                    f"task {t.id} has unknown type '{t.type}' (known: "
                    + ", ".join(TASK_TYPES)
                    + ")",
                )
            )
    problems += _cycles(plan)
    return problems


def _cycles(plan: Plan) -> list[Problem]:
    """P105 for each dependency cycle, found by a depth-first walk kept on an explicit stack
    (a recursive walk overflowed Python's stack on a chain of a few thousand tasks)."""
    graph = {t.id: [d for d in t.depends if plan.task(d)] for t in plan.tasks}
    lines = {t.id: t.line for t in plan.tasks}
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    reported: set[frozenset[str]] = set()
    problems: list[Problem] = []
    for root in graph:
        if root in state:
            continue
        path: list[str] = [root]
        stack = [iter(graph[root])]
        state[root] = 1
        while stack:
            dep = next(stack[-1], None)
            if dep is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(dep) == 1:
                cycle = [*path[path.index(dep) :], dep]
                if frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    message = "dependency cycle: " + " -> ".join(cycle)
                    problems.append(Problem(lines[dep], "P105", "error", message))
            elif dep not in state:
                state[dep] = 1
                path.append(dep)
                stack.append(iter(graph.get(dep, [])))
    return problems


def _input_checks(g: Gate, leads_out: Callable[[str], bool] | None = None) -> list[Problem]:
    """A gate's Inputs the fingerprint cannot read as meant: one outside the repository as
    written, or by a symlink on disk (issue 19, case 16: a link out was neither watched nor
    said); a bare capitalised name is a file to it (a variable is `$NAME`, or follows an
    `env:` label)."""
    from runner.plan.gates import looks_like_variable

    outside = [
        Problem(
            g.line,
            "P305",
            "warning",
            f"gate '{g.name}': input `{item}` is outside the repository"
            + ("" if _outside_repository(item) else " (a symlink leads there)")
            + ": it is not read, so a change to it never reruns the gate (copy what the gate"
            " needs into the repository, or declare a variable)",
        )
        for item in g.inputs
        if _outside_repository(item)
        or (leads_out is not None and not item.startswith("$") and leads_out(item))
    ]
    return outside + [
        Problem(
            g.line,
            "P304",
            "warning",
            f"gate '{g.name}': input `{item}` is read as a file of that name; a variable"
            f" is written `${item}` (or after `env:`)",
        )
        for item in g.inputs
        if looks_like_variable(item)
    ]


def _outside_repository(item: str) -> bool:
    """An input path that leaves the repository as written: absolute, in a home folder, on
    a drive, or going up more folders than it went down."""
    if item.startswith("$"):
        return False
    if item.startswith(("/", "~", "\\")) or (len(item) > 1 and item[1] == ":"):
        return True
    depth = 0
    for part in item.replace("\\", "/").split("/"):
        if part == "..":
            depth -= 1
            if depth < 0:
                return True
        elif part not in ("", "."):
            depth += 1
    return False


def _gate_checks(plan: Plan, leads_out: Callable[[str], bool] | None = None) -> list[Problem]:
    problems: list[Problem] = []
    if plan.gates_line is None:
        return problems
    if not plan.gates:
        problems.append(
            Problem(
                plan.gates_line, "P301", "error", "the Quality Gates section has no table of gates"
            )
        )
    seen: dict[str, int] = {}
    for g in plan.gates:
        if g.name.lower() in seen:
            problems.append(
                Problem(
                    g.line,
                    "P303",
                    "error",
                    f"gate '{g.name}' is named twice (first on line {seen[g.name.lower()]})",
                )
            )
        seen.setdefault(g.name.lower(), g.line)
        problems += _input_checks(g, leads_out)
        if not g.commands:
            problems.append(
                Problem(
                    g.line,
                    "P302",
                    "error",
                    f"gate '{g.name}' has no command (a `<cmd>` placeholder is not one)",
                )
            )
        if g.status is None:
            problems.append(
                Problem(
                    g.line,
                    "P106",
                    "error",
                    f"gate '{g.name}' has unknown status key '{g.status_raw}'",
                )
            )
    return problems


def _criteria_boxes(parsed: Parsed) -> list[Problem]:
    """P106 for an acceptance criterion whose box nobody defines (`- [?] ...`), as for a
    Progress item's: `plan accept` refuses to run and the plan is never Complete; a box in
    progress (`[/]`) is said to hold the plan back (issue 19 case 10)."""
    from runner.plan.acceptance import open_criteria

    out: list[Problem] = []
    for i, box in open_criteria(parsed):
        if box.meaning == "?":
            message = f"acceptance criterion has unknown checkbox '{box.raw}' (no runner meaning)"
            out.append(Problem(i + 1, "P106", "error", message))
        else:
            message = (
                f"acceptance criterion is in progress ('{box.raw}'): the plan is not Complete"
                " until it is proved or ticked"
            )
            out.append(Problem(i + 1, "P112", "warning", message))
    return out


def _metadata_checks(plan: Plan) -> list[Problem]:
    problems: list[Problem] = []
    field = plan.metadata.get("status")
    if field is None:
        problems.append(
            Problem(1, "P601", "warning", "no Status in the metadata (- Status: Proposed)")
        )
    elif normalise_plan_status(field.value) is None:
        problems.append(
            Problem(
                field.line + 1,
                "P602",
                "warning",
                f"metadata Status '{field.value}' is not one of Proposed, In"
                " Progress, Blocked, Complete",
            )
        )
    if plan.tracker and plan.tracker.kind == "table" and plan.legend:
        missing = [s for s in LEGEND_KEYS if s not in plan.legend.values()]
        if missing:
            keys = ", ".join(f'"{plan.dialect[s]}" - {s.value}' for s in missing)
            problems.append(
                Problem(
                    plan.tracker.line,
                    "P108",
                    "info",
                    f"the status legend could name the keys the runner writes: {keys}",
                )
            )
    return problems


def _legend_checks(parsed: Parsed) -> list[Problem]:
    """P111 for each legend entry that gives a key the opposite of its own meaning
    (`"not done" - complete`): hidden in a comment, it would flip what the table says."""
    plan, doc, st = parsed.plan, parsed.doc, parsed.structure
    if plan.tracker is None or plan.tracker.kind != "table" or not plan.legend:
        return []
    heading = st.heading_before(plan.tracker.line - 1)
    if heading is None:
        return []
    problems: list[Problem] = []
    for i in range(heading.line + 1, st.section_end(heading)):
        line = doc.lines[i]
        if "|" in line and not st.excluded[i]:
            continue  # table rows are data, not legend (as runner.plan.tracker reads it)
        for key, meaning, own in legend_contradictions(line):
            message = (
                f"the status legend maps '{key}' to {meaning.value}, but '{key}' means"
                f" {own.value}: the table will read it as {meaning.value}"
            )
            problems.append(Problem(i + 1, "P111", "warning", message))
    return problems


_SKIP_REF = later(r"[<>{}*]")


def _reference_checks(parsed: Parsed, line_count: ExistsFn) -> list[Problem]:
    # The plan's own structure says what is code or a comment (an example, not a reference).
    problems: list[Problem] = []
    excluded = parsed.structure.excluded
    for index, line in enumerate(parsed.doc.lines):
        if excluded[index]:
            continue
        number = index + 1
        for path, line_no in file_refs(line):
            if _SKIP_REF.search(path) or path.startswith(("http", "www.")):
                continue
            count = line_count(path)
            if isinstance(count, str):
                problems.append(Problem(number, "P401", "error", f"'{path}:{line_no}' {count}"))
            elif count is None:
                problems.append(
                    Problem(
                        number,
                        "P401",
                        "error",
                        f"'{path}:{line_no}' names a file that does not exist",
                    )
                )
            elif line_no > max(count, 1):
                problems.append(
                    Problem(
                        number,
                        "P402",
                        "error",
                        f"'{path}:{line_no}' is past the end of the file ({count} lines)",
                    )
                )
    return problems
