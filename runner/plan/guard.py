"""An agent cannot write its own pass (issue 21): the plan as an agent left it, with every
Status cell, gate result, plan Status and checkbox it changed put back as it was before the
agent ran. Everything else the agent wrote (Decision Log, Surprises & Discoveries, prose) is
kept. Pure: text in, text out."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from runner.markdown.doc import Document
from runner.markdown.patterns import later
from runner.markdown.tables import Cell, normalise_name, split_row
from runner.plan.gates import LAST_RUN
from runner.plan.journal import journal_span
from runner.plan.model import Gate, MetaField, Plan, Status, Task, normalise_plan_status
from runner.plan.reading import Parsed, parse_document
from runner.plan.tracker import CHECK_ITEM
from runner.plan.words import plural


@dataclass(frozen=True)
class Guarded:
    """The plan's text with the agent's marks undone, and a phrase for each mark undone."""

    text: str
    undone: tuple[str, ...] = ()
    # Checks the agent changed or removed (`task T1`, `gate Tests (removed)`): what proves its
    # work is not its to rewrite, so `plan loop` does not prove a turn that changed one.
    checks: tuple[str, ...] = ()


def restore_marks(before: str, after: str) -> Guarded:
    """`after` with every status the agent changed since `before` as it was in `before`."""
    if before == after:
        return Guarded(after)
    old = parse_document(Document.from_text(before))
    new = parse_document(Document.from_text(after))
    undone: list[str] = []
    _tasks(old, new, undone)
    _gates(old, new, undone)
    _plan_status(old.plan, new, undone)
    _boxes(old.doc.lines, new.doc.lines, undone)
    _new_marks(old, new, undone)
    checks = tuple(text for _kind, _name, text in changed_checks(old.plan, new.plan))
    _journal(old.doc, new.doc, undone)  # last: it moves lines the others found by number
    return Guarded(new.doc.text(), tuple(undone), checks)


def changed_checks(old: Plan, new: Plan) -> tuple[tuple[str, str, str], ...]:
    """Tasks whose commands, expected output, Timeout, Depends or Type (manual, gate-running)
    changed or that are gone, and gates whose commands or threshold changed or that are
    gone: (kind, name, phrase) each, the kind `task`, `gate` or `legend`."""
    out: list[tuple[str, str, str]] = []
    # Rows are paired by ID and by their place among the rows of that ID: a duplicated ID
    # (refused elsewhere) is two checks, not one compared with the other.
    rows: dict[str, list[Task]] = {}
    for row in new.tasks:
        rows.setdefault(row.id, []).append(row)
    seen: dict[str, int] = {}
    for was in old.tasks:
        n = seen[was.id] = seen.get(was.id, -1) + 1
        same = rows.get(was.id, [])
        t = same[n] if n < len(same) else None
        if t is None:
            out.append(("task", was.id, f"task {was.id} (removed)"))
        elif t.commands != was.commands or t.expects != was.expects:
            out.append(("task", was.id, f"task {was.id}"))
        elif t.timeout != was.timeout:
            # Its time limit is part of the check: raised, a slow task would pass.
            out.append(("task", was.id, f"task {was.id} (its Timeout)"))
        elif set(t.depends) != set(was.depends):
            # What it waits for: dropped, it would run (and pass) past a failed prerequisite.
            out.append(("task", was.id, f"task {was.id} (its Depends)"))
        elif (t.manual, t.runs_gates) != (was.manual, was.runs_gates):
            # Its Type decides who records it: made manual, `plan done` passes it unrun.
            out.append(("task", was.id, f"task {was.id} (its Type)"))
    # Gates likewise, by name and place among the rows of that name (a gate renamed to
    # another's name is compared with that gate's row, not the renamed one).
    named: dict[str, list[Gate]] = {}
    for gate in new.gates:
        named.setdefault(gate.name, []).append(gate)
    count: dict[str, int] = {}
    for g in old.gates:
        k = count[g.name] = count.get(g.name, -1) + 1
        rows_now = named.get(g.name, [])
        now = rows_now[k] if k < len(rows_now) else None
        if now is None:
            out.append(("gate", g.name, f"gate {g.name} (removed)"))
        elif (now.commands, now.threshold, now.inputs) != (g.commands, g.threshold, g.inputs):
            out.append(("gate", g.name, f"gate {g.name}"))
    if new.legend != old.legend:
        # The legend gives each Status key its meaning: rewritten, a blocked or failed
        # task would read done without any run.
        out.append(("legend", "", "the status legend"))
    return tuple(out)


def _new_marks(old: Parsed, new: Parsed, undone: list[str]) -> None:
    """A task or gate the agent added holds no result: any status it was written with
    (`| T2 | ship | X | ... |`, `- [x] Run make.`) is put back to outstanding; a checklist
    item with no command (`- [x] Noticed a bug.`) is its note, kept as written."""
    for t in new.plan.tasks:
        if old.plan.task(t.id) is not None or t.status in (None, Status.OUTSTANDING):
            continue
        if t.anchor.column is None and not t.commands:
            continue  # a checklist item with nothing to run: the agent's note of its work
        line = new.doc.lines[t.anchor.line]
        if t.anchor.column is not None:
            cell = _cell(new, t.anchor.line, t.anchor.column)
            if cell is None or not cell.text:
                continue
            blank = Cell(cell.start, cell.end, " " * len(cell.raw))
            new.doc.lines[t.anchor.line] = _put_back(line, cell, blank)
            undone.append(f"task {t.id} status '{cell.text}' (a task it added)")
            continue
        m = CHECK_ITEM.match(line)
        if m is not None and m.group("box") != " ":
            new.doc.lines[t.anchor.line] = line[: m.start("box")] + " " + line[m.end("box") :]
            undone.append(f"task {t.id} checkbox '[{m.group('box')}]' (a task it added)")
    known = {g.name for g in old.plan.gates}
    _blank_gates(new, [g for g in new.plan.gates if g.name not in known], "a gate it added", undone)


def _blank_gates(new: Parsed, gates: list[Gate], why: str, undone: list[str]) -> None:
    """Each of `gates` with its result cells (Status, Last Run) blanked, saying `why`."""
    if new.gates_table is None or not gates:
        return
    header = split_row(new.doc.lines[new.gates_table.header.line], 0).cells
    columns = [i for i, c in enumerate(header) if normalise_name(c.text) in _GATE_RESULT]
    for g in gates:
        for column in columns:
            cell = _cell(new, g.line - 1, column)
            if cell is None or not cell.text:
                continue
            blank = Cell(cell.start, cell.end, " " * len(cell.raw))
            new.doc.lines[g.line - 1] = _put_back(new.doc.lines[g.line - 1], cell, blank)
            undone.append(
                f"gate {g.name} {normalise_name(header[column].text)} '{cell.text}' ({why})"
            )


def _added_claim(new: Parsed, t: Task, undone: list[str]) -> None:
    """A non-manual task added while the run went on, marked passed: put back to outstanding
    (its cell blanked, its box unticked). A ticked checklist item with nothing to run is a
    person's note, kept."""
    line = new.doc.lines[t.anchor.line]
    if t.anchor.column is not None:
        cell = _cell(new, t.anchor.line, t.anchor.column)
        if cell is None or not cell.text:
            return
        blank = Cell(cell.start, cell.end, " " * len(cell.raw))
        new.doc.lines[t.anchor.line] = _put_back(line, cell, blank)
        undone.append(f"task {t.id} status '{cell.text}' (a row added meanwhile)")
        return
    m = CHECK_ITEM.match(line)
    if t.commands and m is not None and m.group("box") != " ":
        new.doc.lines[t.anchor.line] = line[: m.start("box")] + " " + line[m.end("box") :]
        undone.append(f"task {t.id} checkbox '[{m.group('box')}]' (an item added meanwhile)")


def _same_item(old: Parsed, new: Parsed, t: Task) -> Task | None:
    """The checklist item of `old` written as `t` is (its line but for the box), or None
    when none is, or more than one."""
    line = new.doc.lines[t.anchor.line]
    m = CHECK_ITEM.match(line)
    if m is None:
        return None
    text = line[: m.start("box")] + line[m.end("box") :]
    found = []
    for was in old.plan.tasks:
        if was.anchor.column is not None:
            continue
        other = old.doc.lines[was.anchor.line]
        p = CHECK_ITEM.match(other)
        if p is not None and other[: p.start("box")] + other[p.end("box") :] == text:
            found.append(was)
    return found[0] if len(found) == 1 else None


def _journal(old: Document, new: Document, undone: list[str]) -> None:
    """The journal is the runner's record: lines of it the agent removed or rewrote are
    put back where they were (what the agent added to it is kept, after them)."""
    was = journal_span(old)
    if was is None:
        return
    lines = old.lines[was[0] : was[1]]
    now = journal_span(new)
    if now is None:
        # The whole section is gone: put back, heading and all, at the end.
        whole = old.lines[was[0] - 1 : was[1]]
        new.insert(len(new.lines), ([""] if new.lines and new.lines[-1].strip() else []) + whole)
        undone.append(f"the journal section it removed ({len(lines)} lines)")
        return
    matcher = difflib.SequenceMatcher(None, lines, new.lines[now[0] : now[1]], autojunk=False)
    back = 0
    for op, i1, i2, j1, _j2 in reversed(matcher.get_opcodes()):
        if op in ("delete", "replace") and any(x.strip() for x in lines[i1:i2]):
            new.insert(now[0] + j1, lines[i1:i2])
            back += sum(1 for x in lines[i1:i2] if x.strip())
    if back:
        undone.append(f"{plural(back, 'journal line')} it removed or rewrote")


def _cell(parsed: Parsed, line: int, column: int) -> Cell | None:
    cells = split_row(parsed.doc.lines[line], line).cells
    return cells[column] if column < len(cells) else None


def _put_back(line: str, cell: Cell, before: Cell) -> str:
    """The cell as it was written before, padding and all."""
    return line[: cell.start] + before.raw + line[cell.end :]


def _tasks(old: Parsed, new: Parsed, undone: list[str]) -> None:
    """Table Status cells, matched by task ID (checkboxes are `_boxes`' job)."""
    for t in new.plan.tasks:
        was = old.plan.task(t.id)
        if was is None or t.id not in new.task_cells or t.id not in old.task_cells:
            continue
        row, column = new.task_cells[t.id]
        old_row, old_column = old.task_cells[t.id]
        cell = _cell(new, row.line, column)
        before = _cell(old, old_row.line, old_column)
        if cell is None or before is None or cell.text == before.text:
            continue
        line = new.doc.lines[row.line]
        new.doc.lines[row.line] = _put_back(line, cell, before)
        undone.append(f"task {t.id} status '{cell.text}' (was '{before.text}')")


_GATE_RESULT = {"status", "result", *LAST_RUN}


def _gates(old: Parsed, new: Parsed, undone: list[str], only: set[str] | None = None) -> None:
    """A gate's Status and Last Run cells, matched by the gate's name (`only`: these gates)."""
    if old.gates_table is None or new.gates_table is None:
        return
    old_header = split_row(old.doc.lines[old.gates_table.header.line], 0).cells
    new_header = split_row(new.doc.lines[new.gates_table.header.line], 0).cells
    names = [normalise_name(c.text) for c in new_header]
    old_names = [normalise_name(c.text) for c in old_header]
    for g in new.plan.gates:
        was = next((o for o in old.plan.gates if o.name == g.name), None)
        if was is None or (only is not None and g.name not in only):
            continue
        for column, name in enumerate(names):
            if name not in _GATE_RESULT or name not in old_names:
                continue
            cell = _cell(new, g.line - 1, column)
            before = _cell(old, was.line - 1, old_names.index(name))
            if cell is None or before is None or cell.text == before.text:
                continue
            line = new.doc.lines[g.line - 1]
            new.doc.lines[g.line - 1] = _put_back(line, cell, before)
            undone.append(f"gate {g.name} {name} '{cell.text}' (was '{before.text}')")


def _plan_status(old: Plan, new: Parsed, undone: list[str]) -> None:
    """The plan's own Status (`Complete` is the runner's word to write, not the agent's)."""
    was: MetaField | None = old.metadata.get("status")
    now: MetaField | None = new.plan.metadata.get("status")
    if was is None or now is None or was.value == now.value:
        return
    line = new.doc.lines[now.line]
    new.doc.lines[now.line] = line[: now.start] + was.value + line[now.end :]
    undone.append(f"plan Status '{now.value}' (was '{was.value}')")


def _boxes(before: list[str], after: list[str], undone: list[str]) -> None:
    """Every checkbox whose mark changed, wherever it is (tasks, steps, criteria): lines
    matched by diffing the two texts, a changed line paired with the old line that has the
    same words after its box (else the one in the same place of the changed block)."""
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "replace":
            continue
        olds = {j: CHECK_ITEM.match(before[j]) for j in range(i1, i2)}
        for j in range(j1, j2):
            m = CHECK_ITEM.match(after[j])
            if m is None:
                continue
            pair = next(
                (o for o in olds.values() if o is not None and o.group("text") == m.group("text")),
                None,
            )
            if pair is None and j - j1 < i2 - i1:
                pair = olds[i1 + j - j1]
            if pair is None or pair.group("box") == m.group("box"):
                continue
            line = after[j]
            after[j] = line[: m.start("box")] + pair.group("box") + line[m.end("box") :]
            undone.append(f"checkbox '[{m.group('box')}] {_short(m.group('text'))}'")


def _short(text: str, limit: int = 50) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def restore_claims(before: str, after: str) -> Guarded:
    """`after` with every pass that no run made put back as it was in `before`: a task
    with commands marked complete, a gate marked passed, the plan marked Complete. A run's
    own command editing the plan (the sixth pass of issue 19: `evil.py` wrote `X` into a
    failed task's row and `Complete` into the plan while another task ran) must not pass
    anything. Nor may it tick a criterion or write the runner's own journal lines (the
    ninth pass). Marks that claim no pass (skipped, blocked, failed, outstanding), a manual
    task marked done and a person's notes are a person's, and are kept."""
    if before == after:
        return Guarded(after)
    old = parse_document(Document.from_text(before))
    new = parse_document(Document.from_text(after))
    undone: list[str] = []
    for t in new.plan.tasks:
        was = old.plan.task(t.id)
        # A manual task marked done meanwhile is a person's mark, kept (a check that forges
        # one cannot be told from a person: the ninth pass's case 06m stays open).
        if t.manual or t.status is not Status.PASSED:
            continue
        if t.anchor.column is None and (same := _same_item(old, new, t)) is not None:
            # A checklist item is itself, wherever it now stands: an item a person inserted
            # above shifts the numbers of those below, and a tick committed before the run
            # must not be taken for one made meanwhile (the fourteenth pass, F6n).
            was = same
        if was is None:
            # A row added meanwhile already marked passed (F6c's family: a check appending
            # `| X | ... | `false` |`) claims a pass no run made, as an existing row's mark does.
            _added_claim(new, t, undone)
            continue
        if was.status is Status.PASSED:
            continue
        if t.anchor.column is not None and was.anchor.column is not None:
            cell = _cell(new, t.anchor.line, t.anchor.column)
            prior = _cell(old, was.anchor.line, was.anchor.column)
            if cell is None or prior is None:
                continue
            line = new.doc.lines[t.anchor.line]
            new.doc.lines[t.anchor.line] = _put_back(line, cell, prior)
            undone.append(f"task {t.id} status '{cell.text}' (was '{prior.text}')")
            continue
        m, p = (
            CHECK_ITEM.match(new.doc.lines[t.anchor.line]),
            CHECK_ITEM.match(old.doc.lines[was.anchor.line]),
        )
        if m is not None and p is not None and m.group("box") != p.group("box"):
            line = new.doc.lines[t.anchor.line]
            new.doc.lines[t.anchor.line] = (
                line[: m.start("box")] + p.group("box") + line[m.end("box") :]
            )
            undone.append(f"task {t.id} checkbox '[{m.group('box')}]' (was '[{p.group('box')}]')")
    _ticks(old.doc.lines, new.doc.lines, undone)
    passed_now = {g.name for g in new.plan.gates if g.status is Status.PASSED}
    passed_before = {g.name for g in old.plan.gates if g.status is Status.PASSED}
    if passed_now - passed_before:
        _gates(old, new, undone, only=passed_now - passed_before)
    # A gate added meanwhile already marked passed claims a pass nothing ran, as a row
    # added so does (`_added_claim`): its result cells are blanked.
    known = {g.name for g in old.plan.gates}
    added = [g for g in new.plan.gates if g.name not in known and g.status is Status.PASSED]
    _blank_gates(new, added, "a gate added meanwhile", undone)
    was_status = old.plan.metadata.get("status")
    now_status = new.plan.metadata.get("status")
    if (
        was_status is not None
        and now_status is not None
        and normalise_plan_status(now_status.value) == "Complete"
        and normalise_plan_status(was_status.value) != "Complete"
    ):
        _plan_status(old.plan, new, undone)
    _forged_entries(old.doc, new.doc, undone)  # last: it removes lines
    if not undone:
        return Guarded(after)
    return Guarded(new.doc.text(), tuple(undone))


_TICKED = frozenset("xX\u2713\u2714\u2705")


def _ticks(before: list[str], after: list[str], undone: list[str]) -> None:
    """Every checkbox ticked meanwhile (a criterion, a step: `- [ ] A1. Run: false` made
    `[x]`) put back: a tick is recorded by a run (`plan accept`) or `plan done`."""
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "replace":
            continue
        for k, j in enumerate(range(j1, j2)):
            m = CHECK_ITEM.match(after[j])
            if m is None or m.group("box") not in _TICKED:
                continue
            olds = [CHECK_ITEM.match(before[i]) for i in range(i1, i2)]
            pair = next(
                (o for o in olds if o is not None and o.group("text") == m.group("text")), None
            )
            if pair is None and k < i2 - i1:
                pair = olds[k]
            if pair is None or pair.group("box") in _TICKED:
                continue
            line = after[j]
            after[j] = line[: m.start("box")] + pair.group("box") + line[m.end("box") :]
            undone.append(f"checkbox '[{m.group('box')}] {_short(m.group('text'))}'")


# A journal line in the runner's own words: a stamp, then a task, gate or acceptance result.
_RUNNER_ENTRY = later(
    r"^\s*[-*]\s+\(\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?Z\)\s+(?:task|gate|gates|acceptance)\b"
    r".*\b(?:passed|failed|skipped|not run)\b",
    re.IGNORECASE,
)


def _forged_entries(old: Document, new: Document, undone: list[str]) -> None:
    """Journal lines written meanwhile in the runner's own words (`- (2026-…Z) task T2
    passed in 0.1s`): only a run writes those; a person's notes meanwhile are kept."""
    span = journal_span(new)
    if span is None:
        return
    kept = set(old.lines)
    forged = [
        i
        for i in range(span[0], span[1])
        if _RUNNER_ENTRY.match(new.lines[i]) and new.lines[i] not in kept
    ]
    for i in reversed(forged):
        del new.lines[i]
        del new.endings[i]
    if forged:
        undone.append(f"{plural(len(forged), 'journal line')} in the runner's words")
