"""A plan's Markdown as HTML for the report page: CommonMark by markdown-it, with any HTML
in the text escaped and no images (an image would be a request)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _markdown() -> Any:
    from markdown_it import MarkdownIt

    # HTML in a plan is shown as text, and images would be requests: both off.
    return MarkdownIt("commonmark", {"html": False}).disable("image")


def markdown(text: str) -> str:
    """A plan's Markdown as HTML, with any HTML in it escaped and no images."""
    return str(_markdown().render(text))


def markdown_inline(text: str) -> str:
    """One line of Markdown (a journal item) as inline HTML."""
    return str(_markdown().renderInline(text))
