"""Words around a code span that make it something the plan speaks of, read by their shape
rather than word by word (issue 19, ninth pass: forty new phrasings of case 5 ran).

`inference` refuses spans by the words it knows ("do not run", "deprecated", ...). These
are the families an attacker varies without end, read structurally:

- a remark right after the span, in brackets or after a dash ("`x` (example)", "`x` —
  veraltet"), runs only when every word of it is one a run instruction uses (a time, a
  place, an expectation: "(takes ~2 min)", "(from the repo root)", "— should pass");
- a label before the span that offers it as an example, a sample, a bad or forbidden way
  ("Example:", "e.g.", "Anti-pattern:", "Hypothetically:");
- a span in a question ("Should we run `x`?");
- a refusal in another script or language, by its morphemes (不/勿/禁/废/弃, しない/禁止,
  하지 마/금지, не/нельзя), and "no"/"non"/"não" before an infinitive ("No ejecutar").

A check not run (the task manual, lint saying why) is the safer error than an action run.
Pure; no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from runner.markdown.patterns import later

# Words a remark about a runnable check is made of: how long it takes, where it runs from,
# what it needs, what it should show. Anything else makes the remark a comment about the
# command ("(example)", "(outdated)", "(N/A)", "(someday)", "— veraltet").
_BENIGN = frozenset(
    [
        # time
        *("takes", "take", "took", "about", "around", "approx", "approximately", "roughly"),
        *("min", "mins", "minute", "minutes", "sec", "secs", "second", "seconds", "ms", "s"),
        *("h", "hr", "hrs", "hour", "hours", "slow", "fast", "quick", "quickly", "long", "few"),
        *("up", "under", "over", "less", "than", "more", "at", "most", "least"),
        # place and setup
        *("from", "in", "inside", "within", "the", "repo", "repository", "root", "project"),
        *("top", "level", "directory", "dir", "folder", "workspace", "package", "module"),
        *("crate", "venv", "virtualenv", "env", "environment", "container", "docker", "locally"),
        *("dev", "devcontainer"),
        *("local", "ci", "shell", "terminal", "requires", "require", "required", "needs"),
        *("need", "with", "and", "or", "a", "an", "of", "on", "for", "to", "it", "this", "that"),
        *("first", "again", "once", "each", "every", "recommended", "mandatory", "default"),
        *("see", "above", "below", "step", "also", "same", "as", "via", "using", "network"),
        *("internet", "access", "server", "running", "installed", "built", "build", "deps"),
        *("dependencies", "node", "python", "go", "rust", "java", "npm", "pnpm", "yarn", "uv"),
        # what it should show
        *("should", "must", "will", "expect", "expected", "expects", "pass", "passes"),
        *("passing", "green", "succeed", "succeeds", "success", "successful", "ok", "okay"),
        *("clean", "exit", "exits", "code", "zero", "returns", "return", "prints", "print"),
        *("output", "outputs", "no", "errors", "error", "warnings", "warning", "fail", "fails"),
        *("failure", "failures", "all", "tests", "test", "suite", "unit", "integration", "e2e"),
        *("smoke", "lint", "linter", "type", "types", "typecheck", "check", "checks"),
        *("coverage", "format", "formatting", "verify", "verifies", "validate", "validates"),
        *("confirm", "confirms", "full", "gate", "gates", "quality", "is", "are", "be", "its"),
        *("report", "reports", "result", "results", "there", "nothing", "none", "new", "code"),
        *("packages", "modules", "files", "file", "crates", "targets", "target", "platforms"),
        *("workspaces", "projects", "sources", "source", "specs", "spec", "cases", "case"),
        *("run", "runs", "execute", "executes", "invoke", "call", "strict", "verbose", "quiet"),
        *("command", "commands", "script", "scripts", "again", "too", "once", "more"),
        *("successfully", "cleanly", "fine", "properly", "correctly", "now", "right"),
        *("away", "immediately", "next", "afterwards", "here", "yourself", "quietly"),
    ]
)
# A remark right after the span: in brackets, or after a dash up to the clause's end.
_REMARK = later(
    r"^\s*(?:[(\[]([^()\[\]`]{0,160})[)\]]|(?:[\u2014\u2013]|\s-{1,2}(?=\s))\s*([^.;!?`]{0,160}))"
)
_TOKEN = later(r"\S+")

# An arrow between a command and what it shows, as people type it: `->`, `=>`, `~>`, `-->`,
# `==>`, `→`, `⇒`, `⟶`, `➜`, `↦` ... (the tenth pass: "`x` ~> `y`" ran `y`).
ARROW = (
    r"(?:[\u2192\u21d2\u21a6\u21e2\u21fe\u27f6\u27f9\u279c\u2794\u27a1\u2b95\u21c9\u21e8\u2911]"
    r"|(?<![<>=!~-])(?:-{1,3}|={1,3}|~{1,3})>(?![>=-]))"
)


# What a remark says a passing check shows: "— all parser tests pass", "— engine creation
# still works", "(52 passed, 2 skipped)", "(覆盖率 ≥ 89.9%)": the remark describes the check.
_SHOWS = later(
    r"(?<![\w-])(?:pass(?:es|ed|ing)?|works?|succeed(?:s|ed)?|green|must|should|expect\w*|"
    r"returns?|prints?|exits?|keeps?|stays?|remains?|reports?|shows?|finds?|lists?|"
    r"creates?|builds?|compiles?|produces?|covers?|matches?|holds?|completes|finishes|"
    r"prov(?:es?|ed|ing)|confirms?|verif(?:y|ies)|validates?|demonstrates?)(?![\w-])"
    rf"|[\u2265\u2264<>=]|\d\s*%|{ARROW}",
    re.IGNORECASE,
)


_NOT_APPLICABLE = later(r"(?<![\w/])n/?a(?![\w/])|\bnot\s+applicable\b", re.IGNORECASE)
# Right after the span, what became of it: "`x` was replaced", "`x` has been retired".
_BECAME = later(
    r"^\s*(?:was|were|has\s+been|have\s+been|had\s+been|got)\s+(?:later\s+|since\s+)?"
    r"(?!(?:expected|required|needed|used|run\s+(?:by|in|on)\s+ci)\b)[a-z]+ed\b",
    re.IGNORECASE,
)


def became(after: str) -> bool:
    """Whether the words right after a span tell what became of the command ("was
    replaced", "has been retired"): its history, not a step to run."""
    return _BECAME.match(after) is not None


def remark_refuses(after: str) -> bool:
    """Whether a remark right after a span makes it a mention: one with a word that no run
    instruction uses (see _BENIGN), unless it says what the passing check shows (_SHOWS).
    Paths, numbers and code in it are the check's own."""
    m = _REMARK.match(after)
    if m is None:
        return False
    if m.group(1) is None and after[m.end() :].startswith("`"):
        return False  # words that lead to another span: `joined` and the refusals read them
    remark = m.group(1) if m.group(1) is not None else m.group(2)
    remark = re.split(r"[;.!?](?:\s|$)", remark, maxsplit=1)[0]
    if _NOT_APPLICABLE.search(remark):
        return True
    if _SHOWS.search(remark):
        return False
    for token in _TOKEN.findall(remark):
        if re.search(r"[\d/._=<>:~@$%*+\\]", token.strip(".,;:!?\"'()")):
            continue  # a path, a number, a flag: the check's own words
        word = token.strip(".,;:!?\"'()[]{}*_~").lower()
        if word and word not in _BENIGN:
            return True
    return False


# A label before the span that offers it as an example or a wrong way: "Example:", "e.g.",
# "for instance", "Anti-pattern:", "Hypothetically:", "Once upon a time:", "Before:".
_OFFERED = later(
    r"(?<![\w-])(?:examples?|e\.\s?g\.?|i\.\s?e\.?|for\s+instance|such\s+as|samples?|"
    r"illustrat\w*|hypothetical(?:ly)?|imagine|suppose|once\s+upon|outdated|anti-?patterns?|"
    r"counter-?examples?|forbidden|prohibited|unsafe|before|banned|not\s+allowed|"
    r"what\s+not\s+to\s+do|don'?ts)(?![\w-])",
    re.IGNORECASE,
)


_EG = later(
    r"(?<![\w.])(?:e\.\s?g|i\.\s?e)\.?[\s:,]*(?:(?:run|execute|try|use|call|type)\s*:?\s*)?$",
    re.IGNORECASE,
)


def offered(before: str, window: str = "") -> bool:
    """Whether the words before a span, in its clause (`before`), offer it as an example or
    a wrong way rather than ask for it to run; `window`: the text since the span before,
    where "e.g." may end a clause by its own dots."""
    return _OFFERED.search(before) is not None or _EG.search(window) is not None


# Refusals in other scripts and languages, by their parts: Chinese 不 (not), 没 (have not),
# 别 (don't), 勿 (do not), 禁 (forbid), 废/弃 (abandoned), 旧 (old), 曾 (once), 停 (stop);
# Japanese しない/しません/ないで (not do), 禁止, 廃止, 使わない, 不要; Korean 하지 마/하지 말
# (don't), 금지 (forbidden), 않 (not), 폐기 (discarded); Russian не (not), нельзя (must not),
# запрещ (forbidden), устар (outdated); "no"/"non"/"não" before the verbs for run and use
# (Spanish, Italian, Portuguese, French).
_ELSEWHERE_NO = later(
    r"[\u4e0d\u6ca1\u6c92\u522b\u5225\u52ff\u7981\u5e9f\u5ee2\u5f03\u65e7\u820a\u66fe\u505c]"
    r"|\u3057\u306a\u3044|\u3057\u307e\u305b\u3093|\u306a\u3044\u3067|\u5ec3\u6b62"
    r"|\uc9c0\s?\ub9c8|\uc9c0\s?\ub9d0|\uae08\uc9c0|\uc54a|\ud3d0\uae30"
    r"|(?<![\w-])(?:\u043d\u0435|\u043d\u0435\u043b\u044c\u0437\u044f)(?![\w-])"
    r"|\u0437\u0430\u043f\u0440\u0435\u0449|\u0443\u0441\u0442\u0430\u0440"
    r"|(?<![\w-])(?:no|non|n\u00e3o|nao|ne\s+pas)\s+(?:ejecutar|correr|lanzar|usar|eseguire|"
    r"lanciare|usare|executar|rodar|ex\u00e9cuter|executer|lancer|utiliser)(?![\w-])",
    re.IGNORECASE,
)


def refused_elsewhere(words: str) -> bool:
    """Whether words (a span's clause, code taken out) refuse it in another language."""
    return _ELSEWHERE_NO.search(words) is not None


def asked(after: str) -> bool:
    """Whether the span's clause is a question ("Should we run `x`?", "Did `x` pass?"):
    the words after it, code aside, end the clause with a question mark."""
    plain = re.sub(r"`[^`]*`", " ", after)
    m = re.search(r"[.;!?\n](?=\s|$)|[.;!?\n]", plain)
    return m is not None and m.group() == "?"


# In a description, where the words attached to "Run `x`" end: the clause's end, another
# span, a bracket or a dash (`remark_refuses` reads those), a comma, or a word that leads to
# the next step or gives the purpose ("Run `x`, then commit", "Run `x` to verify the fix",
# "Run `x` and expect `3`"): what follows those is another step, not a condition on this one.
_ATTACHED_END = later(
    r"[.;!?:](?=\s|$)|[\n`(\[,|\u2014\u2013]|\s-{1,2}\s"
    r"|(?<![\w-])(?:and|then|to|so|which|until|while|because|since|or|but|plus|for|with"
    r"|against|across|using|via)(?![\w-])",
    re.IGNORECASE,
)


def tail_refuses(after: str) -> str:
    """In a description, the words right after "Run `x`" when they make it a mention: any
    word no run instruction uses (see _BENIGN) and no word of what the passing check shows
    (_SHOWS) is a condition, a time, a place or a person ("once the DB is migrated", "on
    Fridays", "in production", "by hand", "as the deploy user"). "" when they are empty or
    an instruction's ("from the repo root", "in the container", "locally")."""
    clause = re.split(r"[.;!?](?=\s|$)|\n", after, maxsplit=1)[0]
    if re.search(r"`|\"[^\"]+\"|\u201c|\u00ab", clause):
        return ""  # a value follows: what it shows ("greets you with `Hi`"), no condition
    m = _ATTACHED_END.search(after)
    words = (after[: m.start()] if m else after[:200]).strip()
    if not words or _SHOWS.search(words):
        return ""
    for token in _TOKEN.findall(words):
        if re.search(r"[\d/._=<>~@$%*+\\]", token.strip(".,;:!?\"'()")):
            continue  # a path, a number, a flag: the check's own words
        word = token.strip(".,;:!?\"'()[]{}*_~").lower()
        if any(c.isalpha() for c in word) and word not in _BENIGN:
            return words
    return ""


# Someone other than the reader runs it: "Ask Bob to run `x`", "Tell the customer to run",
# "Have ops run", "Users can run `x`", "The release manager will run `x`". "You/we can
# run", "Let's run", "Then run" are the plan's own instruction.
_OTHERS_RUN = later(
    r"(?<![\w'-])(?:ask|tell|have|get|remind|instruct|request|let|want|allow|expect)\s+"
    r"(?!(?:us|me|yourself|ourselves|it)\b)[\w'-]+(?:\s+[\w'-]+){0,3}?\s+(?:to\s+)?$"
    r"|(?<![\w'-])(?P<who>[A-Za-z][\w'-]*)\s+(?:can|could|may|might|should|must|will|would|"
    r"shall|needs?\s+to|has\s+to|have\s+to|(?:is|are)\s+(?:able|expected|supposed)\s+to)"
    r"(?:\s+(?:also|then|now|still|just|only|simply|always))?\s+$",
    re.IGNORECASE,
)
_READER = frozenset(["you", "we", "i", "it", "this", "that", "then", "also", "now", "just"])


def someone_else(before: str) -> str:
    """In a description, who the words before a run cue (in its clause) say runs it when
    that is not the reader: the words naming them, "" when the plan asks it itself."""
    m = _OTHERS_RUN.search(before)
    if m is None:
        return ""
    who = m.group("who")
    if who is not None and who.lower() in _READER:
        return ""
    return m.group().strip()


# A label or the opening words of the span's clause that put the step off, turn it down or
# leave it open (issue 19 case 5, tenth pass: each of these ran): "Someday:", "Later:",
# "Future work:", "Deprecate:", "Out of scope:", "We decided against:", "Rejected:",
# "TBD:", "Maybe:", "Idea:". As a label (words, then a colon or a dash) any of them; as
# words anywhere before the span only those that cannot open an instruction ("Later, run
# `x`" is the next step; "Someday run `x`" is not).
_PUT_OFF = (
    r"some\s*day|eventually|in\s+(?:the\s+)?future|(?:at\s+)?some\s+point|one\s+day|"
    r"decided\s+against|(?:chose|choose|decided)\s+not\s+to|won'?t\s+(?:do|fix|run)|wont-?fix|"
    r"out\s+of\s+scope|not\s+in\s+scope|non-?goals?|tb[dca]|to\s+be\s+(?:decided|"
    r"determined|confirmed|defined|done|added|written)|undecided|open\s+questions?|maybe|"
    r"perhaps|n/a|not\s+applicable"
)
_LABEL_ONLY = (
    r"(?<!\bor\s)later|future(?:\s+[\w-]+){0,2}|follow-?ups?(?:\s+[\w-]+)?|next\s+(?:release|"
    r"version|sprint|phase|iteration|milestone|quarter|time)|post-?(?:mvp|launch|release|v\d+)|"
    r"ideas?|proposals?|proposed|wish\s*list|nice\s+to\s+have|stretch(?:\s+goals?)?|"
    r"defer(?:red)?|postponed?|on\s+hold|parked|punted|backlog|icebox|deprecat\w*|sunset\w*|"
    r"reject\w*|declined|dropped|cut|scrapped|alternatives?(?:\s+considered)?|considered|"
    r"not\s+now|unplanned|speculative|possibly"
)
_PUT_OFF_ANYWHERE = later(rf"(?<![\w/-])(?:{_PUT_OFF})(?![\w/-])", re.IGNORECASE)
# A label: a few words at the clause's start (or after a bracket), then a colon or a dash.
_PUT_OFF_LABEL = later(
    rf"(?:^|[(\[]|(?<=[.;!?])\s)\s*(?:\*\*|__)?(?:[\w'-]+\s+){{0,3}}?(?:{_LABEL_ONLY}|{_PUT_OFF})"
    r"(?:\s+[\w'.-]+){0,3}?(?:\*\*|__)?\s*(?::|[\u2014\u2013]|\s-{1,2}\s|\))",
    re.IGNORECASE,
)


def put_off(before: str) -> bool:
    """Whether the words before a span, in its clause, put the step off, turn it down or
    leave it open (see _PUT_OFF): a thing the plan speaks of, not a step to run now."""
    return bool(_PUT_OFF_ANYWHERE.search(before) or _PUT_OFF_LABEL.search(before))


# A span the words right before point to ("see `x`", "(cf. `x`)", "refer to `x`", "as
# documented in `x`", "like `x`"): a reference, not a step. "and see `3`", "should see",
# "you will see" are expectation cues, read before this.
_POINTED = later(
    r"(?:^|[\s(\[:,;\u2014\u2013])(?<!\band\s)(?<!\bshould\s)(?<!\bwill\s)(?<!\byou\s)"
    r"(?<!\bwe\s)(?<!\bmust\s)(?<!\bcan\s)(?<!\bthen\s)(?<!\bto\s)"
    r"(?:please\s+)?(?:see(?:\s+also)?|cf\.?|refer\s+to|as\s+(?:in|per|described\s+in|"
    r"documented\s+in|shown\s+in)|documented\s+in|described\s+in|something\s+like|like)"
    r"\s*:?\s*(?:the\s+)?$",
    re.IGNORECASE,
)


def pointed_to(before: str) -> bool:
    """Whether the words right before a span point to it as a reference (see _POINTED)."""
    return _POINTED.search(before) is not None


# Someone or something other than the reader runs it: "CI runs `x`", "the pipeline executes
# `x`", "Jenkins will run `x`", "the nightly job runs:". ("This runs `x`", "It runs", "we
# run" are the plan's own words about the step.)
_RUNS_IT = later(
    r"(?<![\w'-])(?P<who>[A-Za-z][\w'-]*)\s+(?:(?:also|then|already|automatically|still|"
    r"always|now)\s+)?(?:runs|executes|invokes|calls|triggers|(?:will|would|should|can|does)"
    r"\s+(?:run|execute|invoke|call|trigger))\s*:?\s*$",
    re.IGNORECASE,
)
_OWN = frozenset(
    [*_READER, "which", "that", "what", "simply", "just", "first", "and", "or", "who", "then"]
)


def runs_elsewhere(before: str) -> str:
    """Who runs the span when the words before it name someone or something other than the
    reader ("CI runs `x`"): their name, "" when none."""
    m = _RUNS_IT.search(before)
    if m is None or m.group("who").lower() in _OWN:
        return ""
    return m.group("who")


# A place that is not this shell session: inside a container or a VM, in another terminal
# (issue 19, F20c: "Inside the container, run `x`" ran `x` here). A span that itself goes
# there (`docker compose exec app pytest`) is run: the words say where its command lands.
# "In another terminal, run `x`" starts something the next step uses: never a check. A
# container is this place when the runner itself runs in one (a dev container, CI's job
# container: `here_is_container`); a VM, pod or emulator is always another machine.
_PLACE = (
    r"(?<![\w-])(?:inside|within|in|from|into|on)\s+(?:(?:the|a|an|your|its|that|our|each|"
    r"every)\s+)?(?:(?!this\b|local\b|host\b|same\b)[\w.-]+\s+){{0,2}}?(?:{kinds})s?(?:'s)?"
    r"(?![\w-])"
)
_CONTAINER = later(
    _PLACE.format(kinds=r"container|devcontainer|dev\s+container|toolbox|distrobox")
    + r"|(?<![\w-])(?:inside|within)\s+(?:docker|podman|the\s+image)(?![\w-])",
    re.IGNORECASE,
)
_MACHINE = later(
    _PLACE.format(kinds=r"pod|vm|virtual\s+machine|guest(?:\s+os)?|emulator|simulator|chroot|jail"
                  r"|wsl\d?")
    + r"|(?<![\w-])(?:inside|within)\s+(?:kubernetes|k8s|vagrant)(?![\w-])",
    re.IGNORECASE,
)  # fmt: skip
_OTHER_SESSION = later(
    r"(?<![\w-])(?:another|a\s+second|a\s+separate|a\s+new|the\s+other|a\s+different|"
    r"second|separate|new|other)\s+(?:terminal|shell|tab|window|console|pane|session|"
    r"terminal\s+(?:tab|window|pane|session))s?(?![\w-])",
    re.IGNORECASE,
)
# Programs that go into the container or VM themselves.
_GOES_THERE = frozenset(
    [
        *("docker", "docker-compose", "podman", "podman-compose", "nerdctl", "kubectl", "oc"),
        *("devcontainer", "vagrant", "multipass", "lxc", "incus", "limactl", "colima"),
        *("toolbox", "distrobox", "wsl", "wsl.exe", "minikube", "kind", "k3d", "orb"),
    ]
)


def other_place(words: str, span: str, here_is_container: Callable[[], bool] = bool) -> bool:
    """Whether words about a span (its clause before or after it, code taken out) say it
    runs in a place that is not this shell session: a container (unless the runner runs in
    one) or a VM the span does not enter itself, or another terminal."""
    if _OTHER_SESSION.search(words) is not None:
        return True
    elsewhere = _MACHINE.search(words) is not None or (
        _CONTAINER.search(words) is not None and not here_is_container()
    )
    if not elsewhere:
        return False
    first = next((w for w in span.split() if "=" not in w and w not in ("sudo", "env")), "")
    return first.rsplit("/", 1)[-1] not in _GOES_THERE
