"""Lines, sections, fences and tables of a Markdown file, by line; pure.

The public face of four modules, each with one job: `doc` (bytes, lines,
endings, BOM), `blocks` (markdown-it's headings, fences, HTML, comments and
front matter), `tables` (the lenient table scan, splitting a row, rewriting a
cell) and `codespans` (the one backtick scanner).
"""

from __future__ import annotations

from runner.blocks import Blocks, Heading, Structure, find_blocks, front_matter_range, scan
from runner.codespans import code_span_ranges, code_spans
from runner.doc import Document, NotUtf8Error
from runner.tables import (
    Cell,
    Row,
    Table,
    display_width,
    escape_cell,
    normalise_name,
    replace_cell,
    scan_tables,
    split_row,
)

__all__ = [
    "Blocks",
    "Cell",
    "Document",
    "Heading",
    "NotUtf8Error",
    "Row",
    "Structure",
    "Table",
    "code_span_ranges",
    "code_spans",
    "display_width",
    "escape_cell",
    "find_blocks",
    "front_matter_range",
    "normalise_name",
    "replace_cell",
    "scan",
    "scan_tables",
    "split_row",
]
