"""Every real plan in ../shared/corpus reads; what a person would count."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CORPUS, corpus_files
from tests.helpers import plan

pytestmark = pytest.mark.skipif(not corpus_files(), reason="../shared/corpus is absent")

EXPECTED = {
    # file: (tasks, next, passed)
    "enaible-canonical-template.md": (20, "3", 2),
    "enaible-plan-exec-fixture.md": (16, "1", 0),
    "coreex-cookbook-progress.md": (7, "3", 2),
    "livepeer-frontmatter-steps.md": (15, None, 15),
}


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_corpus_status(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CORPUS)
    r = plan("status", path.name, "--json")
    assert r.code == 0
    doc = r.json()
    count, nxt, passed = EXPECTED[path.name]
    assert len(doc["tasks"]) == count
    assert doc["next"] == nxt
    assert doc["counts"]["passed"] == passed
    assert "Traceback" not in r.err


def test_canonical_template_lint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CORPUS)
    r = plan("lint", "enaible-canonical-template.md")
    assert r.code == 1
    lines = r.out.splitlines()
    assert (
        "enaible-canonical-template.md:85: P101 delimiter row has 6 cells, the header has 5"
        " (GitHub will not render this table)" in lines
    )
    for row in (102, 103, 104, 105):
        assert any(line.startswith(f"enaible-canonical-template.md:{row}: P102") for line in lines)
    for row in range(159, 164):
        assert any(line.startswith(f"enaible-canonical-template.md:{row}: P302") for line in lines)
