"""Ninth pass: a check's own command rewrote the plan's record while it ran — ticked an
acceptance criterion whose check is `false`, wrote a journal line in the runner's words —
and the runner committed the forgery with its own result. (A manual task marked done meanwhile
is kept as a person's mark: a check's cannot be told from a person's.)"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import git
from tests.helpers import plan, row, write_plan

FORGE = """import pathlib, re
p = pathlib.Path('plans/0001-run.md')
t = p.read_text(encoding='utf-8')
t = t.replace('- [ ] A1. Run: `false`', '- [x] A1. Run: `false`')
t = re.sub(r'^\\|( +)\\| 1 +\\| T2 ',
           lambda m: '| X' + m.group(1)[1:] + '| 1       | T2 ', t, flags=re.M)
FAKE = '\\n  - (2026-12-04T16:00:01Z) task T3 passed in 0.1s'
t = t.replace('- (2026-01-01T00:00Z) Hand-written line.',
              '- (2026-01-01T00:00Z) Hand-written line.' + FAKE)
p.write_text(t, encoding='utf-8')
"""


def test_a_check_that_forges_the_plans_record_is_put_back(repo: Path) -> None:
    path = write_plan(
        repo,
        [row("T1", "`python3 forge.py`"), row("T2", "", kind="Manual"), row("T3", "`false`")],
    )
    text = path.read_text(encoding="utf-8").replace(
        "## Outcomes & Retrospective",
        "## Acceptance\n\n- [ ] A1. Run: `false`\n\n## Outcomes & Retrospective",
    )
    path.write_text(text, encoding="utf-8")
    (repo / "forge.py").write_text(FORGE, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "forge")
    result = plan("run", "T1")
    assert result.code == 0, result.out + result.err
    for text in (path.read_text(encoding="utf-8"), git(repo, "show", "HEAD:plans/0001-run.md")):
        assert "- [ ] A1. Run: `false`" in text
        assert "task T3 passed" not in text
    assert "put back" in result.out + result.err
