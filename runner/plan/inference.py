"""Which commands a task declares, which files it names, how long it may run; pure."""

from __future__ import annotations

import os
import re
import shlex
from typing import NamedTuple

from runner.markdown.codespans import code_span_ranges, code_spans
from runner.markdown.patterns import later
from runner.plan import mentions

# `via` is not a cue: in prose it names a means ("reschedule via `quoteRefreshSeconds`",
# "stubs via `buf generate`"), and "run via `x`" is caught by `run` (issue 10, the trial).
_CUE = later(
    r"(?<![\w-])(run quality gates:|validate with|verify with|check with|execute|run|"
    # "Verified by `x` printing `3`", "checked with `x`": the check named after it
    r"(?:verified|checked|validated|confirmed|proven|proved|tested|demonstrated)\s+"
    r"(?:by|with|via)(?:\s+running)?)(?![\w-])",
    re.IGNORECASE,
)
# An arrow between a command and what it shows (kept with the mentions that read it too).
ARROW = mentions.ARROW


def closes_comment(text: str, at: int, cue: str) -> bool:
    """Whether the cue `-->` at text[at] closes an HTML comment opened before it: no arrow."""
    return cue.startswith("--") and text.count("<!--", 0, at) > text.count("-->", 0, at)


# An expectation cue: the code span after it is output to compare with, never a command.
_EXPECT_CUE = later(
    r"(?<![\w-])(?:expect(?:s|ed|ing)?(?:\s+output)?:?|(?:should|must|will)\s+(?:print|output|"
    r"return|show|display|say|report|contain|read|give|yield|emit|be|equal|match|see|echo|produce)(?:\s+out)?|"
    r"(?:output|result)\s+(?:is|equals|reads|matches)|equals|prints(?:\s+out)?|outputs|"
    r"returns|shows|displays|yields|gives|emits|echoes|reports|produces|writes\s+out|"
    r"printing|outputting|showing|displaying|returning|yielding|emitting|echoing|"
    r"contains|includes|"
    # the seventh pass: wordings whose span was run as a command, or not read at all
    r"(?:you|we)\s+(?:should\s+|will\s+|'ll\s+)?(?:get|see)|should\s+see|and\s+see|to\s+see|"
    r"(?:look|search|grep|check)\s+(?:the\s+output\s+)?for|(?:output|result)\s+(?:has|shows)|"
    r"writes|is|matches|"
    r"responds\s+with|answers|says|results\s+in|renders|logs|"
    # the sixteenth pass: "should log `3`", "evaluates to `3`", "`x` print `3`" (a slip)
    r"(?:should|must|will)\s+log|evaluates?\s+to|(?<=`\s)print|"
    r"(?:output|result|stdout|sortie|ausgabe|salida|resultado)(?:\s+(?:attendue?|esperad[oa]|"
    r"erwartet))?\s*:|"
    r"(?:sortie|resultado|r\u00e9sultat)\s+(?:attendue?|esperad[oa])\s*:|erwartet\s*:|"
    r"ergibt|affiche|devuelve|muestra|zeigt|liefert|renvoie|retourne)(?![\w-])"
    r"|\u671f\u5f85\s*[:\uff1a]|\u9884\u671f\s*[:\uff1a]|\u7ed3\u679c\s*[:\uff1a]|\u51fa\u529b\s*[:\uff1a]"
    # "`x`, output `y`", "stdout `y`": the noun right before a span names it as output
    r"|(?<![\w-])(?:output|stdout|result)(?=\s*`)"
    rf"|{ARROW}|(?<![-=<>!])==?(?![-=<>])",
    re.IGNORECASE,
)
# Words allowed between an expectation cue and its code span, and between two expected spans.
_FILLER = frozenset(
    [
        "the",
        "a",
        "an",
        "output",
        "result",
        "text",
        "line",
        "lines",
        "is",
        "are",
        "exactly",
        "to",
        "see",
        "value",
        "count",
        "number",
        "total",
        "greeting",
        "message",
        "string",
        "word",
        "answer",
        "following",
        "out",
        "exact",
        "just",
        "only",
    ]
)
_JOINER = frozenset(["and", "then", "followed", "by"])
# A run cue the sentence negates ("Do not run `x`", "Never execute `x`", "we no longer run
# `x`", "instead of running", "it is no longer necessary to run", "we used to run"): the
# span is prose about a command, not one to run. ("Don't forget to run" is not among them.)
_NEGATED = later(
    r"(?<![\w-])(?:not|never|no\s+longer|don'?t|doesn'?t|didn'?t|won'?t|shouldn'?t|mustn'?t|"
    r"can'?t|cannot|avoid(?:ing)?|without|instead\s+of|rather\s+than|stop(?:ped)?|"
    r"refrain\s+from|nor|resist(?:\s+the\s+(?:urge|temptation))?(?:\s+to)?|"
    r"steer\s+clear\s+of|stay\s+away\s+from|abstain\s+from|forgo|"
    r"(?:no\s+longer\s+|not\s+|un)(?:necessary|needed|required)(?:\s+to)?|no\s+need\s+to|"
    r"need\s*n[o']t(?:\s+to)?|"
    r"(?<!\bis\s)(?<!\bare\s)(?<!\bwas\s)(?<!\bwere\s)(?<!\bbe\s)(?<!\bbeen\s)used\s+to|"
    r"(?:nobody|no\s+one)\s+(?:should|must|will|can|may|needs?|has|ever)|"
    r"no\s+reason\s+to|(?:under|in|on)\s+no\s+(?:circumstances?|conditions?|account|case|event"
    r"|way)(?:\s+(?:should|must|may|can|shall|will|would|do|are|is)\s+(?:you|we|anyone|one|they"
    r"|agents?|people))?)"
    r"(?:\s+(?:ever|again|to|yet|also|even|directly|manually|need|needs|have|has)){0,2}\s*$",
    re.IGNORECASE,
)
# "The previous run `x` timed out", "a dry run `x`": run as a noun names an earlier run.
_NOUN_RUN = later(
    r"(?<![\w-])(?:the|a|an|this|that|each|every|last|previous|prior|earlier|"
    r"our|your|my|their|its|dry|test|ci|nightly|whole|full|same|failed|failing)\s*$",
    re.IGNORECASE,
)
_SENTENCE_END = later(r"[.!?](?=\s|$)")
# "should not print `x`", "must not show", "never prints", "prints no": the span after it is
# output that must not appear: never a command to run, never output that must appear.
_ABSENT_VERBS = r"(?:print|show|output|contain|display|say|report|return|emit|include|list)"
_ABSENT_CUE = later(
    rf"(?<![\w-])(?:(?:should|must|will|does|do|shall|may)\s*(?:\s+not|n'?t)\s+{_ABSENT_VERBS}"
    rf"|never\s+{_ABSENT_VERBS}s?|{_ABSENT_VERBS}s?\s+no|expect(?:s|ed|ing)?(?:\s+to\s+see)?\s+no)"
    r"(?:\s+(?:the|a|an|any|word|text|line|string|output|error|message))*\s*$",
    re.IGNORECASE,
)


def absent_spans(text: str) -> dict[int, tuple[str, int]]:
    """Code spans that name output which must not appear (see `_ABSENT_CUE`): their start ->
    (content, end)."""
    out: dict[int, tuple[str, int]] = {}
    prev = 0
    for a, b in code_span_ranges(text):
        if _ABSENT_CUE.search(text[prev:a]):
            content = unescape_cell(code_spans(text[a:b])[0]).strip()
            if content:
                out[a] = (content, b)
        prev = b
    return out


_PLACEHOLDER = later(r"^<[^<>]*>$")
_LINE_REF = later(r":\d+(?:-\d+)?$")
_FILE_NAME = later(r"^[\w.@+-]*\.[A-Za-z][\w]{0,9}$")
# `path:line` anywhere in prose or code: a file name with an extension, then a line number
# (a glob such as `prompts/*.md:1` names no one file: not a reference).
_PATH_LINE = later(
    r"(?<![\w/.:*?\[\]{}-])((?:[\w.@+-]+/)*[\w.@+-]*\.[A-Za-z][\w]{0,9}):(\d+)(?:-\d+)?(?![\w:])"
)


# A single word that names a program is a command (`make`, `pytest`, `uname`); these shapes
# name something else: an identifier (`quoteRefreshSeconds`, `AbortSignal.timeout()`), a
# package script run through its runner (`lint`, `doc-lint`: `npm run lint` is the command).
_CAMEL = later(r"[a-z][A-Z]")
_CALL = later(r"^[A-Za-z_$][\w$.]*\(")
_SCRIPT_NAMES = frozenset(
    [
        "build",
        "check",
        "ci",
        "clean",
        "coverage",
        "deploy",
        "dev",
        "docs",
        "e2e",
        "fmt",
        "format",
        "lint",
        "release",
        "serve",
        "start",
        "test",
        "tests",
        "typecheck",
        "watch",
    ]
)
# Single hyphenated or underscored words that are programs (the rest are script names).
_HYPHENATED_TOOLS = frozenset(
    [
        "pre-commit",
        "clang-format",
        "clang-tidy",
        "golangci-lint",
        "cargo-nextest",
        "docker-compose",
        "git-lfs",
        "markdownlint-cli2",
        "ts-node",
    ]
)
_INNER_PLACEHOLDER = later(r"<[A-Za-z_][\w-]*>")
# "the direct `docker compose run` calls are removed": the span names what is to disappear.
_REMOVED = later(
    r"^\W*(?:[\w-]+\s+){0,3}?(?:is|are|was|were|has been|have been|gets?|got)\s+(?:now\s+|all\s+)?"
    r"(?:removed|deleted|gone|dropped|eliminated)\b",
    re.IGNORECASE,
)
# "Run `uv sync` in `tools/x/`": the folder the command runs in.
_IN_FOLDER = later(
    r"^\s+(?:in|inside|from|under|within)\s+(?:the\s+)?`(?P<dir>[^`\s]+)`"
    r"(?:\s+(?:directory|folder|dir))?",
    re.IGNORECASE,
)


def has_blank(span: str) -> bool:
    """A span with `…`, a `<placeholder>` or a placeholder path (`/path/to/videos`) in it is
    a template to fill in, never run."""
    return "…" in span or bool(_INNER_PLACEHOLDER.search(span) or _PLACEHOLDER_PATH.search(span))


_PLACEHOLDER_PATH = later(r"(?:^|[\s='\"(])(?:/|~/|\./)?path/to(?:/|\b)", re.I)
# Names that are no commands wherever they are written (realfix item 2): a commit hash
# (`acad1e6`), a dotted namespace (`Microsoft.CSharp`), an assignment written with spaces
# (`mission.type = "reporting"`: a value in a contract, not a shell line).
_COMMIT = later(r"^(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,40}$")
_NAMESPACE = later(r"^[A-Z][A-Za-z0-9]*(?:\.[A-Z][A-Za-z0-9]*)+$")
_SPACED_ASSIGNMENT = later(r"^[A-Za-z_$][\w.$\[\]'\"-]*\s+(?:=|==|:=|\+=|\?\?=)\s+\S")


def is_name(span: str) -> bool:
    """A commit hash, a dotted namespace, a value assigned with spaces or a span with a
    placeholder path: a name in prose, never a command, even in a Validation cell."""
    span = span.strip()
    return bool(
        _COMMIT.match(span)
        or _NAMESPACE.match(span)
        or _SPACED_ASSIGNMENT.match(span)
        or _PLACEHOLDER_PATH.search(span)
    )


# `error: ...`, `plan: error:`: a word and a colon open output (a label), not a command.
_LABELLED = later(r"^[\w.-]+:(?:\s|$)")
# `CI=1 npm test`: assignments before the program.
_ASSIGNMENT = later(r"^[A-Za-z_][A-Za-z0-9_]*=")
# The same, whole, with a value the shell computes or quotes and the operator after it
# (`d=$(mktemp -d); ls "$d"`: the fourteenth stop read `-d);` as the program's name).
_LEADING_ASSIGNMENT = later(
    r"^[A-Za-z_][A-Za-z0-9_]*=(?:\$\((?:[^()]|\([^()]*\))*\)|`[^`]*`|\"[^\"]*\"|'[^']*'|[^\s;&|]*)"
    r"\s*(?:;|&&|\|\|)?\s*"
)
# What a program's name starts with: a lowercase letter (`pytest`, `7z` aside), a path
# (`./x`, `/usr/bin/x`, `~/bin/x`), `_`, or a variable holding it (`$PYTHON -m x`).
# Prose starts with a capital (`Execution Log`, `None`), output with a number or a bracket
# (`6 passed`, `[WARN]`).
_PROGRAM = later(r"^(?:[a-z_./~]|\d+[a-z]|\$\{?[A-Za-z_])")
_VARIABLE = later(r"^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$")
# A size (`1440x900`, `390x844px`, `2x`): a value, never a program (issue 19, item 4).
_SIZE = later(r"^\d+(?:\.\d+)?[x\u00d7](?:\d+(?:\.\d+)?)?(?:px|dp|pt)?$", re.I)


def looks_like_command(span: str) -> bool:
    """Is an inferred code span a command, not a name written in prose?

    Not a command: a span with `…` or a `<placeholder>` in it; output opened by a label
    (`error: x`, `plan: error:`); a span whose first word (after `VAR=value` assignments)
    does not start like a program's name — prose starts with a capital (`Execution Log`,
    `None`), output with a number or a bracket (`6 passed`, `[WARN]`), and a lone
    variable (`$HOME`) is a value; a single word that is an
    identifier (camelCase, `Foo.bar()`, a call with parentheses), a common package-script name
    (`lint`, `test`, `build`, `fmt`, `typecheck` ...: its runner is the command) or a
    hyphenated or underscored name that is not a known tool (`doc-lint`). Reading never
    looks at the machine's PATH: the same plan reads the same everywhere.
    """
    span = span.strip()
    if has_blank(span) or is_name(span) or _CALL.match(span) or _LABELLED.match(span):
        return False
    words = span.split()
    rest = span
    while (lead := _LEADING_ASSIGNMENT.match(rest)) is not None and lead.end() > 0:
        rest = rest[lead.end() :]
    program = rest.split()[0] if rest.split() else ""
    if _SIZE.match(program):
        return False
    if not _PROGRAM.match(program) or (len(words) == 1 and _VARIABLE.match(program)):
        return False
    if len(words) > 1:
        return True
    if span.startswith(("./", "../", "~/", "/")):
        return True
    if _CAMEL.search(span) or span.lower() in _SCRIPT_NAMES:
        return False
    hyphenated = "-" in span or "_" in span
    return not hyphenated or span.lower() in _HYPHENATED_TOOLS


def with_cwd(command: str, cwd: str) -> str:
    """The command as it runs from its folder: `cd DIR && CMD` (the runner's shell is bash)."""
    return f"cd {shlex.quote(cwd)} && {command}" if cwd else command


def is_placeholder(span: str) -> bool:
    """`<cmd>` and the like: a blank in a template, not a command."""
    return bool(_PLACEHOLDER.match(span.strip()))


def is_path(span: str) -> bool:
    """A code span that names a file (or `path:line`) rather than a command.

    `./script` is taken as a command: nobody writes the `./` to name a file.
    """
    span = span.strip()
    if not span or any(c.isspace() for c in span) or span.startswith("./"):
        return False
    return bool(_LINE_REF.search(span) or "/" in span or _FILE_NAME.match(span))


def unescape_cell(text: str) -> str:
    """Inside a table cell `\\|` stands for a pipe, even in a code span."""
    return text.replace("\\|", "|")


def declared_commands(cell: str, *, prose: bool = True) -> tuple[str, ...]:
    """A Validation (or gate Command) cell: every code span is a command, placeholders aside,
    and those the cell's words say not to run ("Do not run `x`; run `y`"). `prose` False:
    the caller knows the cell is spans only."""
    if "`" not in cell:
        return ()
    skip = negated_spans(cell) if prose else set()
    found: list[str] = []
    prev: int | None = None
    for a, b in code_span_ranges(cell):
        between: str | None = cell[prev:a] if prev is not None else None
        prev = b
        if a in skip:
            continue
        command = unescape_cell(code_spans(cell[a:b])[0]).strip()
        if is_name(command):
            continue
        if prose and found and between is not None and not next_command(between):
            continue  # a later span the words before it make a mention, not a command
        if command and not (command[0] == "<" and is_placeholder(command)):
            found.append(command)
    return tuple(found)


# Words that join one command of a cell to the next ("`a` and then `b`", "`a` passes;
# run `b`"): anything else between two spans (a reason, a condition, history, another
# language: "`a` or, if that fails, `b`", "we tried `b`", "ne jamais exécuter `b`") makes
# the later span something the cell speaks of, not a command to run (issue 19, seventh pass).
_JOINERS = frozenset(
    [
        *("and", "then", "also", "plus", "next", "after", "afterwards", "finally", "followed"),
        *("by", "with", "again", "both", "too", "as", "well", "via", "using", "run", "runs"),
        *("running", "rerun", "execute", "executes", "verify", "verifies", "check", "checks"),
        *("confirm", "confirms", "validate", "validates", "test", "tests", "lint", "build"),
        *("builds", "pass", "passes", "passing", "passed", "succeed", "succeeds", "green"),
        *("clean", "ok", "okay", "works", "exit", "exits", "zero", "returns", "return"),
        *("prints", "print", "output", "outputs", "it", "that", "this", "the", "a", "an"),
        *("all", "to", "in", "on", "from", "of", "for", "is", "are", "be", "expect"),
        *("expected", "shows", "show", "should", "must", "each", "one", "same", "way"),
        *("step", "steps", "command", "commands"),
    ]
)


# Words saying a command runs somewhere other than here: a host or server, another
# environment (production, staging), as another user ("as root").
_ELSEWHERE = (
    r"on\s+(?:the\s+|a\s+|each\s+|every\s+|all\s+|that\s+)?(?:(?:production|prod|staging|live|"
    r"remote|target|release|deploy\w*|database|db|web|app|jump|bastion|other|real)\s+)?(?:host|"
    r"server|machine|box|cluster|node|vm|instance)s?|"
    # "on the build server", "on a CI runner", "on the GPU box": a named machine of its own
    r"on\s+(?:the|a|an|each|every|all|that|our|their)\s+(?:(?!(?:local|your|this|my|own|same|"
    r"current|developer|dev)\b)[\w-]+\s+){1,2}(?:host|server|machine|box|cluster|node|vm|"
    r"instance|runner|agent|worker)s?|"
    r"(?:in|on|against|into|to)\s+(?:the\s+)?(?:production|prod|staging|live|preprod|pre-prod|uat)"
    r"(?:\s+(?:environment|env|cluster|server|host|database|db|system|site))?"
    r"(?!\s+(?:code|build|bundle|mode|config|image|dependencies|deps|files?|sources?))|"
    r"as\s+(?:root|admin(?:istrator)?|superuser)|with\s+sudo|(?:via|over)\s+ssh|ssh\s+into"
)


# Words deferring a step to an event outside this session: another change ("in a follow-up
# PR"), or one that has not happened ("once the PR merges", "after the release ships"). A
# step of this session ("after the build finishes", "in the next step") is not deferred.
_DEFERRED = (
    r"(?:in|as|with|for)\s+(?:a|an|the|another)\s+(?:follow[- ]?up|later|separate|future|"
    r"subsequent|second|next|different)\s+(?:pr|pull\s+request|mr|merge\s+request|commit|"
    r"change(?:set)?|ticket|issue|iteration|sprint|release|version|milestone|task|story)|"
    r"(?:after|once|when)\s+(?:the\s+|this\s+|our\s+|a\s+|your\s+)?(?:pr|pull\s+request|mr|"
    r"merge\s+request|branch|release|deploy(?:ment)?|launch|rollout|review|change|feature)\s+"
    r"(?:is\s+|has\s+been\s+|gets\s+|was\s+)?(?:merged|merges|ships?|shipped|released|out|"
    r"live|deployed|approved|landed|lands|goes\s+(?:out|live)|in\s+production)|"
    r"post-(?:release|deploy(?:ment)?|merge|launch)|"
    # A state the run does not bring about, waited for ("once the server is up, run `x`",
    # "as soon as the API is reachable"): a person's step, as "when ..." is.
    r"(?:once|after|as\s+soon\s+as)\s+(?:the\s+|your\s+|our\s+|a\s+|its\s+)?[\w-]+(?:\s+[\w-]+)?"
    r"\s+(?:is\s+|are\s+|has\s+|have\s+|gets\s+)?(?:up|running|started|ready|available|"
    r"reachable|healthy|listening|online|booted|serving|comes\s+up|come\s+up|responds)(?![\w-])|"
    # Someone's approval first ("after approval from security", "once the owner signs off",
    # "confirm with the team, then run `x`"): a person's step.
    r"(?:after|once|when|with|upon|on)\s+(?:the\s+|their\s+|your\s+|an?\s+)?(?:explicit\s+|written\s+)?"
    r"(?:approval|sign-?off|go-?ahead|green\s+light|consent|permission|ok|okay)(?![\w-])|"
    # "Wait for the team's approval, then run `x`", "after the DBA's sign-off", "get a
    # reviewer's OK first" (the fourteenth stop: run as a check).
    r"(?:wait\s+for|waiting\s+for|await|get|obtain|receive|secure|after|once|upon|with)\s+"
    r"(?:the\s+|their\s+|your\s+|an?\s+)?(?:[\w-]+(?:'s|\u2019s|s')?\s+){0,3}?"
    r"(?:approval|sign-?off|go-?ahead|green\s+light|consent|permission|ok|okay|blessing)(?![\w-])|"
    r"(?:after|once|when)\s+(?:the\s+|your\s+|a\s+)?[\w-]+(?:\s+[\w-]+)?\s+(?:approves?|approved|"
    r"signs?\s+off|signed\s+off|agrees?|agreed|gives?\s+the\s+go-?ahead)(?![\w-])|"
    r"(?:confirm|check|agree|coordinate|align|sync|talk|speak|consult)\s+with\s+(?:the\s+|your\s+|a\s+|an\s+)?"
    r"(?:team|lead|owner|owners|maintainers?|user|users|reviewers?|manager|dba|ops|on-?call|"
    r"security|customer|client|stakeholders?|product|pm|admin)(?![\w-])"
)


# Words after a span, in its clause, that take it back: a person's step, a condition on
# when, a warning, a past mistake ("`x` (manual only)", "`x` only on Fridays", "`x` would
# break prod", "`x` was run by mistake", "`x` — NOT a check"). A negation about the output
# ("must not fail", "never prints errors") is an expectation, not a refusal.
_TAKEN_BACK = later(
    r"(?<![\w-])(?:(?:not|never)\s+(?:locally|here|on\s+(?:your|this|my|a\s+local|the\s+local)"
    r"\s+(?:machine|laptop|box|computer|host))|only|manual(?:ly)?|todo|later|disabled|deprecated|obsolete|legacy|unsafe|"
    r"forbidden|mistake|breaks?|breaking|broke(?:n)?|danger(?:ous)?|destructive|avoid\w*|unless|"
    r"no\s+longer|superseded|wipes?|(?:is|was|been|got)\s+removed|\(removed\)|yesterday|earlier|ago|last\s+(?:week|time|night|"
    r"month|year)|before(?=\s*(?:[.;,)!]|$))|(?:was|were)\s+run|ran|nicht|ne\s+pas|no\s+ejecutar|"
    r"nie|jamais|nunca|"
    r"(?<!,\s)(?<!,)(?:never|not|don'?t|do\s+not)(?!\s+(?:fail|error|print|output|show|warn|"
    r"crash|change|emit|return|exit|report|leave|produce|contain|find|match|pass|forget|miss|"
    r"be\s+(?:empty|zero)))|"
    r"would\s+\w+|"
    # the eighth pass: words saying the command is past, obsolete, wrong or harmful ...
    r"retired|outdated|out\s+of\s+date|historical(?:ly)?|abandoned|defunct|no\s+more(?!\s+than)|"
    r"no\s+need|not\s+needed|used\s+to(?:\s+be)?|for\s+the\s+record|for\s+reference|"
    r"reference\s+only|(?<!like\sthe\s)(?<!as\sthe\s)(?<!than\sthe\s)old\s+"
    r"(?:way|method|approach|style|flow|process|workflow|syntax)|in\s+the\s+past|harmful|hazardous|risky|insecure|bad\s+idea|"
    # ... that it runs elsewhere (a host, a server, another environment) ...
    rf"{_ELSEWHERE}|"
    # ... or by someone else, or after someone's approval
    r"by\s+(?:the\s+|a\s+|an\s+|our\s+|your\s+|their\s+)?(?:[\w-]+\s+){0,2}?(?:manager|"
    r"admin\w*|team|owner|operator|maintainer|person|human|reviewer|on-?call|ops|dba|sre|"
    r"someone|somebody|hand|approver|release\s+\w+|ci|pipeline|workflow|bot|cron|jenkins|"
    r"github\s+actions|build\s+server|scheduler)s?|"
    r"(?:after|with|upon|pending|needs?|requires?|once)\s+(?:\w+\s+){0,2}?(?:approval|sign-?off|"
    r"go-?ahead)|once\s+approved)(?![\w-])|[\u274c\U0001f6ab\u26a0\u2717\u2718\u26d4\U0001f6d1]"
    r"|\u7981\u6b62|\u4e0d\u8981",
    re.IGNORECASE,
)
# Right after a span (its own predicate): "`x` is wrong", "`x` (gone)", "`x` — old".
_ABOUT_IT = later(
    r"^[\s(\[:,]*(?:[\u2014\u2013-]+\s*)?(?:(?:is|was|are|were|now|it's|has\s+been|have\s+been|"
    r"been|long|all)\s+)*(?:gone|wrong|bad|dead|old|history|moot|void|invalid|dropped|"
    r"incorrect)(?![\w-])",
    re.IGNORECASE,
)
# "Run: `x`? No.": a question the plan answers no.
_ANSWERED_NO = later(r"^\s*\?+\s*(?:[\u2014\u2013-]+\s*)?(?:no|nope|nah|never|nein|non)\b", re.I)


# Words in a span's clause, before it, that make it something the text speaks of: a
# condition, history, a warning, a refusal in any of a few languages ("if the cache is
# stale, run `x`", "only on Windows: `x`", "had run `x` before", "Wrong: `x`", "🚫 `x`").
_PROSE_BEFORE = later(
    r"(?<![\w-])(?:if|unless|whenever|when|in\s+case|only|on\s+failure|otherwise|previously|"
    r"formerly|(?<!\bis\s)(?<!\bare\s)(?<!\bwas\s)(?<!\bbe\s)(?<!\bbeen\s)used\s+to|would|"
    r"had|ran|was|were|yesterday|last\s+(?:week|time|night|month)|earlier|no\s+longer|"
    r"(?:don'?t|do\s+not|never)(?!\s+(?:forget|miss|fail))|not|no(?=\s*[:!])|avoid\w*|"
    r"stop\w*|skip\w*|"
    r"wrong|bad|nicht|nie|jamais|nunca|ne|removed|deprecated|obsolete|legacy|superseded|"
    r"manual(?:ly)?|optional(?:ly)?|danger\w*|warning|caution|"
    r"dropped|retired|abandoned|historically|in\s+the\s+past|for\s+the\s+record|harmful|"
    rf"{_DEFERRED}|{_ELSEWHERE})(?![\w-])|"
    r"[\u274c\U0001f6ab\u26a0\u2717\u2718\u26d4\U0001f6d1]|\u7981\u6b62|\u4e0d\u8981|\u52ff",
    re.IGNORECASE,
)
_CLAUSE_BREAK = later(r"[.;!?](?=\s|$)")


# A task whose work is text that names a command: the command is the text's, not a step of
# the task (the tenth pass ran each): "Write docs telling users to run `x`", "Teach the
# agent to run `x`", "Update the error text to say: run `x`", "Make the CLI print ...".
_TEXT_TO_WRITE = later(
    r"(?<![\w-])(?:tell\w*|teach\w*|instruct\w*|remind\w*|advis\w*|explain\w*|document\w*|"
    r"suggest\w*|recommend\w*|encourag\w*|direct\w*|guid(?:e|es|ing)|hint\w*|warn\w*|"
    r"prompt\w*)\s+(?:\w+\s+){0,3}?to\s+(?:run|execute|type|call|invoke|use|try)?\s*$"
    r"|(?<![\w-])(?:say|says|saying|read|reads|print|prints|show|shows|display|displays)\s*:"
    r"\s*(?:run|execute|type|try)?\s*$",
    re.IGNORECASE,
)


# A task whose work is a file or a setting that will run the command, or people who will:
# the command is what the edited thing runs, not this task's proof (the sixteenth pass ran
# each, the corpus's "Update `ci.yml:60` to run `uv run ...`" among them): "Update `ci.yml` to
# run `x`", "Configure the pre-commit hook to run `x`", "Set up GitHub Actions to execute
# `x`", "Make the `test` target in `Makefile` run `x`", "users run `x` to install".
_MADE_TO_RUN = later(
    r"(?<![\w-])(?:update|change|modify|extend|configure|reconfigure|set\s+up|setup|edit|adjust"
    r"|amend|tweak|patch|rewrite|wire|hook\s+up|add|create|write|teach|switch|point|migrate)"
    r"\s+(?:[^\s.;:!?]+\s+){0,6}?(?:to|so\s+(?:that\s+)?(?:it|they|\w+)(?:\s+(?:will|can))?)"
    r"\s+(?:run|execute|call|invoke)s?(?![\w-])"
    r"|(?<![\w-])make\s+(?!sure\b|certain\b|it\b|a\s+note\b)(?:[^\s.;:!?]+\s+){1,6}?"
    r"(?:run|execute|call|invoke)(?![\w-])"
    r"|(?<![\w-])(?:users|people|developers|devs|contributors|customers|operators|admins"
    r"|administrators|maintainers|readers|clients|newcomers)\s+(?:(?:can|could|should|must|will"
    r"|then|now|just|simply|only|first)\s+)?(?:run|execute|type|call|invoke)(?![\w-])",
    re.IGNORECASE,
)
# What may stand between those words and a span that is theirs: other spans, "and", "then".
_ONLY_JOINED = later(
    r"^[\s,]*(?:(?:and|then|or|also|plus|as\s+well\s+as|followed\s+by)[\s,]+)*$", re.I
)


def _made_to_run(text: str, a: int) -> bool:
    """Whether the span at `a` is what an edited file, a setting or other people run, as the
    words of its clause before it say (`_MADE_TO_RUN`), other spans joined to it between."""
    start = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, a)), default=0)
    clause = re.sub(r"`[^`]*`", lambda m: " " * len(m.group()), text[start:a])
    if (
        "run" not in clause.lower()
        and "exec" not in clause.lower()
        and "call" not in clause.lower()
    ):
        return False
    return any(_ONLY_JOINED.match(clause[m.end() :]) for m in _MADE_TO_RUN.finditer(clause))


def _quoted(before: str) -> bool:
    """Is the end of `before` inside a quotation ("…", “…”, «…»): text a task writes?"""
    plain = before.count('"') % 2 == 1
    curly = before.count("\u201c") > before.count("\u201d")
    guillemets = before.count("\u00ab") > before.count("\u00bb")
    return plain or curly or guillemets


def prose_refuses(text: str, a: int, b: int, since: int = 0) -> bool:
    """Whether the words around the span text[a:b] make it something the text speaks of,
    not a command: markers in its clause before it (since the span before, `since`), or
    words after it that take it back (`taken_back`)."""
    start = max([since, *(m.end() for m in _CLAUSE_BREAK.finditer(text, since, a))])
    before = re.sub(r"`[^`]*`", " ", text[start:a]).replace("\u2019", "'")
    if mentions.offered(before, re.sub(r"`[^`]*`", " ", text[since:a])):
        return True
    if _quoted(re.sub(r"`[^`]*`", " ", text[since:a])) or _TEXT_TO_WRITE.search(before):
        return True
    return (
        bool(_PROSE_BEFORE.search(before))
        or bool(_PAST_RUN.search(before) and _PAST_OUTCOME.match(text[b:]))
        or _made_to_run(text, a)
        or mentions.refused_elsewhere(before)
        or mentions.put_off(before)
        or mentions.pointed_to(before)
        or bool(mentions.runs_elsewhere(before))
        or mentions.other_place(before, text[a:b].strip("`"), in_container)
        or taken_back(text[b:], text[a:b].strip("`"))
    )


# A run that happened, named as a noun before its command, then what became of it: "the
# previous run `x` timed out", "last run of `x` failed with exit 2", "our last attempt `x`
# hung", "the 2026-11-30 run of `x` crashed" (the sixteenth pass: labelled lines ran these).
_PAST_RUN = later(
    r"(?<![\w-])(?:(?:the|a|an|this|that|our|your|my|their|its|last|previous|prior|earlier|first"
    r"|second|third|latest|recent|most\s+recent|yesterday'?s|today'?s|last\s+night'?s|nightly|ci"
    r"|\d{4}-\d\d-\d\d|failed|failing|\w+'s)\s+)+(?:run|attempt|execution|invocation|try|job)"
    r"(?:\s+(?:of|with))?\s*:?\s*$",
    re.IGNORECASE,
)
_PAST_OUTCOME = later(
    r"^\s*(?:\([^)\n]*\)\s*)?[,:\u2014\u2013-]?\s*(?:(?:has|had|have|then|also|again|already)\s+){0,2}"
    r"(?:timed\s+out|failed|crashed|hung|hanged|died|errored|broke|aborted|segfaulted|panicked"
    r"|passed|succeeded|ran|finished|completed|exited|returned|took|stalled|froze|OOMed"
    r"|(?:was|were|got)\s+(?:\w+\s+)?(?:killed|cancel+ed|aborted|interrupted|stopped|terminated"
    r"|skipped|red|green|flaky|slow))(?![\w-])",
    re.IGNORECASE,
)


def in_container() -> bool:
    """Whether the runner runs in a container (a dev container, a CI job's), where "in the
    container" is here: `PLAN_IN_CONTAINER` (1 or 0) says so, else the marks container
    engines leave (`/.dockerenv`, `/run/.containerenv`) or a dev container's variables."""
    told = os.environ.get("PLAN_IN_CONTAINER", "").strip().lower()
    if told in ("1", "true", "yes", "0", "false", "no"):
        return told in ("1", "true", "yes")
    if any(os.environ.get(v) for v in ("REMOTE_CONTAINERS", "CODESPACES", "DEVCONTAINER")):
        return True
    return os.path.exists("/.dockerenv") or os.path.exists("/run/.containerenv")


def taken_back(after: str, span: str = "") -> bool:
    """Whether the words after a span, to the end of its clause or the next span, take it
    back as a command (see _TAKEN_BACK, and `mentions` for the families read by shape)."""
    if mentions.remark_refuses(after) or mentions.asked(after) or mentions.became(after):
        return True
    clause = re.split(r"[.;!?](?:\s|$)", re.sub(r"`[^`]*`", " ", after), maxsplit=1)[0]
    if mentions.refused_elsewhere(clause[:160]):
        return True
    own = re.split(r"[.;!?](?:\s|$)", after.split("`", 1)[0], maxsplit=1)[0]
    if mentions.other_place(own[:160], span, in_container):
        return True  # "`x` inside the container", "`x` (in a second terminal)"
    after = after.replace("\u2019", "'")
    if _ANSWERED_NO.match(after) or _ABOUT_IT.match(after) or _RETRACTED.match(after):
        return True
    parts = re.split(r"(`|[.;!?](?:\s|$))", after, maxsplit=1)
    if len(parts) > 1 and parts[1] == "`":
        # Words before another span of the clause are mostly that span's (`joined`), but
        # these speak of the one before: "`x` — superseded by `y`", "`x` (don't!) `y`".
        return bool(_REFERS_BACK.search(parts[0][:120]))
    return bool(_TAKEN_BACK.search(parts[0][:120]))


# The next sentence takes the step back: "Run `x`. Actually, don't.", "Run `x` — no, wait,
# don't.", "Run `x`. Scratch that." (the sixteenth pass ran the first).
_RETRACTED = later(
    r"^[^`.;!?\n]{0,40}?[.;!?\u2014\u2013-]?\s*(?:\(\s*)?(?:(?:actually|wait|no|hmm|oh|on\s+second"
    r"\s+thought(?:s)?|correction|update|edit)[,:!\s]+)*(?:don'?t|do\s+not|never\s+mind|nevermind"
    r"|scratch\s+that|ignore\s+that|forget\s+(?:that|it)|not\s+(?:that|this)(?:\s+one)?|skip\s+(?:that|it))"
    r"(?:\s+(?:do|run)\s+(?:that|it|this))?\s*[.!)]*(?:\s*$|\s*\n|\s+(?-i:[A-Z]))",
    re.IGNORECASE,
)
_REFERS_BACK = later(
    r"(?<![\w-])(?:superseded|replaced|deprecated|obsolete|removed|no\s+longer|wipes?|"
    r"danger\w*|destructive|forbidden|don'?t!|do\s+not!|retired|historical|harmful)"
    r"|[\u274c\U0001f6ab\u26a0\u26d4\U0001f6d1]",
    re.IGNORECASE,
)


def joined(between: str) -> bool:
    """Whether the text between two spans of a cell only joins two commands."""
    words = re.findall(r"[^\W\d_]+", between.replace("\u2019", "'"))
    return all(w.lower() in _JOINERS for w in words)


# What separates the items of a declared place: a line break of a cell, a list mark, a
# comma, a semicolon, a plus, a slash or a pipe between spaces, a dash between spaces.
_ITEM_SEP = later(r"<br\s*/?>|[,;+\u2022\u00b7\n]|&&|\s[/|\u2013\u2014-]\s|^\s*[-*\u2022]\s")
_REMARK = later(r"\([^()`]*\)|\[[^\[\]`]*\]")
# A label of the next item ("Unit:", "backend:", "**Lint**:") or of the one before
# ("`a`: no errors" is read by the threshold reader).
_LABEL_END = later(r"(?:^|\s)[\w*][\w\s*./-]{0,30}:\s*$")
# Words that make a later span of a declared place something spoken of rather than run:
# an alternative, a condition, a pointer elsewhere, history, an example, a comparison.
_SPOKEN_OF = later(
    r"(?<![\w-])(?:or|either|if|unless|when|whenever|once|until|see|cf|refer|e\.?g|i\.?e|"
    r"like|such|instead|rather|than|vs|versus|tried|used|was|were|old|previously|formerly|"
    r"example|otherwise|else|alternatively|fallback|replaces?|replaced|becomes|from|into)"
    r"(?![\w-])",
    re.IGNORECASE,
)


def next_command(between: str) -> bool:
    """Whether a later code span of a declared place (a Validation cell, a labelled line, a
    gate's Command cell), after `between`, is a command of its own (issue 19, F7a: a second
    span was dropped as a mention whenever the words between were not joining words). The
    words are read by their shape: a remark on the command before (`(unit)`, `returns 0`,
    `for backend`), an item separator (`<br>`, `,`, `;`, `+`, ` / `), and the next item's
    lead-in (`Unit:`, `then`). Only words that make it an alternative, a condition, a pointer
    elsewhere, history or an example ("or, if that fails,", "see also", "we tried") make it a
    mention; a negation is read by `negated_spans` before."""
    if joined(between):
        return True
    plain = _REMARK.sub(" ", between.replace("\u2019", "'"))
    if _SPOKEN_OF.search(plain):
        return False
    parts = _ITEM_SEP.split(plain)
    if len(parts) == 1:
        return joined(plain)
    lead = _LABEL_END.sub(" ", parts[-1])
    if any(negation_before(p) for p in parts[1:]):
        return False
    return all(joined(p) for p in parts[1:-1]) and (joined(lead) or not lead.strip())


def starts_item(text: str, prev: int | None, a: int, b: int) -> bool:
    """Whether the span at text[a:b], which an expectation cue before it would read as
    output, starts an item of its own: an item separator lies between it and the span
    before, no cue opens its own item, and a cue follows it ("`echo 4` -> `4`, `echo 3` ->
    `3`", "`a` returns 0, `b` returns 0": pairs of a command and what it must show; issue 19,
    F7b). "`ls` prints `foo`, `bar`" stays two lines of output."""
    if prev is None:
        return False
    parts = _ITEM_SEP.split(_REMARK.sub(" ", text[prev:a]))
    if (
        len(parts) == 1
        or _EXPECT_CUE.search(parts[-1])
        or "\u2192" in parts[-1]
        or "->" in parts[-1]
    ):
        return False
    after = _ITEM_SEP.split(re.sub(r"`[^`]*`", " ", text[b:]), maxsplit=1)[0]
    return bool(_EXPECT_CUE.search(after) or "\u2192" in after or "->" in after)


def negation_before(plain: str) -> bool:
    """A negating word in the words between two spans (read to refuse the later one)."""
    return bool(
        re.search(
            r"(?<![\w-])(?:not|never|no|don'?t|avoid\w*|without|skip\w*|nor|except)(?![\w-])",
            plain,
            re.IGNORECASE,
        )
    )


# A word that may negate what follows, to ask first (most cells and lines hold none).
_MAY_NEGATE = later(
    r"(?<![\w-])(?:not|never|no|don'?t|doesn'?t|won'?t|shouldn'?t|mustn'?t|can'?t|cannot|"
    r"avoid\w*|without|instead|rather|stop\w*|refrain|nor|except|excluding|used|skip\w*|"
    r"resist\w*|steer|stay|abstain|forgo|"
    r"omit\w*|ignore|bother|previously|formerly|deprecated|obsolete|old|legacy|forbidden|"
    r"prohibited|gone|removed|disabled|banned|pas|was|replac\w*|need|optional\w*|warning|"
    r"caution|danger\w*|fails?|fallback|rollback|undo|revert|otherwise|alternatively|manually|"
    r"hand|nicht|kein\w*|wipes?|destroys?|destructive|must|should)(?![\w-])",
    re.IGNORECASE,
)
_VERB_BEFORE = later(r"(?:run|execute|call|invoke|use|type|try|running|executing)\s*$", re.I)
_CLAUSE = later(r"[;!?]|\.(?=\s|$)")


def negated_spans(text: str) -> set[int]:
    """The code spans of a labelled line or a cell that its words say not to run: a negation
    right before the span in its clause, a verb between allowed ("do not run `x`", "never
    execute `y`", "not `z`", "skip `w`", bold or not), words after it that refuse it ("`x`
    is forbidden here"), and spans struck through or inside an HTML comment. Their starts."""
    spans = code_span_ranges(text)
    if not spans:
        return set()
    masked = list(text)
    for a, b in spans:
        masked[a:b] = " " * (b - a)
    plain = "".join(masked).replace("\u2019", "'")
    out = {a for a, b in spans if _hidden(plain, a, b)}
    prev = 0
    for a, b in spans:
        if prose_refuses(text, a, b, prev):
            out.add(a)
        prev = b
    if not _MAY_NEGATE.search(plain):
        return out
    # Emphasis is no word: `do **not** run` reads as `do not run`.
    plain = re.sub(r"\*\*|__|(?<!\w)[*_]|[*_](?!\w)", lambda m: " " * len(m.group()), plain)
    ends = [0] + [e for _, e in spans]
    for k, (a, b) in enumerate(spans):
        # The words since the clause began, and since the span before: "skip `a`, run `b`".
        start = max(max((m.end() for m in _CLAUSE.finditer(plain, 0, a)), default=0), ends[k])
        before = re.sub(r",[^,]{0,40},\s*$", " ", plain[start:a]).replace(",", " ")
        before = _VERB_BEFORE.sub("", before.rstrip())
        if (
            _NEGATED.search(before)
            or _NOT_THIS.search(before)
            or _SKIP_BEFORE.search(before)
            or _REFUSED_AFTER.match(plain[b : b + 60])
        ):
            out.add(a)
    return out


# "skip `x`", "don't bother with `x`", "Previously: `x`", "formerly `x`", "(old) `x`".
_SKIP_BEFORE = later(
    r"(?<![\w-])(?:skip(?:ping)?|omit(?:ting)?|ignore|don'?t\s+bother(?:\s+with)?|previously|"
    r"formerly|deprecated|obsolete|old|legacy|ne\s+pas(?:\s+\w+)?|was|used\s+to\s+be|"
    r"replaces?|replacing|replaced|instead\s+of|no\s+need\s+(?:for|to\s+run)|optional(?:ly)?|"
    r"warning|caution|danger|if\s+(?:it|this|that|so)\s+fails?|on\s+failure|otherwise|else|"
    r"fallback|rollback|to\s+(?:undo|revert|roll\s*back)|alternatively|manually|by\s+hand|"
    r"nicht|kein(?:e|en)?)\s*[:—–-]?\s*$",
    re.IGNORECASE,
)
# "`x` is forbidden here", "`x` (deprecated)", "`x` is gone", "`x` no longer works".
_REFUSED_AFTER = later(
    r"^\s*\(?\s*(?:(?:is|are|was|were)\s+(?:now\s+)?(?:forbidden|not\s+allowed|prohibited|"
    r"deprecated|gone|obsolete|removed|disabled|banned)|deprecated|obsolete|forbidden|"
    r"no\s+longer\s+(?:works?|needed|used|exists?|run)|(?:must|should|is)\s+(?:not|never)\s+"
    r"(?:to\s+)?be\s+run|is\s+not\s+to\s+be\s+run|nicht\s+ausf(?:ü|ue)hren|wipes?|destroys?|"
    r"is\s+(?:destructive|dangerous|optional)|(?:only\s+)?(?:if|when)\s+(?:it|this|that|the\s+\w+)"
    r"\s+fails?|on\s+failure|to\s+(?:undo|revert|roll\s*back))\b",
    re.IGNORECASE,
)


def _struck(text: str, a: int, b: int, spans: list[tuple[int, int]]) -> bool:
    """Whether the words text[a:b] are struck through (outside code spans)."""
    masked = list(text[: b + 2])
    for x, y in spans:
        if x < len(masked):
            masked[x : min(y, len(masked))] = " " * (min(y, len(masked)) - x)
    plain = "".join(masked)
    return _hidden(plain, a, b)


def _hidden(plain: str, a: int, b: int) -> bool:
    """Whether the span at plain[a:b] is struck through (`~~`, `<del>`, `<s>`) or inside an
    HTML comment: what a reader of the rendered page does not see as a command."""
    before, after = plain[:a], plain[b:]
    if before.rstrip().endswith("~~") and after.lstrip().startswith("~~"):
        return True
    if before.count("<!--") > before.count("-->"):
        return True
    opened = len(re.findall(r"<(?:del|s|strike)>", before, re.I))
    closed = len(re.findall(r"</(?:del|s|strike)>", before, re.I))
    return opened > closed or before.count("~~") % 2 == 1


class CuedSpan(NamedTuple):
    """A code span after a cue: a command to run, or (`expected`) output to compare with;
    `cwd` the folder a command is said to run in ("Run `uv sync` in `tools/x/`")."""

    text: str
    start: int
    expected: bool
    cwd: str = ""
    end: int = -1  # where the span's closing backticks end

    def command(self) -> str:
        """The command as it runs (from its folder, when it has one)."""
        return with_cwd(self.text, self.cwd)


def cued_spans(
    description: str, mentioned: list[tuple[str, str]] | None = None
) -> tuple[CuedSpan, ...]:
    """Every code span after a command cue or an expectation cue, in document order.

    A command cue (`Run`, `Execute`, `via`, ...) reaches to the end of the sentence or the
    next expectation cue (`and expect`, `should print`, `prints`, `Expected:`, `→`, ...); an
    expectation cue reaches to the end of the sentence, a semicolon or the next command cue,
    and takes only the code spans written right after it (a few words such as "the output"
    between), so "Expected result: it starts on `host`" holds no expected output. Paths and
    placeholders are never commands; placeholders are never expected output either.
    A span after a run cue that the words around it make a mention (see `_mentioned`) is
    added to `mentioned`, when given, as (span, why).
    """
    spans = code_span_ranges(description)

    def in_code(pos: int) -> bool:
        return any(a <= pos < b for a, b in spans)

    ends = [m.start() for m in _SENTENCE_END.finditer(description) if not in_code(m.start())]
    # An expectation also ends at a semicolon: "expect `3`; the file `f.txt` is kept".
    semis = sorted(
        ends + [m.start() for m in re.finditer(";", description) if not in_code(m.start())]
    )
    # A cue struck through (`~~Run~~ `x``) is no cue: the reader sees it withdrawn.
    every_run = [
        m
        for m in _CUE.finditer(description)
        if not in_code(m.start()) and not _struck(description, m.start(), m.end(), spans)
    ]
    runs = [m for m in every_run if not _negated(description, m.start(), ends)]
    expects = [
        m
        for m in _EXPECT_CUE.finditer(description)
        if not in_code(m.start()) and not closes_comment(description, m.start(), m.group())
    ]
    # "Do not expect `x` to print 3", "Don't expect `3` here": what a negated expectation
    # names is neither output the check wants nor a command (the fifteenth stop left it
    # read as output: a false fail, or a false pass when the output happened to match).
    unexpected = {m.start() for m in expects if _negated_cue(description, m.start(), ends)}
    absent = absent_spans(description)  # neither a command nor output that must appear
    # Struck through or inside a comment: what a reader of the page does not see as a step.
    masked = list(description)
    for a, b in spans:
        masked[a:b] = " " * (b - a)
    plain = "".join(masked)
    hidden = {a for a, b in spans if _hidden(plain, a, b)}
    found: dict[int, CuedSpan] = {}
    # "`x`, then `y` appears", "`y` is printed": a span that is what appears, after another
    # span of its sentence, is output that span's command must show, never a command.
    for k, (a, b) in enumerate(spans):
        if k and a not in hidden and _APPEARS.match(description[b:]):
            gap = description[spans[k - 1][1] : a]
            text = unescape_cell(code_spans(description[a:b])[0]).strip()
            if text and not _SENTENCE_END.search(gap) and not is_placeholder(text):
                found[a] = CuedSpan(text, a, True, end=b)
    for cues, others, expected in ((runs, expects, False), (expects, runs, True)):
        for cue in cues:
            stops = [e for e in (semis if expected else ends) if e >= cue.end()]
            stops += [m.start() for m in others if m.start() >= cue.end()]
            # A run cue reaches no further than the next one, negated or not ("Run `a`; do
            # not run `b`"): `b` is the negated cue's.
            stops += [m.start() for m in every_run if m.start() >= cue.end()]
            stop = min(stops, default=len(description))
            pos = cue.end()
            for a, b in spans:
                if not cue.end() <= a < stop or a in found or a in absent or a in hidden:
                    continue
                if expected and not _next_to(description[pos:a], first=pos == cue.end()):
                    break  # "Expected result: the server starts on `host`" is prose
                if not expected and (
                    why := _mentioned(description, cue.start(), ends, pos, a, b, spans)
                ):
                    pos = b
                    if mentioned is not None:
                        text = unescape_cell(code_spans(description[a:b])[0]).strip()
                        if text and looks_like_command(text):
                            mentioned.append((text, why))
                    continue  # "Run `a` but not `b`": `b` is named to be left alone
                pos = b
                text = unescape_cell(code_spans(description[a:b])[0]).strip()
                if not text or is_placeholder(text):
                    continue
                if expected:
                    found[a] = (
                        _FOLDER_SPAN
                        if cue.start() in unexpected
                        else CuedSpan(text, a, expected, end=b)
                    )
                elif _runnable(text, description[b:stop]):
                    folder, at = folder_after(description[b:stop])
                    found[a] = CuedSpan(text, a, expected, folder, end=b)
                    if folder:
                        found[b + at] = _FOLDER_SPAN  # the folder is not a command
    return tuple(found[a] for a in sorted(found) if found[a] is not _FOLDER_SPAN)


_FOLDER_SPAN = CuedSpan("", -1, False)  # a span that is neither command nor output
# What a span that is output does: it appears, is printed, shows up (see `cued_spans`).
_APPEARS = later(
    r"^\s*(?:(?:should|must|will|then|also|now)\s+)*(?:(?:is|are|gets?|be|being)\s+)?"
    r"(?:appears?|appearing|printed|shown|displayed|echoed|logged|emitted|written\s+out|"
    r"shows?\s+up|comes?\s+out|turns?\s+up|(?:is|are)\s+(?:in|on)\s+(?:the\s+)?"
    r"(?:output|stdout|screen|terminal))(?![\w-])",
    re.IGNORECASE,
)


def _mentioned(
    text: str, cue: int, ends: list[int], pos: int, a: int, b: int, spans: list[tuple[int, int]]
) -> str:
    """Why the span text[a:b] after the run cue at `cue` is a mention, "" when it is a
    command: "but not `b`", the words around it (`prose_refuses`), the words attached to the
    instruction after it (a condition, time, place or person: `mentions.tail_refuses`), or
    someone else asked to run it (`mentions.someone_else`)."""
    if _CONTRASTED.search(text[pos:a]):
        return "the words before it set it against the command before (instead of, or)"
    if _NOT_THIS.search(text[pos:a]) or prose_refuses(
        text, a, b, max((e for _, e in spans if e <= a), default=0)
    ):
        return "the words around it make it something the plan speaks of, not a step"
    after = text[b:]
    # What follows is what the command shows ("Run `x` → `3`", "responds with `hi`"): no
    # condition on running it.
    tail = "" if _EXPECT_CUE.match(after.lstrip()) else mentions.tail_refuses(after)
    if tail:
        return f"'{tail}' is a condition, time, place or person, not part of a run instruction"
    start = max((e + 1 for e in ends if e < cue), default=0)
    who = mentions.someone_else(re.sub(r"`[^`]*`", " ", text[start:cue]))
    if who:
        return f"'{who}' asks someone else to run it"
    return ""


# "but not", "and never", "not": right before a span, it names what is not to be run.
_NOT_THIS = later(
    r"(?<![\w-])(?:not|never|nor|neither|except|excluding|without)\s*$", re.IGNORECASE
)
# Between a command and the next span, words that set the span against it: what it
# replaces ("Run `a` instead of `b`", "(replaces `b`)", "in lieu of", "rather than running")
# or an alternative to it ("`a` or `b`", "either `a` or `b`"): the span is not run.
_CONTRASTED = later(
    r"(?<![\w-])(?:instead\s+of|rather\s+than|in\s+place\s+of|in\s+lieu\s+of|as\s+opposed\s+to"
    r"|unlike|over|replac(?:es|ing|ed)?|(?:the\s+)?replacement\s+(?:for|of)|supersed(?:es|ing)"
    r"|or|no|versus|vs\.?)(?:\s+(?:the|old|running|using|calling|plain|a|an))*[\s(]*$",
    re.IGNORECASE,
)


def _negated(text: str, at: int, ends: list[int]) -> bool:
    """Is the run cue at `at` negated in its sentence, or `run` used as a noun?"""
    start = max((e + 1 for e in ends if e < at), default=0)
    before = re.sub(r"`[^`]*`", "", text[start:at]).replace("\u2019", "'")
    # Emphasis is no word: "Do _not_ run", "Do *not* run" read as "Do not run".
    before = re.sub(r"\*\*|__|(?<![A-Za-z0-9])[*_]|[*_](?![A-Za-z0-9])", " ", before)
    # "Do not, under any circumstances, run", "Never, ever run": an aside between commas.
    before = re.sub(r",[^,]{0,40},\s*$", " ", before).replace(",", " ")
    return bool(_NEGATED.search(before) or _NOUN_RUN.search(before) or _STALE_LABEL.search(before))


def _negated_cue(text: str, at: int, ends: list[int]) -> bool:
    """Is the expectation cue at `at` negated right before it ("do not expect")?"""
    start = max((e + 1 for e in ends if e < at), default=0)
    before = re.sub(r"`[^`]*`", "", text[start:at]).replace("\u2019", "'")
    return bool(_NEGATED.search(before))


# A label in brackets before the run cue that says the step is past or not to be done
# ("(Old) Run `x`", "[deprecated] Run `x`", "(retired): run `x`"; the fifteenth stop's
# own pass found "(Old)" ran).
_STALE_LABEL = later(
    r"[\[(]\s*(?:old|obsolete|deprecated|legacy|retired|outdated|historical|removed|superseded"
    r"|archived|abandoned|defunct|disabled|broken|unused|do\s+not\s+run|don'?t\s+run|not\s+run"
    r"|skip(?:ped)?|dropped|cancel+ed|wontfix|won'?t\s+do)\s*[\])]\s*[:\u2014\u2013-]?\s*$",
    re.IGNORECASE,
)


def _runnable(text: str, after: str) -> bool:
    """A span after a run cue that is a command: not a path, not a name, not being removed."""
    return not is_path(text) and looks_like_command(text) and not _REMOVED.match(after)


def folder_after(after: str) -> tuple[str, int]:
    """The folder named right after a command ("in `tools/x/`"), "" when none, and where its
    code span starts in `after`."""
    m = _IN_FOLDER.match(after)
    if m is None or re.search(r"\.[A-Za-z]\w{0,9}$", m.group("dir")):
        return "", 0
    folder = m.group("dir").rstrip("/")
    return ("", 0) if folder in ("", ".") else (folder, m.start("dir") - 1)


def _next_to(gap: str, *, first: bool) -> bool:
    """Is expected output written right after its cue (`expect the output `3``), or right after
    the previous expected span (`should print `OK` and `done``)?"""
    words = gap.replace(":", " ").replace(",", " ").lower().split()
    return all(w in (_FILLER if first else _JOINER) for w in words)


# "`en` / `ja` switching works", "`npm test` / `yarn test`": spans joined by a slash are
# alternatives or names, never a command the plan says to run (a real plan's locale names
# were run as acceptance checks).
_SLASH_AFTER = later(r"^`?\s*/\s*`")
_SLASH_BEFORE = later(r"`\s*/\s*`?$")


def alternatives(source: str, start: int, end: int) -> bool:
    """Is the span at source[start:end] one of several joined by a slash?"""
    return bool(
        (end >= 0 and _SLASH_AFTER.match(source[end:]))
        or _SLASH_BEFORE.search(source[max(0, start - 8) : start + 1])
    )


def inferred_commands(description: str) -> tuple[str, ...]:
    """Code spans after a cue (`Run`, `Execute`, ...) up to the end of the sentence.

    A code span after an expectation cue (`and expect `3``) is expected output, not a command;
    a command said to run in a folder runs as `cd DIR && CMD`.
    """
    found: list[str] = []
    for span in cued_spans(description):
        if span.expected or alternatives(description, span.start, span.end):
            continue
        if span.command() not in found:
            found.append(span.command())
    return tuple(found)


def file_refs(text: str) -> tuple[tuple[str, int], ...]:
    """Every `path:line` reference in the text, in order, without repeats."""
    seen: list[tuple[str, int]] = []
    for m in _PATH_LINE.finditer(text):
        ref = (m.group(1), int(m.group(2)))
        if ref not in seen:
            seen.append(ref)
    return tuple(seen)


def named_files(text: str) -> tuple[str, ...]:
    """Files a description names: `path:line` references and code spans that are paths."""
    names = [f"{p}:{n}" for p, n in file_refs(text)]
    for span in code_spans(text):
        span = span.strip()
        known = any(span.startswith(n) or n.startswith(span) for n in names)
        if is_path(span) and "<" not in span and not known:
            names.append(span)
    return tuple(names)


# Shell blocks (issue 19 case 5, ninth pass: 9 of 10 blocks a plan's prose refused ran).
# The words that introduce a block, a `<summary>` around it, or a comment opening it are read
# as the words before a span are: a refusal, a condition, history, an example or a warning
# ("Do NOT run the following:", "If the cache is stale:", "Only on Windows:", "The old v1
# procedure (retired, kept for history):", "Example output of a broken run:", "# DANGER: do
# not run this in production") make the block something the plan speaks of.
_MARKUP = later(r"`[^`\n]*`|<[^<>\n]*>|\*\*|__|^\s*(?:[-*+]|\d+[.)])\s+(?:\[.\]\s+)?|^\s*#+\s*")
_PATHLIKE = later(r"(?<!\S)(?!(?:e\.g|i\.e)\.?(?:[:,;]|(?!\S)))\S*\w[./\\]\w\S*")


# Narrower than the words before a span: prose around a block is long and free ("Use a safe
# one-liner so it never trips", "(cheap inventory + readiness checks)"), so only these take
# a block back. A refusal or a warning, anywhere in it:
_BLOCK_REFUSAL = later(
    r"(?<![\w-])(?:do\s+not|don'?t|never\s+(?:run|use|execute|do|copy|type)|danger\w*|"
    r"warning|caution|unsafe|destructive|irreversible|forbidden|prohibited|wipes?|nuke\w*|"
    r"retired|deprecated|obsolete|superseded|historical|outdated|caused|instead\s+of|wrong"
    r"|incorrect|bad\s+(?:example|idea|practice)|no\s+longer|used\s+to|for\s+reference"
    r"|reference\s+only|(?:we|they|you|i)\s+ran|\(optional\)|avoid\w*"
    # What went wrong with it or what not to do (attack16a F15): "What NOT to do:", "Not
    # this:", "The following hangs; skip it:", "This timed out last time:".
    r"|what\s+not\s+to\s+\w+|^not\s+(?:this|these|that|like\s+this)|hangs|hung|timed\s+out"
    r"|times\s+out|crashe[sd]|skip\s+(?:it|this|these|them))"
    r"(?![\w-])|[\u274c\U0001f6ab\u26a0\u26d4]",
    re.IGNORECASE,
)
# A condition or a bygone way, as the lead-in's opening words: "If the cache is stale:",
# "Only on Windows:", "When the DB is down:", "Old approach:", "Previously:", "Optional:".
_BLOCK_OPENS = later(
    r"^(?:if|unless|when|whenever|only|in\s+case|otherwise|on\s+failure|optional(?:ly)?|"
    r"should\s+you|in\s+the\s+event|until|till|"
    r"(?:the\s+)?(?:old|previous|former)|previously|formerly|never)(?![\w-])",
    re.IGNORECASE,
)


# Offered as an example: "Example:", "Dry-run example:", "Example output of ...", "e.g.",
# "Sample config:"; not "verify the examples still compile".
_BLOCK_EXAMPLE = later(
    r"^(?:[\w-]+\s+)?(?:examples?|samples?)(?![\w-])|(?<![\w-])(?:examples?|samples?)"
    r"(?:\s+(?:usage|output|only|run|workflow))?\s*:?\s*$|(?<![\w.])(?:e\.\s?g|i\.\s?e)\."
    r"|(?<![\w-])(?:for\s+instance|hypothetical(?:ly)?|anti-?patterns?|counter-?examples?)(?![\w-])",
    re.IGNORECASE,
)


_STEP_LABEL = later(r"^(?:(?:step|phase|task)\s+)?\d+(?:\.\d+)*[.:)]\s+", re.IGNORECASE)
# A list item's bullet and box before a lead-in (`- [ ] Step 1. Do not run:`).
_ITEM_LEAD = later(r"^(?:[-*+]|\d+[.)])\s+(?:\[[^\]\n]{0,3}\]\s+)?")


def words_refuse(text: str) -> bool:
    """Whether prose that introduces a block (a lead-in, a summary, an opening comment) makes
    it something the plan speaks of rather than commands to run: a refusal or warning in
    it, a condition or a bygone way as its opening words, an example it offers, or a refusal
    in another language."""
    plain = _MARKUP.sub(" ", text).replace("\u2019", "'")
    # A path or file name (`.env.example`, `docs/old/x.md`) is no word of the prose.
    plain = _PATHLIKE.sub(" ", plain).strip()
    # An item's own label is no word of its sentence ("Step 1. The previous run timed out:").
    plain = _STEP_LABEL.sub("", plain, count=1)
    if not plain:
        return False
    return bool(
        _BLOCK_REFUSAL.search(plain)
        or _BLOCK_OPENS.match(plain)
        or _BLOCK_EXAMPLE.search(plain)
        or mentions.refused_elsewhere(plain)
        # A lead-in refuses a block as a negation before a span refuses the span ("We used
        # to run:", "Avoid:", "What NOT to run:"): the fourteenth pass ran blocks these
        # words introduced, and ticked the item.
        or _negation_leads(plain)
    )


def _negation_leads(plain: str) -> bool:
    before = re.sub(r",[^,]{0,40},\s*$", " ", plain).replace(",", " ")
    before = _VERB_BEFORE.sub("", before.rstrip().rstrip(":").rstrip())
    return bool(_NEGATED.search(before) or _NOT_THIS.search(before) or _SKIP_BEFORE.search(before))


_SUMMARY = later(r"<summary>(.*?)</summary>", re.IGNORECASE)
# A lead-in that refuses whatever its last mark: "Do not run", "Never run the following.",
# "(historical)", "Caution: destructive!", "The previous run" (then "timed out." after it).
_OUTRIGHT = later(
    r"(?<![\w-])(?:do\s+not\s+run|don'?t\s+run|never\s+(?:run|execute)|historical|caution"
    r"|danger\w*|destructive|warning|timed\s+out|hangs|the\s+previous\s+run)(?![\w-])",
    re.IGNORECASE,
)


def block_refused(lines: list[str] | tuple[str, ...], at: int) -> str:
    """Why the fenced block opening at lines[at] is not to be run, "" when nothing says so:
    the prose right before it (its last line, blank lines between allowed), the `<summary>`
    of a `<details>` it is inside, or a comment that opens it."""
    k = at - 1
    while k >= 0 and not lines[k].strip():
        k -= 1
    if k >= 0 and not lines[k].lstrip().startswith(("```", "~~~", "|")):
        lead = _ITEM_LEAD.sub("", lines[k].strip(), count=1)
        summary = _SUMMARY.search(lead)
        # A lead-in introduces the block: it ends with a colon ("If the cache is stale:");
        # a heading or a note of what happened last time ("Actual: ... SKIPPED") does not.
        # A refusal said outright before it is one too, with or without the colon ("Do not
        # run", "Never run the following.", "(historical)", "Caution: destructive!": the
        # sixteenth pass ran them).
        introduces = re.sub(r"[*_\s]+$", "", lead).endswith(":") or bool(_OUTRIGHT.search(lead))
        tag = lead.lower().startswith(("<details", "</", "#"))
        if summary is None and introduces and not tag and words_refuse(lead):
            return f"the words before it ('{lead}') say not to run it"
    opened = 0
    for j in range(at - 1, -1, -1):
        low = lines[j].lower()
        opened += low.count("<details") - low.count("</details")
        if opened > 0:
            summary = _SUMMARY.search(lines[j]) or (
                _SUMMARY.search(lines[j + 1]) if j + 1 < at else None
            )
            if summary is not None and words_refuse(summary.group(1)):
                return f"it is inside '{summary.group(1).strip()}'"
            break
    for line in lines[at + 1 :]:
        text = line.strip()
        if text.startswith(("```", "~~~")) or (text and not text.startswith("#")):
            break
        if text.startswith("#") and not text.startswith("#!") and words_refuse(text[1:]):
            return f"its opening comment ('{text}') says not to run it"
    return ""


_LINE_COMMENT = later(r"(?<=\s)#\s*(?P<note>.*)$")


def line_refused(line: str) -> bool:
    """Whether a block line's own comment takes it back (`touch x  # (don't!)`, `make
    deploy  # never in CI`); `# prints 3`, `# install deps` are notes about a command."""
    m = _LINE_COMMENT.search(line)
    if m is None or not line[: m.start()].strip() or line.lstrip().startswith("#"):
        return False
    return words_refuse(m.group("note"))
