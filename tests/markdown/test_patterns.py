"""A pattern compiled on first use answers exactly as the compiled pattern does, and compiles
only when used."""

from __future__ import annotations

import copy
import pickle
import re

import pytest

from runner.markdown.patterns import LaterPattern, later


def test_nothing_is_compiled_until_the_pattern_is_used() -> None:
    rx = later(r"(?P<n>\d+)-(\w+)", re.IGNORECASE)
    assert isinstance(rx, LaterPattern)
    assert "match" not in vars(rx)  # not compiled yet
    found = rx.search("x 12-ab")
    assert found is not None
    assert found.group("n") == "12"
    assert vars(rx)["search"].__self__ is re.compile(r"(?P<n>\d+)-(\w+)", re.IGNORECASE)


def test_every_method_and_attribute_is_the_compiled_patterns() -> None:
    rx, compiled = later(r"a(b)?", re.I), re.compile(r"a(b)?", re.I)
    text = "xAb ab A"
    assert rx.sub("-", text) == compiled.sub("-", text)
    assert rx.subn("-", text) == compiled.subn("-", text)
    assert rx.split(text) == compiled.split(text)
    assert rx.findall(text) == compiled.findall(text)
    assert [m.span() for m in rx.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert rx.fullmatch("ab") is not None
    assert rx.match("b") is None
    assert (rx.pattern, rx.flags, rx.groups, rx.groupindex) == (
        compiled.pattern,
        compiled.flags,
        compiled.groups,
        compiled.groupindex,
    )


def test_a_bad_pattern_fails_where_it_is_used_and_unknown_names_raise() -> None:
    rx = later(r"(unclosed")
    with pytest.raises(re.error):
        rx.match("x")
    with pytest.raises(AttributeError):
        getattr(later("a"), "no_such_method")  # noqa: B009


def test_copy_and_pickle_probes_never_compile_nor_recurse() -> None:
    rx = later(r"\d+")
    assert copy.copy(rx) is not rx
    again = pickle.loads(pickle.dumps(rx))
    assert again.match("42") is not None
    assert "match" not in vars(rx)
    assert repr(rx) == r"later('\\d+', 0)"
