"""The plan as data: frozen dataclasses and the Status enum; pure."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from runner.markdown.patterns import later

if TYPE_CHECKING:
    from runner.plan.actions import Acting
    from runner.plan.expect import Expectation


class Status(enum.Enum):
    """What a status cell means, whatever key the plan writes for it."""

    OUTSTANDING = "outstanding"
    IN_PROGRESS = "in_progress"
    PASSED = "passed"
    FAILED = "failed"
    BLOCKED = "blocked"
    SKIPPED = "skipped"

    @property
    def done(self) -> bool:
        """Complete or skipped: counts as finished for dependencies and plan completion."""
        return self in (Status.PASSED, Status.SKIPPED)


TASK_TYPES = ("Code", "Read", "Action", "Test", "Gate", "Human")
# Task Types that a person does, never a command (`Read`, `Human`, and the words plans use
# for the same: a `Manual` task with a command ran it, in the fifth pass of issue 19).
PERSON_TYPES = frozenset(
    [
        *("read", "human", "manual", "person", "review", "approval", "decision", "meeting"),
        "sign-off",
        # Human-in-the-loop's initials (the eighth pass ran a `HITL` task's command).
        *("hitl", "manually", "handmatig", "manuale"),
        # other languages' words for the same (the seventh pass: `Manuell` ran its command)
        *("manuell", "manuel", "manuelle", "humain", "humano", "mensch", "persona", "personne"),
        # ... and the tenth pass's: by hand, manually, a human, in more languages.
        *("manualmente", "manuellement", "manuellt", "handmatige", "handwerk", "händisch"),
        *("humana", "humanos", "umano", "umana", "människa", "człowiek"),
    ]
)
# Words whose forms change with the sentence (Russian `ручная`/`ручной`/`вручную`, Polish
# `ręczny`/`ręcznie`, Czech `ruční`/`ručně`): a word that begins so is a person's work.
_PERSON_STEMS = ("ручн", "вручн", "ręczn", "ručn", "ruční", "человек", "χειροκίνητ")
# Two-word phrases: `von Hand`, `à la main`, `a mano`, `à mão`, `met de hand`.
_PERSON_PHRASE = later(r"\b(?:von|per|met\s+de|à\s+la|a|à)\s+(?:hand|main|mano|mão)\b")
# Languages written without spaces: the word anywhere in the type (`手动测试`, `人工审核`,
# `수동 테스트`): by hand (手动, 手動, 手工, 手作業, 수동, 수작업), by people (人工, 人手, 사람),
# by eye (目視, 目视). 人工智能 and 人工知能 are artificial intelligence, not a person.
_PERSON_CJK = later(r"手动|手動|手工|手作業|人工(?!智能|知能)|人手|目視|目视|수동|수작업|사람")


def by_a_person(task_type: str) -> bool:
    """A Task Type that names a person's work, alone or with other words (`Manual QA`,
    `Human review`, `Person (manual)`, `👤 Human`, `manual/human`, `Human-in-the-loop`: the
    sixth and seventh passes ran their commands), in any language (the tenth pass ran
    `手动`, `Ручная`, `수동`, `手作業`): the Type's words meaning by hand or a person."""
    lowered = task_type.lower()
    words = set(re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", lowered))
    words |= {part for w in words for part in w.split("-")}  # `Human-in-the-loop`
    if words & PERSON_TYPES or any(w.startswith(_PERSON_STEMS) for w in words):
        return True
    return _PERSON_PHRASE.search(lowered) is not None or _PERSON_CJK.search(task_type) is not None


# A description that gives the task to a person, whatever its Task Type (the eighth pass of
# issue 19 ran `Code` rows that began `Manual: click through the UI` and `Ask a person to
# sign off`): a label (`Manual:`, `Human step -`, `[manual]`, `(HITL)`), `Manually ...`,
# `By hand: ...`, or asking someone who is not the program's own user (`Ask a person to`,
# `Have the reviewer ...`, `Get a teammate to`; `Ask the user to confirm` is a feature).
_LABEL = (
    r"(?:manual|human|person|hitl|by\s+hand|human[- ]in[- ]the[- ]loop"
    # the same labels in other languages (tenth pass): `手动：`, `[Manuell]`, `Ручная проверка:`
    r"|(?:manuell\w*|manuel(?:le)?|handmatig\w*|händisch\w*|von\s+hand|ручн\w*|вручную"
    r"|ręczn\w*)(?:\s+(?:проверка|тест|шаг|prüfung|test|schritt|controle|stap|sprawdzenie"
    r"|krok|vérification|étape))?"  # `Ручная проверка:`, `Manuelle Prüfung:`
    r"|手动|手動|人工(?!智能|知能)|手工|手作業|目視|目视|수동)"
)
_PEOPLE = (
    r"person|human|someone|somebody|reviewer|teammate|colleague|maintainer|designer|pm"
    r"|product\s+(?:owner|manager)|qa|tester|stakeholder|approver|lead|manager|expert"
    r"|member\s+of\s+\w+|second\s+pair\s+of\s+eyes"
    # A team or a role named for whom it is (the fourteenth pass: "Also ask security to
    # review", "Have QA sign off" passed on the item's check).
    r"|security(?:\s+team)?|legal|compliance|ops|devops|sre|on-?call|support|design(?:\s+team)?"
    r"|release\s+manager|owners?|code\s+owners?|team(?:\s+lead)?|architect|auditor|customer"
    r"|client|editor|copy\s*editor|translator|accessibility\s+team"
)
_STEP = r"(?:\s+(?:step|check|task|test|qa|review|verification|only))?"
_FOR_A_PERSON = later(
    r"^[\s*_`>#-]*(?:"
    + (_LABEL + _STEP + r"(?:\s*[:\uff1a]|\s+[-\u2013\u2014]\s)")  # `Manual:`, `HITL - `
    + (r"|[\[(]\s*" + _LABEL + r"(?:\s+only)?\s*[\])]")  # `[manual]`, `(HITL)`
    + r"|manually\b|by\s+hand\b"
    + r"|(?:please\s+)?(?:ask|have|get|let|request)\s+"
    + (r"(?:(?:a|an|the|one|some|another|our|your)\s+)?(?:" + _PEOPLE + r")s?\b")
    + r")",
    re.IGNORECASE,
)


def for_a_person(description: str) -> bool:
    """A description that gives the task to a person (`_FOR_A_PERSON`)."""
    return _FOR_A_PERSON.match(description) is not None


# A person's step after the commands, anywhere in a Validation cell or a checklist item (the
# thirteenth pass: "`true` then ask the reviewer", "`true`; reviewer signs off in the PR",
# "`true` and then a human checks the screenshots" passed on the command's exit 0).
_ASKS_A_PERSON = later(
    r"(?:^|[.;,:+&\u2014\u2013]|\s[-*]\s|\b(?:then|and|after(?:wards)?|finally|also))\s*"
    r"(?:then\s+)?"
    r"(?:(?:please\s+)?(?:ask|have|get|let|request)\s+(?:(?:a|an|the|one|some|another|our|your)\s+)?"
    + (r"(?:" + _PEOPLE + r")s?\b")
    # "get sign-off from the PM", "approval from legal", "confirm with the team".
    + r"|(?:get|obtain|request|wait\s+for|need)\s+(?:(?:a|an|the)\s+)?(?:sign[- ]?off|approval|"
    r"an?\s+ok|the\s+go-ahead|a\s+review)\s+(?:from|by)\b"
    r"|(?:confirm|check|agree|align)\s+with\s+(?:(?:a|an|the|our|your)\s+)?(?:"
    + _PEOPLE
    + r")s?\b"
    + r"|(?:(?:a|an|the|one|another|our|your)\s+)?(?:"
    + _PEOPLE
    + r")s?\s+(?:(?:must|should|will|"
    r"needs?\s+to|has\s+to|to)\s+)?(?:signs?\s+off|approves?|confirms?|checks?|reviews?|"
    r"verif(?:y|ies)|inspects?|looks?\s+(?:at|over)|eyeballs?|tests?(?=\s+(?:the|it|this|that|on|in)\b)|validates?|accepts?)\b)",
    re.IGNORECASE,
)


# An act after the commands that no check does (the fourteenth pass: "`true`, then commit
# the regenerated files", "and open a PR", "; attach the report to the ticket", "notify
# #releases in Slack" passed on the command's exit 0): the task is done when it is done.
_ASKS_AN_ACT = later(
    r"(?:[.;,:+&\u2014\u2013]|\b(?:then|and|after(?:wards)?|finally|also))\s*(?:then\s+)?"
    r"(?:(?:commit|push|tag|release|publish|deploy|merge|upload|announce)\s+(?:the|it|this|that|"
    r"them|your|a|an|all|changes?|branch|files?|regenerated|generated|updated|new|results?|"
    r"release|tag|version|to)\b"
    r"|open\s+(?:a|the)\s+(?:pr|pull\s+request|mr|merge\s+request|ticket|issue)\b"
    # Outside the work tree only: "update the changelog" is work in it, as "add the parser"
    # is, which the item's check proves.
    r"|update\s+the\s+(?:release\s+notes|wiki|ticket|issue|pr)\b"
    r"|(?:update|record|note|log|write)\s+.{0,30}?\bin\s+the\s+(?:ticket|pr|wiki|release\s+notes)\b"
    r"|(?:attach|paste|post|send|email|upload)\s+.{0,40}?\b(?:to|into|in|on)\s+(?:the\s+)?"
    r"(?:ticket|issue|pr|pull\s+request|slack|channel|description|release\s+notes|wiki|team|"
    r"#[\w-]+)\b"
    r"|notify\s+(?:the\s+|#)?[\w-]+|screenshot\s+(?:the|it)\b|take\s+a\s+screenshot\b"
    r"|file\s+(?:a|an)\s+(?:issue|ticket|bug)\b)",
    re.IGNORECASE,
)


def asks_a_person(text: str) -> bool:
    """Whether the text gives a step to a person besides its commands (a person's look, or
    an act no check does: a commit, a PR, a note in the ticket): the task is then done only
    when that step is (it is marked by hand)."""
    bare = re.sub(r"`[^`]*`", " ", text)
    return _ASKS_A_PERSON.search(bare) is not None or _ASKS_AN_ACT.search(bare) is not None


# Task Types that name work to be done to the project or the machine: a command read only
# from such a row's description (`Install dependencies: run \`bun install\``) is the
# work itself, not a check of it (issue 19, a second trial on real plans).
DOING_TYPES = frozenset(["action", "setup", "install", "installation"])


def by_doing(task_type: str) -> bool:
    """A Task Type of work done (`Action`, `Setup`, `Install`), alone or with other words."""
    return bool(set(re.findall(r"[a-z]+", task_type.lower())) & DOING_TYPES)


@dataclass(frozen=True)
class Anchor:
    """Where a status lives: a table cell (line, column) or a checklist box (line)."""

    line: int
    column: int | None = None


@dataclass(frozen=True)
class Task:
    """One row of the tracker (or one checklist item in the cookbook dialect)."""

    id: str
    line: int
    status: Status | None
    status_raw: str
    description: str
    phase: str = ""
    type: str = ""
    commands: tuple[str, ...] = ()
    inferred: bool = False
    depends: tuple[str, ...] = ()
    timeout: float | None = None
    # The text the task's files are named in (`files`, read when asked: `plan status`
    # shows none of them, and finding them is a third of reading 10,000 rows; bench/).
    files_text: str = ""
    malformed: bool = False
    anchor: Anchor = field(default_factory=lambda: Anchor(0))
    # What each command's output must show, aligned with `commands` (None: exit 0 is
    # enough); () when nothing is expected (`runner.plan.expect.expectations` fills it).
    expects: tuple[Expectation | None, ...] = ()
    # Where each command came from, aligned with `commands`: "Validation column", "Evidence
    # bullet, line 14", "inferred from the description" (() when the reader did not say).
    sources: tuple[str, ...] = ()
    # The task's further lines as written (a checklist item's continuation lines and nested
    # bullets, a task section's lines), for `plan show`; the first line is `description`.
    body: tuple[str, ...] = ()
    # False: nothing in the plan can hold this task's status (a `### Task N:` section with no
    # checkbox); its results live in the journal and the state folder
    # (`runner.workspace.remembered`).
    status_holder: bool = True
    # Commands the plan declares that act rather than observe (`git push`, a deploy): never
    # run as checks (docs/format.md, "Checks and actions"). Without the user's opt-in they are
    # withheld from `commands`, which makes the task manual and says why.
    acting: tuple[Acting, ...] = ()
    # Command-like spans of the task's Validation cell or labelled lines that its words make
    # a mention ("`x` (retired in v2)", "Run: `x` on the production host"): never run; the
    # task is manual and `plan lint` says why (P122). Only read when it has no commands.
    mentions: tuple[str, ...] = ()
    # A checklist item's open sub-item (its line, 1-based; 0: none): the item cannot pass
    # while that part of it is open, by a run or by hand.
    open_part: int = 0

    @cached_property
    def files(self) -> tuple[str, ...]:
        """The files the task names: `path:line` references and code spans that are paths."""
        from runner.plan.inference import named_files

        return named_files(self.files_text) if self.files_text else ()

    @property
    def manual(self) -> bool:
        """Nothing to run: a person or agent marks it done."""
        return not self.commands and not self.runs_gates

    @property
    def runs_gates(self) -> bool:
        """A Gate task with no commands of its own runs the Quality Gates table."""
        return self.type.lower() == "gate" and not self.commands

    @property
    def never_runs(self) -> bool:
        """Read, Human and Manual tasks (`PERSON_TYPES`) never run commands, nor a task
        whose description gives it to a person (`Manual: ...`, `Ask a person to ...`)."""
        return by_a_person(self.type) or for_a_person(self.description)


@dataclass(frozen=True)
class Gate:
    """One row of the Quality Gates table."""

    name: str
    line: int
    commands: tuple[str, ...]
    status: Status | None
    status_raw: str
    last_run: str
    threshold: str = ""
    malformed: bool = False
    # What the gate reads that git does not track (its `Inputs` cell): ignored files
    # (`.env`) and environment variables (`$API_URL`), part of its up-to-date fingerprint.
    inputs: tuple[str, ...] = ()
    # A person's step or an act beside the commands ("`true`, then the lead approves"): the
    # run cannot check it, and every output says so (the fourteenth pass: a plain pass).
    person_step: str = ""


@dataclass(frozen=True)
class MetaField:
    """A metadata value and where it sits: 0-based line, [start, end) of the value."""

    key: str
    value: str
    line: int
    start: int
    end: int


@dataclass(frozen=True)
class Problem:
    """A finding about a plan, in the shape ruff prints: `path:line: CODE message`."""

    line: int
    code: str
    severity: str
    message: str
    path: str = ""

    def render(self) -> str:
        """`path:line: CODE message`."""
        return f"{self.path}:{self.line}: {self.code} {self.message}"


@dataclass(frozen=True)
class Tracker:
    """Which table (or checklist) the tasks came from, so a person can tell a wrong guess."""

    kind: str  # "table" or "checklist"
    line: int
    heading: str
    reason: str
    # Checklist items the tracker does not take as tasks, and why (criteria, other
    # sections): `plan status` says so, so no part of a plan is silently dropped.
    left_out: int = 0
    left_out_why: str = ""
    # Lines (1-based) of those left out whose box is not done (`[ ]`, `[?]`, `[/]`) in a
    # section of work: the plan is never Complete while one stands (issue 19 case 10).
    left_open: tuple[int, ...] = ()


@dataclass(frozen=True)
class Plan:
    """Everything the runner reads from one plan."""

    title: str
    status: str
    metadata: dict[str, MetaField]
    tasks: tuple[Task, ...]
    gates: tuple[Gate, ...]
    tracker: Tracker | None
    gates_line: int | None
    problems: tuple[Problem, ...]
    headings: tuple[str, ...]
    dialect: dict[Status, str]
    legend: dict[str, Status] = field(default_factory=dict)

    @cached_property
    def _by_id(self) -> dict[str, Task]:
        index: dict[str, Task] = {}
        for t in self.tasks:
            index.setdefault(t.id, t)  # a repeated ID (P103) means its first task
        return index

    def task(self, task_id: str) -> Task | None:
        """The task with this ID (compared as text), found by an index built once."""
        return self._by_id.get(task_id)

    def counts(self) -> dict[str, int]:
        """How many tasks have each status meaning."""
        counts = {s.value: 0 for s in Status}
        counts["unknown"] = 0
        for t in self.tasks:
            counts[t.status.value if t.status else "unknown"] += 1
        if not counts["unknown"]:
            del counts["unknown"]
        return counts

    def next_task(self) -> Task | None:
        """docs/format.md "What next is": in progress or failed, else a ready outstanding task."""
        for t in self.tasks:
            if t.status in (Status.IN_PROGRESS, Status.FAILED):
                return t
        done = {t.id for t in self.tasks if t.status is not None and t.status.done}
        for t in self.tasks:
            if t.status is Status.OUTSTANDING and all(d in done for d in t.depends):
                return t
        return None

    def complete(self) -> bool:
        """Every task complete or skipped, every gate passed, and no checklist item of the
        work that the tracker left out still open."""
        tasks_done = all(t.status is not None and t.status.done for t in self.tasks)
        gates_done = all(g.status is Status.PASSED for g in self.gates)
        left_open = self.tracker is not None and bool(self.tracker.left_open)
        return bool(self.tasks) and tasks_done and gates_done and not left_open


def normalise_plan_status(value: str) -> str | None:
    """`In Progress`, `in-progress`, `completed` ... as one of the four plan statuses."""
    key = re.sub(r"[^a-z]", "", value.lower())
    return {
        "proposed": "Proposed",
        "draft": "Proposed",
        "planned": "Proposed",
        "inprogress": "In Progress",
        "active": "In Progress",
        "wip": "In Progress",
        "blocked": "Blocked",
        "complete": "Complete",
        "completed": "Complete",
        "done": "Complete",
    }.get(key)
