"""lint walks long dependency chains without recursion."""

from __future__ import annotations

from runner.markdown.doc import Document
from runner.plan.lint import lint
from runner.plan.reading import parse_document

HEAD = "# P\n\n## Tasks\n\n| Status | ID | Type | Description | Depends |\n|---|---|---|---|---|\n"


def _plan(depends: dict[int, int], n: int) -> str:
    rows = "".join(f"| | {i} | Code | step {i} | {depends.get(i, '')} |\n" for i in range(1, n + 1))
    return HEAD + rows


def test_a_chain_longer_than_the_recursion_limit_is_not_a_cycle() -> None:
    n = 5000
    text = _plan({i: i + 1 for i in range(1, n)}, n)
    problems = lint(parse_document(Document.from_text(text)))
    assert not [p for p in problems if p.code == "P105"]


def test_a_cycle_at_the_end_of_a_long_chain_is_reported_once() -> None:
    n = 3000
    text = _plan({**{i: i + 1 for i in range(1, n)}, n: n - 2}, n)
    cycles = [p for p in lint(parse_document(Document.from_text(text))) if p.code == "P105"]
    assert [p.message for p in cycles] == [
        f"dependency cycle: {n - 2} -> {n - 1} -> {n} -> {n - 2}"
    ]
