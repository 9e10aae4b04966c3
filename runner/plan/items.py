"""Checklist items and `### Task N:` sections to tasks, with their nested lines; pure."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter

from runner.markdown.blocks import Heading, Structure
from runner.markdown.doc import Document
from runner.markdown.patterns import later
from runner.plan import declared as dc
from runner.plan.model import Anchor, Status, Task, asks_a_person
from runner.plan.rows import Options
from runner.plan.statuses import parse_key
from runner.plan.tracker import CHECK_ITEM

_BOXES = {
    " ": Status.OUTSTANDING,
    "x": Status.PASSED,
    "X": Status.PASSED,
    "~": Status.IN_PROGRESS,
    "/": Status.IN_PROGRESS,
    ">": Status.IN_PROGRESS,
    "-": Status.SKIPPED,
    "\u2713": Status.PASSED,  # ✓
    "\u2714": Status.PASSED,  # ✔
    "\u2611": Status.PASSED,  # ☑
}
# `[~] (SKIPPED: no longer needed)`, `[x] ~~dropped~~`: the text says the item was dropped.
# The word must be a mark, not the first word of the work done: in brackets (`(dropped)`,
# `[CANCELLED]`), before a colon or dash (`Won't do: x`, `**Skipped** — x`), alone, or shouted
# (`WONTFIX x`); "Dropped support for Python 2" and "Skip list implemented" are work done
# (the fourteenth stop read them skipped, and `(cancelled) x` passed).
_DROP_WORD = (
    r"(?:skipped|skip|won'?t\s+do|won'?t\s+fix|wontfix|dropped|cancell?ed|obsolete|descoped"
    r"|abandoned|superseded|not\s+needed|no\s+longer\s+needed)"
)
_SKIPPED_TEXT = later(
    rf"^(?:[(\[]\s*(?:\*\*)?{_DROP_WORD}\b"
    rf"|(?:\*\*|__)?{_DROP_WORD}(?:\*\*|__)?\s*(?:[:\u2014\u2013]|\s-\s|[.!]?$)"
    r"|(?-i:SKIPPED|SKIP|WONTFIX|WON'T DO|DROPPED|CANCELL?ED|OBSOLETE|DESCOPED|ABANDONED)\b"
    r"|~~|~(?=[^\s~/])[^~\n]*?[^\s~]~(?!~)|<(?:del|s|strike)>)",
    re.I,
)
# Struck through: dropped whatever the box says (`- [ ] ~~old step~~`, `<del>...</del>`).
# GitHub strikes `~one tilde~` too; `~/.bashrc` is a path, not a strike.
_STRUCK = later(r"^(?:~~|~(?=[^\s~/])[^~\n]*?[^\s~]~(?!~)|<(?:del|s|strike)>)", re.I)


_EMPHASIS = later(r"^(?:\*\*|__|\*|_)+(?=~|<)")
# A label the item numbers itself with, before a strike: `F. <del>x</del>`, `2.3 ~~x~~`,
# `T001: ~~x~~` (the fifth pass of issue 19 found `F.` hid the strike).
_LEAD = later(
    r"^(?:\*\*)?(?:[A-Za-z]{1,4}-?\d{1,5}[.:)]?|[A-Za-z][.:)]|\d+(?:\.\d+)*[.:)]?)(?:\*\*)?"
    rf"\s+(?=~|<|\*|_|[(\[]|(?i:{_DROP_WORD})\b)"
)


# Words after a tick that take it back: `[x] (not done) two`, `[x] ? two`, `[x] TODO: two`,
# `[x] two (not done)` (issue 19 case 10). "Todo app" and "Note ..." are a task's words.
_DENIED = later(
    r"^[\s\u2014\u2013:|-]*(?:undone|not\s+(?:yet|done))\b"
    r"|[\s(\u2014\u2013-](?:undone|not\s+(?:yet|done)|reverted|todo|wip)\s*\)?\s*$"
    r"|^(?:\(\s*)?(?:not\s+(?:yet\b|done\b|really\b|complete|finished|started|working)"
    r"|\?|TODO\b|TBD\b|(?i:todo|tbd|wip|incomplete|unfinished|undone|reverted)\s*(?:[:)!.]|$))"
    r"|\(\s*(?i:not\s+(?:yet|done|really)|todo|tbd|wip|incomplete|unfinished|reverted)"
    r"[^()]*\)\s*$"
)


# The family (ninth pass): a status that is not "done", said as the item's label (its first
# word, an emoji, a bracketed or emphasised note) or as its last part (after `:`, a dash, or
# in closing brackets): `[x] WIP two`, `[x] ❌ two`, `[x] two: blocked on DB`, `[x] two —
# partially done`, `[x] two (in progress)`, `[x] _(not started)_ two`. Words inside the
# sentence are the task's own ("Fix the failing tests", "Handle pending requests").
# The same said in other languages (tenth pass): open, in progress, to do, not done yet.
_NOT_DONE_ELSEWHERE = (
    r"noch\s+(?:offen|nicht(?:\s+(?:fertig|erledigt))?)|offen|in\s+arbeit|unerledigt"
    r"|nicht\s+(?:fertig|erledigt)|en\s+cours|à\s+faire|a\s+faire|pas\s+(?:encore\s+)?"
    r"(?:fait|fini|terminé)|en\s+(?:progreso|curso)|pendiente|por\s+hacer|sin\s+terminar"
    r"|em\s+(?:andamento|progresso)|pendente|por\s+fazer|in\s+corso|da\s+fare"
    r"|non\s+(?:ancora\s+)?(?:fatto|finito)|bezig|nog\s+niet(?:\s+klaar)?|niet\s+klaar"
    r"|w\s+toku|do\s+zrobienia|в\s+(?:процессе|работе)|не\s+(?:готово|сделано|завершено)"
    r"|进行中|進行中|未完成|待办|待辦|在做|未开始|未開始|作業中|未完了|対応中|진행\s*중|미완료"
)
_NOT_DONE = (
    r"(?:not\s+(?:yet|done|started|finished|complete[d]?|working|implemented|merged|tested)"
    r"|un(?:done|finished|started|tested|verified|resolved|merged)|incomplete|in[\s-]progress"
    r"|ongoing|pending|blocked|on\s+hold|failed|fails|failing|broken|partial(?:ly)?(?:\s+done)?"
    r"|half[\s-]done|wip|todo|to\s+do|to\s+be\s+done|tbd|reverted|rolled\s+back|postponed"
    r"|deferred|cancell?ed|abandoned|waiting|awaiting|stuck|draft|" + _NOT_DONE_ELSEWHERE + r")"
)
# Words no task begins with, so they are a label with no colon after them: `[x] tbd two`,
# `[x] half done two`, `[x] en cours two`, `[x] 进行中 two` ("Todo app", "Pending requests"
# and "Partially apply" begin tasks).
_NOT_DONE_LABEL = r"(?:to\s+be\s+done|half[\s-]done|tbd|wip|not\s+yet|" + _NOT_DONE_ELSEWHERE + r")"
# Closing brackets hold notes of every kind ("medium/low (deferred)" is a priority): only
# these say the item itself is not done.
_NOT_DONE_NOTE = _NOT_DONE.replace("|postponed|deferred", "")
# Marks of a state that is not done: a cross, an hourglass, works, a pause, no entry, a
# question, a warning, and status lights that are not green (`🔴`, `🟠`, `🟡`, `🟥`, `🚫`),
# with or without the emoji variation selector (`⚠️`).
_NOT_DONE_MARK = (
    "(?:[\u274c\u2717\u2718\u2716\u23f3\u231b\U0001f6a7\U0001f504\u23f8\u26d4\U0001f6d1\u2753"
    "\u2754\u26a0\U0001f534\U0001f7e0\U0001f7e1\U0001f7e5\U0001f7e7\U0001f7e8\U0001f6ab"
    "\u2b55\U0001f501]\ufe0f?)"
)
_TAKEN_BACK = later(
    rf"^(?:[*_~\s]*[(\[（【]\s*{_NOT_DONE}\b[^)\]）】]*[)\]）】]"
    rf"|[*_]*{_NOT_DONE}\b[*_]*\s*(?:[:\u2014\u2013-]|$)"
    rf"|(?-i:WIP|TODO|TBD)\b|[*_(\[\s]*{_NOT_DONE_MARK}"
    # An emphasised label (`**pending** two`), a label no task begins with (`tbd two`).
    rf"|(?:\*\*|__|\*|_){_NOT_DONE}(?:\*\*|__|\*|_)|{_NOT_DONE_LABEL}(?![\w-]))"
    # A mark in closing brackets (`two (🚧)`), a shouted TODO, WIP or TBD last (`two TODO`),
    # a label no task begins with, last (`two en cours`; "the list of things to be done" ends
    # a task).
    rf"|[(\[（【]\s*{_NOT_DONE_MARK}[^()\[\]（）【】]*[)\]）】][*_.!]*\s*$"
    rf"|\s(?-i:WIP|TODO|TBD)[.!]*\s*$"
    rf"|\s(?:half[\s-]done|not\s+yet|tbd|{_NOT_DONE_ELSEWHERE})[.!]*\s*$"
    rf"|(?:[:\u2014\u2013]|\s-)\s*[*_]*{_NOT_DONE}\b[^:\u2014\u2013()]*$"
    rf"|[(\[（【]\s*[*_]*{_NOT_DONE_NOTE}\b[^()\[\]（）【】]*[)\]）】][*_.!]*\s*$"
    rf"|{_NOT_DONE_MARK}\s*$"
    # A mark that leads a note anywhere: `two ⚠️ failing`, `two — 🔴 tests red`.
    rf"|{_NOT_DONE_MARK}\s*[*_]*{_NOT_DONE}(?![\w-])"
    rf"|(?:[:\u2014\u2013|]|\s-)\s*{_NOT_DONE_MARK}",
    re.I,
)


_CODE_SPAN = later(r"`[^`\n]*`")
# Doubt is no "done" either (tenth shape of case 10): a closing note that asks or hedges,
# `[x] two (?)`, `[x] two? (unsure)`, `[x] two [to be confirmed]`, `[x] two — needs review`.
_DOUBT = (
    r"(?:\?+|unsure|not\s+sure|uncertain|unconfirmed|maybe|probably|perhaps|doubtful"
    r"|questionable|unclear|tbc|to\s+be\s+(?:confirmed|checked|verified|tested)"
    r"|needs?\s+(?:re-?)?(?:check(?:ing)?|review|verification|confirmation|testing|work)"
    # ... or asks to come back to it: `[x] two (revisit)`, `[x] two: redo`, `— reopened`.
    r"|(?:to\s+)?re-?(?:visit|check|do|work|open(?:ed)?|test)|come\s+back\s+to\s+(?:it|this))"
)
_DOUBTED = later(
    rf"[(\[]\s*[*_]*{_DOUBT}(?![\w-])[^()\[\]]*[)\]][*_.!]*\s*$"
    rf"|(?:[:\u2014\u2013]|\s-)\s*[*_]*{_DOUBT}(?![\w-])[^:\u2014\u2013()]*$",
    re.I,
)
# A done word struck through takes the tick back, wherever it stands, unless a done word
# follows it: `[x] two ~~done~~`, `[x] two <del>✅</del>`, `[x] two ~~done~~ reopened`.
_DONE_WORD = r"(?:done|complete[d]?|finished|fixed|passed|ok|\u2705|\u2714\ufe0f?|\u2611\ufe0f?)"
_DONE_STRUCK = later(
    rf"(?:~~|<(?:del|s|strike)>)\s*{_DONE_WORD}\s*(?:~~|</(?:del|s|strike)>)"
    rf"(?!.*(?<![\w~>-]){_DONE_WORD}(?![\w-]))",
    re.I,
)
# An HTML comment is a note the page hides from its reader: `[x] two <!-- not done -->`
# says what `[x] two (not done)` says.
_COMMENT = later(r"<!--(.*?)(?:-->|$)")


def denied(text: str) -> bool:
    """Do the words after a ticked box say it is not done?"""
    text = _COMMENT.sub(lambda m: f"({m.group(1).strip()})", text.strip()).strip()
    words = _CODE_SPAN.sub("code", text)  # `incomplete | failed` in code is a value
    return (
        _DENIED.search(text) is not None
        or _TAKEN_BACK.search(words) is not None
        or _DOUBTED.search(words) is not None
        or _DONE_STRUCK.search(words) is not None
        or _TAKEN_BACK_LAST.search(words) is not None
    )


# A last part that takes the tick back (the twelfth stop's pass): `[x] two (deferred to v2)`,
# `— tests still red`, `(won't do)`, `(moved to next plan)`, `— only half`, `(except the
# tests)`, `, but reverted later`.
_TAKEN_BACK_LAST = later(
    r"(?:[(\[]\s*|[\u2014\u2013]\s*|,\s*|\s-\s+)(?:but\s+)?(?:deferred\s+to|moved\s+to|"
    r"postponed\s+to|pushed\s+to|carried\s+over|won'?t\s+do|will\s+not\s+do|wontfix|"
    # `[x] Two (dropped)` (the fourteenth pass: counted as passed; `— cancelled` was not).
    r"dropped|cancell?ed|abandoned|descoped|obsolete|"
    r"(?:the\s+)?(?:tests?\s+|ci\s+|build\s+)?still\s+(?:red|failing|broken|open|pending|to\s+do)|"
    r"only\s+(?:half|partly|partially|some)|except\s+(?:for\s+)?(?:the\s+)?\w+|"
    r"reverted(?:\s+later)?|rolled\s+back(?:\s+later)?)\b[^()\[\]]*[)\]]?[\s.!]*$",
    re.IGNORECASE,
)


# Words after a strike that say the struck item stands after all: `[x] ~~two~~ (still
# needed)`, `~~two~~ reinstated, still to do`, `~~two~~ no wait two`. "~~x~~ no longer
# needed" keeps the strike.
_STANDS = later(
    r"(?<![\w-])(?:still|reinstated|restored|re-?(?:added|opened|enabled|instated)|back\s+in"
    r"|after\s+all|no\s+wait|(?<!not\s)(?<!longer\s)(?:needed|required))(?![\w-])",
    re.I,
)
_STRIKE_END = later(r"~~[^~\n]*~~|~[^~\n]*~|<(del|s|strike)>.*?</\1>", re.I)


def _struck_stands(text: str) -> bool:
    """Do the words after the item's strike take the strike back (see _STANDS) or say the
    item is not done?"""
    m = _STRIKE_END.search(text)
    rest = text[m.end() :] if m else ""
    if re.match(rf"^[\s(\[\u2014\u2013,:-]*(?i:{_DROP_WORD})\b", rest):
        return False  # `~~two~~ (obsolete)`, `~~x~~ — dropped`: the strike confirmed
    # `~~Run `x`~~ Run `y`.`: a struck old instruction and the one that stands now.
    return bool(rest.strip()) and (_STANDS.search(rest) is not None or denied(rest) or "`" in rest)


def _rewritten(text: str) -> bool:
    """Does a command follow the item's strike (an old instruction struck, a new one)?"""
    m = _STRIKE_END.search(text)
    return m is not None and "`" in text[m.end() :]


# A mark glued to the box (`[x]~ two`, `[x]! two`): the box is not the plain kind; a strike
# (`[x]~~old~~`), emphasis, code or a link read on as text.
_GLUED = later(r"^[^\w\s*_`<\[(~]|^~(?!~|[^\s~/][^~\n]*?[^\s~]~(?!~))")
# Skipped, said after the item's words: `... → **跳过**`, `... (skipped)`, `... — SKIPPED`,
# `**跳过**` (Chinese "skip"); a heading that ends so holds skipped items (issue 19, F-F).
_SKIP_WORD = r"(?:skipped|skip|已跳过|跳过|略过|已略过|跳過|スキップ)"
_SKIP_SAID = later(
    rf"(?:(?:→|->|=>|\u2014|\u2013|:)\s*(?:\*\*|__)?\s*{_SKIP_WORD}\s*(?:\*\*|__)?"
    rf"|(?:\*\*|__){_SKIP_WORD}\s*(?:\*\*|__)|[(（\[]\s*{_SKIP_WORD}\s*[)）\]])"
    r"(?=\s*(?:$|[(（\[.;,，。；!\u2705\u2714\u2611]))",
    re.I,
)
# `[~] (stamp) Step 5: TEST-03 skipped (n8n not available)`: with the box that means in
# progress or skipped, the word anywhere (not "tests that are skipped").
_SKIP_ANYWHERE = later(
    r"(?<![\w-])(?<!are\s)(?<!were\s)(?<!\bis\s)(?<!was\s)(?<!\bbe\s)(?<!get\s)(?<!got\s)"
    r"(?:skipped|已跳过|跳过|略过)(?![\w-])",
    re.I,
)


def skipped_heading(title: str) -> bool:
    """Does a heading say its items were skipped (`Round 5: split it（跳过）`, `Step 3
    (skipped)`, `Step 4 → **SKIPPED**`)?"""
    return _SKIP_SAID.search(title) is not None


def box_status(box: str, text: str, glued: bool = False) -> Status | None:
    """What a checklist box means, read with its text; None for a mark nobody defines: a box
    with spaces inside (`[ x ]`, `[ x]`) or a mark glued to it (`[x]~ two`), and a tick its
    words take back (`[x] — undone two`)."""
    if box.strip() and box != box.strip():
        return None
    if glued and _GLUED.match(text):
        return None
    status = _BOXES.get(box if box.strip() or not box else " ")
    if status is None and len(box) > 2:
        # `[completed]`, `[in_progress]`, `[N/A]`, `[skip]`: a status word as the box
        status = parse_key(box)
    # Emphasis around a strike is still a strike: `**~~dropped~~**`, `_~~dropped~~_`.
    text = _EMPHASIS.sub("", _LEAD.sub("", text.strip(), count=1))
    if status in (Status.PASSED, Status.IN_PROGRESS) and _SKIPPED_TEXT.match(text):
        if _STRUCK.match(text) and _rewritten(text):
            return status  # `[x] ~~Run `a`~~ Run `b``: the box speaks of the instruction now
        return None if _STRUCK.match(text) and _struck_stands(text) else Status.SKIPPED
    if status is Status.OUTSTANDING and _STRUCK.match(text) and not _struck_stands(text):
        return Status.SKIPPED
    if status in (Status.OUTSTANDING, Status.PASSED, Status.IN_PROGRESS) and _SKIP_SAID.search(
        text
    ):
        return Status.SKIPPED
    if status is Status.PASSED and denied(text):
        return None
    if box == "~" and _SKIP_ANYWHERE.search(text):
        return Status.SKIPPED
    return status


# An item that numbers itself keeps its number as its ID: `Task 0: ...`, `2.3 ...`.
_NUMBERED = later(
    r"^(?:\*\*)?task\s+(?P<task>\d+(?:\.\d+)*[a-z]?)(?:\*\*)?\s*[:.)\u2013\u2014-]"
    r"|^(?:\*\*)?(?P<dotted>\d+(?:\.\d+)+)\.?(?:\*\*)?\s",
    re.IGNORECASE,
)
# An author's own task ID (spec-kit's `T001`, `US12`, `PROJ-123`), plain or bold.
_AUTHOR_ID = later(r"^(?:\*\*)?(?P<author>[A-Z]{1,4}-?\d{2,5})(?:\*\*)?(?=[\s:.)]|$)")
_SHORT_ID = later(r"^(?:\*\*)?(?P<author>(?P<letters>[A-Z]{1,4})-?\d{1,5})(?:\*\*)?(?=[\s:.)]|$)")


def item_end(doc: Document, heading_lines: list[int], i: int, limit: int) -> int:
    """Where a checklist item's lines end: before the next line indented no deeper than it,
    the next heading (`heading_lines`, sorted), or `limit` (blank lines inside it are its own)."""
    line = doc.lines[i]
    indent = len(line) - len(line.lstrip())
    end = i + 1
    h = bisect_right(heading_lines, i)
    limit = min(limit, heading_lines[h]) if h < len(heading_lines) else limit
    for j in range(i + 1, limit):
        text = doc.lines[j]
        if not text.strip():
            continue
        if len(text) - len(text.lstrip()) <= indent:
            break
        end = j + 1
    return end


def item_ids(texts: list[str]) -> list[str]:
    """Each item's ID: the number it gives itself when those are unique and no other item's
    position takes one of them, else its position from 1."""
    # `P1 [M1]` ... `P10 [M3]`: a one-digit ID is the author's when two items or more share
    # its letters (realfix item 4); alone (`Q1 revenue`) it is a word of the text.
    short = [_SHORT_ID.match(t) for t in texts]
    prefixes = Counter(s.group("letters") for s in short if s is not None)
    numbers = []
    authored: list[str | None] = []
    for text, s in zip(texts, short, strict=True):
        m = _NUMBERED.match(text)
        a = _AUTHOR_ID.match(text)
        if a is None and s is not None and prefixes[s.group("letters")] > 1:
            a = s
        numbers.append(
            (m.group("task") or m.group("dotted")) if m else a.group("author") if a else None
        )
        authored.append(a.group("author") if a and not m else None)
    given = [n for n in numbers if n is not None]
    ids = [n if n is not None else str(k) for k, n in enumerate(numbers, start=1)]
    if given and len(set(given)) == len(given) and len(set(ids)) == len(ids):
        return ids
    # An author's ID used twice (`**T3** a`, `**T3** b`) is kept twice: which item `T3` means
    # is the person's to say (lint P103 names both lines; runs refuse the ID), never settled
    # by renumbering every item (issue 19 case 11). Numbers that restart (`Task 1:` in each
    # phase) are positions, as before.
    named = [a for a in authored if a is not None]
    if len(set(named)) < len(named):
        return [a if a is not None else str(k) for k, a in enumerate(authored, start=1)]
    return [str(k) for k in range(1, len(texts) + 1)]


def item_commands(
    doc: Document, st: Structure, i: int, end: int, text: str, infer: bool
) -> dc.Commands:
    """A checklist item's commands: its labelled lines, else inferred from its first paragraph
    (the item's line and the lines continuing it, so a wrapped code span is whole)."""
    found = dc.declared(doc.lines, st.excluded, i, end)
    if found:
        if asks_a_person(" ".join(ln.strip() for ln in doc.lines[i:end])):
            # `- Check: \`true\`` then `- then a human verifies the UI` (the fourteenth
            # pass: the person's step below a labelled command was dropped, the item ticked).
            return dc.Commands()
        held = dc.from_declared(found)
        # What the item's own words say its commands print ("Count lines (should print
        # `3`)" over a `Run:` bullet) is checked too; the labelled line's own word wins.
        expects = dc.with_description(held.commands, held.expects, text)
        # And what its nested lines say of the same command ("- Then: `x` prints `3`" under
        # "Run: `x`" on the item's line; the fourteenth pass: dropped, the item ticked).
        nested = [ln.strip() for ln in doc.lines[i + 1 : end] if "`" in ln]
        for line in nested:
            expects = dc.with_description(held.commands, expects, line)
        return held._replace(expects=expects) if expects != held.expects else held
    if not infer:
        return dc.Commands()
    first = dc.pieces(doc.lines, st.excluded, i, end)
    more = [m.strip() for m in first[0].more] if first else []
    prose = dc.inferred(" ".join([text, *more]))
    if prose.commands and asks_a_person(" ".join([text, *more])):
        return dc.Commands()  # "Run `x`, then ask the reviewer to approve": the person's
    if prose.commands:
        return _nested_expectation(doc, st, i, end, prose)
    blocks = dc.block_declared(doc.lines, i + 1, end)
    if blocks:
        inferred = dc.from_declared(blocks)
        return dc.Commands(inferred.commands, inferred.expects, inferred.sources, True)
    return prose


# A nested line under "Run `x`." that says what it must show ("  - Expected: `3`",
# "  - Expected output:" and a block): an attacker's pass found these ignored, a pass on exit 0.
_NESTED_EXPECT = later(
    r"^\s*(?:[-*+]\s+|\d+[.)]\s+)?(?:\*\*|__)?(?P<label>expected(?:\s+(?:output|result))?|"
    r"output|result|returns?|should\s+(?:print|show|output|return|see)|expect|"
    r"\u2192|->|=>)(?:\*\*|__)?\s*:?\s*(?:\*\*|__)?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)


def _nested_expectation(
    doc: Document, st: Structure, i: int, end: int, prose: dc.Commands
) -> dc.Commands:
    """What the item's nested lines say its (last) inferred command must show: a value
    read as the item's own words are; a label whose value cannot be read (a block, words)
    marks the command "not checked", never a silent pass on exit 0."""
    from runner.plan.expect import Expectation

    if prose.expects and prose.expects[-1] is not None:
        return prose
    # A nested line that names the same command and what it shows ("- Then: `x` prints
    # `3`" under "Run: `x`"; the fourteenth pass: dropped, the item ticked).
    for k in range(i + 1, end):
        if st.excluded[k] or "`" not in doc.lines[k]:
            continue
        read = dc.with_description(prose.commands, prose.expects, doc.lines[k].strip())
        if read and read != prose.expects and any(e is not None for e in read):
            return prose._replace(expects=read)
    for k in range(i + 1, end):
        if st.excluded[k]:
            continue
        m = _NESTED_EXPECT.match(doc.lines[k])
        if m is None:
            continue
        rest = m.group("rest").strip()
        label = m.group("label")
        if rest.startswith("`") and not rest.startswith("```"):
            read = dc.with_description(prose.commands, prose.expects, f"Expected: {rest}")
            if read and read[-1] is not None and read[-1].kind != "unchecked":
                return prose._replace(expects=read)
        block = _fenced_after(doc, k + 1, end) if not rest else None
        full: list[Expectation | None] = (
            list(prose.expects) if prose.expects else [None] * len(prose.commands)
        )
        if block:
            # "Expected output:" and a fenced block: every line of it must be in the output.
            full[-1] = Expectation(tuple(block), transcript=False)
            return prose._replace(expects=tuple(full))
        said = rest or next(
            (doc.lines[j].strip() for j in range(k + 1, end) if doc.lines[j].strip()), ""
        )
        told = Expectation((f"{label}: {said}".strip(),), transcript=False, kind="unchecked")
        full[-1] = told
        return prose._replace(expects=tuple(full))
    return prose


def _fenced_after(doc: Document, start: int, end: int) -> list[str]:
    """The lines of a fenced block that opens on the first non-blank line from `start`."""
    k = start
    while k < end and not doc.lines[k].strip():
        k += 1
    if k >= end or not doc.lines[k].strip().startswith(("```", "~~~")):
        return []
    fence = doc.lines[k].strip()[:3]
    found: list[str] = []
    for j in range(k + 1, end):
        if doc.lines[j].strip().startswith(fence):
            return [ln for ln in found if ln]
        found.append(doc.lines[j].strip())
    return []


def checklist_tasks(doc: Document, st: Structure, items: list[int], options: Options) -> list[Task]:
    """One task per checklist item, with its nested lines; IDs as `item_ids` gives them."""
    matches = [CHECK_ITEM.match(doc.lines[i]) for i in items]
    texts = [m.group("text") if m else "" for m in matches]
    ids = item_ids(texts)
    heading_lines = [h.line for h in st.headings]
    tasks: list[Task] = []
    for k, (i, m) in enumerate(zip(items, matches, strict=True)):
        assert m is not None
        limit = items[k + 1] if k + 1 < len(items) else len(doc.lines)
        end = item_end(doc, heading_lines, i, limit)
        found = item_commands(doc, st, i, end, texts[k], options.infer_commands)
        body = tuple(doc.lines[j].rstrip() for j in range(i + 1, end))
        said: tuple[str, ...] = ()
        if not found.commands:
            labelled = (dc.LABEL.match(line) for line in body)
            said = tuple(x for lb in labelled if lb for x in dc.mentioned(lb.group("rest")))
        box = m.group("box")
        status = box_status(box, texts[k], glued=not m.group("after"))
        if m.group("more"):
            status = None  # `[ ][x] two`: which box counts? Neither: lint P106 asks
            box += "]" + m.group("more")[:-1]
        if status is Status.OUTSTANDING:
            status = _nested_status(body) or status
        part = open_child(doc, st, i, end)
        if status is Status.PASSED and part is not None:
            status = None  # ticked over an open sub-item: P106 says which
        elif found.commands and part is not None:
            # Its commands cannot pass it while a part of it is open (the thirteenth pass:
            # the run ticked the parent over `  - [ ] Test. Run \`false\`.`, which never
            # ran): a person ticks or does the parts, then marks it.
            found = dc.Commands()
        heading = st.heading_before(i)
        if status in (Status.OUTSTANDING, Status.IN_PROGRESS) and (
            heading is not None and skipped_heading(heading.text)
        ):
            status = Status.SKIPPED
        tasks.append(
            Task(
                id=ids[k],
                line=i + 1,
                status=status,
                status_raw=f"[{box}]",
                description=texts[k],
                commands=found.commands,
                inferred=found.inferred,
                expects=found.expects,
                sources=found.sources,
                body=body,
                files_text=" ".join([texts[k], *body]),
                mentions=said,
                anchor=Anchor(i, None),
                open_part=part + 1 if part is not None else 0,
            )
        )
    return tasks


def open_child(doc: Document, st: Structure, i: int, end: int) -> int | None:
    """The first sub-item under the item at line `i` (its lines up to `end`) whose box is not
    done nor skipped (`  - [ ] two.a`, `  - [?] two.a`): a parent cannot pass while a part
    of it is open (issue 19 case 10). Its line index, or None."""
    for j in range(i + 1, end):
        if st.excluded[j] or "[" not in doc.lines[j]:
            continue
        m = CHECK_ITEM.match(doc.lines[j])
        if m is None:
            continue
        child = box_status(m.group("box"), m.group("text"), glued=not m.group("after"))
        if child not in (Status.PASSED, Status.SKIPPED) or m.group("more"):
            return j
    return None


# "- **Status:** ⏳ DEFERRED - Moving to Phase 3 first" nested under an unticked item.
_NESTED_STATUS = later(
    r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?status\s*:?\s*(?:\*\*|__)?\s*:?\s*(?P<value>.+?)\s*$", re.I
)


def _nested_status(body: tuple[str, ...]) -> Status | None:
    """What a `Status:` line among an unticked item's own lines says it is, when it says it
    is waiting (blocked, deferred, skipped) or under way (realfix item 4); a pass is the
    box's to say."""
    for line in body:
        m = _NESTED_STATUS.match(line)
        if m is None:
            continue
        value = re.split(r"\s+[-–—(:]\s*|\s*[(.,;]", m.group("value"), maxsplit=1)[0]
        status = parse_key(value)
        if status in (Status.BLOCKED, Status.SKIPPED, Status.IN_PROGRESS):
            return status
        return None
    return None


_DONE_MARKS = ("\u2705", "\u2714", "\u2611")  # a check mark after a heading's title


def section_tasks(
    doc: Document, st: Structure, sections: list[tuple[Heading, re.Match[str]]]
) -> list[Task]:
    """One task per `### Task N:` section: ID N, commands from its labelled lines (`Run:`,
    `Expected:`), status from a box in its heading, else from the boxes of its steps (all
    ticked: passed; some: in progress; none or no boxes: outstanding)."""
    tasks: list[Task] = []
    for h, m in sections:
        end = st.section_end(h)
        found = dc.from_declared(dc.declared(doc.lines, st.excluded, h.line + 1, end))
        body = [doc.lines[j].rstrip() for j in range(h.line + 1, end)]
        while body and not body[-1].strip():
            body.pop()
        title = (m.group("title") or "").strip()
        status, raw = _section_status(doc, st, h.line + 1, end, m.group("box"), title)
        tasks.append(
            Task(
                id=m.group("id"),
                line=h.line + 1,
                status=status,
                status_raw=raw,
                description=title.rstrip(" " + "".join(_DONE_MARKS)),
                commands=found.commands,
                expects=found.expects,
                sources=found.sources,
                body=tuple(body),
                files_text=" ".join(body),
                anchor=Anchor(h.line, None),
                status_holder=False,
            )
        )
    return tasks


def _section_status(
    doc: Document, st: Structure, start: int, end: int, box: str | None, title: str
) -> tuple[Status, str]:
    if box is not None:
        return box_status(box, title) or Status.OUTSTANDING, f"[{box}]"
    if title.endswith(_DONE_MARKS):
        return Status.PASSED, title[-1]
    steps = [
        mm
        for j in range(start, end)
        if not st.excluded[j] and (mm := CHECK_ITEM.match(doc.lines[j]))
    ]
    boxes = [mm.group("box") if not mm.group("more") else "?" for mm in steps]
    # A tick its words take back (`- [x] step 🔴`, `- [x] step (revisit)`) is no tick here
    # either: the section passes only when every step is done (issue 19 case 10).
    ticked = sum(
        b in ("x", "X") and box_status(b, mm.group("text"), glued=not mm.group("after")) is not None
        for b, mm in zip(boxes, steps, strict=True)
    )
    if boxes and ticked == len(boxes):
        return Status.PASSED, f"{ticked}/{len(boxes)} steps ticked"
    if ticked:
        return Status.IN_PROGRESS, f"{ticked}/{len(boxes)} steps ticked"
    return Status.OUTSTANDING, f"0/{len(boxes)} steps ticked" if boxes else ""
