"""A plan's own acceptance checks, read from its validation and acceptance sections; pure.

Sections whose heading names (as whole words) validation, acceptance, success criteria or
concrete steps (`## Validation`, `## Acceptance`, `Validation and Acceptance`, `Concrete
Steps`, `Success Criteria / Acceptance Tests`) hold the checks, with their subsections:

- fenced or indented blocks with `$ ` or `> ` prompts: each command with the output written
  under it as a transcript (`...` for any lines); a `$ cd DIR` line sets the working folder
  of the commands after it in that block;
- bullets that are a command in a code span (`- `make check``), and checklist items carrying
  code spans (`- [ ] `sh greet.sh World` prints `Hello, World!``): the span at the start of
  the item or right after "run", "execute", "via", "with", "and", "then" is a command; a span
  after an expectation cue ("prints", "should print", "expect", "→") is output it must show.

A checklist item is proved by its own commands and by the blocks and bullets nested under it;
`plan accept` ticks it when they all pass. A line such as "From the repository root:" or
"In `web/`, run:" sets the working folder of the checks after it in the section (a
`cd dir && ...` in a command is the shell's own). Lines of the task tracker are never checks.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from typing import TYPE_CHECKING

from runner.markdown.blocks import Heading, Structure
from runner.markdown.codespans import code_span_ranges
from runner.markdown.doc import Document
from runner.markdown.patterns import later
from runner.plan.expect import (
    Check,
    Expectation,
    comment_expectation,
    parse_transcript,
    value_after,
    with_exit,
)
from runner.plan.inference import (
    CuedSpan,
    alternatives,
    cued_spans,
    is_path,
    looks_like_command,
    next_command,
    starts_item,
    taken_back,
)
from runner.plan.items import box_status
from runner.plan.model import Status, asks_a_person
from runner.plan.procedure import serves
from runner.plan.tracker import CHECK_ITEM, PHASE_HEADING, odd_box

if TYPE_CHECKING:
    from runner.plan.reading import Parsed

# Chinese headings too (issue 19, second trial, F-F): 验证 "verification", 验收 "acceptance".
_HEADING = later(
    r"\b(?:validation|verification|acceptance|success criteria|concrete steps)\b"
    r"|验证|验收|驗證|驗收|校验",
    re.I,
)
# A section that records past runs ("Validation Log", "Acceptance Results"): what happened,
# not checks to run again.
_BLANK = later(r"<[A-Za-z][\w -]*>")
_RECORD = later(
    r"\b(?:log|logs|record|records|history|journal|results|transcripts?|runs)\b|记录|日志|結果|结果",
    re.I,
)
_ITEM = later(r"^(?P<indent>\s*)(?:[-*+]|\d+[.)])\s+(?:\[(?P<box>[ xX])\]\s+)?(?P<text>.*)$")
_FENCE = later(r"^\s*(?:```|~~~)")
_ROOT = later(
    r"\b(?:repository|repo|project|workspace)(?:'s)? root\b|\broot of the (?:repo|rep)", re.I
)
_IN_DIR = later(
    r"\b(?:from|in|inside|within|under)\s+(?:the\s+)?`(?P<dir>[^`\s]+)`"
    r"(?:\s+(?:directory|folder|dir))?\s*(?::\s*$|,?\s+run\b)",
    re.I,
)
_CD = later(r"^cd\s+(?P<dir>\S+)$")
_BEFORE_COMMAND = later(r"(?:^|\b(?:run|running|execute|via|with|by|and|then)\s*:?|,)\s*$", re.I)
# "A3.", "AC-2:", "B1)", "AC1 —": a criterion's own label.
_CRITERION_LABEL = later(
    r"^(?:\*\*)?[A-Z]{1,4}-?\d{1,4}(?:[.:)]|\s*[\u2014\u2013]|\s+-)(?:\*\*)?\s+(?=\S)"
)
# "Count: `echo 4` prints `3`": a label of the criterion's own words, then its command
# (the tenth pass: no check was read). The label's words are read as a run's (a label that
# puts it off, "Someday:", keeps it a mention).
_WORD_LABEL = later(r"^(?P<label>(?:\*\*)?[^\s`:*][^`:]{0,40}?(?:\*\*)?\s*:\s*(?:\*\*)?)\s*(?=`)")
_LABEL = later(
    r"^(?:\*\*)?(?:commands?|run|verify|validation|validate|checks?|tests?|evidence)"
    r"(?:\*\*)?\s*:\s*(?:\*\*)?\s*(?=`)",
    re.I,
)
_RUNNING = later(r"^(?:run|running|execute|executing)\s+(?=`)", re.I)
# "`run_loop.py --mode analyze` populates `runs`": a span that is a sentence's subject with a
# verb that is not about the command's own result names a program in prose (issue 18).
_PREDICATE = later(
    r"^\s+(?:(?:should|must|will|can|now|also|then|correctly|successfully|still)\s+)*"
    r"(?P<verb>[A-Za-z]+)\b(?P<rest>\s+\w+)?"
)
_CHECK_VERBS = frozenset(
    [
        "pass",
        "passes",
        "succeed",
        "succeeds",
        "return",
        "returns",
        "print",
        "prints",
        "output",
        "outputs",
        "exit",
        "exits",
        "show",
        "shows",
        "display",
        "displays",
        "report",
        "reports",
        "complete",
        "completes",
        "run",
        "runs",
        "work",
        "works",
        "finish",
        "finishes",
        "list",
        "lists",
        "yield",
        "yields",
        "emit",
        "emits",
        "say",
        "says",
        "give",
        "gives",
        "fail",
        "fails",
        # what a command answers (the seventh pass: "`sh greet.sh World` responds with `x`"
        # was read as a sentence about something else and never checked)
        *("respond", "responds", "answer", "answers", "reply", "replies", "render", "renders"),
        *("log", "logs", "result", "results", "greet", "greets", "write", "writes", "echo"),
        "echoes",
        # what a passing run shows (a third trial on real plans: "`mise run build-windows`
        # proves the program still compiles for Windows" was never checked)
        *("prove", "proves", "confirm", "confirms", "verify", "verifies", "validate"),
        *("validates", "check", "checks", "demonstrate", "demonstrates", "compile", "compiles"),
    ]
)
# Words of a lead-in that introduces commands, not names.
_RUN_CUE = later(
    r"\b(?:run\w*|execut\w*|commands?|checks?|verif\w*|validat\w*|tests?|invoke|type|"
    r"terminal|shell|scripts?|steps?|root|folder|directory|dir|expect\w*|outputs?|prints?|"
    r"pass\w*|succeed\w*|green|works?|exits?|clean|fails?|gates?|tools?|programs?)\b",
    re.I,
)
_NOUN_VERB = later(
    r"^\s+(?P<noun>[a-z][\w-]*)\s+(?:(?P<modal>should|must|will|can)\s+)?(?P<verb>[a-z]+)\b"
)
# Verbs about what a command shows: "`pytest` output contains `3 passed`" is a check.
_SHOWS = frozenset(["contains", "includes", "matches", "mentions", "has", "is", "are"])
_CLEAN = frozenset(
    ["clean", "green", "passing", "successful", "happy", "ok", "empty", "silent", "quiet"]
)
_STAMP = later(r"^\s*\((\d{4}-\d\d-\d\d[ T]\d\d:\d\d(?::\d\d)?Z?)\)")


@dataclass(frozen=True)
class AcceptanceCheck:
    """One acceptance check: `id` A1, A2 ... in document order; `line` is 1-based; `cwd` is
    relative to the repository root ("" for the root); `item` the 0-based line of the
    checklist item it proves (None: it ticks nothing)."""

    id: str
    line: int
    command: str
    expect: Expectation | None = None
    cwd: str = ""
    item: int | None = None
    # Why this is a step for a person and never run (the plan expects it to start a server
    # on a localhost URL or port: it does not end); "" for a check.
    step: str = ""

    def shell_command(self) -> str:
        """The command as it runs: from its working folder when it has one."""
        return f"cd {shlex.quote(self.cwd)} && {self.command}" if self.cwd else self.command

    def describe(self) -> str:
        """`A1: `pytest -q` — output matches '3 passed' (+1 lines)`."""
        where = f" in {self.cwd}" if self.cwd else ""
        what = self.expect.describe() if self.expect else "exit 0"
        if self.step:
            what = self.step if self.step.startswith("not checked") else f"not a check: {self.step}"
        return f"{self.id}: `{self.command}`{where} — {what}"


def signature(check: AcceptanceCheck) -> str:
    """What identifies a check across runs: its folder, command and expected output."""
    expect = (check.expect.kind, *check.expect.lines) if check.expect else ()
    return "\x1f".join((check.cwd, check.command, *expect))


def accepted(checks: list[AcceptanceCheck], last: dict[str, str]) -> bool:
    """Did every check pass at its last run (`last`: signature -> result word)? A step (a
    server the plan shows starting) is no check: it is never run, so never waited for."""
    return all(last.get(signature(c)) == "passed" for c in checks if not c.step)


def box_open(doc: Document, item: int) -> bool:
    """Is the criterion at 0-based line `item` a checklist box not done (`- [ ] ...`, and a
    box in progress or one nobody defines: `[/]`, `[?]`)?"""
    if not 0 <= item < len(doc.lines):
        return False
    box = criterion_box(doc.lines[item])
    return box is not None and box.meaning in (" ", "?")


@dataclass(frozen=True)
class Box:
    """A criterion's box as the Progress checklist reads it: `raw` as written (`[/]`),
    `meaning` " " (open, or in progress), "x" (done), "-" (skipped) or "?" (a mark nobody
    defines: P106, never Complete); `start`/`end` the span of the mark inside the line."""

    raw: str
    meaning: str
    status: Status | None
    start: int
    end: int
    text: str


_MEANING = {
    Status.OUTSTANDING: " ",
    Status.IN_PROGRESS: " ",
    Status.PASSED: "x",
    Status.SKIPPED: "-",
}


def criterion_box(line: str, odd: bool = False) -> Box | None:
    """The checklist box of a criterion's line, read as a `## Progress` item's is (issue 19
    case 10: `[?]`, `[/]`, `[>]`, `[!]`, `[~]`, `[✓]` in an acceptance section were dropped,
    and the plan turned Complete); None for a line that is no checklist item. `odd`: the
    list has ordinary boxes, so a short mark (`[y]`, `[N/A]`) is a box too."""
    if "[" not in line:
        return None
    m = CHECK_ITEM.match(line)
    if m is None:
        return None
    box = m.group("box")
    if odd_box(box) and not odd:
        return None
    status = box_status(box, m.group("text"), glued=not m.group("after"))
    raw = f"[{box}]"
    if m.group("more"):
        status = None  # `[ ][x]`: which box counts is not said
        raw += m.group("more").strip()
    meaning = _MEANING.get(status, "?") if status is not None else "?"
    if box in (" ", "x", "X") and meaning == "-":
        # An ordinary box whose words say skipped (`[ ] ~~old~~`) is read by its words as it
        # always was: no criterion is dropped for them here.
        meaning = "x" if box != " " else " "
    return Box(raw, meaning, status, m.start("box"), m.end("box"), m.group("text"))


def open_criteria(parsed: Parsed) -> list[tuple[int, Box]]:
    """The criteria of the acceptance sections whose box is in progress (`[/]`, `[~]`,
    `[>]`) or a mark nobody defines (`[?]`, `[!]`): 0-based line and box. While one stands the
    plan is not Complete, as a `## Progress` item's would keep it."""
    doc, st = parsed.doc, parsed.structure
    tasks = {t.line - 1 for t in parsed.plan.tasks}
    out: list[tuple[int, Box]] = []
    for h in headings(st):
        end = st.section_end(h)
        odd = _has_plain_box(doc, st, h.line + 1, end)
        for i in range(h.line + 1, end):
            if st.excluded[i] or i in tasks:
                continue
            box = criterion_box(doc.lines[i], odd)
            if box is None:
                continue
            if box.meaning == "?" or box.status is Status.IN_PROGRESS:
                out.append((i, box))
    return out


def _has_plain_box(doc: Document, st: Structure, start: int, end: int) -> bool:
    for i in range(start, end):
        if st.excluded[i] or "[" not in doc.lines[i]:
            continue
        m = CHECK_ITEM.match(doc.lines[i])
        if m is not None and not odd_box(m.group("box")):
            return True
    return False


def progress(checks: list[AcceptanceCheck], last: dict[str, str]) -> dict[str, int]:
    """How many checks passed, failed or were never run (as they are written now)."""
    counts = {"checks": len(checks), "passed": 0, "failed": 0, "not_run": 0}
    for c in checks:
        word = last.get(signature(c), "not_run")
        counts[word if word in counts else "not_run"] += 1
    return counts


def headings(st: Structure) -> list[Heading]:
    """The acceptance sections' headings (a subsection of one is part of it): the plan's own
    criteria sections, never a phase of its work nor a section inside one ("7.5 Final
    Validation and Release", "Phase 3.7: Validation", `### Validation` under `## Phase 7`)."""
    found: list[Heading] = []
    phases: list[Heading] = []
    for h in st.headings:
        if h.level == 1:
            continue  # the plan's title ("Widget Validation Plan") names the whole document
        if PHASE_HEADING.match(h.text):
            phases.append(h)
            continue
        if not _HEADING.search(h.text) or _RECORD.search(h.text):
            continue
        if any(p.line < h.line < st.section_end(p) for p in phases):
            continue
        if not any(f.line < h.line < st.section_end(f) for f in found):
            found.append(h)
    return found


def acceptance_checks(parsed: Parsed) -> list[AcceptanceCheck]:
    """Every acceptance check of a parsed plan, in document order."""
    doc, st = parsed.doc, parsed.structure
    skip = {t.line - 1 for t in parsed.plan.tasks}
    for h in st.headings:  # "### Validation Log" inside a criteria section: a record
        if _RECORD.search(h.text):
            skip |= set(range(h.line, st.section_end(h)))
    found: list[tuple[int, Check, str, int | None]] = []
    steps: dict[int, str] = {}
    for h in headings(st):
        walk = _section(doc, st, h.line + 1, st.section_end(h), skip)
        steps |= {len(found) + k: why for k, why in walk.steps.items()}
        # A criterion that gives a person a step besides its command ("`true` then the PM
        # confirms the copy"): not run; met when its box is ticked (the fourteenth pass
        # ticked it on the command's exit code).
        person = {line for line, text in walk.boxes if asks_a_person(text)}
        for k, (_, _, _, item) in enumerate(walk.found):
            if item in walk.unknown:
                # `- [?] \`false\` works`: the box says neither open nor done (P106); its
                # checks are not run until the box is fixed, and the plan is not Complete.
                steps[len(found) + k] = (
                    f"not checked: unknown checkbox '{walk.unknown[item]}' (no runner meaning;"
                    " P106): fix the box"
                )
            elif item in person and len(found) + k not in steps:
                steps[len(found) + k] = "a person's step beside the command: tick its box when done"
        found += walk.found
        proved = {item for _, _, _, item in walk.found}
        for line, text in walk.boxes:
            spans = () if line in proved else _unread(text)
            if spans:
                # A criterion with a command in it and no check read from its words: said
                # "not checked" in every output, never dropped; its box is left.
                steps[len(found)] = (
                    f"not checked: no check of `{spans[0]}` is read from its words (a"
                    " mention, or a sentence about the program)"
                )
                found.append((line, Check(spans[0]), "", line))
    order = sorted(range(len(found)), key=lambda k: found[k][0])
    steps = {order.index(k): why for k, why in steps.items()}
    found = [found[k] for k in order]
    names = _names(doc, [(line, item) for line, _, _, item in found])
    return [
        AcceptanceCheck(
            names[n - 1], line + 1, c.command, c.expect, cwd, item, steps.get(n - 1, "")
        )
        for n, (line, c, cwd, item) in enumerate(found, start=1)
    ]


def _unread(text: str) -> tuple[str, ...]:
    """The command a criterion reads as carrying: a command-like span at the start of its
    text (its label and a `Run:` aside) or right after "run"/"execute"; () for none."""
    from runner.plan.declared import mentioned

    body = _CRITERION_LABEL.sub("", text.strip(), count=1)
    bare = _LABEL.sub("", body, count=1)
    body = _RUNNING.sub("", body, count=1) if bare == body else bare
    prev = 0
    for a, b in code_span_ranges(body):
        if a == 0 or _RUN_BEFORE.search(body[prev:a]):
            return mentioned(body[a:b])
        prev = b
    return ()


_RUN_BEFORE = later(r"(?<![\w-])(?:run|running|execute|executing)\s*:?\s*$", re.I)


def _label(line: str) -> str:
    """The criterion label a list item opens with ("- [ ] A12. …" -> "A12"), "" for none."""
    m = _ITEM.match(line)
    label = _CRITERION_LABEL.match(m.group("text").strip()) if m is not None else None
    if label is None:
        return ""
    return label.group(0).strip().strip("*").rstrip(".:)*\u2014\u2013- ")


def _names(doc: Document, where: list[tuple[int, int | None]]) -> list[str]:
    """Each check's name: the label of the criterion it proves ("A12" is the item labelled
    A12, wherever it stands), a second check of one item "A12.2"; a check with no label is
    A1, A2 ... by its place, unless a label took that name ("A3-L40": the one at line 40)."""
    labels = [_label(doc.lines[item if item is not None else line]) for line, item in where]
    taken = {x.lower() for x in labels if x}
    used: set[str] = set()
    out: list[str] = []
    for n, ((line, _), label) in enumerate(zip(where, labels, strict=True), start=1):
        name = label or f"A{n}"
        if not label and name.lower() in taken:
            name = f"A{n}-L{line + 1}"
        base, k = name, 2
        while name.lower() in used:
            name, k = f"{base}.{k}", k + 1
        used.add(name.lower())
        out.append(name)
    return out


# "Expected result: the server starts on `https://localhost:62023`", "... listens on port
# 8080", "the app is running at http://127.0.0.1:3000": the command is a server (item 2).
_SERVER_SAID = later(
    r"\b(?:starts?|started|starting|listens?|listening|runs?|running|serves?|serving|is\s+up|"
    r"comes?\s+up|available|reachable|launch(?:es|ed)?|boots?)\b[^.;]*?"
    r"(?:\b(?:https?://)?(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1?\])(?::\d+)?|\bport\s+`?\d{2,5})",
    re.I,
)


class _Walk:
    """The state of one section's walk: the working folder and the open checklist item."""

    def __init__(self) -> None:
        self.cwd = ""
        self.item: tuple[int, int] | None = None  # line, indent of the open checklist item
        self.found: list[tuple[int, Check, str, int | None]] = []
        self.group: list[int] = []  # the checks the last line added (indexes in `found`)
        self.awaits_block = False  # an output label with nothing after it: the block is output
        # A lead-in that introduces names ("`runs` should include:", "The contract must
        # carry:"): its indent, and whether it is a list item itself.
        self.listing: tuple[int, bool] | None = None
        self.steps: dict[int, str] = {}  # index in `found` -> why it is a step, not a check
        self.boxes: list[tuple[int, str]] = []  # each checklist item: its line and text
        self.unknown: dict[int, str] = {}  # an item whose box nobody defines: line -> `[?]`

    def names(self, indent: int) -> bool:
        """Is a list item at `indent` an entry of a list of names?"""
        if self.listing is None:
            return False
        at, item = self.listing
        return indent > at or (not item and indent >= at)

    def lead_in(self, text: str, indent: int, item: bool, added: int) -> None:
        """After a line: a lead-in to a list of names when it ends with a colon and says
        nothing of running."""
        plain = re.sub(r"`[^`]*`", "", text).strip()
        if not added and plain.endswith(":") and not _RUN_CUE.search(plain):
            self.listing = (indent, item)
        elif not item or not self.names(indent):
            self.listing = None

    def expect(self, k: int, expect: Expectation) -> None:
        line, check, cwd, item = self.found[k]
        self.found[k] = (line, Check(check.command, expect), cwd, item)

    def follow(self, text: str, added: int) -> None:
        """After a line that added `added` checks: "Result: `3`", "Returns: `3`", "Should see
        `3`." right under a command states its output (issue 19); anything else ends the
        group. A label with nothing after it ("Prints:") waits for the block under it."""
        from runner.plan.declared import EXPECTED, with_description

        if added:
            self.group = list(range(len(self.found) - added, len(self.found)))
            self.awaits_block = False
            return
        if not self.group:
            return
        label = EXPECTED.match(text)
        if label is not None:
            rest = label.group("rest")
            # "Result: `3`": the spans right after the label; "Expected result: the server
            # starts on `host`" is prose about something else, never output to compare.
            spans = _spans_of(rest) if rest.lstrip().startswith("`") else []
            fragments = tuple(c for c in (x.strip() for x in spans) if c)
            if not fragments and (where := _SERVER_SAID.search(rest)) is not None:
                place = where.group(0).replace("`", "")
                self.steps[self.group[-1]] = (
                    f"the plan expects it to start a server ({place}): it does not end,"
                    " so it is a step for a person"
                )
            elif fragments and any(_BLANK.search(f) for f in fragments):
                # `KEY=<some-non-placeholder-value>`: a blank for the reader, never literal
                # output (the second trial's F-M could never pass): not checked, and said.
                blank = Expectation((fragments[0],), transcript=False, kind="unchecked")
                self.expect(self.group[-1], blank)
            elif fragments:
                self.expect(self.group[-1], Expectation(fragments, transcript=False))
            elif not rest.strip():
                self.awaits_block = True
                self.group = self.group[-1:]
                return
            elif self.found[self.group[-1]][1].expect is None:
                # "- Expected: 3", "Expected result: all tests pass.": words, read as a
                # Progress item's `Expected:` line is (an Expected cell: a threshold, a
                # value; other words "not checked"), never dropped (attack16a F13: the
                # criterion passed on exit 0 and was ticked).
                told = _expected_prose(rest)
                if told is not None:
                    self.expect(self.group[-1], told)
            self.group = []
            return
        if "`" in text:
            checks = [self.found[k][1] for k in self.group]
            said = with_description(
                tuple(c.command for c in checks), tuple(c.expect for c in checks), text
            )
            fresh = [
                (k, e)
                for k, c, e in zip(self.group, checks, said, strict=False)
                if e and not c.expect
            ]
            for k, e in fresh:
                self.expect(k, e)
        self.group = []

    def block(self, lines: list[str]) -> bool:
        """The block under an output label: the output its command must show."""
        if not (self.awaits_block and self.group):
            return False
        shown = tuple(ln.strip() for ln in lines if ln.strip())
        if shown:
            self.expect(self.group[-1], Expectation(shown))
        self.awaits_block = False
        self.group = []
        return True

    def owner(self, indent: int) -> int | None:
        """The checklist item something at `indent` is nested under."""
        if self.item is not None and indent > self.item[1]:
            return self.item[0]
        return None

    def add(self, line: int, checks: list[Check], item: int | None, cwd: str | None = None) -> None:
        for c in checks:
            self.found.append((line, c, self.cwd if cwd is None else cwd, item))


def _expected_prose(rest: str) -> Expectation | None:
    """What an `Expected result:` line's words say a command must show. With a code span
    inside the sentence ("the build is clean on `main`") it is prose about something else:
    shown "not checked" (a tests-pass clause there is still "all tests pass")."""
    from runner.plan.declared import TESTS_PASS, expected_words

    if "`" not in rest:
        told = expected_words(rest)
        words = rest.strip().rstrip(".").strip()
        if told is not None and not told.kind and told.lines != (words,):
            # "Counts unchanged; one success row per source": a value cut out of a sentence
            # is no output to find; the sentence is shown "not checked".
            return Expectation((rest.strip(),), transcript=False, kind="unchecked")
        return told
    plain = re.sub(r"`[^`]*`", "x", rest).strip()
    if TESTS_PASS.search(plain):
        return Expectation(("all tests pass",), transcript=False, kind="threshold")
    return Expectation((rest.strip(),), transcript=False, kind="unchecked")


def _spans_of(text: str) -> list[str]:
    from runner.markdown.codespans import code_spans
    from runner.plan.inference import unescape_cell

    return [unescape_cell(c) for c in code_spans(text)]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


# A bullet that is one bare word in a code span (`` - `deposit` ``).
_LONE_WORD = later(r"^`(?P<word>[^`\s]+)`[.,;]?$")


def _name_lists(doc: Document, st: Structure, start: int, end: int) -> set[int]:
    """The lines of bullets that are one bare word in a code span in a list where a sibling
    is prose or a name (`` - `deposit` `` beside `` - `createPolicy` `` or "- internal
    checks"): function and field names, not commands (issue 19, item 4). A list made only of
    command bullets (`` - `make` ``, `` - `pytest` ``) keeps them."""
    groups: list[list[int]] = []
    open_: dict[int, list[int]] = {}
    for i in range(start, end):
        line = doc.lines[i]
        if st.excluded[i] or not line.strip():
            continue
        ind = _indent(line)
        m = _ITEM.match(line)
        for d in [d for d in open_ if d > ind or (d == ind and m is None)]:
            groups.append(open_.pop(d))
        if m is not None and m.group("box") is None:
            open_.setdefault(ind, []).append(i)
    groups += open_.values()
    names: set[int] = set()
    for g in groups:
        texts = {i: m.group("text").strip() for i in g if (m := _ITEM.match(doc.lines[i]))}
        lone = {i: w.group("word") for i, t in texts.items() if (w := _LONE_WORD.match(t))}
        if not lone:
            continue
        others = [t for i, t in texts.items() if i not in lone]
        named = any(not looks_like_command(w) for w in lone.values())
        if named or any(not text_checks(t, require_start=True) for t in others):
            names |= set(lone)
    return names


def _section(doc: Document, st: Structure, start: int, end: int, skip: set[int]) -> _Walk:
    walk = _Walk()
    names = _name_lists(doc, st, start, end)
    odd = _has_plain_box(doc, st, start, end)
    i = start
    while i < end:
        line = doc.lines[i]
        if i in skip:
            i += 1
            continue
        if st.excluded[i]:
            j = i
            while j < end and st.excluded[j]:
                j += 1
            if not line.lstrip().startswith("<"):
                inside = [ln for ln in doc.lines[i:j] if not _FENCE.match(ln)]
                if not walk.block(inside):
                    before = len(walk.found)
                    _block(doc, i, j, walk)
                    walk.group = list(range(before, len(walk.found)))
            i = j
            continue
        if not line.strip() or i in skip:
            i += 1
            continue
        if line.lstrip().startswith("|"):
            i = _table(doc, st, i, end, walk)
            continue
        j = i + 1
        m = _ITEM.match(line)
        if m is None:
            if walk.item is not None and _indent(line) <= walk.item[1]:
                walk.item = None
            _working_folder(line, walk)
            prose = text_checks(line, require_start=True, labelled=True)
            if walk.group and not prose:
                _said_after(_paragraph(doc, st, i, end), walk)
            walk.add(i, prose, walk.owner(_indent(line)))
            walk.follow(line.strip(), len(prose))
            walk.lead_in(line, _indent(line), False, len(prose))
            i = j
            continue
        box = m.group("box")
        text = m.group("text")
        crit = criterion_box(line, odd)
        if crit is not None and (crit.meaning == "?" or (box is None and crit.meaning != "-")):
            # `[/]`, `[✓]`, `[?]`: a criterion as a Progress item's box reads it, never a
            # line dropped (issue 19 case 10); a mark nobody defines is not checked.
            box, text = crit.meaning, crit.text
            if crit.meaning == "?":
                walk.unknown[i] = crit.raw
        # The item's text goes on over its indented continuation lines.
        while j < end and not st.excluded[j] and doc.lines[j].strip():
            nxt = doc.lines[j]
            if _ITEM.match(nxt) or _indent(nxt) <= _indent(line):
                break
            text += " " + nxt.strip()
            j += 1
        indent = _indent(line)
        if box is not None:
            walk.item = (i, indent)
            walk.boxes.append((i, text))
            item: int | None = i
        else:
            item = walk.owner(indent)
            if item is None:
                walk.item = None
        _working_folder(text, walk)
        checks = text_checks(text, require_start=box is None)
        if walk.names(indent) or i in names:
            checks = [c for c in checks if c.expect is not None or len(c.command.split()) > 1]
        walk.add(i, checks, item)
        walk.follow(text, len(checks))
        walk.lead_in(text, indent, True, len(checks))
        i = j
    return walk


_CHECK_COLUMN = later(r"^(?:verification|validation|verify|check|command|how to verify)s?$", re.I)


def _table(doc: Document, st: Structure, start: int, end: int, walk: _Walk) -> int:
    """A criteria table: the commands of its Verification (or Validation, Check, Command)
    column, each a check at its row (issue 18), with what the row says they must show: the
    words after a command in its cell (`` `echo 4` prints `3` ``), and an Expected (Expected
    result, Pass condition, Should ..., or a Verification beside the command column) cell,
    which states what the row's last command must show (issue 19 case 8: it was ignored and
    the criterion passed on exit 0). Returns the line after the table."""
    from runner.markdown.tables import split_row
    from runner.plan.declared import expected_cell, validation_checks
    from runner.plan.inference import declared_commands
    from runner.plan.verdicts import EXPECTED_HEADER

    j = start
    while j < end and doc.lines[j].lstrip().startswith("|") and not st.excluded[j]:
        j += 1
    rows = doc.lines[start:j]
    if len(rows) < 3 or not _DELIMITER.match(rows[1]):
        return j
    header = [c.text.strip().strip("*").strip() for c in split_row(rows[0], start).cells]
    columns = [k for k, name in enumerate(header) if _CHECK_COLUMN.match(name)]
    if not columns:
        return j
    said = [k for k, name in enumerate(header) if EXPECTED_HEADER.match(name)]
    for k, row in enumerate(rows[2:], start=start + 2):
        cells = split_row(row, k).cells
        checks: list[Check] = []
        used = None
        for column in columns:
            if column >= len(cells):
                continue
            text = cells[column].text
            commands = [c for c in declared_commands(text) if looks_like_command(c)]
            if not commands:
                continue
            found, expects = validation_checks(text)
            told = dict(zip(found, expects, strict=False))
            checks = [Check(c, told.get(c)) for c in commands]
            used = column
            break
        if checks:
            where = next(
                (c for c in said if c != used and c < len(cells) and cells[c].text.strip()), None
            )
            last = checks[-1]
            if where is not None and (last.expect is None or last.expect.kind == "unchecked"):
                expect = expected_cell(cells[where].text)
                if expect is not None:
                    checks[-1] = Check(last.command, expect)
        walk.add(k, checks, None)
    return j


_DELIMITER = later(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")


# "The unit test output must include `a` and `b`, and vet must be silent": prose right after
# commands that says what they must show (realfix item 3).
_OUTPUT_SAID = later(
    r"\b(?:must|should|will|is\s+expected\s+to|are\s+expected\s+to)\s+(?:\w+\s+)?"
    r"(?P<verb>include|contain|show|print|list|report|mention|be\s+(?:silent|empty|clean)|exit|"
    r"pass|fail|succeed|return)\b",
    re.I,
)


def _paragraph(doc: Document, st: Structure, start: int, end: int) -> str:
    """The prose paragraph that starts at `start`, its lines joined."""
    out: list[str] = []
    for k in range(start, end):
        line = doc.lines[k]
        if st.excluded[k] or not line.strip() or _ITEM.match(line):
            break
        out.append(line.strip())
    return " ".join(out)


def _said_after(text: str, walk: _Walk) -> None:
    """What a paragraph right after some commands says they must show: the spans it names
    when it speaks of one command, else its words, shown "not checked" beside each result
    (never a silent pass on exit 0)."""
    masked = re.sub(r"`[^`]*`", "``", text)
    m = _OUTPUT_SAID.search(masked)
    if m is None or "``" in masked[: m.start()]:
        return  # "`runs` should include:": about the thing it names, not the output
    free = [k for k in walk.group if walk.found[k][1].expect is None]
    if not free:
        return
    spans = [c.strip() for c in _spans_of(text) if c.strip()]
    contains = m.group("verb").lower() in ("include", "contain", "show", "print", "list")
    if len(free) == 1 and contains and spans and not re.search(r"\band\b[^`]*\bmust\b", text):
        walk.expect(free[0], Expectation(tuple(spans), transcript=False))
        return
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0].rstrip(".")
    for k in free:
        walk.expect(k, Expectation((sentence,), transcript=False, kind="unchecked"))


def _working_folder(text: str, walk: _Walk) -> None:
    if _ROOT.search(text):
        walk.cwd = ""
        return
    m = _IN_DIR.search(text) or _ALL_FROM.search(text)
    if m and not re.search(r"\.[A-Za-z]\w{0,9}$", m.group("dir")):
        # "Run from `/Users/me/x`:" names the author's own clone, not a folder of this
        # one: the commands run from the repository root (realfix item 5).
        walk.cwd = "" if _ELSEWHERE.match(m.group("dir")) else m.group("dir").rstrip("/")


# "Run all commands from `web`.", "Run every command below from `tools/x`."
_ALL_FROM = later(
    r"\b(?:run|execute)\s+(?:all|every|each|the|these)?\s*(?:of\s+the\s+)?"
    r"(?:commands?|checks?|steps?)?\s*(?:below|here|in this (?:section|plan))?\s*"
    r"from\s+`(?P<dir>[^`\s]+)`",
    re.I,
)
# A folder of someone's machine: absolute, in a home folder, or on a drive.
_ELSEWHERE = later(r"^(?:/|~|\$HOME\b|[A-Za-z]:[\\/])")


def _block(doc: Document, start: int, end: int, walk: _Walk) -> None:
    """A code block: its transcript's commands, each at the line of its prompt; a shell block
    without prompts (```bash), one command a line unless it holds a step only."""
    from runner.plan.actions import block_commands
    from runner.plan.declared import SESSION, SHELL_FENCE
    from runner.plan.inference import block_refused, line_refused
    from runner.plan.procedure import procedure

    if block_refused(doc.lines, start):
        return  # the prose before it, its <summary> or its opening comment refuse it
    lines = [ln for ln in doc.lines[start:end] if not _FENCE.match(ln) and not line_refused(ln)]
    session = next((k for k in range(start, end) if SESSION.match(doc.lines[k])), None)
    if session is not None:
        # `>>> f()` then `3`: an interpreter's session, no shell transcript. Never run as
        # shell, and said "not checked" in every output rather than dropped.
        walk.steps[len(walk.found)] = (
            "not checked: an interpreter session (`>>>`) is no shell transcript; check it by hand"
        )
        item = walk.owner(_indent(doc.lines[session])) if walk.item is not None else None
        walk.add(session, [Check(doc.lines[session].strip())], item)
        return
    checks = parse_transcript(lines)
    fence = SHELL_FENCE.match(doc.lines[start])
    shell = fence is not None and fence.group("lang") != "console"
    if not checks and (shell or (not _FENCE.match(doc.lines[start]) and _run_label(doc, start))):
        item = walk.owner(_indent(doc.lines[start])) if walk.item is not None else None
        commands = block_commands(lines)
        if procedure(commands) is None:
            at = start + 1
            for command in commands:
                # Each command at its own line (a trial found 39 checks all at the fence's).
                word = command.split(" ", 1)[0]
                at = next((k for k in range(at, end) if doc.lines[k].strip().startswith(word)), at)
                walk.add(at, [Check(command, comment_expectation(command))], item)
                at += 1
        return
    if not checks or procedure([c.command for c in checks], cd=False) is not None:
        return
    first = next((ln for ln in doc.lines[start:end] if ln.strip() and not _FENCE.match(ln)), "")
    item = walk.owner(_indent(first)) if walk.item is not None else None
    if item is None:
        walk.item = None if walk.item and _indent(first) <= walk.item[1] else walk.item
    cwd = walk.cwd
    at = start
    for c in checks:
        head = c.command.splitlines()[0]
        at = next(
            (
                k
                for k in range(at, end)
                if head in doc.lines[k] and doc.lines[k].lstrip()[:1] in "$>"
            ),
            at,
        )
        cd = _CD.match(c.command)
        if cd:
            cwd = _join(cwd, cd.group("dir"))
            continue
        walk.add(at, [c], item, cwd)


def _run_label(doc: Document, start: int) -> bool:
    """Whether the line before an indented block (blank lines between) is a bare run label
    ("Run:", "Commands:", "**Verify:**"): its lines are commands, one a line, as a shell
    block's are (the tenth pass: they were never found)."""
    from runner.plan.declared import LABEL

    k = start - 1
    while k >= 0 and not doc.lines[k].strip():
        k -= 1
    m = LABEL.match(doc.lines[k]) if k >= 0 else None
    return m is not None and not m.group("rest").strip()


def _join(cwd: str, target: str) -> str:
    target = target.strip("'\"").rstrip("/")
    if target in ("", "."):
        return cwd
    return f"{cwd}/{target}" if cwd and not target.startswith("/") else target


def _with_loose(source: str, spans: tuple[CuedSpan, ...]) -> tuple[CuedSpan, ...]:
    """`spans` and the output a cue names with words between (`is expected to print `3``,
    `prints a single `x``), read as a Validation cell reads them (the sixteenth pass: an
    acceptance item with these passed and was ticked on exit 0)."""
    from runner.plan.declared import loosely_cued

    loose = loosely_cued(source)
    have = {s.start for s in spans}
    extra = [
        CuedSpan(content, a, True, end=b)
        for a, b in code_span_ranges(source)
        if a in loose and a not in have and (content := loose[a])
    ]
    return tuple(sorted((*spans, *extra), key=lambda s: s.start)) if extra else spans


def text_checks(text: str, *, require_start: bool = False, labelled: bool = False) -> list[Check]:
    """The commands (and expected output) a bullet or checklist item's text carries.

    A command is a code span at the start of the text (after a label such as `Command:`,
    `Verify:` or a leading "Run"/"Running"), or right after a command cue; with
    `require_start` (a plain bullet, a line of prose) only the span at the start opens the
    checks, and with `labelled` (prose) only after a label or "Run"/"Running".
    """
    # A criterion's own label ("A3.", "AC-2:", "B1)") is no word of its sentence.
    body = _CRITERION_LABEL.sub("", text.strip(), count=1)
    bare = _LABEL.sub("", body, count=1)
    # After a label (`Command:`, `Verify:`) the line is a declared place: every span that
    # reads as a command runs (issue 19, F7a), read as a Validation cell's are.
    declared = bare != body
    if bare == body:
        bare = _RUNNING.sub("", body, count=1)
    if labelled and bare == body:
        return []
    body = bare
    if require_start and not body.startswith("`"):
        return []
    if body.startswith("`") and _is_subject(body):
        return []
    from runner.plan.declared import with_threshold

    source = "Run " + body if body.startswith("`") else body
    word_label = _WORD_LABEL.match(body) if not require_start else None
    if word_label is not None:
        rest = body[word_label.end() :]
        if _is_subject(rest):
            return []
        source = f"{word_label.group('label')} Run {rest}"
    # "Coverage >= 90%: `cmd`", "Coverage must be at least 90% — run `cmd`": a threshold
    # stated before the item's first command is what that command must meet (issue 19 case
    # 9: the first shape was no check at all, the second passed on exit 0).
    lead = _lead_threshold(source)
    if lead is not None:
        source = "Run " + source[source.find("`") :]
    out: list[tuple[str, list[str]]] = []
    said: dict[int, Expectation] = {}
    last: tuple[str, list[str]] | None = None
    last_end = 0
    spans = _with_loose(source, cued_spans(source))
    prev_end: int | None = None
    for span in spans:
        before, prev_end = prev_end, (span.end if span.end >= 0 else prev_end)
        own = declared and before is not None and starts_item(source, before, span.start, span.end)
        if span.expected and not own:
            # Output it must show is written in the command's own sentence.
            gap = re.sub(r"`[^`]*`", "", source[last_end : span.start])
            if last is not None and not re.search(r"[.!?](?:\s|$)", gap):
                last[1].append(span.text)
            continue
        joins = (
            declared and out and before is not None and next_command(source[before : span.start])
        )
        if (
            not (_BEFORE_COMMAND.search(source[: span.start]) or joins or own)
            or span.text.startswith("-")
            or is_path(span.text)
            or not looks_like_command(span.text)
            or (span.end >= 0 and taken_back(source[span.end :], span.text))
            or alternatives(source, span.start, span.end)
        ):
            last = None
            continue
        last = (span.text, [])
        last_end = span.start
        out.append(last)
        nxt = source.find("`", span.end) if span.end >= 0 else -1
        cued = any(s.expected and s.start == nxt for s in spans)
        # Words after it, read as a Validation cell's are: a threshold (`coverage >= 90%`)
        # is checked as a gate checks it (issue 19 case 9: it passed on exit 0 alone).
        if span.end >= 0 and (plain := with_threshold(source[span.end :], cued)) is not None:
            said[len(out) - 1] = plain
        elif lead is not None and len(out) == 1:
            said[0] = lead
    checks = [
        Check(
            c,
            with_exit(said[k], tuple(e))
            if e and said.get(k, _NONE).kind == "exit" and said[k].lines[0] != "0"
            else Expectation(tuple(e), transcript=False)
            if e and said.get(k, _NONE).kind not in _HOW_KINDS
            else said.get(k),
        )
        for k, (c, e) in enumerate(out)
        if not _mapping(c, e) and serves(c) is None  # a server never ends: a step
    ]
    return _labelled_output(source, checks)


_LEAD_END = later(
    r"(?:\s*(?:[:(\u2014\u2013,]|\s-+|\b(?:run|running|execute|via|with|using|by|from|when|"
    r"check(?:ed)?|measured|verified|as\s+shown))\s*)+$",
    re.IGNORECASE,
)


def _lead_threshold(source: str) -> Expectation | None:
    """The threshold the words before an item's first code span state (`Coverage >= 90%:`),
    None when they state none the gates' code reads."""
    from runner.plan.thresholds import Threshold, after_command

    at = source.find("`")
    if at <= 0:
        return None
    words = _LEAD_END.sub("", source[:at]).strip()
    if not words or not re.search(r"\d", words):
        return None
    found = after_command(words)
    if isinstance(found, Threshold):
        return Expectation((found.text,), transcript=False, kind="threshold")
    return None


# Values whose words decide how they are compared: they stand over a cue's plain fragment.
_HOW_KINDS = ("exact", "starts", "ends", "absent")
_NONE = Expectation(())


def _labelled_output(source: str, checks: list[Check]) -> list[Check]:
    """ "Run: `echo 4`. Returns: `3`", "… — stdout: `3`": an output label later in the same
    item, after a sentence's end, states what the last command must print (the sixth pass
    found these ticked on exit 0)."""
    from runner.plan.declared import EXPECTED

    if not checks or checks[-1].expect is not None or ":" not in source:
        return checks
    for m in _CLAUSE_LABEL.finditer(source):
        e = EXPECTED.match(m.group("clause"))
        if e is None or not e.group("rest").lstrip().startswith("`"):
            continue
        spans = [x.strip() for x in _spans_of(e.group("rest")) if x.strip()]
        if spans:
            last = checks[-1]
            checks[-1] = Check(last.command, Expectation(tuple(spans), transcript=False))
        break
    return checks


# A clause after a sentence's end or a dash: where an output label may start.
_CLAUSE_LABEL = later(r"(?:[.!?;]\s+|\s[—–-]\s+)(?P<clause>[^.!?;—–`]{1,40}:\s*`[^`]+`)")


def _mapping(command: str, expected: list[str]) -> bool:
    """ "`index` -> `index.md`": a lone word mapped to a file name is a table of names, not a
    command and its output."""
    return (
        bool(expected)
        and " " not in command.strip()
        and all(is_path(e) or "<" in e for e in expected)
    )


def _is_subject(body: str) -> bool:
    """Is the span opening `body` the subject of a sentence about something else?"""
    close = body.find("`", 1)
    if close < 0:
        return False
    if value_after(body[close + 1 :]) is not None:
        return False  # "`x` tells you `3`": what the command shows, a check of it
    m = _PREDICATE.match(body[close + 1 :])
    if m is None:
        return False
    verb = m.group("verb").lower()
    if verb in _CHECK_VERBS:
        return False
    # "`fogclaw` plugin appears": a noun after the span, then the sentence's verb.
    noun = _NOUN_VERB.match(body[close + 1 :])
    if noun is not None and noun.group("noun") == verb and not _third_person(verb):
        after = noun.group("verb")
        if after not in _CHECK_VERBS and after not in _SHOWS:
            return _third_person(after) or (noun.group("modal") is not None)
    if verb in ("is", "are"):
        rest = (m.group("rest") or "").strip().lower()
        return rest not in _CLEAN
    # A verb in the third person, or after a modal ("should populate"): a claim about the
    # world the command changes, not a check of its own result.
    modal = m.group(0).split()[0].lower() in ("should", "must", "will", "can")
    return modal or _third_person(verb)


def _third_person(verb: str) -> bool:
    return verb.endswith("s") and not verb.endswith("ss") and len(verb) > 3


@dataclass(frozen=True)
class Tick:
    """A checklist item to tick (`box` "x") or untick (" "): its 0-based line and its text
    when it was read, so it is found again if lines moved."""

    line: int
    text: str
    box: str
    stamp: str = ""


def ticks(parsed: Parsed, outcomes: dict[int, bool], stamp: str) -> list[Tick]:
    """The ticks for items proved (True) or disproved (False). A stamp is added to a ticked
    item only when the ticked items of the acceptance sections carry one; an item's own stamp
    is never changed."""
    doc, st = parsed.doc, parsed.structure
    tasks = frozenset(t.line - 1 for t in parsed.plan.tasks)
    lines = [i for h in headings(st) for i in range(h.line + 1, st.section_end(h))]
    found = next(
        (
            s.group(1)
            for i in lines
            if not st.excluded[i]
            and (m := _ITEM.match(doc.lines[i]))
            and m.group("box") in ("x", "X")
            and (s := _STAMP.match(doc.lines[i][m.end("box") + 1 :]))
        ),
        None,
    )
    # The plan's own shape: `2025-10-17 18:00Z` or `2025-10-17T18:00Z`.
    stamp = "" if found is None else stamp if "T" in found else stamp.replace("T", " ")
    if found is not None and found.count(":") == 1 and stamp.count(":") == 2:
        stamp = stamp[: stamp.rindex(":")] + "Z"  # stamped to the minute, as the plan does
    out: list[Tick] = []
    for i, ok in sorted(outcomes.items()):
        if i in tasks:
            continue  # accept never changes a task: its status is the runner's to record
        box = criterion_box(doc.lines[i], odd=True)
        if box is None:
            continue
        # An item in progress (`[/]`) its checks proved is done; a `[✓]` they disproved is
        # open again, as `[x]` is.
        if ok and box.meaning == " ":
            out.append(Tick(i, doc.lines[i], "x", stamp))
        elif not ok and box.meaning == "x":
            out.append(Tick(i, doc.lines[i], " "))
    return out


def apply_ticks(doc: Document, found: list[Tick]) -> None:
    """Set the boxes: the item at its line, else the one line with its text."""
    for t in found:
        i = t.line
        if i >= len(doc.lines) or doc.lines[i] != t.text:
            same = [k for k, ln in enumerate(doc.lines) if ln == t.text]
            if len(same) != 1:
                continue  # edited meanwhile, or ambiguous: leave it to the person
            i = same[0]
        box = criterion_box(doc.lines[i], odd=True)
        if box is None:
            continue
        line = doc.lines[i]
        after = line[box.end + 1 :]
        if t.stamp and not _STAMP.match(after):
            after = f" ({t.stamp})" + after
        doc.lines[i] = line[: box.start] + t.box + "]" + after
