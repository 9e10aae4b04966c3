"""Markdown by line: the file's bytes and lines, headings, fences and HTML blocks (markdown-
it), lenient pipe tables, code spans; pure. Knows nothing of plans.
"""
