"""Timestamps people write in checklist items: found, their format learned, written alike; pure.

A stamp is a date in parentheses at the start of an item's text (after the box) or at its
end: `(2026-01-11)`, `(2025-10-17 18:00Z)`, `(2025-10-15T20:20Z)`, `(2026-01-27 11:47-08:00)`,
`(2026-01-27 11:47:05 UTC)`, or a template's placeholder `(YYYY-MM-DD HH:MMZ)`. Its format is
kept as a template in the placeholder's own words (`YYYY-MM-DD HH:MMZ`, `YYYY-MM-DD`,
`YYYY-MM-DDTHH:MM-08:00`), so a stamp the runner adds looks like the ones the plan has.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import NamedTuple

from runner.markdown.patterns import later

_ZONE = r"Z|[+-]\d\d:?\d\d| ?UTC"
_STAMP = (
    r"\((?P<date>\d{4}-\d\d-\d\d)"
    r"(?:(?P<sep>[ T])(?P<time>\d\d:\d\d)(?P<sec>:\d\d)?(?P<zone>" + _ZONE + r")?)?\)"
)
_PLACEHOLDER = r"\((?P<ph>YYYY-MM-DD(?:[ T]HH:MM(?::SS)?(?:Z|[+-]HH:?MM| ?UTC)?)?)\)"
_LEADING = later(r"^\s*(?:" + _STAMP + "|" + _PLACEHOLDER + ")")
_TRAILING = later(r"(?:" + _STAMP + "|" + _PLACEHOLDER + r")[.;]?\s*$")


class Stamp(NamedTuple):
    """Where a stamp is in a text (the parentheses included) and its format template."""

    start: int
    end: int
    format: str


def find_stamp(text: str) -> Stamp | None:
    """The stamp at the start of `text` (leading whitespace allowed), else at its end."""
    for pattern in (_LEADING, _TRAILING):
        m = pattern.search(text)
        if m is None:
            continue
        start = text.index("(", m.start())
        end = text.index(")", start) + 1
        if m.group("ph"):
            return Stamp(start, end, m.group("ph"))
        return Stamp(start, end, _template(m))
    return None


def is_placeholder(stamp_text: str) -> bool:
    """`(YYYY-MM-DD HH:MMZ)`: a slot left for the time, not a time."""
    return "YYYY" in stamp_text


def _template(m: re.Match[str]) -> str:
    if not m.group("time"):
        return "YYYY-MM-DD"
    zone = m.group("zone") or ""
    return f"YYYY-MM-DD{m.group('sep')}HH:MM{':SS' if m.group('sec') else ''}{zone}"


def _offset(zone: str) -> timezone:
    """The offset a zone literal names (`-08:00`, `+0530`); Z, UTC and placeholders are UTC."""
    m = re.fullmatch(r"([+-])(\d\d):?(\d\d)", zone)
    if m is None:
        return UTC
    delta = timedelta(hours=int(m.group(2)), minutes=int(m.group(3)))
    return timezone(-delta if m.group(1) == "-" else delta)


def render(moment: datetime, template: str) -> str:
    """`moment` (aware, or naive UTC) written in a stamp format, without the parentheses;
    a fixed offset the plan writes (`-08:00`) is kept, the time converted to it."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    m = re.fullmatch(r"YYYY-MM-DD(?:(?P<sep>[ T])HH:MM(?P<sec>:SS)?(?P<zone>.*))?", template)
    if m is None:
        raise ValueError(f"not a stamp format: {template!r}")
    if m.group("sep") is None:
        return moment.astimezone(UTC).strftime("%Y-%m-%d")
    zone = m.group("zone")
    if "HH" in zone:  # a placeholder's offset: no offset is known, so UTC
        zone = zone.replace("HH", "00").replace("MM", "00")
    local = moment.astimezone(_offset(zone))
    clock = local.strftime("%H:%M" + (":%S" if m.group("sec") else ""))
    return f"{local.strftime('%Y-%m-%d')}{m.group('sep')}{clock}{zone}"


def parse_utc(stamp: str) -> datetime | None:
    """The runner's own `2026-11-25T17:30:05Z` (or to the minute, as older runners wrote
    it, or with a space) as an aware UTC time."""
    for shape in ("%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%MZ", "%Y-%m-%d %H:%M:%SZ", "%Y-%m-%d %H:%MZ"):
        try:
            return datetime.strptime(stamp, shape).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


# Abbreviations of a region's time that changes with the season, and the zone each stands for.
_ZONES = {
    "PT": "America/Los_Angeles", "MT": "America/Denver", "CT": "America/Chicago",
    "ET": "America/New_York",
}  # fmt: skip
_ISO_START = later(
    r"^(?P<date>\d{4}(?P<ds>[-/.\u2011])\d\d(?P=ds)\d\d)"
    r"(?:(?P<sep>[ T])(?P<time>\d{1,2}[:h]\d\d)(?P<sec>:\d\d)?(?P<frac>\.\d+)?"
    r"(?P<ampm> ?(?:[AP]M|[ap]m)\b)?)?"
)
# What may follow the time and name its zone, as the author wrote it: `Z`, `+02:00`, `+02`,
# ` UTC`, ` UTC+02:00`, ` GMT+2`, ` PST`, ` Europe/Berlin`, each bare or in parentheses.
_ZONE_AFTER = later(
    r"^(?:Z\b|(?P<space> ?)(?P<open>\(?)"
    r"(?P<zone>(?:UTC|GMT|UT)?[+-]\d{1,2}(?::?\d\d)?|UTC|GMT|UT|[A-Z]{2,5}"
    r"|[A-Z][A-Za-z_]+(?:/[A-Za-z0-9_+-]+)+)"
    r"(?P<close>\)?))(?![\w/])"
)
# Abbreviations that name one fixed offset: kept as written, the time given in that offset
# (a summer zone's label stays a summer zone's: `MESZ` is UTC+2 in December too). MEZ and
# MESZ are German for CET and CEST; IST is India's.
_FIXED = {
    "PST": -8.0, "PDT": -7.0, "MST": -7.0, "MDT": -6.0, "CST": -6.0, "CDT": -5.0,
    "EST": -5.0, "EDT": -4.0, "AKST": -9.0, "AKDT": -8.0, "HST": -10.0,
    "WET": 0.0, "WEST": 1.0, "CET": 1.0, "CEST": 2.0, "MEZ": 1.0, "MESZ": 2.0, "BST": 1.0,
    "EET": 2.0, "EEST": 3.0, "MSK": 3.0, "IST": 5.5, "SGT": 8.0, "HKT": 8.0, "AWST": 8.0,
    "JST": 9.0, "KST": 9.0, "ACST": 9.5, "AEST": 10.0, "AEDT": 11.0, "NZST": 12.0,
    "NZDT": 13.0,
}  # fmt: skip
_WEEK = later(r"^(?P<y>\d{4})-W(?P<w>\d\d)(?P<wd>-[1-7])?")
_MONTH_FIRST = later(
    r"^(?P<mon>[A-Z][a-z]{2,8})(?P<dot>\.?) (?P<d>\d{1,2})(?P<ord>st|nd|rd|th)?(?P<comma>,?) "
    r"(?P<y>\d{4})"
)
_DAY_FIRST = later(
    r"^(?P<d>\d{1,2})(?P<ord>st|nd|rd|th)? (?P<mon>[A-Z][a-z]{2,8})(?P<dot>\.?) (?P<y>\d{4})"
)
_SLASHED = later(r"^(?P<a>\d{1,2})(?P<s>[/.])(?P<b>\d{1,2})(?P=s)(?P<y>\d{4}|\d\d)(?![\d/.])")
# ISO 8601's basic form, date and time run together: `20260101`, `20260101T1000Z`,
# `20260101T100000+0100` (issue 19, eleventh pass: rewritten in the runner's own form).
_COMPACT = later(
    r"^(?P<y>\d{4})(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])"
    r"(?:T(?P<hh>[01]\d|2[0-3])(?P<mi>[0-5]\d)(?P<ss>[0-5]\d)?(?P<zone>Z|[+-]\d{4})?)?(?![\d])"
)
# A date in Chinese, Japanese or Korean: `2026年1月1日`, `2026년 1월 1일`.
_CJK = later(r"^(?P<y>\d{4})\s*[年년]\s*(?P<m>\d{1,2})\s*[月월]\s*(?P<d>\d{1,2})\s*[日일]")
# A time after a date written in numbers, however it is joined to it and spelt:
# `2026-01-01, 10:00`, `01.01.2026 10:00 Uhr`, `2026-01-01 at 10:00`, `2026-01-01 um 10:00`,
# `2026-01-01 — 10:00`, `2026-01-01 10.00`, `2026-01-01 1000Z` (issue 19, ninth pass: the
# date was moved on and the time left as it was: a wrong time).
_TIME_LEFT = later(
    r"^(?P<lead>,?[ \t]+(?:(?:at|um|à|@|a\s+las|alle|om|kl\.?|\u2014|\u2013|-)[ \t]+)?)"
    r"(?P<time>\d{1,2}[:h.]\d\d|\d{4}(?=Z\b))(?P<sec>:\d\d)?(?P<frac>\.\d+)?"
    r"(?P<ampm> ?(?:[AP]M|[ap]m)\b)?(?![\d.:])"
)


# A time in parentheses after the date: `2026-01-01 (10:00 UTC)`, `1 Jan 2026 (10h00)`; only
# a clock with a colon or `h` (`(1.20 release)` is no time).
_TIME_IN_PARENS = later(
    r"^(?P<lead>[ \t]*\()(?P<time>\d{1,2}[:h]\d\d)(?P<sec>:\d\d)?(?P<frac>\.\d+)?"
    r"(?P<ampm> ?(?:[AP]M|[ap]m)\b)?(?![\d.:])"
)


def _time_match(rest: str) -> re.Match[str] | None:
    """The time after a date, joined to it in any of the ways above."""
    return _TIME_LEFT.match(rest) or _TIME_IN_PARENS.match(rest)


def _time_left(rest: str, moment: datetime) -> tuple[str, datetime, str] | None:
    """The time written after a numeric date, set to `moment` in its zone and spelling: the
    new text, `moment` in that zone (its date is the one to write), what follows; None when
    no time follows the date."""
    t = _time_match(rest)
    if t is None:
        return None
    zone_text, tz, after = _zone_after(rest[t.end() :])
    local = moment.astimezone(tz)
    return f"{t.group('lead')}{_clock(local, t)}{zone_text}", local, after


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# RFC 2822, as mail and `date -R` write it: `Thu, 01 Jan 2026 10:00:00 +0000`.
_RFC2822 = later(
    r"^(?:(?P<dow>" + "|".join(_DAYS) + r"), )?(?P<d>\d{1,2}) (?P<mon>" + "|".join(_MONTHS) + r")"
    r" (?P<y>\d{4}) (?P<time>\d\d:\d\d)(?P<sec>:\d\d)? (?P<zone>[+-]\d{4}|GMT|UTC|UT|Z)\b"
)
# A struck old date before the live one: `~~2026-01-01~~ 2026-02-01`.
_STRUCK = later(r"^(?P<struck>~~(?P<old>[^~\n]+)~~)(?P<space>\s*)(?P<rest>.*)$")
_LINKED = later(r"^\[(?P<text>[^\]\n]+)\]\((?P<url>[^)\n]*)\)(?P<rest>.*)$")
_WRAP = later(r"^(?P<pre>[`\"'*_]*)(?P<body>.*?)(?P<post>[`\"'*_]*)$")


# A slashed date anywhere in a plan: `25/11/2026` can only be day first, `11/25/2026` only
# month first (`2026/01/15` and paths are not dates of this kind).
_ANY_SLASHED = later(r"(?<![\d/.])(\d{1,2})/(\d{1,2})/(?:\d{4}|\d\d)(?![\d/])")


def slashed_order(lines: Iterable[str]) -> bool | None:
    """Whether the plan writes its slashed dates day first (True) or month first (False), as
    a date whose first or second number cannot be a month shows; None when none shows (or
    both do)."""
    day = month = False
    for line in lines:
        if "/" not in line:
            continue
        for m in _ANY_SLASHED.finditer(line):
            a, b = int(m.group(1)), int(m.group(2))
            day = day or (a > 12 >= b)
            month = month or (b > 12 >= a)
    return day if day != month else None


def restamp(old: str, moment: datetime, day_first: bool | None = None) -> str | None:
    """`old` (a Last Updated value as the author wrote it) with its date, and time if it has
    one, set to `moment` in the same form: quotes, backticks and what follows the date
    (`(after review)`) kept; `Jan 1, 2026`, `1 January 2026`, `01/31/2026` and a named zone
    (`10:00 PST`, converted) written alike. None when no date leads it. `01/02/2026` is read
    day first or month first as `day_first` says (the plan's other dates), else as the date
    that is not in the future says, else month first."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    w = _WRAP.match(old.strip())
    assert w is not None
    pre, body, post = w.group("pre"), w.group("body"), w.group("post")
    if struck := _STRUCK.match(old.strip()):
        # The strike is the author's record: kept; the live date after it is restamped, or
        # written after it in the struck date's form when there is none.
        rest = struck.group("rest")
        live = restamp(rest, moment, day_first) if rest else None
        if live is None:
            live = restamp(struck.group("old"), moment, day_first)
            if live is None:
                return None
            live += f" {struck.group('rest')}" if struck.group("rest") else ""
        return f"{struck.group('struck')}{struck.group('space') or ' '}{live}"
    if link := _LINKED.match(old.strip()):  # `[2026-01-01](log.md) — see notes`
        inner, _ = _restamp_body(link.group("text"), moment, day_first)
        if inner is None:
            return None
        return f"[{inner}]({link.group('url')}){link.group('rest')}"
    new, rest = _restamp_body(body, moment, day_first)
    if new is None or _STALE_AFTER.match(rest):
        # A time or weekday after the date the runner could not read with it (`T10Z`, `10
        # AM`, `noon`, `,5` of a second, `(09:00Z)`, `(Thu)`): moving the date alone would
        # write a new date with an old time (the sixteenth pass). The value is left as the
        # author wrote it.
        return None
    return f"{pre}{new}{rest}{post}"


_STALE_AFTER = later(
    r"^(?:[A-Za-z0-9]"  # glued on: a zone or a time the reader cut (`PST8PDT`, `T10Z`)
    r"|\s*(?:[T_@,]|at\s+|\(\s*)?\s*\d{1,2}(?:[:.h]\d\d)?(?:[:.]\d\d)?(?:[.,]\d+)?\s*"
    r"(?:z|utc|gmt|am|pm|a\.m\.|p\.m\.|h|uhr|[+-]\d\d|o'?clock)(?![\w.])"
    r"|\s*(?:[T_@,]|at\s+|\(\s*)?\s*\d{1,2}[:h]\d\d\b"
    r"|\s*(?:a\.m\.|p\.m\.)"
    r"|[.,]\d"
    r"|\s*(?:at\s+|\(\s*|,\s*)?(?:noon|midnight|midday)\b"
    r"|\s*[(,]?\s*(?:mon|tue|wed|thu|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\b)",
    re.IGNORECASE,
)


def _restamp_body(body: str, moment: datetime, order: bool | None = None) -> tuple[str | None, str]:
    if m := _ISO_START.match(body):
        rest = body[m.end() :]
        if not m.group("time"):
            if (clocked := _time_left(rest, moment)) is not None:
                text, local, rest = clocked
                return _dated(local.strftime("%Y-%m-%d"), m.group("ds")) + text, rest
            return _dated(moment.astimezone(UTC).strftime("%Y-%m-%d"), m.group("ds")), rest
        zone_text, tz, rest = _zone_after(rest)
        local = moment.astimezone(tz)
        head = f"{local.strftime('%Y-%m-%d')}{m.group('sep')}{_clock(local, m)}{zone_text}"
        return _dated(head, m.group("ds")), rest
    if m := _WEEK.match(body):  # ISO week `2026-W01`, with its weekday `-4` if given
        week = moment.astimezone(UTC).isocalendar()
        day_of = f"-{week.weekday}" if m.group("wd") else ""
        return f"{week.year}-W{week.week:02d}{day_of}", body[m.end() :]
    if m := _RFC2822.match(body):
        return _rfc2822(m, moment), body[m.end() :]
    day = moment.astimezone(UTC)
    for rx in (_MONTH_FIRST, _DAY_FIRST):
        if m := rx.match(body):
            rest, timed = body[m.end() :], ""
            if t := _time_match(rest):
                # With a time: date and time in the zone written after it (`10:00 CET`).
                zone_text, tz, rest = _zone_after(rest[t.end() :])
                day = moment.astimezone(tz)
                timed = f"{t.group('lead')}{_clock(day, t)}{zone_text}"
            mon = day.strftime("%B" if len(m.group("mon")) > 3 else "%b")
            dot = m.group("dot")
            # The day zero-padded if the author's was (`01 Jan`), its ordinal if given (`1st`).
            width = 2 if m.group("d").startswith("0") else 1
            d = f"{day.day:0{width}d}{_ordinal(day.day) if m.group('ord') else ''}"
            if rx is _MONTH_FIRST:
                return f"{mon}{dot} {d}{m.group('comma')} {day.year}{timed}", rest
            return f"{d} {mon}{dot} {day.year}{timed}", rest
    if m := _SLASHED.match(body):
        rest = body[m.end() :]
        clocked = _time_left(rest, moment)
        if clocked is not None:
            text, day, rest = clocked
        width = 2 if len(m.group("a")) == 2 else 1
        # Dotted dates are day first (`31.12.2026`); slashed ones as their numbers, the
        # plan's other dates or the calendar say (`_day_first`). A two-digit year stays two
        # digits (`1/2/26`).
        day_first = _day_first(m, order, moment)
        first, second = (day.day, day.month) if day_first else (day.month, day.day)
        s = m.group("s")
        year = f"{day.year % 100:02d}" if len(m.group("y")) == 2 else str(day.year)
        head = f"{first:0{width}d}{s}{second:0{width}d}{s}{year}"
        return (head + text, rest) if clocked is not None else (head, rest)
    if m := _COMPACT.match(body):
        return _compact(m, moment), body[m.end() :]
    if m := _CJK.match(body):
        rest = body[m.end() :]
        clocked = _time_left(rest, moment)
        if clocked is not None:
            text, day, rest = clocked
        values = {"y": str(day.year), "m": str(day.month), "d": str(day.day)}
        head = _respell(m, values)
        return (head + text, rest) if clocked is not None else (head, rest)
    return None, body


def _day_first(m: re.Match[str], order: bool | None, moment: datetime) -> bool:
    a, b = int(m.group("a")), int(m.group("b"))
    if m.group("s") == "." or a > 12:
        return True
    if b > 12:
        return False
    if order is not None:
        return order
    # `01/12/2026` on 2026-06-05: the 12th of January, not the 1st of December (a date the
    # plan was last updated is not one to come).
    year = int(m.group("y")) + (2000 if len(m.group("y")) == 2 else 0)
    today = moment.astimezone(UTC).date()

    def future(month: int, day: int) -> bool:
        try:
            return date(year, month, day) > today
        except ValueError:
            return True  # no such day

    return future(a, b) and not future(b, a)


def _respell(m: re.Match[str], values: dict[str, str]) -> str:
    """The text `m` matched with each named group's number replaced by `values`, each as wide
    as the author's when that was zero-padded (`2026年01月01日`)."""
    text, out, at = m.group(0), "", m.start()
    for name in sorted(values, key=m.start):
        written = m.group(name)
        value = values[name].zfill(len(written)) if written.startswith("0") else values[name]
        out += text[at - m.start() : m.start(name) - m.start()] + value
        at = m.end(name)
    return out + text[at - m.start() :]


def _compact(m: re.Match[str], moment: datetime) -> str:
    """`moment` in ISO 8601's basic form as `m` was written: date alone, or with the time
    (seconds if given) in the zone written (`Z`, `+0100`; none: UTC)."""
    if m.group("hh") is None:
        return moment.astimezone(UTC).strftime("%Y%m%d")
    zone = m.group("zone") or ""
    local = moment.astimezone(_offset(zone) if zone[:1] in "+-" else UTC)
    clock = local.strftime("%H%M" + ("%S" if m.group("ss") else ""))
    return f"{local.strftime('%Y%m%d')}T{clock}{zone}"


def _zone_after(rest: str) -> tuple[str, tzinfo, str]:
    """The zone written after a time as the author wrote it, the zone it names, and what
    follows it; no zone: UTC. A zone the runner cannot convert to: the time is said in UTC,
    and so labelled."""
    z = _ZONE_AFTER.match(rest)
    if z is None:
        return "", UTC, rest
    found = UTC if z.group("zone") is None else _zone_named(z.group("zone"))
    if found is None:
        return " UTC", UTC, rest[z.end() :]
    return z.group(0), found, rest[z.end() :]


def _ordinal(day: int) -> str:
    """English ordinal suffix of a day of the month: 1st, 2nd, 3rd, 4th, 11th, 22nd."""
    if day in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _zone_named(token: str) -> tzinfo | None:
    """The zone a token after a time names: `UTC`, `GMT+2`, `+02`, `-08:00`, `PST`, `PT`,
    `Europe/Berlin`; None when it names none this machine knows."""
    if token in ("UTC", "GMT", "UT"):
        return UTC
    if m := re.fullmatch(r"(UTC|GMT|UT)?([+-])(\d{1,2})(?::?(\d\d))?", token):
        if m.group(1) is None and len(m.group(3)) != 2:
            return None  # a bare `+2` is not an offset anyone writes after a time
        hours, minutes = int(m.group(3)), int(m.group(4) or 0)
        if hours > 14 or minutes > 59:
            return None
        delta = timedelta(hours=hours, minutes=minutes)
        return timezone(-delta if m.group(2) == "-" else delta)
    if token in _FIXED:
        return timezone(timedelta(hours=_FIXED[token]))
    if token in _ZONES or "/" in token:
        return _zone_info(_ZONES.get(token, token))
    return None


def _clock(local: datetime, m: re.Match[str]) -> str:
    """`local`'s time as the author wrote theirs: the hour's width, seconds and a fraction of
    them if given, a 12-hour clock with its AM/PM (in the author's case)."""
    written = m.group("time")
    ampm = m.group("ampm") or ""
    hour = local.hour % 12 or 12 if ampm else local.hour
    if written.isdigit():  # `1000Z`: hours and minutes run together
        clock = f"{hour:02d}{local.minute:02d}"
    else:
        # `10h00` as French writes a time, `10.00` as many others do.
        mark = "h" if "h" in written else "." if "." in written else ":"
        clock = f"{hour:0{len(written.split(mark)[0])}d}{mark}{local.minute:02d}"
    if m.group("sec"):
        clock += f":{local.second:02d}"
        if m.group("frac"):  # `…:00.123Z`: this moment's fraction
            digits = len(m.group("frac")) - 1
            clock += "." + f"{local.microsecond:06d}"[:digits].ljust(digits, "0")
    if ampm:
        half = "AM" if local.hour < 12 else "PM"
        clock += ampm[: len(ampm) - 2] + (half.lower() if ampm[-2:].islower() else half)
    return clock


def _dated(head: str, separator: str) -> str:
    """`2026-02-03…` with the date's dashes as the author wrote them (`2026/02/03`)."""
    return head[:10].replace("-", separator) + head[10:]


def _rfc2822(m: re.Match[str], moment: datetime) -> str:
    """`moment` as the RFC 2822 date `m` was written: its zone (the time converted to an
    offset, or said in UTC for GMT/UT/UTC/Z), the weekday, seconds and day's width as given."""
    zone = m.group("zone")
    local = moment.astimezone(_offset(zone) if zone[0] in "+-" else UTC)
    dow = f"{_DAYS[local.weekday()]}, " if m.group("dow") else ""
    day = f"{local.day:02d}" if len(m.group("d")) == 2 else str(local.day)
    clock = local.strftime("%H:%M" + (":%S" if m.group("sec") else ""))
    return f"{dow}{day} {_MONTHS[local.month - 1]} {local.year} {clock} {zone}"


def _zone_info(name: str) -> tzinfo | None:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(name)
    except Exception:  # no such zone, or no time zone database on this machine
        return None
