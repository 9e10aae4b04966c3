"""`parse(text) -> Plan` and `apply(text, edits) -> text`: the round trip lives here; pure.

The public face of the reading and writing modules: `tracker` (which table or
checklist holds the tasks, which the gates), `rows` (table rows to tasks), `items`
(checklist items and `### Task N:` sections to tasks), `declared` (the commands a task's
own lines declare, and where each came from), `metadata` (front matter and bullet
fields), `gates` (the Quality Gates rows), `reading` (`parse_document`) and `edits`
(the write side).
"""

from __future__ import annotations

from runner.edits import Edit, SetGateResult, SetMeta, SetTaskStatus, apply, apply_document
from runner.gates import LAST_RUN
from runner.metadata import meta_key
from runner.reading import Parsed, parse, parse_document
from runner.rows import DEFAULT_OPTIONS, DESCRIPTION_COLUMNS, Options
from runner.tracker import (
    GATE_MARKER,
    MARKER,
    STATUS_COLUMNS,
    TASK_HEADINGS,
    WORK_COLUMNS,
)

__all__ = [
    "DEFAULT_OPTIONS",
    "DESCRIPTION_COLUMNS",
    "GATE_MARKER",
    "LAST_RUN",
    "MARKER",
    "STATUS_COLUMNS",
    "TASK_HEADINGS",
    "WORK_COLUMNS",
    "Edit",
    "Options",
    "Parsed",
    "SetGateResult",
    "SetMeta",
    "SetTaskStatus",
    "apply",
    "apply_document",
    "meta_key",
    "parse",
    "parse_document",
]
