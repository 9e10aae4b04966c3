"""Pause Python's cyclic garbage collector while a large acyclic structure is built.

Reading a plan allocates a few tuples per table row and frees none of them until
it is done; each allocation counts towards the collector's next pass, and each
full pass walks every object alive, so at 100,000 rows the collector alone made
reading grow faster than the plan (bench/RESULTS.md). Nothing built here forms
reference cycles that need collecting meanwhile; reference counting still frees
everything else at once.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Disable the cyclic collector for the block (re-entrant: only the outermost resumes it)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
