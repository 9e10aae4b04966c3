"""Regular expressions compiled on first use instead of at import.

A module's patterns used to be compiled when the module was imported: about 150 of them,
a fifth of `plan status`'s start-up on a 50-task plan (cProfile: `re._compiler.compile`),
though a status reads with a handful. `later()` stands in for `re.compile()` at module
level: the pattern is compiled the first time one of its methods or attributes is asked
for, and from then on the compiled pattern's own bound methods sit on the object, so
`RX.match(s)` costs what it costs on a compiled pattern.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

# What a compiled pattern offers; all of it is bound onto the stand-in at first use.
_ATTRIBUTES = (
    "match",
    "fullmatch",
    "search",
    "finditer",
    "findall",
    "sub",
    "subn",
    "split",
    "pattern",
    "flags",
    "groups",
    "groupindex",
)


class LaterPattern:
    """Compiles its source on the first attribute asked for, then holds the pattern's own."""

    def __init__(self, source: str, flags: int = 0) -> None:
        self._source = source
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # not a pattern's; never compile for copy or pickle probes
            raise AttributeError(name)
        # Only reached for names not yet in the instance's dict, that is before compiling
        # (and for names a compiled pattern lacks, which raise as they would on one).
        compiled = re.compile(self._source, self._flags)
        for attribute in _ATTRIBUTES:
            setattr(self, attribute, getattr(compiled, attribute))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"later({self._source!r}, {self._flags!r})"


if TYPE_CHECKING:

    def later(source: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
        """Typed as what it stands for: every use is a use of a compiled pattern."""
        ...

else:

    def later(source, flags=0):
        """A pattern compiled on first use (see the module's docstring)."""
        return LaterPattern(source, int(flags))
