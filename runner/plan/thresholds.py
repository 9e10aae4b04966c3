r"""The Quality Gates' `Threshold / Expectation` cell, checked when it is machine-readable; pure.

What is checked (case-insensitive; backticks and bold are ignored, and so are notes for people:
a trailing parenthesis as in `0 errors (strict)`, and whatever follows a semicolon as in
`100% passing; flakiness not tolerated`):

- `exit N`, `exit code N`, `exit status N`: the command exits N, and only N passes (so
  `exit 1` makes a failing command the pass condition). `fails`, `must fail`, `exit
  non-zero`: any failure of the command's own (126 and 127, "not executable" and "not
  found", are not).
- `0 errors`, `no warnings`, `zero failures`, ... (errors, warnings, failures/failed,
  problems, issues, violations, vulnerabilities, findings, diagnostics): exit 0, and no line
  of the output reports a positive count of that noun: `3 errors`, `1 error`, `2 error(s)`,
  `errors: 3`, `errors=3`. A count of 0 (`Found 0 errors`) is fine.
- `100% passing`, `all tests pass`, `all green`, `passing`: exit 0, no positive count of
  failed/failures/errors in the output, and at least one test reported passing: the last
  count of passed tests (pytest `15 passed`, cargo, jest, mocha `15 passing`) is above 0, or
  unittest's `Ran N tests` has N above 0 and an `OK` line; `no tests ran` fails. Output with
  no test count to read (another runner, or none: `true`) is checked as exit 0 only, and
  `describe` says so. A pass rate the output prints (`98% passing`) must be 100%.
- `98% passing`, `95% pass` (a rate below 100): the output's pass rate, as printed (`97.5%
  passing`) or from its counts (`49 passed, 1 failed`: 98%), meets it; the tolerated failures
  make exit 1 fine (pytest's "some tests failed"), any other exit fails; output with neither
  fails (the plan promises a rate the run did not show).
- `no output` / `empty output`: exit 0 and nothing but whitespace and colour codes printed;
  for a search (`grep`, `rg`), exit 1 is "nothing found" too, and exit 0 of a quiet one
  (`grep -q`, output sent to `/dev/null`) means it found something.
- `contains TEXT` (TEXT in backticks, quotes or bare): exit 0 and TEXT in a line of the
  output after colour codes are stripped, case-sensitive, as whole words at its edges and
  not said the other way round (`healthy` is not in "unhealthy" nor "not healthy", `0
  failures` not in "10 failures").
- A comparison `LABEL OP NUMBER[UNIT]` or `OP NUMBER[UNIT] LABEL` (`coverage >= 85%`,
  `p95 < 200 ms`, `>= 90% coverage`, `Max CC ≤ 10`): exit 0 and the number labelled LABEL in
  the output meets it. OP is one of `>= <= > < = == ≥ ≤`, `at least`, `at most`, `under`,
  `below`, `over`, `above`, `less than`, `more than`; or said by `min`/`max` before the label
  (`minimum coverage 90%`) or a word after the number (`90%+ coverage`, `coverage 90% or
  more`, `p95 200 ms or less`, `coverage 90% minimum`).
  Units: `%`; times `ns us µs ms s sec min h` (converted, so `p95=0.18s` meets `p95 < 200
  ms`); sizes `B KB KiB MB MiB GB GiB`.
- None of several nouns (`no errors or warnings`, `0 errors, 0 warnings`, `warnings: none`,
  `warning-free`, `free of warnings`, `neither errors nor warnings`): one `no NOUN` each.

How the labelled number is found: the output lines are read from the last one up; the first
line holding the label (as whole words, `_`/`-`/spaces between words alike) gives the number,
and every other line holding it that prints a number of the threshold's kind gives one too:
each must meet the threshold (`line coverage 60%` beside `branch coverage 95%` misses
`coverage >= 90%`; `branch coverage >= 90%` reads the branch values only).
Around the label's last occurrence on that line, in this order: the first number after it with
a unit of the threshold's kind, the nearest such number before it (`80% coverage`), the first
bare number after it, the nearest bare number before it; a bare number is read in the
threshold's own unit (`p95: 180` meets `p95 < 200 ms`). For `coverage` the report lines of
coverage.py (`TOTAL ... 87%`) and of istanbul (`All files | 87.5 | ...`) count as labelled
too. Not the result: a number with a target word after it (`95% (target)`), one after "from"
or "was" (`went from 95% to 60%`), a change (`increased by 95%`, `delta: 5%`), either end of
a range (`60-95%`), a share of part of the whole and the numbers that qualify it (`95% (of
10% of files measured)`), a count of something else (`1,000 skipped`); a duration on a clock
(`00:01:30`, `1:30.5`) is read in seconds. `9.0e1` is 90, `.40` is 0.4, `95.%` is 95%, and
`1.200` is 1.2 (a point is a decimal point unless it groups thousands twice, `1.200.000`,
or comes before a decimal comma, `1.200,5`). A number whose one mark has three digits after
it (`1.024`, `1,024`) is read by the decimal mark of the threshold's own number, else of the
output's other numbers; else a bare one both ways (`_readings`). A label that is itself a
word that marks a change (`change`, `delta`, `loss`) reads its own number.

The same thresholds written after a command in a task's Validation cell (`after_command`)
are checked by this code too. A label nowhere in the output fails
the gate, saying so: the plan promises a number the run did not show.

A cell of several parts (`coverage >= 90% and branches >= 80%`; parts joined by `;`, `and`,
a comma, `&`, ` + `, `<br>`, "as well as", "plus", "along with", a slash) checks every part it can
read; a part that states a number it cannot read (`≥ 80%`, no label) fails the check, and a
part in words is named as not checked.

Numbers are read with `'`, `’`, a space, U+2009, U+202F or U+00A0 grouping thousands
(`1'200`), with U+2212 or an en dash as a minus right before the digits, with an exponent
before a unit (`1.2e3ms`); one that goes on in a grouping that is not thousands (`1'2000`)
is not read at all. Signs and units are folded first (`fold_numbers`): U+2010 and the
fullwidth minus, a spaced minus after `:`/`=`/`(`, arrows (`↓7.5%`, `▼ 7.5%`), fullwidth
digits, `percent`/`pct`; an arrow down and `(7.5%)` right after its label are read both as
7.5 and as -7.5, and both must meet the threshold. In the cell, an English number word
before a unit (`at least ninety percent`) is its digits. `no warnings` counts `⚠`, `[W]`,
linter codes (`W0612`) and the word in other languages (`Warnung`, `警告`). `not below N`
is `>= N`, `not above N` and `must not exceed N` `<= N`.
`0 errors` counts JSON (`"errors": 12`); a pass rate is read from `4 out of 10 passed` and
`4/10 passed` too. A line names the noun as what it reports wherever it puts it (`a.js: line 3,
col 1, Warning - x`, `Warning! x`, `Compiled with warnings.`, `W: x`), and counts it in words
or after a dash, dots or a space (`found twelve errors`, `Total errors — 3`, `errors 3/10`);
`0 errors` also misses a line that reports an error by its shape (`_ERROR_REPORT`). An exit
clause before other parts (`exit 0, 0 errors`, `exits 0 with coverage >= 90%`) hides none of
them; HTML entities (`p95 &lt; 500 ms`) and `≦ ⩽ ≧ ⩾` are read as their signs.

A cell that states an expected output instead (`prints \`3\``, `Expected: \`3\``, a lone code
span, `== 3`, `is empty`) is read as a Validation cell's words after a command
(`verdicts.gate_expectation`). Everything else (`No drift`, `≤ 3%` with no label, prose) is
not checked and is shown as such.
"""

from __future__ import annotations

import enum
import heapq
import html
import operator
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from runner.markdown.codespans import code_spans
from runner.markdown.patterns import later
from runner.plan.expect import (
    Expectation,
    Mismatch,
    found_as_words,
    match,
    nothing_found_is,
    output_lines,
)


class Kind(enum.Enum):
    """What a machine-readable threshold asks of a run."""

    EXIT = "exit"
    ZERO = "zero"
    PASSING = "passing"
    RATE = "pass rate"
    NO_OUTPUT = "no output"
    CONTAINS = "contains"
    MATCHES = "matches"
    COMPARE = "compare"


@dataclass(frozen=True)
class Threshold:
    """A checkable threshold; `text` is the cell as written."""

    kind: Kind
    text: str
    exit_code: int = 0  # EXIT: the exit code that passes
    noun: str = ""  # ZERO: what must not be counted
    needle: str = ""  # CONTAINS; MATCHES: the regular expression (flags folded in: `(?i)`)
    label: str = ""  # COMPARE
    op: str = ""  # COMPARE: >=, <=, >, <, ==
    value: float = 0.0  # COMPARE, in `unit`
    unit: str = ""  # COMPARE: as written, lower case ("%", "ms", "kb", "")
    # The other parts of a compound cell (`coverage >= 90%; branches >= 80%`): each checked
    # too; `unchecked` holds the parts that are prose, named as not checked.
    more: tuple[Threshold, ...] = ()
    unchecked: tuple[str, ...] = ()
    qualifier: str = ""  # ZERO: `0 high vulnerabilities` counts only lines that say "high"
    mark: str = ""  # COMPARE: the decimal mark its number shows ("." or ","), "" when none


_OPS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "==": operator.eq,
}
_OP_WORDS = {
    "≥": ">=",
    "≤": "<=",
    "=": "==",
    "=>": ">=",
    "=<": "<=",
    "at least": ">=",
    "must not exceed": "<=",
    "no less than": ">=",
    "at most": "<=",
    "no more than": "<=",
    "under": "<",
    "below": "<",
    "less than": "<",
    "fewer than": "<",
    "lower than": "<",
    "no fewer than": ">=",
    "greater than": ">",
    "higher than": ">",
    "over": ">",
    "above": ">",
    "more than": ">",
    "min": ">=",
    "min.": ">=",
    "minimum": ">=",
    "max": "<=",
    "max.": "<=",
    "maximum": "<=",
}
_OP = (
    r"(?P<op>>=|<=|=>|=<|==|[<>=≥≤]|not (?:below|under|less than|lower than|fewer than)"
    r"|not (?:above|over|more than|greater than|higher than|exceeding)|must not exceed"
    r"|at least|at most|no less than|no more than|no fewer than|under|below"
    r"|less than|fewer than|lower than|greater than|higher than|over|above|more than"
    r"|min\.|max\.|minimum|maximum|min|max)"
)
# A sign: `-`, `+`, the minus sign U+2212 and an en dash U+2013 right before the digits.
_SIGN = "[-+\u2212\u2013\u2796]"  # U+2796: an arrow down, folded (see fold_numbers)
# What groups thousands besides a comma: `1'200` (Swiss), `1’200`, `1 200` with a space, a
# thin space U+2009, a narrow no-break space U+202F or a no-break space U+00A0.
_GROUP = "[ '\u2019\u2009\u202f\u00a0]"
_NUM = (
    rf"(?P<num>{_SIGN}?\d+(?:(?:,|{_GROUP})\d{{3}})*(?:[.,]\d+)?(?:e[-+]?\d+)?)"
    r"\s*(?P<unit>%|[a-zµμ]+)?"
)


def number(text: str) -> float:
    """A number as people write it: `1,200` (thousands), `12,5` (a decimal comma), `-7.5`,
    `−3` (a minus sign)."""
    text = text.replace("\u2212", "-").replace("\u2013", "-").replace("\u2796", "-")
    text = re.sub(r"(?<=\d)['\u2019\u2009\u202f\u00a0](?=\d{3}(?!\d))", " ", text)
    if re.fullmatch(r"[-+]?\d+(?:\.\d+)?[eE][-+]?\d+", text):  # `1.2e3`
        return float(text)
    if re.fullmatch(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?", text):
        return float(text.replace(",", ""))
    if re.fullmatch(r"[-+]?\d{1,3}(?:\.\d{3})+,\d+", text):  # `1.200,5`: thousands dots
        return float(text.replace(".", "").replace(",", "."))
    if re.fullmatch(r"[-+]?\d{1,3}(?:\.\d{3}){2,}", text):  # `1.200.000`
        return float(text.replace(".", ""))
    if re.fullmatch(r"[-+]?\d{1,3}(?: \d{3})+(?:[.,]\d+)?", text):  # `1 200` (a space)
        return number(text.replace(" ", ""))
    return float(text.replace(",", "."))


_LABEL = r"(?P<label>[a-z_][\w.-]*(?:\s+[\w.-]+){0,3}?)"
_COMPARE = (
    later(
        rf"^{_LABEL}\s*(?:(?:(?:must|should|will|shall)\s+)?(?:stays?|remains?|be|is|are)\s+"
        # "coverage must not drop below 90%": a negated verb turns the comparison over.
        r"|(?P<neg>(?:(?:must|should|will|shall|may|can|does|do|is|are)\s+)?(?:not|never)\s+"
        r"(?:(?:drop|fall|go|dip|sink|slip|decrease|get|be|rise|climb|grow|increase|exceed|move|"
        r"creep|stay|remain)\s+)?)"
        rf"|of\s+|:\s*)?{_OP}\s*{_NUM}$"
    ),
    later(rf"^{_OP}\s*{_NUM}\s+{_LABEL}$"),
)
# The comparison said by a word after the number (`coverage 90%+`, `90% or more coverage`,
# `p95 200 ms or less`, `coverage 90% minimum`) or by `minimum`/`maximum` before the label
# (`minimum coverage 90%`, `max. p95: 200 ms`): issue 19 case 9, thirteenth pass, these were
# "not checked".
_POST_OP = (
    r"(?P<post>\+|or\s+(?:more|higher|above|better|greater|over)|or\s+(?:less|lower|below|"
    r"fewer|under)|min(?:imum)?\.?|max(?:imum)?\.?|at\s+(?:least|most))"
)
_PRE_OP = r"(?P<pre>min(?:imum)?\.?|max(?:imum)?\.?)"
_COMPARE_WORDS = (
    later(rf"^{_LABEL}\s*(?::|=|of|is|are)?\s*{_NUM}\s*{_POST_OP}$"),
    later(rf"^{_NUM}\s*{_POST_OP}\s+{_LABEL}$"),
    later(rf"^{_NUM}\s+{_LABEL}\s+{_POST_OP}$"),
    later(rf"^{_PRE_OP}\s+{_LABEL}\s*(?::|=|of|is|are)?\s*{_NUM}$"),
)
_EXIT = later(r"^(?:exits?|exit\s+(?:code|status)|returns?)\s*(?:=|==|:|with|of)?\s*(\d+)$")
# `fails`, `must fail`, `exit non-zero`: a failure of the command's own passes (issue 19: a
# gate whose threshold said `fails` passed silently on exit 0).
_FAILS = later(
    r"^(?:(?:must|should|expected\s+to)\s+)?fail(?:s|ure|ing)?$|^(?:exits?|exit\s+(?:code|status)|"
    r"returns?)?\s*(?:with\s+)?(?:a\s+)?non-?zero(?:\s+exit)?(?:\s+(?:code|status))?$"
)
NONZERO = -1  # Threshold.exit_code of a threshold that asks for a failure
# `fails with exit 2`, `should fail (exit 2)`, `exits non-zero (code 2)`: the code named
# decides, not any failure (the tenth pass read only "fails").
_FAILS_WITH = later(
    r"^(?:(?:must|should|expected\s+to)\s+)?(?:fail(?:s|ure|ing)?|(?:exits?\s+)?non-?zero)"
    r"\s*(?:[,:(\u2014\u2013-]\s*)?(?:(?:and\s+)?(?:exits?|returns?)\s+)?(?:with\s+)?(?:an?\s+)?"
    r"(?:exit(?:\s+(?:code|status))?|(?:return\s+)?code|status|rc)?\s*[:=]?\s*(\d{1,3})\)?$"
)
# The words in other languages count in the output (`Warnung: x`, `2 Warnungen`, `警告: x`);
# the threshold is read in English.
_NOUNS = {
    "error": r"errors?|error\(s\)|fehler|erreurs?|errores?|erros?|错误|エラー|ошибк[аи]",
    "warning": (
        r"warnings?|warning\(s\)|warnung|warnungen|avertissements?|advertencias?|avisos?"
        r"|警告|предупреждени[еяй]"
    ),
    "failure": r"failures?|failed|failing|failure\(s\)",
    "problem": r"problems?",
    "issue": r"issues?",
    "violation": r"violations?",
    "vulnerability": r"vulnerabilit(?:y|ies)",
    "finding": r"findings?",
    "diagnostic": r"diagnostics?",
}
_ZERO = later(
    r"^(?:0|zero|no)\s+(?:new\s+)?(?:(?P<qual>high|critical|medium|moderate|low|severe|major|"
    r"minor|blocking|serious)(?:[\s-]+severity)?\s+)?(?P<noun>[a-z()]+)$"
)
# A pass rate as people write it: `100% passing`, `100% pass rate`, `pass rate: 100%`, `pass
# rate of 95%`, `95% of tests pass` (the fourteenth stop: `100% pass rate` and the rate
# first were not machine-readable, so a gate passed on its exit code alone).
_RATE_WORDS = (
    r"(?:pass(?:ing|ed|es)?(?:\s+rate)?|green|success(?:ful)?(?:\s+rate)?"
    r"|of\s+(?:the\s+)?(?:tests?|specs?|cases)\s+(?:pass(?:ing|ed|es)?|green))"
)
_RATE_FIRST = r"(?:pass|success)\s+rate\s*(?:[:=]|of|>=|≥|at\s+least)?\s*"
_ZERO_AS_VALUE = later(
    r"^(?:the\s+)?(?:number\s+of\s+)?(?P<noun>[a-z]+?)(?:\s+count)?\s*(?:(?:must|should|will|shall)"
    r"\s+(?:be|equal|stay|remain)|is|are|==?|:)?\s*(?:0|zero|none)$"
)
_PASSING = later(
    rf"^(?:100\s*%\s*{_RATE_WORDS}|{_RATE_FIRST}100\s*%|all\s+(?:tests?\s+)?"
    r"(?:pass(?:ing|ed|es)?|green)|pass(?:ing|es)?|green)$"
)
_RATE = later(
    rf"^(?:(\d{{1,2}}(?:\.\d+)?)\s*%\s*{_RATE_WORDS}|{_RATE_FIRST}(\d{{1,2}}(?:\.\d+)?)\s*%)$"
)
_NO_OUTPUT = later(r"^(?:no|empty)\s+output$")
_PAREN_PART = later(r"\s*\(([^()]*?(?:>=|<=|=>|=<|≥|≤|[<>])[^()]*)\)")
# A ratio: `9/10`, `9 / 10`; never two parts across a spaced slash (`exit 0 / 0 errors`, the
# sixteenth stop: read as `exit 0 errors`, not checked).
_RATIO = later(r"(\d+(?:\.\d+)?)(?:/|\s*/\s*(?=\d+(?:\.\d+)?(?!\s*[a-z])))\d+(?:\.\d+)?", re.I)
# Where a cell's parts meet: a semicolon, "and", a comma before a word (never `1,200`).
# `&`, ` + `, `<br>`, "as well as" and "plus" too (issue 19 case 9: these cells were not
# checked at all).
# A slash between two comparisons, `lines >= 90% / branches >= 80%` (spaced, or right after a
# number: `90%/branches`), joins too (thirteenth pass: such a cell was not checked).
# "with" and a comma before a count join too: `exit 0 with 0 errors`, `exit 0, 0 errors`, `must
# pass with 0 errors` (the sixteenth stop: the exit code alone was checked, or nothing).
_JOINS = later(
    r";|<br\s*/?>|\s*&(?:amp;)?\s*|\s+\+\s+|\s+(?:and|as\s+well\s+as|plus|along\s+with|with)\s+"
    r"|,\s+(?=[^\d\s]|\d+(?:[.,]\d+)?\s*%?\s*[a-z])|\s+/\s+|(?<=[\d%])/(?=[a-z])",
    re.IGNORECASE,
)
_CONTAINS = later(r"^(?:output\s+)?(?:contains|includes)\s+(.+)$", re.IGNORECASE)
# A regular expression the output must match somewhere, as Perl, sed and test frameworks
# write it: `output matches /^ok \d+$/`, `=~ /ok/i`, `matches regex \`ok \d+\``
# (fourteenth pass: "not machine-readable", so the exit code alone passed it; the backtick
# form was read as literal text and failed every output).
_MATCHES = later(
    r"^(?:(?:the\s+|its\s+)?output\s+)?(?:(?:must|should|will)\s+)?(?:matches|match|=~)\s+"
    r"(?:(?:the\s+|a\s+)?(?:regexp?|regular\s+expression|pattern)\s+)?"
    r"(?:/(?P<slash>.+)/(?P<flags>[imsx]*)|`(?P<tick>[^`]+)`)\s*\.?$"
    # `output ~ /bye/`, `regex: bye`, `pattern: \`^ok$\``, `matches ^bye$` (the fifteenth stop:
    # each passed as "not machine-readable"): a `~` operator, a label, or a bare pattern that
    # reads as one (an anchor, a class, a repeat, an escape), never prose ("matches the spec").
    r"|^(?:(?:the\s+|its\s+)?output\s+)?~\s+(?:/(?P<slash2>.+)/(?P<flags2>[imsx]*)|`(?P<tick2>[^`]+)`"
    r"|(?P<bare2>\S+))\s*$"
    r"|^(?:(?:output|stdout)\s+)?(?:regexp?|regular\s+expression|pattern)\s*[:=]?\s*"
    r"(?:/(?P<slash3>.+)/(?P<flags3>[imsx]*)|`(?P<tick3>[^`]+)`|(?P<bare3>\S+))\s*$"
    r"|^(?:(?:the\s+|its\s+)?output\s+)?(?:(?:must|should|will)\s+)?(?:matches|match)\s+"
    r"(?P<bare4>(?=\S*(?:[\^$*+?\[\]{}|\\]|\.\*))\S+)\s*$",
    re.IGNORECASE,
)
# The output stated after a label (`output: goodbye`, `expected output: "ok"`, `stdout = ok`):
# text the output must contain (the fifteenth stop: passed as "not machine-readable").
_OUTPUT_SAID = later(
    r"^(?:expected\s+)?(?:output|stdout)\s*(?:[:=]|is|reads|equals)\s*(?P<said>\S.*?)\s*$",
    re.IGNORECASE,
)

_UNITS: dict[str, tuple[str, float]] = {"%": ("percent", 1.0), "": ("", 1.0)}
for _names, _dim, _scale in (
    ("ns", "time", 1e-9),
    ("us µs μs", "time", 1e-6),
    ("ms msec msecs", "time", 1e-3),
    ("s sec secs second seconds", "time", 1.0),
    ("m min mins minute minutes", "time", 60.0),
    ("h hr hrs hour hours", "time", 3600.0),
    ("b byte bytes", "size", 1.0),
    ("kb", "size", 1e3),
    ("kib", "size", 1024.0),
    ("mb", "size", 1e6),
    ("mib", "size", 1024.0**2),
    ("gb", "size", 1e9),
    ("gib", "size", 1024.0**3),
):
    for _name in _names.split():
        _UNITS[_name] = (_dim, _scale)


_BREAK = later(r"<br\s*/?>", re.IGNORECASE)
# Words that ask for a clean exit only, which every part after them checks too.
_CLEAN_EXIT = later(r"^(?:(?:must|should|will)\s+)?(?:pass(?:es)?|succeeds?)$", re.IGNORECASE)
_TRAILING_PAREN = later(r"\s*\(([^()]+)\)\s*\.?\s*$")


def _clean(cell: str) -> str:
    text = _entities(cell).replace("\\|", "|").replace("**", "").strip()
    return re.sub(r"\s+", " ", text)


# A cell as Markdown tables are often written: `p95 &lt; 500 ms`, `errors &lt;= 1` (an HTML
# entity, whose `;` would otherwise end the part), and the comparison signs of Unicode that
# say the same as `≤` and `≥` (`≦`, `⩽`, `≧`, `⩾`): issue 19 case 9, the sixteenth stop,
# each passed as "not machine-readable".
_ENTITY = later(r"&(?:lt|gt|le|ge|leq|geq|amp|nbsp|#\d{1,7}|#x[0-9a-f]{1,6});", re.IGNORECASE)
_SAME_SIGNS = str.maketrans({"\u2266": "≤", "\u2a7d": "≤", "\u2267": "≥", "\u2a7e": "≥"})


def _entities(cell: str) -> str:
    """`cell` with its HTML entities and its other comparison signs as `_OP` reads them."""
    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), cell).translate(_SAME_SIGNS)


def _normalise(cell: str) -> str:
    """The cell's first part without backticks and without notes for people: `0 errors
    (strict)`, `100% passing; flakiness not tolerated`; its numbers as `fold_numbers` reads
    them (`≥ ninety percent` is `≥ 90%`)."""
    return _part(fold_numbers(_spelled(_clean(cell).replace("`", "").split(";")[0])))


# Fullwidth forms (`９０％`, `－7.5`) are their ASCII letters; the hyphens and minus signs
# of Unicode right before a digit are a minus; an arrow up is a plus, and an arrow down
# (`↓7.5%`, `▼ 7.5%`) a minus that may be a fall rather than a value: both readings must
# meet the threshold. A minus after a space is a sign after a colon, `=` or `(` (`margin: -
# 7.5%`), and a dash between words or a bullet otherwise (`coverage - 95%`, `- 12 errors`).
# `percent`, `per cent` and `pct` after a number are `%`.
_ARROW_DOWN = "\u2796"
_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_MINUS_SIGNS = "‐‑‒–−﹣"
_DOWN = "↓▼▽⬇⇩↘🔻"
_UP = "↑▲△⬆⇧↗🔺"
# A Unicode minus is a minus before a digit, and after a colon, `=` or `(` with spaces
# between (`change: − 3%`, the twelfth stop's pass): the spaced rule below reads it then.
_FOLD_MINUS = later(rf"[{_MINUS_SIGNS}](?=\.?\d)|(?<=[:=(])(\s*)[{_MINUS_SIGNS}](?=\s+\.?\d)")
_FOLD_ARROW = later(rf"(?<![\w.])([{_DOWN}{_UP}])\ufe0f?\s?(?=\.?\d)")
_FOLD_SPACED = later(r"([:=(]\s*)([-+])\s+(?=\.?\d)")
_FOLD_PERCENT = later(r"(?<=\d)\s*(?:per\s?cent|pct)\b", re.IGNORECASE)


def fold_numbers(line: str) -> str:
    """`line` with the signs and units above written the one way `_NUMBER` reads."""
    line = line.translate(_FULLWIDTH)
    line = _FOLD_MINUS.sub("-", line)
    line = _FOLD_ARROW.sub(lambda m: _ARROW_DOWN if m.group(1) in _DOWN else "+", line)
    line = _FOLD_SPACED.sub(r"\1\2", line)
    return _FOLD_PERCENT.sub("%", line)


# A threshold's number in English words (`at least ninety percent`, `under twenty-five ms`):
# its digits. Output is never read this way.
_ONES = [
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
    *("eighteen", "nineteen"),
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SPELLED = later(
    rf"(?<![\w-])(?:(?P<hundred>(?:a|one)\s+hundred)|(?P<tens>{'|'.join(_TENS)})"
    rf"(?:[\s-](?P<unit>{'|'.join(_ONES[1:10])}))?|(?P<ones>{'|'.join(_ONES)}))(?![\w-])"
    r"(?=\s*(?:%|[a-zµμ]+\s*$|$))",
    re.IGNORECASE,
)


def _spelled(text: str) -> str:
    def digits(m: re.Match[str]) -> str:
        if m.group("hundred"):
            return "100"
        if m.group("tens"):
            tens = 20 + 10 * _TENS.index(m.group("tens").lower())
            return str(tens + (_ONES.index(m.group("unit").lower()) if m.group("unit") else 0))
        return str(_ONES.index(m.group("ones").lower()))

    return _SPELLED.sub(digits, text)


def _part(text: str) -> str:
    text = text.strip()
    if text.endswith(")") and "(" in text and text.index("(") > 0:
        text = text[: text.rindex("(")].strip()
    return text


# A cell said as a sentence, as teams write them (the lead's pass of the twelfth stop: "no
# warnings expected" passed a warning silently; "the test suite should be green" was not read).
_NONE_SAID = later(
    r"^\s*(?:there\s+(?:should|must|will|shall)\s+be\s+|expect\s+)?(?P<none>(?:no|zero|0)\s+"
    r"(?:new\s+)?(?:errors?|warnings?|failures?|problems?|issues?|regressions?))\s+"
    r"(?:(?:are|is|should\s+be|must\s+be)\s+)?(?:expected|allowed|permitted|tolerated|accepted|"
    r"(?:should|must|may)\s+(?:remain|appear|occur)|remain)\b\.?",
    re.IGNORECASE,
)
_SUITE_SAID = later(
    r"^\s*(?:the\s+)?(?:whole\s+|full\s+|entire\s+)?(?:test\s+suite|suite|tests)\s+"
    r"(?:(?:should|must|will)\s+)?(?:be\s+(?:all\s+)?green|pass(?:es)?|be\s+passing)\s*\.?\s*$",
    re.IGNORECASE,
)


_THERE_SAID = later(
    r"^\s*there\s+(?:should|must|will|shall)\s+be\s+(?=(?:no|zero|0)\s+(?:new\s+)?(?:errors?|"
    r"warnings?|failures?|problems?|issues?|regressions?)\b)",
    re.IGNORECASE,
)


def _said_as_cell(cell: str) -> str:
    """A threshold said as a sentence put as a cell says it (`no warnings`, `all tests pass`)."""
    if (t := _THERE_SAID.match(cell)) is not None:
        cell = cell[t.end() :]
    if (m := _NONE_SAID.match(cell)) is not None:
        return m.group("none") + cell[m.end() :]
    if _SUITE_SAID.match(cell):
        return "all tests pass"
    return cell


# None of one or more nouns, said as people say it (issue 19 case 9, thirteenth pass: each was
# "not checked"): a list after one "no" (`no errors or warnings`, `0 errors, 0 warnings`,
# `zero errors/warnings`), `neither errors nor warnings`, the value none (`warnings: none`,
# `errors = 0`), an adjective (`warning-free`) and `free of`/`without` (`without warnings`).
# Each noun becomes a part of its own, `no NOUN`, checked as `0 errors` is; a list with a
# word that is not a counted noun is left as written.
_NONE_WORD = r"(?:no|zero|0)\s+"
_NOUN_SEP = r"\s*(?:,\s*(?:or\s+|and\s+|nor\s+)?|/|&|\s(?:or|and|nor)\s)\s*"
# An item may carry one word before its noun (`no type errors`, `no compiler warnings`): the
# noun is counted whatever kind the output names, the stricter reading.
_NOUN_ITEM = r"(?:[a-z-]+\s+)?[a-z()]+"
_NOUN_LIST = rf"(?P<list>{_NOUN_ITEM}(?:{_NOUN_SEP}(?:{_NONE_WORD})?{_NOUN_ITEM})*)"
_NONE_OF = (
    later(rf"^{_NONE_WORD}{_NOUN_LIST}$", re.IGNORECASE),
    later(rf"^neither\s+(?:any\s+)?{_NOUN_LIST}$", re.IGNORECASE),
    later(rf"^{_NOUN_LIST}\s*(?::|=)\s*(?:none|zero|0|nil|nothing)$", re.IGNORECASE),
    later(rf"^{_NOUN_LIST}[\s-]free$", re.IGNORECASE),
    later(rf"^(?:free\s+(?:of|from)|without)\s+(?:any\s+)?{_NOUN_LIST}$", re.IGNORECASE),
)
# Pieces each saying none of a noun: `errors: 0, warnings: 0`.
_NONE_PIECES = later(r"\s*(?:,|&|\band\b)\s*", re.IGNORECASE)
_QUALIFIERS = frozenset(
    {"new", "high", "critical", "medium", "moderate", "low", "severe", "major", "minor"}
    | {"blocking", "serious"}
)


def _nouns_none(text: str) -> tuple[list[str], bool] | None:
    """The nouns `text` says none of, and whether `_ZERO` reads it as written (`0 errors`,
    `0 high vulnerabilities`), or None."""
    for rx in _NONE_OF:
        if (m := rx.match(text)) is None:
            continue
        items = re.split(rf"{_NOUN_SEP}(?:{_NONE_WORD})?", m.group("list"), flags=re.IGNORECASE)
        items = [re.sub(r"^nor\s+", "", i.strip(), flags=re.IGNORECASE) for i in items]
        words = [i.split() for i in items]
        if not all(_noun(w[-1].lower()) for w in words):
            continue
        as_is = rx is _NONE_OF[0] and len(words) == 1
        if as_is and (len(words[0]) == 1 or words[0][0].lower() in _QUALIFIERS):
            return items, True
        return [w[-1] if w[0].lower() not in _QUALIFIERS else " ".join(w) for w in words], False
    return None


def _none_of(part: str) -> str:
    """`part` as one `no NOUN` per noun when it says none of counted nouns, else as written."""
    text = _part(_clean(part).replace("`", "").rstrip(".").strip())
    found = _nouns_none(text)
    if found is None:
        pieces = [_nouns_none(p) for p in _NONE_PIECES.split(text)]
        if len(pieces) < 2 or any(p is None for p in pieces):
            return part
        found = ([n for p in pieces if p is not None for n in p[0]], False)
    nouns, as_is = found
    return part if as_is else "; ".join(f"no {n}" for n in nouns)


def parse_threshold(cell: str) -> Threshold | None:
    """The threshold a cell states, or None when it is not checked (`not_checked_reason`).
    A cell of several parts (`coverage >= 90% (lines); branches >= 80%`) checks every part
    that is machine-readable and names the rest as not checked."""
    from dataclasses import replace

    cell = _entities(cell)
    # A comparison in parentheses is a part, not a note: `lines >= 90% (branches >= 80%)`,
    # and so is a threshold there (`clean (0 errors)`); a ratio is its numerator against the
    # printed one: `score >= 9/10`.
    cell = _PAREN_PART.sub(r"; \1", cell)
    if (paren := _TRAILING_PAREN.search(cell)) is not None and paren.start() > 0:
        inner = paren.group(1)
        if _parse_one(inner) is not None or _nouns_none(_clean(inner).replace("`", "")):
            cell = f"{cell[: paren.start()]}; {inner}"
    cell = _RATIO.sub(r"\1", cell)
    cell = _said_as_cell(cell)
    parts = [_none_of(p) for p in cell.split(";")]
    if parts != cell.split(";"):
        found = parse_threshold(";".join(parts))
        return replace(found, text=cell.strip()) if found is not None else None
    first = _parse_one(cell)
    if first is not None and first.kind is Kind.CONTAINS:
        return first
    text = _clean(_BREAK.sub("; ", cell)).replace("`", "")
    lead: list[str] = []
    if first is None:  # `coverage >= 90% and branches >= 80%`: read part by part
        parts = [_part(p) for p in _JOINS.split(text)]
        if len(parts) < 2:
            return None
        # Words before the first part that reads (`clean; 0 errors`, `must pass with 0
        # errors`) are named as not checked; the parts after them are checked.
        read = [_parse_one(p) for p in parts]
        at = next((k for k, found in enumerate(read) if found is not None), None)
        if at is None or (at > 0 and any(_THRESHOLD_LIKE.search(p.lower()) for p in parts[:at])):
            return None
        first = read[at]
        if first is None:
            return None
        first = replace(first, text=cell.strip())
        lead = [p for p in parts[:at] if p and not _CLEAN_EXIT.match(p)]
        rest = parts[at + 1 :]
    else:  # the first part read whole; the others part by part
        rest = [_part(q) for p in text.split(";")[1:] for q in _JOINS.split(p)]
    more: list[Threshold] = []
    prose: list[str] = list(lead)
    for part in (p for p in rest if p):
        found = _parse_one(part) or _prints(part)
        if found is None:
            prose.append(part)
        else:
            more.append(found)
    if not more and not prose:
        return first
    return replace(first, more=tuple(more), unchecked=tuple(prose))


# A later part that says what the output shows: `exit 0 and prints `ok``, `exit 0; output
# is "ready"` (the tenth pass checked the exit code alone). Its text must be in the output.
_PRINTS = later(
    r"^(?:it\s+)?(?:(?:should|must|will)\s+)?(?:prints?|outputs?|shows?|displays?|says|"
    r"echo(?:es)?|emits?|writes?|(?:the\s+)?output\s+(?:is|reads|shows))\s+(?:out\s+)?(?:the\s+)?"
    r"(?:text\s+|line\s+|word\s+|string\s+|message\s+)?[\"'\u201c]?(?P<needle>[^\"'\u201d]+?)"
    r"[\"'\u201d]?$",
    re.IGNORECASE,
)


def _prints(part: str) -> Threshold | None:
    m = _PRINTS.match(part.strip())
    if m is None or re.match(r"^\d[\d,.]*\s+[a-z]", m.group("needle"), re.IGNORECASE):
        return None  # "prints 3 lines": a count, not text
    return Threshold(Kind.CONTAINS, part.strip(), needle=m.group("needle").strip())


def _matches(raw: str) -> Threshold | None:
    m = _MATCHES.match(_clean(raw))
    if m is None:
        return None
    names = ("slash", "tick", "slash2", "tick2", "bare2", "slash3", "tick3", "bare3", "bare4")
    source = next(m.group(n) for n in names if m.group(n) is not None)
    flags = "".join(sorted(set(m.group("flags") or m.group("flags2") or m.group("flags3") or "")))
    return Threshold(Kind.MATCHES, raw, needle=f"(?{flags}){source}" if flags else source)


def _parse_one(cell: str) -> Threshold | None:
    raw = cell.strip()
    if found := _matches(raw):
        return found
    if (m := _OUTPUT_SAID.match(_clean(cell))) is not None:
        said = m.group("said")
        if re.fullmatch(r"(?:empty|none|nothing|blank|\(?none\)?|-)\.?", said, re.IGNORECASE):
            return Threshold(Kind.NO_OUTPUT, raw)
        if (inner := _parse_one(said)) is not None:
            return inner  # `output: no errors`, `stdout: empty`
        spans = code_spans(said)
        needle = spans[0] if spans else said.strip()
        if len(needle) >= 2 and needle[0] == needle[-1] and needle[0] in "\"'\u201c":
            needle = needle[1:-1]
        if needle.strip():
            return Threshold(Kind.CONTAINS, raw, needle=needle)
    if m := _CONTAINS.match(_clean(cell)):
        spans = code_spans(raw)
        needle = spans[0] if spans else m.group(1).replace("`", "").strip()
        if len(needle) >= 2 and needle[0] == needle[-1] and needle[0] in "\"'":
            needle = needle[1:-1]
        return Threshold(Kind.CONTAINS, raw, needle=needle) if needle.strip() else None
    if m := _FAILS_WITH.match(_clean(cell).replace("`", "").lower()):
        return Threshold(Kind.EXIT, raw, exit_code=int(m.group(1)))
    text = _normalise(cell)
    low = text.lower()
    if m := _EXIT.match(low):
        return Threshold(Kind.EXIT, raw, exit_code=int(m.group(1)))
    if _FAILS.match(low):
        return Threshold(Kind.EXIT, raw, exit_code=NONZERO)
    if (m := _ZERO_AS_VALUE.match(low)) and (noun := _noun(m.group("noun"))):
        # `errors must be 0`, `error count 0`, `warnings = 0` (the fourteenth pass: "names
        # no comparison", and the gate passed with `errors: 2` printed).
        return Threshold(Kind.ZERO, raw, noun=noun)
    if (m := _ZERO.match(low)) and (noun := _noun(m.group("noun"))):
        return Threshold(Kind.ZERO, raw, noun=noun, qualifier=m.group("qual") or "")
    if _PASSING.match(low):
        return Threshold(Kind.PASSING, raw)
    if m := _RATE.match(low):
        return Threshold(Kind.RATE, raw, value=float(m.group(1) or m.group(2)), unit="%")
    if _NO_OUTPUT.match(low):
        return Threshold(Kind.NO_OUTPUT, raw)
    return _parse_compare(raw, text)


def _op(word: str) -> str:
    """The operator a comparison word says: `not below 90%` is `>= 90%`."""
    if word.startswith(("not ", "must not")):
        return "<=" if re.search(r"above|over|more|greater|higher|exceed", word) else ">="
    return _OP_WORDS.get(word, word)


_NEGATED_LABEL = later(r"(?<![\w-])(?:not|never|no|nor)$", re.IGNORECASE)


def _noun(word: str) -> str:
    return next((n for n, rx in _NOUNS.items() if re.fullmatch(rx, word)), "")


def _word_op(m: re.Match[str]) -> str:
    """The operator of a match of `_COMPARE` or `_COMPARE_WORDS`."""
    said = m.groupdict()
    if said.get("op"):
        return _op(said["op"])
    word = (said.get("post") or said.get("pre") or "").strip(".")
    if word == "+" or word.startswith(("min", "at least")):
        return ">="
    if word.startswith(("max", "at most")):
        return "<="
    return ">=" if re.search(r"more|higher|above|better|greater|over", word) else "<="


# A percentage before a measure where more is better, with no word of comparison: `90%
# coverage`, `99.9% uptime` ask at least that (the fifteenth stop's own pass: a gate cell
# `90% coverage` failed every run as "not machine-readable").
_AT_LEAST_MEASURE = later(
    r"^(?P<num>\d+(?:[.,]\d+)?)\s*%\s+(?P<label>(?:[a-z-]+\s+){0,2}(?:coverage|pass(?:ing)?"
    r"\s+rate|success\s+rate|uptime|availability|accuracy|hit\s+rate|mutation\s+score))$"
)


_EXIT_LEAD = later(r"^(?:exits?|exit\s+(?:code|status)|returns?)\s*(?:with\s+)?\d+\b")


def _parse_compare(raw: str, text: str) -> Threshold | None:
    low = text.lower()
    if (bare := _AT_LEAST_MEASURE.match(low)) is not None:
        label = bare.group("label").strip()
        if not _NEGATED_LABEL.search(label):
            return Threshold(
                Kind.COMPARE, raw, label=label, op=">=", value=number(bare.group("num")), unit="%"
            )
    for rx in (*_COMPARE, *_COMPARE_WORDS):
        m = rx.match(low)
        if not m:
            continue
        unit = (m.group("unit") or "").lower()
        if unit not in _UNITS:
            continue  # `no more than 5 warnings`: not `no` against 5 "warnings", read on
        if not unit and (m.groupdict().get("post") or "").startswith("min"):
            continue  # `duration 5 min`: minutes, not a minimum
        op = _word_op(m)
        if m.groupdict().get("neg"):
            flipped = {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}.get(op)
            if flipped is None or m.group("op").startswith(("not ", "must not")):
                return None  # "must not be equal to", "never not below": not read, not checked
            op = flipped
        # The label as written (`Max CC`), unless lower-casing moved the characters.
        span = text if len(text) == len(low) else low
        label = span[m.start("label") : m.end("label")].strip()
        if _NEGATED_LABEL.search(label):
            return None  # "coverage not quite >= 90%": a negation it cannot read, not checked
        if label.lower() in _UNITS:  # `under 60 s`: a unit after a space, no label
            return None
        if _EXIT_LEAD.match(label.lower()):
            return None  # `exit 0 and coverage >= 90%`: two parts, each read on its own
        num = m.group("num")
        return Threshold(
            Kind.COMPARE, raw, label=label, op=op, value=number(num), unit=unit, mark=_mark(num)
        )
    return None


# Words that lead a threshold written after a command in a task's Validation cell
# (`` `cmd` coverage >= 90% ``, `` `cmd`; threshold: 90% ``, `` `cmd` should report no
# warnings ``, `` `cmd` (min. 90% coverage) ``).
_LEAD = later(
    r"^[\s;,:\u2014\u2013(-]*(?:(?:and|which|it|that|then|so|with)\s+){0,2}"
    r"(?:there\s+(?:(?:should|must|will|shall|may)\s+be|is|are)\s+(?=(?:no|zero|0)\s)|"
    r"(?:should|must|will|to)\s+(?:(?:report|show|print|have|give|return|yield|be|"
    r"output|display)s?\s+)?|expect(?:s|ed|ing)?\s*:?\s*"
    r"|(?:reports?|shows?|prints?|displays?|outputs?|gives?|yields?|has|have)\s+"
    # "; target: 90% coverage", "— needs 90%+ coverage" (the fifteenth stop's own pass).
    r"|(?:target|goal|requirement|bar|budget|criterion)\s*:\s*"
    r"|(?:needs?|requires?|wants?|aims?\s+for|targets?)\s+(?=[<>=\u2264\u2265]|[-+]?\d|no\s|zero\s))?",
    re.IGNORECASE,
)
# What says a threshold without being one the runner reads: a comparison with a number, a
# percentage, a ratio, the word threshold, a count of none (`no regressions`).
_THRESHOLD_LIKE = later(
    rf"{_OP}\s*[-+−]?\d|\d\s*%|\d\s*/\s*\d|\bthreshold\b|^(?:0|zero|no)\s+(?:new\s+)?[a-z]+$",
    re.IGNORECASE,
)
_ALL_PASS = later(r"^(?:100\s*%|all\b)", re.IGNORECASE)
_BARE_PASS = later(r"^\s*(?:[\u2014\u2013:-]\s*)?(?:passing|passes|pass|green)\s*[.;)]?\s*$", re.I)
_AFTER_KINDS = frozenset([Kind.COMPARE, Kind.ZERO, Kind.RATE, Kind.NO_OUTPUT, Kind.MATCHES])


def after_command(rest: str) -> Threshold | str | None:
    """A threshold written after a command in a task's Validation cell (`rest`: the words up
    to the next code span), read as a Quality Gates cell is: the Threshold when it is
    machine-readable (a comparison, none of a noun, a pass rate, no output), its words when
    they state a threshold the runner cannot read (shown "not checked"), else None."""
    text = _LEAD.sub("", _clean(rest).replace("`", ""), count=1)
    text = text.strip().rstrip(".;,").strip()
    # "; coverage ≥ 90% required": the word that says it is asked for is no part of it.
    text = re.sub(
        r"\s*\(?(?:is\s+|are\s+)?(?:required|needed|expected|mandatory|enforced)\)?$", "", text
    )
    if text.endswith(")") and "(" not in text:
        text = text[:-1].strip()
    if not text:
        return None
    found = parse_threshold(text)
    if found is not None and found.kind in _AFTER_KINDS:
        return found
    if found is not None and found.kind is Kind.EXIT and exit_and_output(found):
        # `exit 0, 0 errors`, `exits 0 with coverage >= 90%`: the exit clause and every part
        # after it (the sixteenth stop: the exit code alone was checked).
        return found
    if found is not None and found.kind is Kind.PASSING and _ALL_PASS.match(text):
        # "`pytest` (all tests pass)", "`cmd` — 100% passing": a counted failure in the output
        # misses it, whatever pass words stand beside it (issue 19 case 9, eleventh pass);
        # "should pass" alone stays a clean exit.
        return found
    if found is not None and found.kind is Kind.PASSING and _BARE_PASS.match(rest):
        # "`cmd` passing", "`cmd` passes" right after the command, as a gate's cell says it
        # (attack15b: the gate failed on a printed FAIL, the Validation cell passed).
        return found
    if _THRESHOLD_LIKE.search(text.lower()):
        return text
    return None


def exit_and_output(th: Threshold) -> bool:
    """Whether `th` is an exit clause with parts after it that read the output (`exit 0, 0
    errors`, `exits 0 with coverage >= 90%`): each is checked."""
    return th.kind is Kind.EXIT and any(t.kind in _AFTER_KINDS for t in th.more)


def unread_parts(th: Threshold) -> list[str]:
    """The parts of a cell that are words, not checked (`flakiness not tolerated`)."""
    return [p for p in th.unchecked if not _THRESHOLD_LIKE.search(p.lower())]


def states_a_number(cell: str) -> bool:
    """Whether a cell the runner cannot read states a bound anyway (`<= 500 ms`, `throughput
    >= 1000 req/s`, `score 10/10`, `under 2 s`): such a cell fails its gate, naming itself,
    as such a part of a compound cell does; it never passes on the exit code alone."""
    return _STATES_A_NUMBER.search(_clean(cell).replace("`", "").lower()) is not None


_STATES_A_NUMBER = later(rf"{_OP}\s*[-+−]?\d|\d\s*%|\d\s*/\s*\d", re.IGNORECASE)


def unreadable(cell: str) -> Threshold:
    """A threshold that fails, saying the cell cannot be read: a clean exit, and the cell
    as a part that states a number it cannot read (`check_threshold`)."""
    text = _clean(cell).replace("`", "")
    return Threshold(Kind.EXIT, cell.strip(), exit_code=0, unchecked=(text,))


def not_checked_reason(cell: str) -> str:
    """Why a cell is not checked ("" when it is): for `plan show` and `plan lint`."""
    text = _normalise(cell)
    if parse_threshold(cell) is not None:
        return ""
    if not text:
        return "no threshold written"
    if re.fullmatch(rf"{_OP}\s*{_NUM}", text.lower()):
        return f"'{text}' names no label to find the number by in the output"
    if (m := re.fullmatch(rf"{_LABEL}\s*:?\s*{_NUM}", text.lower())) and m.group("label"):
        # `coverage: 90%`: at least, at most or exactly? Refused, saying how to write it.
        return f"'{text}' names no comparison (write `>=`, `<=` or `==` before the number)"
    return f"'{text}' is not machine-readable"


def describe(th: Threshold) -> str:
    """The threshold as `plan show` and `plan lint` list it: every part, and the parts that
    are not checked named as such."""
    words = "; ".join(_describe_one(t) for t in (th, *th.more))
    unread = [p for p in th.unchecked if _THRESHOLD_LIKE.search(p.lower())]
    prose = [p for p in th.unchecked if p not in unread]
    if unread:
        words += "; cannot be read, so it fails: " + ", ".join(f"'{p}'" for p in unread)
    if prose:
        words += "; not checked: " + ", ".join(f"'{p}'" for p in prose)
    return words


def _describe_one(th: Threshold) -> str:
    if th.kind is Kind.EXIT:
        return "a failing exit (non-zero)" if th.exit_code == NONZERO else f"exit {th.exit_code}"
    if th.kind is Kind.ZERO:
        qual = f"{th.qualifier} " if th.qualifier else ""
        return f"exit 0, no {qual}{_plural(th.noun)} reported"
    if th.kind is Kind.PASSING:
        return "exit 0, tests reported passing and none failing (no test count: checked as exit 0)"
    if th.kind is Kind.RATE:
        return f"exit 0 or 1, a pass rate of at least {th.value:g}% reported"
    if th.kind is Kind.NO_OUTPUT:
        return "exit 0, no output"
    if th.kind is Kind.CONTAINS:
        return f"exit 0, output contains '{th.needle}'"
    if th.kind is Kind.MATCHES:
        return f"exit 0, a line of the output matches /{th.needle}/"
    return f"exit 0, {_compare_text(th)}"


def _plural(noun: str) -> str:
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"


def _compare_text(th: Threshold) -> str:
    unit = th.unit if th.unit in ("%", "") else f" {th.unit}"
    return f"{th.label} {th.op} {th.value:g}{unit}"


def check_threshold(
    th: Threshold, exit_code: int | None, output: str | bytes, command: str = ""
) -> Mismatch | None:
    """None when the run meets the threshold, exit code included, else what it missed.

    The threshold is the whole pass condition: `exit 1` passes only on exit 1; every other
    kind also needs exit 0 (an output that misses is reported before a nonzero exit, since it
    says more: "expected no errors, got 'Found 3 errors.'").
    """
    for part in (th, *th.more):
        missed = _check_one(part, exit_code, output, command)
        if missed is not None:
            return missed
    for words in th.unchecked:
        if _THRESHOLD_LIKE.search(words.lower()):
            # A part that states a number the runner cannot read (`coverage >= 90% and ≥
            # 80%`) is never passed over (issue 19 case 9).
            why = not_checked_reason(words) or f"'{words}' is not machine-readable"
            return Mismatch("every threshold of the cell checked", why, quoted=False)
    return None


def _check_one(
    th: Threshold, exit_code: int | None, output: str | bytes, command: str = ""
) -> Mismatch | None:
    if th.kind is Kind.EXIT and th.exit_code == NONZERO:
        if exit_code not in (None, 0, 126, 127):
            return None
        return Mismatch("a failing exit of the command's own", _exit_text(exit_code), quoted=False)
    if th.kind is Kind.EXIT:
        if exit_code == th.exit_code:
            return None
        return Mismatch(f"exit {th.exit_code}", _exit_text(exit_code), quoted=False)
    text = output.decode("utf-8", "replace") if isinstance(output, bytes) else output
    if th.kind is Kind.RATE:
        missed = _check_rate(th.value, text)
        if missed is None and exit_code not in (0, 1):
            return Mismatch("exit 0 or 1", _exit_text(exit_code), quoted=False)
        return missed
    missed = _check_output(th, text)
    if missed is not None:
        return missed
    if th.kind is Kind.NO_OUTPUT and command and exit_code is not None:
        # A search: exit 1 is "nothing found"; exit 0 of a quiet one (`grep -q`, `>
        # /dev/null`) found something (issue 19).
        if nothing_found_is(command, exit_code):
            return None
        return Mismatch("no output (nothing found)", _exit_text(exit_code), quoted=False)
    if exit_code != 0:
        return Mismatch("exit 0", _exit_text(exit_code), quoted=False)
    return None


def _exit_text(code: int | None) -> str:
    return "no exit code (timed out or stopped)" if code is None else f"exit {code}"


def _check_output(th: Threshold, text: str) -> Mismatch | None:
    if th.kind is Kind.ZERO:
        what = f"no {th.qualifier + ' ' if th.qualifier else ''}{_plural(th.noun)}"
        return _no_count(text, _NOUNS[th.noun], what, th.qualifier, reports=True)
    if th.kind is Kind.PASSING:
        failed = _no_count(text, f"{_NOUNS['failure']}|{_NOUNS['error']}", "no failures")
        if failed is None:
            failed = _failing_verdict(text)
        if failed is None:
            failed = _check_rate(100.0, text, needed=False)
        return failed if failed is not None else _some_passed(text)
    if th.kind is Kind.NO_OUTPUT:
        lines = output_lines(text)
        return Mismatch("no output", lines[0], 1, quoted=False) if lines else None
    if th.kind is Kind.CONTAINS:
        if found_as_words(th.needle, text):
            return None
        last = next((ln for ln in reversed(output_lines(text)) if ln), None)
        got = f"'{last}'" if last is not None else "no output"
        return Mismatch(f"output containing '{th.needle}'", got, quoted=False)
    if th.kind is Kind.MATCHES:
        return match_pattern(th.needle, text)
    return _check_compare(th, text)


_FLAGS = later(r"^\(\?[aiLmsux]+\)")


def pattern_expectation(pattern: str) -> Expectation:
    """A MATCHES threshold as an expectation `runner.run.checks` matches within its time
    bound: any lines, one holding the pattern, any lines (its flags, `(?i)`, stay first)."""
    flags = m.group(0) if (m := _FLAGS.match(pattern)) else ""
    return Expectation(("...", f"{flags}.*(?:{pattern[len(flags) :]}).* (re)", "..."))


def pattern_missed(pattern: str, text: str, missed: Mismatch | None) -> Mismatch | None:
    """What `match(pattern_expectation(pattern), text)` missing says: the pattern, and the
    output's last line or why the pattern was not run."""
    if missed is None:
        return None
    want = f"a line matching /{pattern}/"
    if (missed.expected or "").startswith("not checked"):
        return Mismatch(want, f"{missed.expected}", quoted=False)
    last = next((ln for ln in reversed(output_lines(text)) if ln), None)
    return Mismatch(want, f"'{last}'" if last is not None else "no output", quoted=False)


def invalid_pattern(pattern: str) -> Mismatch | None:
    """A failure when `pattern` is no regular expression (`/ok [/`): never read as text."""
    try:
        re.compile(pattern_expectation(pattern).lines[1][: -len(" (re)")])
    except (re.error, OverflowError, RecursionError):
        return Mismatch(
            f"a line matching /{pattern}/", "not checked: it is not a valid pattern", quoted=False
        )
    return None


def match_pattern(pattern: str, text: str) -> Mismatch | None:
    """None when a line of `text` matches `pattern` (unbounded in time: the run layer
    matches a run's output with `pattern_expectation` in a bounded child first)."""
    if bad := invalid_pattern(pattern):
        return bad
    return pattern_missed(pattern, text, match(pattern_expectation(pattern), text))


def _no_count(
    text: str, nouns: str, want: str, qualifier: str = "", reports: bool = False
) -> Mismatch | None:
    """The first line that reports one or more of `nouns`: a count (`3 errors`, `errors: 3`,
    `Errors found: 1,204`, `found twelve errors`, `Total errors — 3`), or a line that names
    one as what it reports (`warning: x`, `src/a.py:3: warning: x`, `[WARN] x`, `a.js: line
    3, col 1, Warning - x`, `Compiled with warnings.`). `reports`: a line that reports an
    error by its shape alone counts as one too (`TypeError: x`, a traceback, `panic: x`)."""
    # Any count above zero as tools print it: `1,204`, `3.0`, `1.2k`, `2K`, `1e3` (the
    # fifteenth stop: `Found 1.2k errors` and `1e3 errors` passed `0 errors`), and in words
    # (`twelve`, `a dozen`, `dozens of`: the sixteenth stop).
    positive = (
        r"(?:(?=0*[.,]?0*[1-9])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:e[-+]?\d+)?(?:[kmb](?![a-z]))?"
        rf"|{_COUNT_WORDS})"
    )
    # The count's own side: `0 errors — 3 warnings` says no errors; `errors — 3` says three.
    own = r"(?<!\d\s)(?<!\d)(?<!\bno\s)(?<!\bzero\s)"
    counted = re.compile(
        rf"(?<![\w.])({positive})\s+(?:(?!(?:no|zero|without)\b)[\w-]+\s+){{0,2}}(?:{nouns})(?!\w)"
        rf"|(?<!\w)(?:{nouns})(?:\s+[a-z]+){{0,2}}[\"']?\s*[:=]\s*({positive})(?!\w)"
        # A dash, an ellipsis, dots or a space between the noun and its count (`Total errors
        # — 3`, `errors…3`, `Errors ........ 3`, `errors 3/10`).
        rf"|{own}(?<!\w)(?:{nouns})\s*(?:[\u2014\u2013\u2026|]|\.{{2,}}|\s-{{1,2}}\s)\s*({positive})(?!\w)"
        rf"|{own}(?<!\w)(?:{nouns})\s+({positive})(?![\w.,]|\s*[a-z])",
        re.IGNORECASE,
    )
    singular = "|".join(sorted({w.rstrip("s") for w in re.findall(r"[^\W\d_]{2,}", nouns)}))
    itself = re.compile(
        rf"^\W{{0,2}}(?:[\w./\\-]+:\d+(?::\d+)?:?\s*)?\[?(?:{singular}|warn)s?(?:\[[\w-]+\])?\]?\s*[:\]-](?!\s*(?:{_NONE_VALUE})(?![\w-]))",
        re.IGNORECASE,
    )
    # The noun as the level of what the line reports, wherever the line puts it: after a
    # location of any shape (`a.js: line 3, col 1, Warning - x`), before `!` (`Warning! x`,
    # `npm ERR! code E404`), before a note in parentheses (`Warning (from warnings module):
    # x`); never as a count of none (`errors: 0`, `0 errors: clean`).
    abbrev = ("|warn" if "warn" in singular else "") + ("|err" if "error" in singular else "")
    # Verbs are no level nor object: "No tests have failed", "none failed - ok".
    verb = r"(?!failed\b|failing\b)"
    level = re.compile(
        rf"{own}(?<![\w./-])\[?{verb}(?:{singular}{abbrev})s?\]?(?:\s*\([^()]*\))?"
        rf"(?:\s*[:!]|\s+[-\u2013\u2014]\s)(?!\s*(?:{_NONE_VALUE})(?![\w-]))",
        re.IGNORECASE,
    )
    # The noun as what a run ended with or gave (`Compiled with warnings.`, `Build finished
    # with errors`, `produced warnings`), never none of it (`with no warnings`).
    gave = re.compile(
        r"(?<![\w-])(?:with|has|have|had|produced|emitted|raised|generated|threw|throws|contains?"
        r"|contained)\s+(?!(?:no|zero|0|none|any|without)\b)(?:[a-z-]+\s+)?"
        rf"{verb}(?:{nouns})(?=\s*(?:$|[.,;:!?)(\[])|\s+(?:in|on|at|and|or|from|during|while|when|after"
        r"|before|but|so|for|to)\b)(?!\.\w)(?!\s*[:=(]?\s*(?:{_NONE_VALUE})(?![\w-]))",
        re.IGNORECASE,
    )
    # A line marked as one without the word: a mark at its start or after a location (`⚠
    # unused x`, `✖ test_a`), a level letter in brackets (`[W] unused x`), a linter's code
    # (`a.py:3:1: W0612 unused`, `E501 line too long`).
    marks = ("\u26a0" if "warn" in singular else "") + (
        "\u2716\u2717\u2718\u274c\u2a2f" if re.search(r"error|fail", singular) else ""
    )
    codes = "".join(c for c in "EW" if re.search({"E": "error", "W": "warn"}[c], singular))
    location = r"^\W{0,3}(?:[\w./\\-]+:\d+(?::\d+)?:?\s*)?"
    shapes = [rf"{location}[{marks}]"] if marks else []
    if codes:
        shapes += [rf"(?<![\w\[])\[[{codes}]\](?!\w)", rf"{location}\[?[{codes}]\d{{3,4}}(?![\w.])"]
    marked = re.compile("|".join(shapes) or r"(?!)")
    # A log level in capitals (`ERROR Something failed`, `12:00 WARN x`), and a Python
    # warning (`DeprecationWarning: ...`) where warnings are counted.
    levels = "|".join(w.upper() for w in singular.split("|")) + (
        "|WARN" if "warn" in singular else ""
    )
    shouted = re.compile(
        rf"(?<![\w-])(?<!\d\s)(?:{levels})S?(?![\w-])(?!\s*[:=]?\s*(?:0|none|no)\b)\s*:?\s+\S"
    )
    python_warning = re.compile(r"\b[A-Z]\w*Warning:") if "warn" in singular else None
    # A count under a one-letter capital (`E: 12`, `W=3`, `F: 1`), as linters sum up.
    letters = "".join(sorted({w[0].upper() for w in singular.split("|") if w[:1] in "ewf"}))
    lettered = (
        re.compile(rf"(?<![\w-])[{letters}]\s*[:=]\s*{positive}(?![\w.])") if letters else None
    )
    # A level letter opening the line (`W: unused x`, `E: Unable to locate package`), and
    # pytest's lines of an error (`E   AssertionError`).
    if codes:
        letter_shapes = [
            rf"^\s*[{codes}]:\s+(?!(?:{_NONE_VALUE})(?![\w-]))[^\d\s]",
            rf"^[{codes}]\s{{2,}}\S",
        ]
        lettered_level: re.Pattern[str] | None = re.compile("|".join(letter_shapes))
    else:
        lettered_level = None
    raised = _ERROR_REPORT if reports and "error" in singular else None
    vague = re.compile(
        rf"\bthere\s+(?:were|are|was|is)\s+(?:some\s+|several\s+|many\s+|multiple\s+)?(?:{nouns})\b"
        rf"|(?<![\w-])(?<!\bno\s)(?:some|several|many|multiple)\s+(?:{nouns})\b"
        rf"|^(?:{nouns})\s+(?:were\s+)?(?:found|detected|reported|emitted)\b",
        re.IGNORECASE,
    )
    for line_no, line in enumerate(output_lines(text), 1):
        if qualifier and qualifier not in line.lower():
            continue  # `0 high vulnerabilities`: a line of low ones is not a miss
        if (
            counted.search(line)
            or itself.search(line)
            or shouted.search(line)
            or (python_warning is not None and python_warning.search(line))
            or vague.search(line)
            or marked.search(line)
            or (lettered is not None and lettered.search(line))
            or level.search(line)
            or gave.search(line)
            or (lettered_level is not None and lettered_level.search(line))
            or (raised is not None and raised.search(line))
        ):
            return Mismatch(want, f"'{line}'", line_no, quoted=False)
    return None


# Counts in words (`found twelve errors`, `a dozen warnings`, `dozens of errors`).
_COUNT_WORDS = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy"
    r"|eighty|ninety|(?:a|one)\s+hundred|a\s+thousand|a\s+dozen|a\s+few|a\s+couple(?:\s+of)?"
    r"|a\s+handful\s+of|a\s+lot\s+of|lots\s+of|(?:dozens|hundreds|thousands|scores)\s+of"
    r"|numerous|countless)(?![\w-])"
)
# What says none after a noun (`errors: 0`, `warnings: none`, `Errors: (none)`).
# A word says none only where it ends what is said (`errors: none`, `warnings: no.`), never
# at the start of a message (`error: no such file`).
_NONE_VALUE = (
    r"\(?(?:0(?![.,]?\d)|(?:none|no|nothing|nil|null|n/a|false|ok|clean|empty)(?=\)?\s*(?:$|[,;.!\]]"
    r"|\s(?:found|reported|detected|emitted)\b))|\[\]|\{\}|-+(?=\s*$))\)?"
)
# A line that reports an error by its shape (the sixteenth stop: each passed `no errors`): a
# Python traceback, a raised exception named as such (`TypeError: x`, `Uncaught
# ReferenceError: y`, `java.lang.NullPointerException`, pytest's `E   AssertionError`), a
# level of a failure worse than an error (`panic: x`, `FATAL: x`, `fatal: x`), and the
# messages of a linker and a crashed process (`undefined reference to foo`, `Segmentation
# fault`).
_ERROR_REPORT = later(
    r"^\s*Traceback \(most recent call last\):"
    r"|(?<![\w.$])(?:[A-Za-z_$][\w$]*\.)*[A-Z]\w*(?:Error|Exception)(?=\s*(?::|$))"
    r"|^\W{0,3}(?:[\w./\\-]+:\d+(?::\d+)?:?\s*)?(?:fatal|panic|FATAL|PANIC|Fatal|Panic)(?:\s+error)?"
    r"\s*[:!]\s*(?!(?:0|none|no)\b)\S"
    r"|(?i:\bundefined\s+(?:reference\s+to|symbol)\b|\bsegmentation\s+fault\b|\(core\s+dumped\)"
    r"|\bcommand\s+not\s+found\b)"
)

_PASSED_COUNT = later(r"(?<![\w./])(\d+)\s+(?:tests?\s+)?(?:passed|passing)(?!\w)", re.IGNORECASE)
# "4 out of 10 passed", "4/10 passed", "4 of 10 tests passing": passed against the total.
_PASSED_OF = later(
    r"(?<![\w.])(\d+)\s*(?:/|out\s+of|of)\s*(\d+)\s+(?:tests?\s+)?(?:passed|passing|pass|ok)(?!\w)",
    re.IGNORECASE,
)
# The verb first: "passed 9 of 10", "Passing: 9/10", "tests passed: 9 out of 10".
_PASSED_OF_AFTER = later(
    r"(?<![\w.])(?:tests?\s+)?(?:passed|passing|pass(?:es)?|ok)\s*:?\s*(\d+)\s*(?:/|out\s+of|of)\s*"
    r"(\d+)(?![\w.])",
    re.IGNORECASE,
)
_UNITTEST_RAN = later(r"^Ran (\d+) tests?\b")
_UNITTEST_OK = later(r"^OK\b")
_NO_TESTS = later(r"\bno tests ran\b|\bcollected 0 items\b", re.IGNORECASE)


_PRINTED_RATE = later(
    r"(?<![\w.])(\d{1,3}(?:[.,]\d+)?)\s*%\s*(?:of\s+tests\s+)?(?:pass(?:ing|ed|es)?|success)",
    re.IGNORECASE,
)
_FAILED_COUNT = later(
    r"(?<![\w.])(\d+)\s+(?:failed|failing|failures?|errors?)(?!\w)", re.IGNORECASE
)


def _check_rate(want: float, text: str, needed: bool = True) -> Mismatch | None:
    """The pass rate the output shows (printed as `N% passing`, else from the last line that
    counts passed tests and the failed ones beside it) against `want` percent. `needed`: no
    rate in the output is a miss."""
    wanted = f"a pass rate of at least {want:g}%"
    lines = output_lines(text)
    for number in range(len(lines), 0, -1):
        line = lines[number - 1]
        if printed := _PRINTED_RATE.findall(line):
            rate = float(printed[-1].replace(",", "."))
        elif of := _PASSED_OF.findall(line) or _PASSED_OF_AFTER.findall(line):
            ok, total = int(of[-1][0]), int(of[-1][1])
            rate = 100.0 * ok / total if total else 0.0
        elif needed and (passed := _PASSED_COUNT.findall(line)):
            ok = int(passed[-1])
            bad = sum(int(n) for n in _FAILED_COUNT.findall(line))
            rate = 100.0 * ok / (ok + bad) if ok + bad else 0.0
        else:
            continue
        if round(rate, 9) >= want:
            return None
        return Mismatch(wanted, f"'{line}' ({rate:.4g}%)", number, quoted=False)
    if not needed:
        return None
    return Mismatch(wanted, "no pass rate or test count in the output", quoted=False)


# A line that gives a failing verdict as test runners print one: `FAIL`, `FAILED`, `--- FAIL:
# TestX` (go), `FAIL src/a.test.js` (jest), `not ok 3` (TAP), `[FAIL]`.
_VERDICT_FAIL = later(r"^\s*(?:---\s+|\[\s*)?(?:FAIL(?:ED|URE|S)?\b|not ok\b)")


def _failing_verdict(text: str) -> Mismatch | None:
    """The first line of the output that gives a failing verdict (a "passing" threshold or a
    bare `PASS` cell is not met by a run that prints FAIL and exits 0)."""
    for number, line in enumerate(output_lines(text), start=1):
        if _VERDICT_FAIL.match(line):
            return Mismatch("no failing verdict", f"'{line}'", number, quoted=False)
    return None


def _some_passed(text: str) -> Mismatch | None:
    """None when the output reports a passing test (or no count to read), else the miss."""
    want = "at least one passing test"
    lines = output_lines(text)
    for number in range(len(lines), 0, -1):
        line = lines[number - 1]
        counts = _PASSED_COUNT.findall(line)
        if counts:
            return None if int(counts[-1]) > 0 else Mismatch(want, f"'{line}'", number, False)
        if m := _UNITTEST_RAN.match(line):
            if int(m.group(1)) == 0:
                return Mismatch(want, f"'{line}'", number, quoted=False)
            if any(_UNITTEST_OK.match(after) for after in lines[number:]):
                return None
            return Mismatch("OK after the tests ran", f"'{line}'", number, quoted=False)
        if _NO_TESTS.search(line):
            return Mismatch(want, f"'{line}'", number, quoted=False)
    return None


def _check_compare(th: Threshold, text: str) -> Mismatch | None:
    found = labelled_numbers(text, th.label, th.unit, th.mark)
    want = _compare_text(th)
    if not found:
        return Mismatch(want, f"no number labelled '{th.label}' in the output", quoted=False)
    for values, shown in found:
        if not all(_OPS[th.op](round(v, 9), round(th.value, 9)) for v in values):
            return Mismatch(want, f"{th.label} {shown}", quoted=False)
    return None


# A number in output as people print it: a sign, thousands separators, a decimal comma.
# Also `9.0e1` (an exponent: 90), `.40` (0.4) and `95.%` (95); `1.200` is one point two (a
# program prints a decimal point; dots group thousands only as `1.200.000` or `1.200,5`).
_NUMBER = later(
    rf"(?<![\w.,])(?<!\d['\u2019\u2009\u202f\u00a0])({_SIGN}?\d+(?:\.\d+)?[eE][-+]?\d+(?![\d.])"
    rf"|{_SIGN}?\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|{_SIGN}?\d{{1,3}}(?:\.\d{{3}})+,\d+"
    rf"|{_SIGN}?\d{{1,3}}(?:\.\d{{3}}){{2,}}(?![.,]\d)"
    rf"|{_SIGN}?\d{{1,3}}(?:{_GROUP}\d{{3}})+(?!\d)(?:[.,]\d+)?"
    rf"|{_SIGN}?\d+(?:[.,]\d+)?|{_SIGN}?\d+\.(?=\s*%)|{_SIGN}?\.\d+)"
    # a number that goes on in a grouping it cannot read (`1'2000`) is not read at all
    r"(?!['\u2019\u2009\u202f\u00a0]\d)"
    r"\s*(%|[A-Za-zµμ]+)?(?![\w])"
)
_COVERAGE_LINES = later(r"^(?:TOTAL|All files)\b")


def labelled_number(text: str, label: str, unit: str) -> tuple[float, str] | None:
    """The number labelled `label` that the last line holding it prints (see the module)."""
    found = labelled_numbers(text, label, unit)
    return (found[0][0][0], found[0][1]) if found else None


def labelled_numbers(
    text: str, label: str, unit: str, mark: str = ""
) -> list[tuple[tuple[float, ...], str]]:
    """Every number labelled `label` in the output, in `unit`, and as printed (see the
    module); each number with its readings (two for an ambiguous sign: `(7.5%)`).

    A label that says more than `coverage` (`line coverage overall`) falls back to it.
    `mark`: the decimal mark the threshold's own number shows (`_mark`), which reads a
    number of the output that could group thousands or not (`1.024`).
    """
    # The output's mark is looked for only when a number read needs it (`1.024`): a long
    # line of numbers is not read twice (issue 19 case 3).
    marks: list[str] = [mark] if mark else []

    def decimal() -> str:
        if not marks:
            marks.append(_output_mark(text))
        return marks[0]

    found = _labelled(text, label, unit, mark=decimal)
    words = label.lower().split()
    if not found and label.lower() != "coverage" and "coverage" in words:
        kind = [w for w in words if w.rstrip("es") in _COVERAGE_KINDS or w in _COVERAGE_KINDS]
        # `branch coverage` is never the total (`TOTAL ... 87%` is lines): its own kind only,
        # as printed (`branches: 40%`); `line coverage overall` may take the total, never a
        # value another kind names (`branch coverage 95%`).
        if kind and kind[0] not in ("line", "lines"):
            return _labelled(text, kind[0], unit, mark=decimal)
        found = _labelled(text, "coverage", unit, other_kinds=True, mark=decimal)
    return found


_COVERAGE_KINDS = frozenset(
    [
        "branch",
        "branches",
        "function",
        "functions",
        "statement",
        "statements",
        "condition",
        "conditions",
        "method",
        "methods",
        "class",
        "classes",
        "region",
        "regions",
        "mutation",
        "line",
        "lines",
    ]
)


def _labelled(
    text: str,
    label: str,
    unit: str,
    other_kinds: bool = False,
    mark: Callable[[], str] = lambda: "",
) -> list[tuple[tuple[float, ...], str]]:
    """Every line's number for `label`, the last line's first. The last line holding the
    label gives its number as the module says; every other line holding it gives one too
    when it prints a number of the threshold's kind (`line coverage 60%` and `branch
    coverage 95%` are both coverage: each must meet `coverage >= 90%`). `other_kinds`: a
    line whose label another coverage kind qualifies (`branch coverage`) is left out."""
    dim, scale = _UNITS[unit]
    label_words = [w.lower() for w in re.split(r"[\s_-]+", label) if w]
    words = [re.escape(w) + r"(?:e?s)?" for w in re.split(r"[\s_-]+", label) if w]
    label_rx = re.compile(r"(?<!\w)" + r"[\s_-]+".join(words) + r"(?!\w)", re.IGNORECASE)
    out: list[tuple[tuple[float, ...], str]] = []
    for line in reversed(output_lines(text)):
        line = fold_numbers(line)
        # A number said to be a target is not the result: "minimum coverage: 85%",
        # "(p95 budget: 200 ms)", "coverage target 90%" (issue 19).
        hits = [h for h in label_rx.finditer(line) if not _a_target(line, h.start(), h.end())]
        if other_kinds:
            hits = [h for h in hits if not _another_kind(line, h.start())]
        if not hits and label.lower() == "coverage" and (m := _COVERAGE_LINES.match(line)):
            hits = [m]
        if not hits:
            continue
        # The numbers after the label are read only as far as the first that fits: a
        # report of thousands of numbers on one line (issue 19 case 3).
        found = _numbers(line, dim, label)
        after: list[_Num] = []
        before: list[_Num] = []
        for n in found:
            if n.start() >= hits[-1].end():
                after.append(n)
                break
            # A number's end is its digits' end: the label may be the word after it, which
            # `_NUMBER` takes as a unit (`3 warnings` for `warnings < 5`: never read before).
            if n.start() + len(n.group(1)) <= hits[-1].start():
                before.append(n)
        before.reverse()
        for bare in (False, True) if not out or not dim else (False,):
            pick = _fitting_after(after, found, dim, bare) or _first_fitting(before, dim, bare)
            if pick is not None:
                own_dim, own_scale = _UNITS[pick[1]]
                num = pick[0].group(1)
                readings = _readings(num, mark() if _AMBIGUOUS.fullmatch(num) else "", not pick[1])
                factor = own_scale / scale if own_dim else 1.0
                value = readings[0] * factor
                group = after if pick[0] in after else before
                between = group[: group.index(pick[0])]
                accounting = not between and _ACCOUNTING.match(line, pick[0].end()) is not None
                accounting = accounting and line[: pick[0].start()].rstrip().endswith("(")
                fall = pick[0].group(1).startswith(_ARROW_DOWN)
                values: tuple[float, ...] = (value, -value) if accounting or fall else (value,)
                shown = pick[0].group(0).strip().replace(_ARROW_DOWN, "\u2193")
                if not pick[1] and _own_word(pick[0].group(2) or "", set(label_words)):
                    shown = pick[0].group(1).replace(_ARROW_DOWN, "\u2193")  # `12`, not `12 errors`
                shown = f"({shown})" if accounting else shown
                if len(readings) > 1:
                    other = readings[1] * factor
                    values += (other, -other) if accounting or fall else (other,)
                    shown += (
                        f" (ambiguous: {readings[0]:g} or {readings[1]:g}; write the"
                        " threshold's number with its decimal mark, as `10.0` or `10,0`,"
                        " to say which)"
                    )
                elif readings[0] != number(pick[0].group(1)):
                    shown += f" (read as {readings[0]:g}: '{mark()}' is the decimal mark)"
                out.append((values, shown))
                break
    return out


# A number whose one `.` or `,` has three digits after it (`1.024`, `1,024`) may be a decimal
# or group thousands (issue 19 case 9, thirteenth pass: `errors: 1.024`). The decimal mark of
# the threshold's own number decides (`errors <= 10,5`: the comma is the decimal mark, so
# `1.024` is 1024), else the one the output's other numbers show all alike (`took 0.52 s`).
# Else a number with a unit is read as programs print measures (`1.200 ms` is 1.2 ms, `1,200
# ms` 1200 ms), and a bare one both ways: each reading must meet the threshold, and a miss
# says the number is ambiguous.
_AMBIGUOUS = later(r"[-+\u2212\u2013\u2796]?[1-9]\d{0,2}[.,]\d{3}")


def _mark(num: str) -> str:
    """The decimal mark a number shows: `0.5`, `1,000.5`, `1,000,000`, `1,000` (read as one
    thousand, so its point would be a decimal) show "."; `12,5`, `1.200,5`, `1.200.000`
    show ","; a number with no mark, or an ambiguous one in output, shows none ("")."""
    t = num.lstrip("-+\u2212\u2013\u2796").lower().split("e")[0]
    if "," in t and "." in t:
        return "." if t.rindex(".") > t.rindex(",") else ","
    for sep, other in ((".", ","), (",", ".")):
        if sep not in t:
            continue
        if re.fullmatch(rf"[1-9]\d{{0,2}}(?:\{sep}\d{{3}}){{2,}}", t):
            return other  # the mark groups thousands twice: `1.200.000`
        if re.fullmatch(rf"[1-9]\d{{0,2}}\{sep}\d{{3}}", t):
            return "."  # the threshold's `1,000` is one thousand, its `1.000` one (`number`)
        return sep
    return ""


def _output_mark(text: str) -> str:
    """The decimal mark every measure of the output that shows one (a number with a unit:
    `0.52 s`, `95.5%`; never a bare one, which may be a version, `mypy 1.11`) shows alike,
    else ""."""
    marks: set[str] = set()
    for line in output_lines(text)[-200:]:
        line = fold_numbers(line)
        for n in _NUMBER.finditer(line):
            num = n.group(1)
            if _LIST_AFTER.match(line, n.start(1) + len(num)) or _AMBIGUOUS.fullmatch(num):
                continue  # `1,2,3` is a list; `1.024` shows nothing
            if not (n.group(2) or "").lower() or (n.group(2) or "").lower() not in _UNITS:
                continue
            if found := _mark(num):
                marks.add(found)
    return marks.pop() if len(marks) == 1 else ""


_LIST_AFTER = later(r"[.,]\d")


def _readings(num: str, mark: str, bare: bool) -> tuple[float, ...]:
    """The values `num` may mean: one, or two for an ambiguous bare number (see above)."""
    if not _AMBIGUOUS.fullmatch(num):
        return (number(num),)
    sep = "." if "." in num else ","
    point = float(num.replace(sep, ".").replace("\u2796", "-").replace("\u2212", "-"))
    grouped = float(num.replace(sep, "").replace("\u2796", "-").replace("\u2212", "-"))
    if mark:
        return (point,) if sep == mark else (grouped,)
    return (point, grouped) if bare else (number(num),)


# `(7.5%)` right after its label is a negative in accounting and a restatement elsewhere:
# both readings must meet the threshold.
_ACCOUNTING = later(r"\s*\)")


def _another_kind(line: str, start: int) -> bool:
    """Whether a coverage kind other than lines qualifies the label at `start`."""
    word = re.search(r"([a-z]+)[\s_-]*$", line[:start], re.IGNORECASE)
    return word is not None and word.group(1).lower() in _COVERAGE_KINDS - {"line", "lines"}


_TARGET_WORD = (
    r"(?:minimum|min|maximum|max|target|threshold|budget|goal|limit|required|requirement|"
    r"expected|fail[-_ ]?under|fail[-_ ]?over|slo|sla|allowed|wanted|desired)"
)
_TARGET_BEFORE = later(rf"(?<![\w-]){_TARGET_WORD}[\s_:-]*(?:\w+[\s_:-]+)?$", re.IGNORECASE)
_TARGET_AFTER = later(rf"^[\s(]*{_TARGET_WORD}(?![\w-])", re.IGNORECASE)


# A number that is not the result its label names (issue 19, fifth pass): a target written
# after it ("95% (target), actual 60%"), where a change started ("went from 95% to 60%"), or
# a count of something else ("tests: 1,000 skipped, 10 run").
_NUMBER_TARGET = later(  # matched at the number's end: no `^`, which `match(s, pos)` ignores
    rf"\s*[(\[]?\s*(?:is\s+the\s+|as\s+)?{_TARGET_WORD}(?![\w-])", re.IGNORECASE
)
# A word of these that is the label's own (`change <= 5%` reads `change: 3%`, `loss < 0.5`
# reads `loss: 0.31`) names the result, not something else: the thirteenth pass found such a
# label never read, a false fail.
_NUMBER_BEFORE = later(
    rf"(?<![\w-])(?P<word>from|was|previously|before|baseline|old|prev(?:ious)?|{_TARGET_WORD}"
    r"|by|delta|change|changed|diff|increase|decrease|gain|loss|Δ)"
    r"\s*[:=]?\s*$",
    re.IGNORECASE,
)
# A range is not a value: `60-95%`, `60–95 %` (both ends are left out).
_RANGE_BEFORE = later(r"\d\s*(?:-|–|—|\.\.)\s*$")
_RANGE_AFTER = later(r"\s*(?:%|[a-zµμ]+)?\s*(?:-|–|—|\.\.)\s*\d", re.IGNORECASE)
# A number qualified by a parenthesis that says it is a share of a part: `95% (of 10% of
# files measured)`; neither it nor the numbers inside are the result.
_PARTIAL = later(r"\s*\((?:only\s+)?(?:of|on|for|over|across|in)\b[^()]*\)", re.IGNORECASE)
# "95% → 60%", "95% -> 60%", "95% to 60%": the number before the arrow is where it started.
_NUMBER_CHANGED = later(r"\s*(?:→|->|=>|⇒|\bto\b)\s*[-+−]?\d")
_OTHER_COUNTS = (
    "skipped",
    "skip",
    "failed",
    "failing",
    "deselected",
    "xfailed",
    "xpassed",
    "pending",
    "todo",
    "ignored",
    "excluded",
    "errors",
    "error",
    "warnings",
    "warning",
)
# A duration written on a clock: `1:30` (m:ss), `00:01:30` (h:mm:ss), fractions allowed.
_CLOCK = later(r"(?<![\w:.])(\d{1,3}):([0-5]\d)(?::([0-5]\d))?(?:\.(\d+))?(?![\w:])")


class _Clock:
    """A clock duration found in a line, shaped as a `_NUMBER` match (seconds, unit "s")."""

    def __init__(self, m: re.Match[str]) -> None:
        self._m = m
        a, b, c = m.group(1), m.group(2), m.group(3)
        seconds = int(a) * 3600 + int(b) * 60 + int(c) if c else int(a) * 60 + int(b)
        frac = m.group(4)
        self._value = f"{seconds}.{frac}" if frac else str(seconds)

    def start(self) -> int:
        return self._m.start()

    def end(self) -> int:
        return self._m.end()

    def group(self, n: int) -> str:
        return {0: self._m.group(0), 1: self._value, 2: "s"}[n]


class _Num(Protocol):
    def start(self) -> int: ...
    def end(self) -> int: ...
    def group(self, n: int, /) -> Any: ...


def _fitting_after(
    after: list[_Num], rest: Iterator[_Num], dim: str, bare: bool
) -> tuple[_Num, str] | None:
    """`_first_fitting` over `after` and the numbers `rest` still holds, each read once and
    kept in `after`."""
    pick = _first_fitting(after, dim, bare)
    while pick is None and (n := next(rest, None)) is not None:
        after.append(n)
        pick = _first_fitting([n], dim, bare)
    return pick


def _numbers(line: str, dim: str, label: str) -> Iterator[_Num]:
    """The numbers of a line that may be its label's result, in order (see above). Linear
    in the line: a line of a JSON report holds thousands of numbers (issue 19 case 3: each
    number's words before it were looked for from the line's start, 14 s over 17 KB)."""
    clocks = list(_CLOCK.finditer(line))
    inside = [(c.start(), c.end()) for c in clocks]
    words = {w.lower() for w in re.split(r"[\s_-]+", label)}
    found = _kept(line, words, inside)
    if dim != "time":
        return found
    return heapq.merge(found, (_Clock(c) for c in clocks), key=lambda n: n.start())


def _kept(line: str, words: set[str], inside: list[tuple[int, int]]) -> Iterator[_Num]:
    """The numbers `_numbers` keeps, in order, read as they are asked for."""
    at = 0  # the first clock (or partial) that may hold a number from here on
    for n in _NUMBER.finditer(line):
        while at < len(inside) and inside[at][1] <= n.start():
            at += 1
        if at < len(inside) and inside[at][0] <= n.start():
            continue
        run = _run_before(line, n.start())
        said = None
        if run > 0 and line[run - 1].isalpha():  # a word ends before the run
            said = _NUMBER_BEFORE.search(line, max(0, run - _WORD_REACH), n.start())
        if said is not None and _own_word(said.group("word"), words):
            said = None
        if (
            _NUMBER_TARGET.match(line, n.end())
            or said is not None
            or _NUMBER_CHANGED.match(line, n.end())
            or (
                run > 0
                and line[run - 1].isdigit()
                and _RANGE_BEFORE.search(line, run - 1, n.start())
            )
            or _RANGE_AFTER.match(line, n.start() + len(n.group(1)))
        ):
            continue
        if (partial := _PARTIAL.match(line, n.end())) is not None:
            inside.insert(at, (partial.start(), partial.end()))
            continue
        word = (n.group(2) or "").lower()
        if word in _OTHER_COUNTS and not words & {word, word.rstrip("s")}:
            continue
        yield n


# What may stand between a number and the word or digit `_NUMBER_BEFORE`/`_RANGE_BEFORE` look
# for before it (`from: 5`, `60 - 95`), and more than the longest such word and the character
# before it (`requirement`).
_BETWEEN = frozenset(":=-\u2013\u2014.")
_WORD_REACH = 16


def _run_before(line: str, end: int) -> int:
    """Where the run of spaces and marks (`_BETWEEN`) before `end` starts: the word or
    digit before a number ends there. Each character of a line is passed once, since a run
    ends at the number after it."""
    start = end
    while start > 0 and (line[start - 1].isspace() or line[start - 1] in _BETWEEN):
        start -= 1
    return start


def _own_word(word: str, label_words: set[str]) -> bool:
    """Whether `word` is one of the label's words (`changes` is `change`'s)."""
    word = word.lower()
    return any(word in (w, w.rstrip("s"), w + "s", w + "es") for w in label_words if w)


def _a_target(line: str, start: int, end: int) -> bool:
    """Whether the label at line[start:end] names a target rather than a result."""
    return bool(_TARGET_BEFORE.search(line[max(0, start - 30) : start])) or bool(
        _TARGET_AFTER.match(line[end : end + 30])
    )


def _first_fitting(numbers: list[_Num], dim: str, bare: bool) -> tuple[_Num, str] | None:
    """The first number with a unit of kind `dim` (`bare`: the first with no known unit)."""
    for n in numbers:
        unit = (n.group(2) or "").lower()
        own = _UNITS[unit][0] if unit in _UNITS else ""
        if not bare and own == dim and unit in _UNITS:
            return n, unit
        # A word after a space is not a unit (`91 of 100`); a unknown one glued to the
        # number is (`2d`, `3wk`): never read as the threshold's own unit.
        glued = unit and unit not in _UNITS and not n.group(0)[len(n.group(1)) :][:1].isspace()
        if bare and not own and not glued:
            return n, ""
    return None
