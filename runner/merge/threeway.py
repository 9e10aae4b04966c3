"""Three-way merge of a plan: what `plan merge` (git's merge driver) does; pure.

The parts of a plan the runner owns (task Status cells, gate Status and Last Run cells, the
Status and Last Updated metadata, what each side appended to the journal) are taken out of
all three versions and replaced by the same placeholder in each, so `git merge-file` (passed
in as a function) merges only what people wrote. Then each placeholder gets the value the
plan's own rules choose, and the journal gets every item both sides appended.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from runner.errors import PlanError
from runner.markdown.doc import Document, NotUtf8Error
from runner.markdown.tables import escape_cell, normalise_name
from runner.merge import journal as mergejournal
from runner.merge import slots as mergeslots
from runner.merge.conflicts import settle
from runner.merge.slots import Entry, Key, Spot
from runner.plan.gates import LAST_RUN
from runner.plan.journal import stamp
from runner.plan.model import Status, normalise_plan_status
from runner.plan.reading import Parsed, parse_document
from runner.plan.rows import DEFAULT_OPTIONS, Options

# ours, base, theirs, diff3 -> merged bytes and the number of conflicts, as git merge-file.
MergeFile = Callable[[bytes, bytes, bytes, bool], tuple[bytes, int]]
SIDES = ("base", "ours", "theirs")
_MARKER = re.compile(rb"^(?:<{7}|\|{7}|={7}|>{7})(?: |\r?$)", re.MULTILINE)


@dataclass(frozen=True)
class Merged:
    """The merged file, how many conflicts it still holds, and whether it was read as a plan
    (not when one side changed nothing: then the other side is the answer)."""

    data: bytes
    conflicts: int
    planwise: bool
    # Why a conflict without markers is one (a result the merge would lose, an ID added on
    # both sides): said to the person git stops for.
    reasons: tuple[str, ...] = ()


@dataclass
class _Tokens:
    """Placeholders that occur in none of the three texts, numbered."""

    prefix: str
    slots: list[tuple[Key, str]] = field(default_factory=list)

    def new(self, key: Key, part: str) -> str:
        self.slots.append((key, part))
        return self.text(len(self.slots) - 1)

    def text(self, n: int | str) -> str:
        return f"{self.prefix}{n}\u27e7"

    def pattern(self) -> re.Pattern[str]:
        return re.compile(r"( ?)" + re.escape(self.prefix) + r"(\d+)\u27e7( ?)")


def merge(
    base: bytes,
    ours: bytes,
    theirs: bytes,
    *,
    merge_file: MergeFile,
    names: tuple[str, str] = ("ours", "theirs"),
    now: datetime,
    style: str = "merge",
    options: Options = DEFAULT_OPTIONS,
    accepted: Callable[[Parsed], bool | None] | None = None,
) -> Merged:
    """Merge three versions of a plan; a file that is not a readable plan merges as text.
    `accepted` says whether the merged plan's acceptance checks passed at their last run
    (None: it has none): a Complete the merge keeps needs them too."""
    if ours == theirs or theirs == base:
        return Merged(ours, 0, False)
    if ours == base:
        return Merged(theirs, 0, False)
    try:
        docs = [Document.from_bytes(x) for x in (base, ours, theirs)]
        parsed = [parse_document(d, options=options) for d in docs]
    except (NotUtf8Error, PlanError):
        parsed = []
    if parsed and all(p.plan.tracker is not None for p in parsed):
        done = _planwise(parsed, merge_file, names, now, style, accepted)
        if done is not None:
            return done
    data, conflicts = merge_file(ours, base, theirs, False)
    return Merged(data, conflicts, False)


def _planwise(
    parsed: list[Parsed],
    merge_file: MergeFile,
    names: tuple[str, str],
    now: datetime,
    style: str,
    accepted: Callable[[Parsed], bool | None] | None = None,
) -> Merged | None:
    texts = [p.doc.text() for p in parsed]
    dropped = _dropped_results(parsed)
    claims = _checklist_claims(parsed)  # read before the placeholders go in
    prefix = "\u27e6plan-merge-"
    while any(prefix in t for t in texts):
        prefix += "-"
    tokens = _Tokens(prefix)
    entries = [mergeslots.entries(p) for p in parsed]
    _normalise(parsed, entries, tokens)
    journal = tokens.text("J")
    base_journal = mergejournal.content(parsed[0].doc, parsed[0].structure)
    after_checklist = mergejournal.follows_checklist(parsed[0].doc, parsed[0].structure)
    tails: list[list[mergejournal.Line]] = []
    if all(mergejournal.content(p.doc, p.structure) for p in parsed) and base_journal:
        base_lines = parsed[0].doc.lines[base_journal[0] : base_journal[1]]
        for p in parsed:
            tails.append(mergejournal.cut_tail(p.doc, p.structure, base_lines, journal) or [])
    ours_n, base_n, theirs_n = (parsed[i].doc.text().encode("utf-8") for i in (1, 0, 2))
    data, conflicts = merge_file(ours_n, base_n, theirs_n, True)
    own_markers = any(_MARKER.search(x) for x in (ours_n, base_n, theirs_n))
    if conflicts and own_markers:
        # The plan itself shows conflict markers (a plan about merging): only git can tell
        # its own from them, so leave git's conflicts exactly as git draws them.
        data, conflicts = merge_file(ours_n, base_n, theirs_n, False)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if conflicts and not own_markers:
        text, conflicts = settle(text, style)
    doc = Document.from_text(text)
    notes, recheck = _write_back(doc, entries, tokens, names, now, conflicts)
    if not conflicts:
        unticked = _checklist_unproven(parsed, doc, names, now)
        notes += unticked
        recheck = recheck or bool(unticked)
    disputed = _checklist_disagreements(parsed, claims, doc, names, now)
    notes += disputed
    recheck = recheck or bool(disputed)
    unwritten: list[str] = []
    if tails:
        newline = doc.newline()
        if not mergejournal.put_tail(
            doc, journal, mergejournal.merge_tails(tails, notes, newline, own_list=after_checklist)
        ):
            return None
    elif notes:
        # No journal the merge can write to (none in the base, or one kept as a dated log):
        # a disagreement is never settled without saying why, so git stops and says it.
        unwritten = [re.sub(r"^\s*- \([^)]*\) merge: ", "", n) for n in notes]
    if recheck or (not conflicts and _says_complete(doc)):
        # A Complete taken from one side is checked against the merged tables: a gate kept
        # failed by the merge (or a task) makes it In Progress again (issue 19, case 11).
        _plan_status(doc, parsed[0].options, accepted)
    if not conflicts and _gate_columns_added(entries):
        _pad_gate_rows(doc, parsed[0].options)
    out = doc.text()
    if prefix in out:
        return None
    # A result the merge would lose (its task deleted or renamed on the other side), or an
    # ID both sides added: never settled silently; git stops for a person (issue 19).
    duplicates, gate_twins = _new_duplicates(parsed, out, parsed[0].options)
    malformed = _malformed_disagreements(parsed)
    reasons = [*dropped, *unwritten]
    if duplicates:
        reasons.append(f"{duplicates} task ID(s) added on both sides: give each row its own ID")
    if gate_twins:
        # The tenth pass: both sides added a `tests` gate (one `true`, one `false`); the merge
        # was clean, only the first row ever ran, and `plan gates` said up to date for ever.
        reasons.append(
            f"{gate_twins} Quality Gate name(s) added on both sides: give each gate its own name"
        )
    duplicates += gate_twins
    if malformed:
        reasons.append(
            f"{malformed} task(s) whose row is malformed on one side disagree on their status"
        )
        # Marked in the file as git marks a conflict (the twelfth pass: a plain `git add`
        # kept the malformed side's pass); the plan is not read until a person settles it.
        out = _mark_malformed(parsed, texts, out)
    conflicts += len(dropped) + len(unwritten) + duplicates + malformed
    return Merged(out.encode("utf-8"), conflicts, True, tuple(reasons))


def _dropped_results(parsed: list[Parsed]) -> list[str]:
    """Tasks and gates one side deleted or renamed while the other recorded a result for
    them: the merge would lose that result, so it is a conflict (issue 19)."""
    base, ours, theirs = (p.plan for p in parsed)
    reasons: list[str] = []
    why = "was deleted or renamed on one side while the other recorded a result for it"
    for t in base.tasks:
        mine, other = ours.task(t.id), theirs.task(t.id)
        for gone, kept in ((mine, other), (other, mine)):
            if gone is None and kept is not None and kept.status is not t.status:
                reasons.append(f"task {t.id} {why}")
    gates = [{g.name: g for g in p.gates} for p in (base, ours, theirs)]
    for name, g in gates[0].items():
        mine_g, other_g = gates[1].get(name), gates[2].get(name)
        for gone_g, kept_g in ((mine_g, other_g), (other_g, mine_g)):
            if (
                gone_g is None
                and kept_g is not None
                and (kept_g.status is not g.status or kept_g.last_run != g.last_run)
            ):
                reasons.append(f"gate {name} {why}")
    return reasons


def _mark_malformed(parsed: list[Parsed], texts: list[str], out: str) -> str:
    """The merged text with each malformed disagreeing row shown as both sides wrote it
    (`texts`: the sides as read, before the merge's placeholders), between conflict
    markers."""
    ours, theirs = parsed[1], parsed[2]
    sides = [texts[1].splitlines(), texts[2].splitlines()]
    lines = out.splitlines(keepends=True)
    newline = "\r\n" if out.count("\r\n") * 2 > out.count("\n") else "\n"
    for t in ours.plan.tasks:
        other = theirs.plan.task(t.id)
        if other is None or not (t.malformed or other.malformed) or t.status is other.status:
            continue
        mine, yours = sides[0][t.line - 1], sides[1][other.line - 1]
        held = (
            ours.doc.lines[t.line - 1].rstrip("\r\n"),
            theirs.doc.lines[other.line - 1].rstrip("\r\n"),
        )
        for k, line in enumerate(lines):
            if line.rstrip("\r\n") in (mine, yours, *held):
                lines[k] = newline.join(
                    ["<<<<<<< ours", mine, "=======", yours, ">>>>>>> theirs", ""]
                )
                break
    return "".join(lines)


def _malformed_disagreements(parsed: list[Parsed]) -> int:
    """Tasks whose row is malformed on one side while the sides disagree on its status: a
    malformed row is never rewritten, so its claim cannot be weighed (issue 19)."""
    ours, theirs = parsed[1].plan, parsed[2].plan
    count = 0
    for t in ours.tasks:
        other = theirs.task(t.id)
        if other is not None and (t.malformed or other.malformed) and t.status is not other.status:
            count += 1
    return count


def _new_duplicates(parsed: list[Parsed], merged: str, options: Options) -> tuple[int, int]:
    """Task IDs, and Quality Gate names, the merged plan holds twice that neither side held
    twice."""
    try:
        plan = parse_document(Document.from_text(merged), options=options).plan
    except PlanError:
        return 0, 0
    before: set[str] = set()
    gates_before: set[str] = set()
    for p in parsed[1:]:
        before |= {i for i, n in Counter(t.id for t in p.plan.tasks).items() if n > 1}
        gates_before |= {g for g, n in Counter(g.name for g in p.plan.gates).items() if n > 1}
    now = {i for i, n in Counter(t.id for t in plan.tasks).items() if n > 1}
    gates = {g for g, n in Counter(g.name for g in plan.gates).items() if n > 1}
    return len(now - before), len(gates - gates_before)


def _normalise(parsed: list[Parsed], entries: list[dict[Key, Entry]], tokens: _Tokens) -> None:
    """Put the same placeholder in each version where a value the base also has sits."""
    edits: list[list[tuple[Spot, str]]] = [[], [], []]
    for key in entries[0]:
        parts = {p: None for e in entries if key in e for p in e[key].spots}
        for part in parts:
            token = tokens.new(key, part)
            for side, found in enumerate(entries):
                spot = found[key].spots.get(part) if key in found else None
                if spot is not None:
                    edits[side].append((spot, f" {token} " if spot.cell else token))
    for p, side_edits in zip(parsed, edits, strict=True):
        for spot, new in sorted(side_edits, key=lambda e: (e[0].line, -e[0].start)):
            line = p.doc.lines[spot.line]
            p.doc.lines[spot.line] = line[: spot.start] + new + line[spot.end :]


# --- choosing each value -------------------------------------------------------------------


def _winner(key: Key, found: list[Entry | None]) -> str:
    """Which side's value the merge keeps, by the rules of issue 14."""
    base = found[0]
    ours, theirs = found[1] or base, found[2] or base
    assert base is not None
    assert ours is not None
    assert theirs is not None
    o_changed, t_changed = ours.value != base.value, theirs.value != base.value
    if not o_changed or not t_changed:
        return "theirs" if t_changed else "ours" if o_changed else "base"
    if ours.value == theirs.value or (key[0] in ("task", "row") and ours.status is theirs.status):
        return "ours"
    if key[0] == "meta":
        later = _when(theirs.value[0]) > _when(ours.value[0]) and key[1] == "lastupdated"
        return "theirs" if later else "ours"
    if (
        key[0] == "gate"
        and ours.status is theirs.status
        and _when(ours.value[1]) != _when(theirs.value[1])
    ):
        return "theirs" if _when(theirs.value[1]) > _when(ours.value[1]) else "ours"
    # Two different results (a gate failed on one side, passed later on the other): the
    # failure stands until a run settles it, and the journal says so (issue 19).
    return _least_claim(ours.status, theirs.status)


def _when(text: str) -> str:
    return text.strip().replace(" ", "T")


def _least_claim(ours: Status | None, theirs: Status | None) -> str:
    """Two different results: a failure beats a pass, and a pass is never claimed over doubt."""
    for worst in (Status.FAILED, Status.PASSED):
        if ours is worst and theirs is not worst:
            return "ours" if worst is Status.FAILED else "theirs"
        if theirs is worst and ours is not worst:
            return "theirs" if worst is Status.FAILED else "ours"
    return "ours"


def _write_back(
    doc: Document,
    entries: list[dict[Key, Entry]],
    tokens: _Tokens,
    names: tuple[str, str],
    now: datetime,
    conflicts: int,
) -> tuple[list[str], bool]:
    """Put each chosen value where its placeholder is; the journal notes for disagreements,
    and whether Status must be judged on the merged plan (it may have become Complete)."""
    winners: dict[Key, str] = {}
    notes: list[str] = []
    cells: dict[tuple[Key, str], str] = {}  # results withdrawn: the raw cell written instead
    for key in entries[0]:
        found = [e.get(key) for e in entries]
        winners[key] = side = _winner(key, found)
        changed_on = mergeslots.unproven(found, side)
        if changed_on is not None:
            for part in ("status", "last"):
                cells[(key, part)] = mergeslots.outstanding(found, side, part)
        note = (
            _unproven_note(key, found, side, changed_on, names, now)
            if changed_on is not None
            else _disagreement(key, found, side, names, now)
        )
        if note:
            notes.append(note)
    mixed = _mixed(entries, winners) and not conflicts
    overrides, recheck = _status_override(entries, winners) if mixed else ({}, False)
    if cells:
        overrides.update(_complete_withdrawn(entries, winners))

    def value(m: re.Match[str]) -> str:
        key, part = tokens.slots[int(m.group(2))]
        if (key, part) in cells:
            return cells[(key, part)]
        if key in overrides:
            return m.group(1) + overrides[key] + m.group(3)
        order = [winners[key], "ours", "theirs", "base"]
        for side in order:
            entry = entries[SIDES.index(side)].get(key)
            if entry is not None and part in entry.spots:
                spot = entry.spots[part]
                return spot.raw if spot.cell else m.group(1) + spot.raw + m.group(3)
        return m.group(0)

    pattern = tokens.pattern()
    for i, line in enumerate(doc.lines):
        if tokens.prefix in line:
            doc.lines[i] = pattern.sub(value, line)
    return notes, recheck


def _status_override(
    entries: list[dict[Key, Entry]], winners: dict[Key, str]
) -> tuple[dict[Key, str], bool]:
    """Status when the merged results cannot all be done: a Complete withdrawn. When they
    can, the merged plan is read again to tell (rows added on both sides count too)."""
    key = ("meta", "status")
    if key not in winners:
        return {}, False
    possible = True
    for k, side in winners.items():
        status = entries[SIDES.index(side)][k].status
        if k[0] in ("task", "row"):
            possible = possible and status is not None and status.done
        elif k[0] == "gate":
            possible = possible and status is Status.PASSED
    if possible:
        return {}, True
    value = entries[SIDES.index(winners[key])][key].value[0]
    if normalise_plan_status(value) != "Complete":
        return {}, False
    return {key: "in progress" if value.islower() else "In Progress"}, False


def _complete_withdrawn(entries: list[dict[Key, Entry]], winners: dict[Key, str]) -> dict[Key, str]:
    """Status Complete taken back when a result was withdrawn (its commands changed)."""
    key = ("meta", "status")
    if key not in winners:
        return {}
    value = entries[SIDES.index(winners[key])][key].value[0]
    if normalise_plan_status(value) != "Complete":
        return {}
    return {key: "in progress" if value.islower() else "In Progress"}


def _checklist_unproven(
    parsed: list[Parsed], doc: Document, names: tuple[str, str], now: datetime
) -> list[str]:
    """A checklist item ticked on one side whose checks the other side changed (its `Run:`
    line, its expected output): git merged the two edits as text, and the tick was for the
    old check. The box is opened again, with a journal note (issue 19 case 11, ninth pass:
    a table row was caught so, a checklist item was not)."""
    from runner.plan.tracker import CHECK_ITEM

    merged = parse_document(doc, options=parsed[0].options)
    tasks = [{t.id: t for t in p.plan.tasks} for p in parsed]
    notes: list[str] = []
    o_name, t_name = (escape_cell(n).replace("'", "") for n in names)
    for t in merged.plan.tasks:
        line = t.line - 1
        m = CHECK_ITEM.match(doc.lines[line]) if 0 <= line < len(doc.lines) else None
        base, ours, theirs = (side.get(t.id) for side in tasks)
        if m is not None and t.open_part and m.group("box") in "xX":
            # Ticked on one side while the other added an open sub-item under it (the
            # fourteenth pass, F11a: merged clean, and the runner then refused the plan):
            # the item is not done while a part of it is open.
            added_on = next(
                (n for side, n in ((ours, t_name), (theirs, o_name)) if side and side.open_part),
                t_name,
            )
            _reopen(doc, line, m)
            notes.append(
                f"  - ({stamp(now)}) merge: task {escape_cell(t.id)}: an open sub-item was added"
                f" under it on `{added_on}` while the other side ticked it; set outstanding"
                f" until that part is done"
            )
            continue
        if m is None or t.status is not Status.PASSED:
            continue
        for ticked, runner, changer in (
            (ours, o_name, t_name),
            (theirs, t_name, o_name),
        ):
            if ticked is None or ticked.status is not Status.PASSED:
                continue
            if base is not None and base.status is Status.PASSED:
                continue  # ticked before the branches split: not this merge's claim
            if (ticked.commands, ticked.expects) == (t.commands, t.expects):
                continue
            _reopen(doc, line, m)
            notes.append(
                f"  - ({stamp(now)}) merge: task {escape_cell(t.id)}: its checks changed on"
                f" `{changer}` while `{runner}` ticked it; set outstanding until it runs again"
                f" (`plan run {escape_cell(t.id)}`)"
            )
            break
    return notes


# A checklist task's result on one side, by the item's words: (stamp, status).
Claims = dict[str, tuple[str, Status]]


def _checklist_claims(parsed: list[Parsed]) -> list[Claims]:
    """What each side (ours, theirs) says of its checklist tasks since the base: the last
    result it journaled for each (a run, a verify, a mark by hand), else a pass when it
    ticked a box the base had open. A box says only done or not done: the journal says
    failed (issue 19 case 11, sixteenth pass)."""
    from runner.run.record import journaled

    if not any(t.anchor.column is None for p in parsed for t in p.plan.tasks):
        return [{}, {}]  # no checklist item: task tables hold their own results
    base = {t.description: t for t in parsed[0].plan.tasks}
    out: list[Claims] = []
    for p in parsed[1:]:
        # An item is known by its words across the versions (its number moves when items are
        # added above it); two items with the same words are told apart by neither.
        twice = {w for w, n in Counter(t.description for t in p.plan.tasks).items() if n > 1}
        tasks = {
            t.id: t for t in p.plan.tasks if t.anchor.column is None and t.description not in twice
        }
        found: dict[str, tuple[str, int, Status]] = {}
        for n, line in enumerate(mergejournal.appended(parsed[0].doc, p.doc)):
            said = journaled(line)
            if said is None or said[1] not in tasks:
                continue
            words = tasks[said[1]].description
            if (said[0], n) >= found.get(words, ("", -1, Status.OUTSTANDING))[:2]:
                found[words] = (said[0], n, said[2])
        claims: Claims = {words: (when, status) for words, (when, _, status) in found.items()}
        for t in tasks.values():
            was = base.get(t.description)
            ticked = was is None or was.status is not Status.PASSED
            if t.status is Status.PASSED and t.description not in claims and ticked:
                claims[t.description] = ("", Status.PASSED)
        out.append(claims)
    return out


def _checklist_disagreements(
    parsed: list[Parsed], claims: list[Claims], doc: Document, names: tuple[str, str], now: datetime
) -> list[str]:
    """A checklist task one side passed while the other failed it (whichever came later):
    git merged the one box that changed, a tick or not. The box is left open, with a journal
    item naming the task, both branches and both results, as a task table's Status cell."""
    from runner.plan.tracker import CHECK_ITEM

    if not all(claims):
        return []
    try:
        merged = parse_document(doc, options=parsed[0].options)
    except PlanError:
        return []
    notes: list[str] = []
    o_name, t_name = (escape_cell(n).replace("'", "") for n in names)
    words = Counter(t.description for t in merged.plan.tasks)
    for t in merged.plan.tasks:
        ours, theirs = (side.get(t.description) for side in claims)
        if ours is None or theirs is None or words[t.description] > 1:
            continue
        if {ours[1], theirs[1]} != {Status.PASSED, Status.FAILED}:
            continue
        line = t.line - 1
        m = CHECK_ITEM.match(doc.lines[line]) if 0 <= line < len(doc.lines) else None
        if m is None:
            continue
        if m.group("box") in "xX":
            _reopen(doc, line, m)
        task = escape_cell(t.id)
        notes.append(
            f"  - ({stamp(now)}) merge: task {task}: `{o_name}` recorded {ours[1].value},"
            f" `{t_name}` recorded {theirs[1].value}; left outstanding until a rerun settles"
            f" it (`plan run {task}`)"
        )
    return notes


def _reopen(doc: Document, line: int, box: re.Match[str]) -> None:
    """The checklist item on `line` (its box matched as `box`) made outstanding."""
    a, b = box.span("box")
    doc.lines[line] = doc.lines[line][:a] + " " + doc.lines[line][b:]


def _unproven_note(
    key: Key,
    found: list[Entry | None],
    side: str,
    changed_on: str,
    names: tuple[str, str],
    now: datetime,
) -> str:
    """A journal item when a result was recorded for a row the other side changed (its
    commands, expected output or words: the row is what the result was recorded for)."""
    kept = found[SIDES.index(side)]
    assert kept is not None
    assert kept.status is not None
    o_name, t_name = (escape_cell(n).replace("'", "") for n in names)
    changer, runner = (o_name, t_name) if changed_on == "ours" else (t_name, o_name)
    if key[0] == "gate":
        what, how = f"gate {escape_cell(key[1])}: its command", "`plan gates`"
    else:
        task = escape_cell(kept.label)
        what, how = f"task {task}: its row", f"`plan run {task}`"
    return (
        f"  - ({stamp(now)}) merge: {what} changed on `{changer}` while `{runner}` recorded"
        f" {kept.status.value}; set outstanding until it runs again ({how})"
    )


def _mixed(entries: list[dict[Key, Entry]], winners: dict[Key, str]) -> bool:
    """Whether the merged results are neither side's own (only then is Status recomputed:
    each side wrote its Status together with its results, and a person may hold it back)."""
    same = [True, True]
    for key, side in winners.items():
        if key[0] == "meta":
            continue
        chosen = entries[SIDES.index(side)][key].value
        for n in (1, 2):
            entry = entries[n].get(key)
            same[n - 1] = same[n - 1] and (entry is None or entry.value == chosen)
    return not any(same)


def _disagreement(
    key: Key,
    found: list[Entry | None],
    side: str,
    names: tuple[str, str],
    now: datetime,
) -> str | None:
    """A journal item when both sides recorded different results for one task."""
    base, ours, theirs = found
    if key[0] not in ("task", "row", "gate") or base is None or ours is None or theirs is None:
        return None
    if base.value in (ours.value, theirs.value) or ours.status is theirs.status:
        return None
    if key[0] == "gate":
        o_name, t_name = (escape_cell(n).replace("'", "") for n in names)
        gate = escape_cell(key[1])
        kept_gate = (ours if side == "ours" else theirs).status
        return (
            f"  - ({stamp(now)}) merge: gate {gate}: `{o_name}` recorded"
            f" {ours.status.value if ours.status else 'nothing'}, `{t_name}` recorded"
            f" {theirs.status.value if theirs.status else 'nothing'}; kept"
            f" {kept_gate.value if kept_gate else 'nothing'} until `plan gates` settles it"
        )

    def said(entry: Entry) -> str:
        return entry.status.value if entry.status else f"'{escape_cell(entry.value[0])}'"

    kept = said(ours if side == "ours" else theirs)
    o_name, t_name = (escape_cell(n).replace("'", "") for n in names)
    task = escape_cell(ours.label)
    return (
        f"  - ({stamp(now)}) merge: task {task}: `{o_name}` recorded {said(ours)}, `{t_name}`"
        f" recorded {said(theirs)}; kept {kept} until a rerun settles it (`plan run {task}`)"
    )


def _says_complete(doc: Document) -> bool:
    """Whether the merged metadata says Complete (a cheap look before a full reading)."""
    return any(
        re.match(r"^\s*[-*]?\s*\**status\**\s*:\s*\**\s*complete", ln, re.IGNORECASE)
        or ("Status: Complete" in ln)
        for ln in doc.lines[:60]
    )


def _plan_status(
    doc: Document, options: Options, accepted: Callable[[Parsed], bool | None] | None = None
) -> None:
    """The Status metadata recomputed from the merged tables (Blocked is a person's word),
    and the acceptance checks' last results when the plan has them (the sixteenth pass: a
    criterion passed on one side and failed later on the other merged Complete)."""
    parsed = parse_document(doc, options=options)
    f = parsed.plan.metadata.get("status")
    if f is None:
        return
    current = normalise_plan_status(f.value)
    if current not in ("In Progress", "Complete", "Proposed"):
        return
    complete = parsed.plan.complete() and (accepted is None or accepted(parsed) is not False)
    target = "Complete" if complete else "In Progress" if current == "Complete" else current
    if target != current:
        new = target.lower() if f.value.islower() else target
        line = doc.lines[f.line]
        doc.lines[f.line] = line[: f.start] + new + line[f.end :]


def _gate_columns_added(entries: list[dict[Key, Entry]]) -> bool:
    """Whether a side's first gates run added Status and Last Run to the gates table."""
    return any(
        key[0] == "gate" and len(side[key].spots) > len(base.spots)
        for key, base in entries[0].items()
        for side in entries[1:]
        if key in side
    )


def _pad_gate_rows(doc: Document, options: Options) -> None:
    """Gate rows the other side added before the Status and Last Run columns existed get
    those cells, blank, as the runner pads every row when it adds the columns."""
    parsed = parse_document(doc, options=options)
    table = parsed.gates_table
    if table is None:
        return
    names = [c.text for c in table.header.cells]
    owned = {normalise_name(n) for n in ("status", "result", *LAST_RUN)}
    for row in table.rows:
        missing = names[len(row.cells) :]
        if not missing or not all(normalise_name(n) in owned for n in missing):
            continue
        line = doc.lines[row.line]
        body = line.rstrip()
        add = " | ".join(" " * len(n) for n in missing) + " |"
        doc.lines[row.line] = (
            (body + " " if body.endswith("|") else body + " | ") + add + line[len(body) :]
        )
