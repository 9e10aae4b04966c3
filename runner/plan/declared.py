"""The commands a task declares in its own lines, and where each came from; pure.

Where a task's commands come from, first found wins (README "Where commands come from"):

1. the Validation column of a task table;
2. labelled lines of the task: its continuation lines and nested bullets that start with
   `Validation:`, `Verify:`, `Evidence:`, `Run:`, `Check:`, `Test:` or `Command:` (or their
   plurals; any case; bold or not; bullet or not), and after one of them a step going on
   from it (`Then:`, `Afterwards`, ...: SEQUENCE). Every code span there is a command, except
   those after an expectation cue (`->`, `→`, `expect`, `should print` ...), which are output
   the command before them must show, and files and names that are no commands
   (`inference.looks_like_command`: `test_parser`, `fooBar()`, `lint`). A label with nothing
   after it takes the lines indented under it (a code block, fenced or not) as commands, one
   a line, or as a transcript when they carry `$ ` prompts. An `Expected:` line right after
   gives the last of those commands its expectation (code spans, or the lines indented under
   it as a transcript);
   `Expected: FAIL` marks a red step of test-first work, which is not run (see PLANS.md);
3. inference from the description (`runner.plan.inference`).
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass, field
from typing import NamedTuple

from runner.markdown.codespans import code_span_ranges, code_spans
from runner.markdown.patterns import later
from runner.plan.expect import (
    Expectation,
    comment_expectation,
    next_sentence,
    parse_transcript,
    said_after,
    stated,
    with_exit,
)
from runner.plan.inference import (
    absent_spans,
    block_refused,
    cued_spans,
    declared_commands,
    folder_after,
    inferred_commands,
    is_name,
    is_path,
    is_placeholder,
    line_refused,
    looks_like_command,
    negated_spans,
    next_command,
    starts_item,
    taken_back,
    unescape_cell,
    with_cwd,
)
from runner.plan.thresholds import Kind as ThresholdKind
from runner.plan.thresholds import Threshold, after_command, exit_and_output, parse_threshold

_MARK = r"(?:(?:[-*+]|\d+[.)])\s+)?(?:\[[ xX~]\]\s+)?(?:\*\*|__)?"
_COLON = r"(?:\s*:\s*(?:\*\*|__)|(?:\*\*|__)\s*:|\s*:)"
LABEL = later(
    rf"^\s*{_MARK}(?P<label>(?:(?:step|phase)\s+\d+(?:\.\d+)*\s+)?(?:validations?"
    rf"|verify(?:\s+(?:baseline|fix|again|it|that|the\s+fix|locally))?|verification|evidence"
    rf"|re-?runs?|runs?|checks?|tests?|commands?)){_COLON}\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
# A step that goes on from a labelled one ("Run: `a`", then "Then: `a` prints `3`" or
# "Afterwards `b`"): read as a labelled line when the task has one before it (issue 19,
# ninth pass: the later expectation of a command written twice was dropped unread).
SEQUENCE = later(
    rf"^\s*{_MARK}(?P<label>then|next|afterwards|after\s+that|finally|and\s+then|also)"
    rf"(?:{_COLON}\s*|\s+)(?P<rest>`.*)$",
    re.IGNORECASE,
)
# A fenced shell block under a task with no label: `bash`, `sh`, `shell`, `zsh`, `console`.
SHELL_FENCE = later(r"^\s*(?P<fence>```+|~~~+)\s*(?P<lang>bash|sh|shell|zsh|console)\s*$")
EXPECTED = later(
    rf"^\s*{_MARK}(?P<label>expected(?:\s+(?:output|result))?|results?|outputs?|returns?|prints?"
    rf"|std(?:out|err)|answer|response|shows?|displays?|gives?|yields?|produces?|observed?"
    rf"|(?:you\s+)?should\s+(?:see|print|show|output|return|give|display|read|be)"
    rf"|you(?:'ll|\s+will)?\s+(?:get|see)|sortie(?:\s+attendue)?|r[ée]sultat(?:\s+attendu)?"
    rf"|ausgabe|erwartete?\s+ausgabe|salida(?:\s+esperada)?|resultado(?:\s+esperado)?"
    rf"|the\s+output\s+(?:is|should\s+be))"
    rf"{_COLON}\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_BULLET = later(r"^\s*(?:[-*+]|\d+[.)])\s+")
_FENCE = later(r"^\s*(?:```|~~~)")
_RED = later(r"^(?:\*\*)?(?:fail|fails|failure|failing)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Declared:
    """One command with what its output must show and where it was written."""

    command: str
    expect: Expectation | None
    source: str


@dataclass
class _Piece:
    """A logical line of a task: a bullet or paragraph with its continuation lines, and the
    code block lines written under it."""

    line: int
    bullet: bool
    first: str
    more: list[str] = field(default_factory=list)
    block: list[str] = field(default_factory=list)


def pieces(lines: list[str], excluded: list[bool], start: int, end: int) -> list[_Piece]:
    """The logical lines of `lines[start:end]` (0-based), in order."""
    found: list[_Piece] = []
    joined = False  # may the next plain line continue the current piece?
    for i in range(start, end):
        line = lines[i]
        if excluded[i]:
            if found and not _FENCE.match(line):
                found[-1].block.append(line)
            joined = False
            continue
        if not line.strip():
            joined = False
            continue
        starts = (
            _BULLET.match(line) or LABEL.match(line) or SEQUENCE.match(line) or EXPECTED.match(line)
        )
        if found and joined and not starts:
            found[-1].more.append(line)
            continue
        found.append(_Piece(i, bool(_BULLET.match(line)), line.strip()))
        joined = True
    return found


def _name(label: str) -> str:
    return label.split()[0].capitalize()


def shell_blocks(lines: list[str], start: int, end: int) -> list[tuple[int, str, list[str]]]:
    """The fenced shell blocks of `lines[start:end]`: (0-based line of the fence, language,
    the lines inside)."""
    out: list[tuple[int, str, list[str]]] = []
    i = start
    while i < end:
        m = SHELL_FENCE.match(lines[i])
        if m is None:
            i += 1
            continue
        fence = m.group("fence")
        j = i + 1
        while j < end and not lines[j].strip().startswith(fence[:3]):
            j += 1
        out.append((i, m.group("lang").lower(), lines[i + 1 : j]))
        i = j + 1
    return out


def block_declared(lines: list[str], start: int, end: int) -> list[Declared]:
    """Commands of unprompted shell blocks under a task (issue 18): each line a command, a
    `console` block or one with `$ ` prompts a transcript; a block holding a step only (a
    server, `curl`, `export`, a destructive or acting line) gives none."""
    from runner.plan.actions import block_commands, step_only
    from runner.plan.procedure import procedure

    out: list[Declared] = []
    for at, lang, body in shell_blocks(lines, start, end):
        if block_refused(lines, at):
            continue  # the prose before it, its <summary> or its opening comment refuse it
        body = [ln for ln in body if not line_refused(ln)]
        source = f"{lang} block, line {at + 1}"
        if lang == "console" or any(ln.lstrip().startswith("$ ") for ln in body):
            checks = parse_transcript(body)
            if any(step_only(c.command) for c in checks) or procedure([c.command for c in checks]):
                continue
            out += [Declared(c.command, c.expect, source) for c in checks]
            continue
        commands = block_commands(body)
        if procedure(commands) is None:
            found = [Declared(c, comment_expectation(c), source) for c in commands]
            if found and found[-1].expect is None:
                # The paragraph right after the block says what it shows ("The output must
                # include `bar`.", "Expected: `bar`"): the sixteenth pass found it dropped.
                said = _said_below(lines, at + len(body) + 2, end, found[-1].command)
                if said is not None:
                    found[-1] = Declared(found[-1].command, said, source)
            out += found
    return out


_BELOW_ENDS = later(r"^\s*(?:$|(?:[-*+]|\d+[.)])\s|```|~~~|#)")


def _said_below(lines: list[str], at: int, end: int, command: str) -> Expectation | None:
    """What the paragraph starting at `at` (blank lines before it skipped) states the output
    of the block above shows; None when it states nothing or names a command of its own."""
    while at < end and not lines[at].strip():
        at += 1
    text: list[str] = []
    while at < end and not _BELOW_ENDS.match(lines[at]):
        text.append(lines[at].strip())
        at += 1
    if not text:
        return None
    paragraph = " ".join(text)
    e = EXPECTED.match(paragraph)
    if e is not None and not _RED.match(e.group("rest")):
        shown = [c.text for c in cued_spans("Expected: " + e.group("rest")) if c.expected]
        if shown:
            return Expectation(tuple(shown), transcript=False)
    if "`" in paragraph:
        told = with_description((command,), (None,), paragraph)
        said = told[0] if told else None
        about = _ITS_SUBJECT.match(paragraph) or _NAMES_OUTPUT.match(paragraph)
        if said is None and about and not any(not c.expected for c in cued_spans(paragraph)):
            said = said_after(" " + paragraph)  # "The output must include `bar`."
    else:
        said = prose_statement(paragraph)
    return said if said is not None and said.kind != "unchecked" else None


def set_aside(lines: list[str] | tuple[str, ...]) -> list[tuple[int, str, str]]:
    """The shell blocks in `lines` that give no checks, and why: a step in them (an action,
    a server, a request) or lines leaning on each other. Each as (index of its opening fence
    in `lines`, its language, why), for `plan show` and `plan lint` to say what is not run."""
    from runner.plan.actions import block_commands, step_only
    from runner.plan.procedure import leans_on_earlier, procedure

    found: list[tuple[int, str, str]] = []
    for at, lang, body in shell_blocks(list(lines), 0, len(lines)):
        if refused := block_refused(lines, at):
            found.append((at, lang, refused))
            continue
        if lang == "console" or any(ln.lstrip().startswith("$ ") for ln in body):
            commands = [c.command for c in parse_transcript(body)]
        else:
            commands = list(block_commands(body))
            if not commands:
                commands = [
                    ln.strip() for ln in body if ln.strip() and not ln.strip().startswith("#")
                ]
        step = next(
            ((n, c, why) for n, c in enumerate(commands) if (why := step_only(c)) is not None),
            None,
        )
        whole = procedure(commands)
        if step is not None and (whole is None or not leans_on_earlier(commands, step[0])):
            shown = step[1] if len(step[1]) <= 60 else step[1][:59] + "…"
            found.append((at, lang, f"`{shown}`: {step[2]}"))
        elif whole is not None:
            found.append((at, lang, whole))
    return found


def loosely_cued(text: str) -> dict[int, str]:
    """Spans after an expectation word with other words between (`prints a single `x``,
    `shows one `y``), in their clause since the span before: output, never a command
    (issue 19: these were run). Start -> content."""
    from runner.plan.inference import _EXPECT_CUE, closes_comment

    out: dict[int, str] = {}
    prev = None
    for a, b in code_span_ranges(text):
        between = text[prev:a] if prev is not None else ""
        cue = _EXPECT_CUE.search(between)
        if cue is not None and closes_comment(text, (prev or 0) + cue.start(), cue.group()):
            cue = _EXPECT_CUE.search(between, cue.end())
        if prev is not None and not re.search(r"[;.!?]\s", between) and cue is not None:
            content = unescape_cell(code_spans(text[a:b])[0]).strip()
            if content:
                out[a] = content
        prev = b
    return out


def _span_checks(text: str, source: str) -> list[Declared]:
    """Every code span of a labelled line: commands, and the output after a cue."""
    expected = {s.start: s.text for s in cued_spans(text) if s.expected}
    for at, content in loosely_cued(text).items():
        expected.setdefault(at, content)
    absent = absent_spans(text)
    out: list[Declared] = []
    folders: set[int] = set()
    negated = negated_spans(text)
    prev = None
    for a, b in code_span_ranges(text):
        if starts_item(text, prev, a, b):
            expected.pop(a, None)
        between, prev = (text[prev:a] if prev is not None else ""), b
        if a in folders or (a in negated and a not in expected and a not in absent):
            continue
        if (
            a not in expected
            and a not in absent
            and ((out and not next_command(between)) or taken_back(text[b:], text[a:b].strip("`")))
        ):
            continue  # the words around it make it a mention (`joined`, `taken_back`)
        if a in absent:
            if out:
                out[-1] = _with_absent(out[-1], absent[a][0])
            continue
        if a in expected:
            if out and not _decided(out[-1].expect):
                last = out[-1]
                before = last.expect.lines if last.expect and not last.expect.kind else ()
                lines = (*before, expected[a])
                out[-1] = Declared(last.command, Expectation(lines, transcript=False), source)
            continue
        span = unescape_cell(code_spans(text[a:b])[0]).strip()
        if not span or is_placeholder(span) or is_path(span) or not looks_like_command(span):
            continue
        folder, at = folder_after(text[b:])
        if folder:
            folders.add(b + at)
        said = with_threshold(text[b:], _next_cued(text, b, expected, absent))
        out.append(Declared(with_cwd(span, folder), said, source))
    return out


def with_threshold(rest: str, cued: bool = False) -> Expectation | None:
    """What the words after a command (`rest`) expect of it: a stated expectation
    (`expect.stated`), or a threshold written as a Quality Gates cell is (`` `cmd` coverage
    >= 90% ``, `` `cmd` 0 errors ``, `` `cmd` should report no warnings ``), checked by the
    same code; a threshold the runner cannot read (`` `cmd` ≥ 90% ``, no label) is "not
    checked" (issue 19 case 9: these passed on exit 0 alone, silently). A value after the
    command (`expect.said_after`, `cued` as there) is read before a threshold."""
    said = said_after(rest, cued)
    if said is not None and said.kind == "exit" and len(said.lines) == 1:
        # `exit 0, 0 errors`, `exits 0 with coverage >= 90%`: every part after the exit
        # clause is checked too (issue 19 case 9, the sixteenth stop).
        both = after_command(rest.split("`", 1)[0])
        if isinstance(both, Threshold) and exit_and_output(both):
            return Expectation((both.text,), transcript=False, kind="threshold")
    if said is not None and said.kind not in ("unchecked", "count"):
        return said
    if said is not None and said.kind == "count" and said.lines[0] != "0":
        return said  # `returns 3`, `prints 2 errors`: a count, read as such
    found = after_command(rest.split("`", 1)[0])
    if isinstance(found, Threshold):
        return Expectation((found.text,), transcript=False, kind="threshold")
    if found and said is None:
        return Expectation((found,), transcript=False, kind="unchecked")
    return said


def _next_cued(text: str, b: int, expected: Container[int], absent: Container[int]) -> bool:
    """Whether the span after text[:b] is output a cue already reads (expected or absent)."""
    at = text.find("`", b)
    return at >= 0 and (at in expected or at in absent)


def _decided(expect: Expectation | None) -> bool:
    """An expectation whose words decide how its value is compared (exactly, starts with,
    ends with): a cue's plain fragment of the same value adds nothing to it."""
    return expect is not None and expect.kind in ("exact", "starts", "ends")


def _with_absent(d: Declared, fragment: str) -> Declared:
    """`d` with one more fragment its output must not show (a positive expectation it
    already has stays; the span is never run either way)."""
    if d.expect is not None and d.expect.kind not in ("absent", "unchecked"):
        return d
    before = d.expect.lines if d.expect is not None and d.expect.kind == "absent" else ()
    return Declared(
        d.command, Expectation((*before, fragment), transcript=False, kind="absent"), d.source
    )


def mentioned(text: str) -> tuple[str, ...]:
    """The spans of a cell or labelled line that read as commands (not a path, a name nor a
    placeholder): for a task that runs none of them, what its words made a mention."""
    out: list[str] = []
    for raw in code_spans(text):
        span = unescape_cell(raw).strip()
        if (
            span
            and span not in out
            and not is_placeholder(span)
            and not is_path(span)
            and not is_name(span)
            and looks_like_command(span)
        ):
            out.append(span)
    return tuple(out)


_ONLY_SPANS = later(r"\s*(?:`[^`\n]+`[\s,;&+]*)+")


def validation_checks(cell: str) -> tuple[tuple[str, ...], tuple[Expectation | None, ...]]:
    """A Validation cell: every code span a command, but a span after an expectation cue is
    output its command must show (`` `wc -l f` returns `3` ``) and one after "should not
    print" output it must not: neither is ever run."""
    if _ONLY_SPANS.fullmatch(cell):  # only spans (and separators): no cue can be there
        return declared_commands(cell, prose=False), ()
    expected = {s.start for s in cued_spans(cell) if s.expected} | set(loosely_cued(cell))
    absent = absent_spans(cell)
    found: list[Declared] = []
    negated = negated_spans(cell)
    prev = None
    for a, b in code_span_ranges(cell):
        if starts_item(cell, prev, a, b):
            expected.discard(a)
        between, prev = (cell[prev:a] if prev is not None else ""), b
        span = unescape_cell(code_spans(cell[a:b])[0]).strip()
        if a in negated and a not in expected and a not in absent:
            continue
        if (
            a not in expected
            and a not in absent
            and ((found and not next_command(between)) or taken_back(cell[b:], span))
        ):
            continue  # the words around it make it a mention (`joined`, `taken_back`)
        if a in absent:
            if found:
                found[-1] = _with_absent(found[-1], absent[a][0])
        elif a in expected:
            last_kind = found[-1].expect.kind if found and found[-1].expect else None
            exit0 = last_kind == "exit" and found[-1].expect.lines == ("0",)  # type: ignore[union-attr]
            if found and last_kind == "exit" and not exit0 and found[-1].expect is not None:
                # "`x` exits 1 and prints `usage`": both the exit code and the output.
                last = found[-1]
                found[-1] = Declared(last.command, with_exit(last.expect, (span,)), "")  # type: ignore[arg-type]
            elif found and (found[-1].expect is None or last_kind in ("", "unchecked") or exit0):
                # A span after the cue is what the words only hinted at: it replaces a
                # "not checked" reading of those words ("`echo 4` (output: `3`)").
                last = found[-1]
                kept = last.expect.lines if last.expect and not last_kind else ()
                lines = (*kept, span)
                found[-1] = Declared(last.command, Expectation(lines, transcript=False), "")
        elif span and not is_placeholder(span) and not is_name(span):
            # "`echo 4` prints 3", "`ruff check` and expect no errors": plain words too;
            # "`echo 4` spits out `3`", "(want: `3`)": a value after it (`said_after`).
            said = with_threshold(cell[b:], _next_cued(cell, b, expected, absent))
            found.append(Declared(span, said, ""))
    expects = tuple(d.expect for d in found)
    return tuple(d.command for d in found), expects if any(expects) else ()


# An expectation cue that speaks of a command's output, for an expectation the description
# states with no command of its own ("Count the rows; should print `3`").
_OUTPUT_CUE = later(
    r"(?<![\w-])(?:expect(?:s|ed|ing)?(?:\s+output)?|(?:should|must|will)\s+(?:print|output|"
    r"show|display|say|report|echo|produce|emit|see|give|return|read)|(?:the\s+)?(?:output|result)\s+(?:(?:should|must|will)\s+"
    r"(?:be|read|match|show|contain|equal)|is|reads|matches|equals)|prints|"
    r"outputs|echoes|reports)(?![\w-])[^`]*$|(?:→|->)\s*$",
    re.IGNORECASE,
)
_CLAUSE_END = later(r"[.!?;](?=\s|$)")


def _spans(text: str) -> list[str]:
    return [unescape_cell(span).strip() for span in code_spans(text)]


# The command or its output named as a sentence's subject: "The script should print 3", "It
# must return 3" (what is said after it is read as if written after the command).
_ITS_SUBJECT = later(
    r"^\s*(?:(?:the|this|that|its|our)\s+)?(?:script|command|program|tool|cli|check|validation"
    r"|binary|app|application|job|task|test|run|it)\s+(?=\w)",
    re.IGNORECASE,
)
# A sentence that opens with a cue, a modal or a label of the output ("Prints out 3",
# "Must return 3", "Expect: 3", "Expected output is 3", "Output: `3`").
_OPENS_WITH_CUE = later(
    r"^\s*(?:prints?|outputs?|returns?|shows?|displays?|reports?|gives?|yields?|emits?|says?"
    r"|should|must|will|expect\w*|output|result|stdout)\b",
    re.IGNORECASE,
)


# A value of the output named as the subject ("The count is 3.", "No errors expected.",
# "All tests should pass.").
_NAMES_OUTPUT = later(
    r"^\s*(?:the\s+)?(?:(?:printed|reported|final)\s+)?(?:output|result|count|total|number"
    r"|value|answer|exit\s+(?:code|status)|greeting|message|response|stdout)\b"
    r"|^\s*(?:no|zero|0)\s+(?:new\s+)?(?:errors?|warnings?|failures?|issues?|problems?)\b"
    r"|^\s*(?:all|every)\s+(?:\w+\s+)?(?:tests?|specs?|checks?)\b",
    re.IGNORECASE,
)


def prose_statement(desc: str) -> Expectation | None:
    """What a description's own sentence (one with no code span that is a command) states
    the output shows: a readable statement, or one it cannot read when the sentence is
    plainly about the command or its output (never a sentence about something else)."""
    for sentence in re.split(r"(?<=[.!?;])\s+|\n|<br\s*/?>", desc):
        text = sentence.strip()
        if not text or _holds_a_command(text):
            continue
        body = _ITS_SUBJECT.sub("", text, count=1)
        about = (
            body != text
            or _OPENS_WITH_CUE.match(body) is not None
            or _NAMES_OUTPUT.match(body) is not None
        )
        if not about:
            if (told := threshold_after(" " + text)) is not None:
                return told  # "Coverage must be at least 90%."
            continue
        if about and (shown := [c.text for c in cued_spans(body) if c.expected]):
            return Expectation(tuple(shown), transcript=False)  # "Output: `3`."
        said = said_after(" " + body)
        if said is None or said.kind == "unchecked":
            told = threshold_after(" " + text)
            if told is not None:
                return told
        if said is not None:
            return said
    return None


def _holds_a_command(sentence: str) -> bool:
    """A sentence holding a code span that is a command: not read here (its own reader)."""
    return any(looks_like_command(s) for s in _spans(sentence))


def with_description(
    commands: tuple[str, ...], expects: tuple[Expectation | None, ...], desc: str
) -> tuple[Expectation | None, ...]:
    """The Validation cell's expectations, completed by what the description says of the same
    commands (issue 19): "`wc -l f` prints `3`" in the description checks the cell's `wc -l f`;
    an output expectation with no command in its clause ("Count the rows; should print `3`")
    belongs to the last command the cell runs with none of its own. A span naming anything
    else (a file, a function) keeps what follows it to itself; the cell's own word wins."""
    if not commands:
        return expects
    out: list[Expectation | None] = list(expects) if expects else [None] * len(commands)
    if all(e is not None for e in out):
        return expects
    free = [i for i, e in enumerate(out) if e is None]
    if "`" not in desc or not any(s in commands for s in _spans(desc)):
        # No span of the cell's commands in the description: a sentence of it that states
        # what the output shows speaks of the last command with none of its own ("The
        # script should print 3.", "Prints out 3.", "Coverage must be at least 90%."; the
        # fourteenth pass: dropped, and the row passed on exit 0).
        if (said := prose_statement(desc)) is not None:
            out[free[-1]] = said
            return tuple(out)
        if "`" not in desc:
            return expects
    cued = {c.start: c for c in cued_spans(desc) if c.expected}
    absent = absent_spans(desc)
    fragments: dict[int, list[str]] = {}
    missing: dict[int, list[str]] = {}
    about: int | None = None  # the command the clause is about: -1 something else
    prev = 0
    for a, b in code_span_ranges(desc):
        if _CLAUSE_END.search(desc, prev, a):
            about = None
        span = unescape_cell(code_spans(desc[a:b])[0]).strip()
        if a in absent or a in cued:
            target = about
            if target is None and _OUTPUT_CUE.search(desc[prev:a]):
                target = free[-1]
            if target is not None and target >= 0 and target in free:
                (missing if a in absent else fragments).setdefault(target, []).append(span)
        elif span in commands:
            about = commands.index(span)
            if about in free and (said := stated(desc[b:])) is not None:
                out[about] = said
        else:
            about = -1
        prev = b
    for i, lines in fragments.items():
        out[i] = Expectation(tuple(lines), transcript=False)
    for i, lines in missing.items():
        if i not in fragments:
            out[i] = Expectation(tuple(lines), transcript=False, kind="absent")
    return tuple(out) if any(e is not None for e in out) else ()


def _block_checks(block: list[str], source: str) -> list[Declared]:
    """The lines under a bare label: a transcript when prompted, else one command a line."""
    if any(ln.lstrip().startswith("$ ") for ln in block):
        return [Declared(c.command, c.expect, source) for c in parse_transcript(block)]
    if any(SESSION.match(ln) for ln in block):
        return []  # a Python (or other REPL) session: its lines are no shell commands
    return [
        Declared(ln.strip(), comment_expectation(ln.strip()), source) for ln in block if ln.strip()
    ]


# A line of an interpreter's session (`>>> f()`, `... `, `In [1]:`, `irb>`, `iex>`):
# what follows it is that interpreter's output, and neither is a shell command.
SESSION = later(r"^\s*(?:>>>(?:\s|$)|In \[\d+\]:|irb(?:\(\w+\))?(?::\d+)*[>*]|iex(?:\(\d+\))?>)")


def _runs(label: str, piece: _Piece) -> bool:
    """Plain lines under `Run:` or `Command:` are commands (under `Test:` they may be prose)."""
    return bool(piece.more) and label.lower().startswith(("run", "command"))


def _expectation(piece: _Piece, rest: str) -> Expectation | None:
    text = " ".join([piece.first, *(m.strip() for m in piece.more)])
    fragments = tuple(s.text for s in cued_spans(text) if s.expected)
    if not fragments and rest.lstrip().startswith("`"):  # `Result: \`3\``: the spans after it
        fragments = tuple(unescape_cell(c).strip() for c in code_spans(rest) if c.strip())
    if fragments:
        return Expectation(fragments, transcript=False)
    under = piece.block or ([] if rest.strip() else piece.more)
    lines = tuple(ln.strip() for ln in under if ln.strip())
    if not lines and rest.strip():
        # Words, no span nor block (`- Expected: 0 failures`, `- Expected: 3`): read as an
        # Expected column's cell is (a threshold, a stated or bare value); other words are
        # shown "not checked", never a silent pass on exit 0 (issue 19 case 9, eleventh pass).
        words = " ".join([rest, *(m.strip() for m in piece.more)]).strip()
        return expected_words(words)
    return Expectation(lines) if lines else None


TESTS_PASS = later(
    r"^(?!.*\b(?:not|never|no|don'?t|doesn'?t|won'?t|fail\w*|or)\b)"
    r".*\b(?:tests?|specs?|test\s+suites?)\s+(?:all\s+|still\s+|now\s+)?"
    r"(?:pass|passes|passed|succeed|succeeds|are\s+green|is\s+green)\b",
    re.IGNORECASE,
)


def expected_words(words: str) -> Expectation | None:
    """What an `Expected:` label's words (no span, no block) say the command must show: read
    as an Expected column's cell (`0 failures`, `3`, "all tests pass"), then as a Validation
    cell's words; other words are "not checked", never a silent pass on exit 0."""
    words = words.strip()
    told = expected_cell(words)
    if told is not None and told.kind == "unchecked" and words.endswith("."):
        # "Expected result: no errors." reads as "no errors": the sentence's full stop is
        # no part of the value (attack16a F13: the cookbook's Concrete Steps end so).
        plain = expected_cell(words.rstrip(".").strip())
        if plain is not None and plain.kind != "unchecked":
            return plain
    if told is not None and told.kind == "unchecked" and TESTS_PASS.search(words):
        # "validator and any new unit tests pass.", "Orders API tests pass, including ...":
        # a tests-pass clause is the gates' "all tests pass" (100% passing), never the
        # sentence as literal output nor a pass on exit 0 (attack16a F13).
        return Expectation(("all tests pass",), transcript=False, kind="threshold")
    if told is not None and told.kind == "unchecked":
        # "Expected result: 3 lines", "Expected: exit 0": read as a Validation cell's
        # words are before they are said "not checked" (issue 19, F7c).
        said = stated(words) or with_threshold(words) or with_threshold(f"prints {words}")
        if said is not None and said.kind != "unchecked":
            return said
    return told


def _labelled(piece: _Piece, m: re.Match[str]) -> list[Declared]:
    """The commands of one labelled line (or the block under a bare label)."""
    rest = m.group("rest")
    where = f"{_name(m.group('label'))} {'bullet' if piece.bullet else 'line'}"
    text = " ".join([rest, *(x.strip() for x in piece.more)]) if rest.strip() else ""
    if text and code_spans(text):
        return _span_checks(text, f"{where}, line {piece.line + 1}")
    if not rest.strip() and (piece.block or _runs(m.group("label"), piece)):
        source = f"{_name(m.group('label'))} block under line {piece.line + 1}"
        return _block_checks(piece.block or piece.more, source)
    return []


def declared(lines: list[str], excluded: list[bool], start: int, end: int) -> list[Declared]:
    """The commands the labelled lines of `lines[start:end]` declare, in order."""
    out: list[Declared] = []
    group: list[Declared] = []  # the commands of the last labelled line
    # An `Expected:` line before the item's commands ("- Expected: `3`", then "- Run: `x`"):
    # it binds to the last command of the next labelled line (issue 19, F7c: it was dropped).
    pending: Expectation | None = None
    for piece in pieces(lines, excluded, start, end):
        m = LABEL.match(piece.first) or (SEQUENCE.match(piece.first) if out else None)
        if m:
            group = _labelled(piece, m)
            if pending is not None and group and group[-1].expect is None:
                group[-1] = Declared(group[-1].command, pending, group[-1].source)
                pending = None
            out += group
            continue
        e = EXPECTED.match(piece.first)
        if e and not group and not _RED.match(e.group("rest")):
            pending = _expectation(piece, e.group("rest"))
            continue
        if e and group:
            if _RED.match(e.group("rest")):
                out = [d for d in out if d not in group]  # a red step: see the docstring
            else:
                expect = _expectation(piece, e.group("rest"))
                if expect is not None:
                    last = group[-1]
                    out[out.index(last)] = Declared(last.command, expect, last.source)
            group = []
            continue
        if group and "`" in piece.first:
            # "- Expect `3`", "- The output should be `3`." right under the commands: what
            # they must print (a span naming something else keeps what follows it).
            text = " ".join([piece.first, *(line.strip() for line in piece.more)])
            commands = tuple(d.command for d in group)
            said = with_description(commands, tuple(d.expect for d in group), text)
            fresh = [
                (d, s) for d, s in zip(group, said, strict=False) if s is not None and not d.expect
            ]
            if fresh:
                for d, s in fresh:
                    stated_now = Declared(d.command, s, d.source)
                    out[out.index(d)] = stated_now
                    group[group.index(d)] = stated_now
                continue
        group = []
    return out


class Commands(NamedTuple):
    """A task's commands with their expectations and sources, aligned; `inferred` when they
    were read from the description's prose. (A NamedTuple: one per row, 10,000 in a large
    plan, and a frozen dataclass costs three times as much to build; bench/.)"""

    commands: tuple[str, ...] = ()
    expects: tuple[Expectation | None, ...] = ()
    sources: tuple[str, ...] = ()
    inferred: bool = False


INFERRED = "inferred from the description"


def from_declared(found: list[Declared]) -> Commands:
    """Declared commands as a task holds them (a command written twice is run once)."""
    seen: dict[str, Declared] = {}
    for d in found:
        if d.command not in seen or d.expect is not None:
            # Written twice, it runs once, where first written; a later expectation wins
            # (`Run: cmd`, then `Evidence: cmd -> 3`: the 3 is checked).
            first = seen.get(d.command)
            seen[d.command] = d if first is None else Declared(d.command, d.expect, d.source)
    ds = list(seen.values())
    expects = tuple(d.expect for d in ds)
    return Commands(
        tuple(d.command for d in ds),
        expects if any(expects) else (),
        tuple(d.source for d in ds),
    )


# A threshold said after a command whose label is how long the command takes ("should
# take under 2 minutes", "finishes in under 10 s"): a remark on its time, not on its output.
_DURATION_LABEL = later(
    r"^(?:it\s+)?(?:should\s+|must\s+|will\s+)?(?:take|takes|taking|took|finish\w*|"
    r"complete\w*|run|runs|running|last|lasts|wait\w*|end|ends|be\s+done|done)\b",
    re.IGNORECASE,
)
# `after_command` gives PASSING only when it is said of every test ("; 100% pass rate",
# "; all tests pass"): a failure counted in the output misses it (the fourteenth stop: the
# first was dropped); MATCHES: "; output matches /^ok/".
_READ_AFTER = frozenset(
    [
        ThresholdKind.COMPARE,
        ThresholdKind.ZERO,
        ThresholdKind.RATE,
        ThresholdKind.PASSING,
        ThresholdKind.MATCHES,
    ]
)


def threshold_after(after: str) -> Expectation | None:
    """A threshold written in words after a command in a description, in its own sentence
    (`; coverage should be at least 80%`, `; p95 latency must stay under 500 ms`), read as
    a Quality Gates cell is; None when there is none, or it speaks of the command's time."""
    sentence = re.split(r"(?<=[.!?])\s|\n", after.split("`", 1)[0], maxsplit=1)[0]
    if not re.search(r"\w", sentence) and (said := next_sentence(after)):
        # "Run `x`. It should exit 0 with no errors.", "Run `x`. Coverage should be at least
        # 80%." (the sixteenth stop: the first passed silently, the second "not checked").
        sentence = re.split(r"(?<=[.!?])\s|\n|`", said, maxsplit=1)[0]
    found = after_command(sentence)
    if not isinstance(found, Threshold):
        return None
    if found.kind not in _READ_AFTER and not exit_and_output(found):
        return None  # `exits 0 with 0 errors` reads both (the sixteenth stop)
    if _DURATION_LABEL.match(found.label or ""):
        return None
    return Expectation((found.text,), transcript=False, kind="threshold")


def inferred(text: str) -> Commands:
    """Commands inferred from a description, with what its prose says they must print."""
    from runner.plan.expect import expectations, inferred_commands_with_expectations

    spans: dict[str, str] = {}
    for s in cued_spans(text):
        if not s.expected:
            spans.setdefault(s.command(), s.text)
    # A span the words after a command make its value ("greets the user with `hi`") is no
    # command: only the commands the expectation reader keeps.
    kept = {c.command for c in inferred_commands_with_expectations(text, threshold_after)}
    commands = tuple(c for c in inferred_commands(text) if spans.get(c, c) in kept)
    expects = expectations(text, tuple(spans.get(c, c) for c in commands), threshold_after)
    return Commands(commands, expects, (INFERRED,) * len(commands), bool(commands))


# What a table's Expected cell and a gate's Threshold cell say (runner/plan/verdicts.py
# reads them for rows and gates; they live here, beside the Validation reader they use).
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
    text = cell.strip()
    spans = code_spans(text)
    if len(spans) == 1 and text == f"`{spans[0]}`" and spans[0].strip():
        return Expectation((spans[0].strip(),), transcript=False)
    commands, expects = validation_checks(f"`true` {text}")
    if commands != ("true",) or not expects or expects[0] is None:
        return None
    told = expects[0]
    return None if told.kind in ("unchecked", "threshold") else told
