"""Case 7, ninth pass: the same command written twice under a checklist item, the second
time after "Then:" or "Afterwards", with another expectation: the later expectation was
dropped unread and the task passed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import plan, write_text_plan


@pytest.mark.parametrize(
    "second",
    [
        "  - Then: `echo 4` prints `3`",
        "  - Afterwards `echo 4` prints `3`",
        "  - Next: `echo 4` prints `3`",
        "  - Finally `echo 4` prints `3`",
    ],
)
def test_a_later_step_with_another_expectation_is_checked(repo: Path, second: str) -> None:
    write_text_plan(
        repo,
        "# C7\n\n- Status: In Progress\n\n## Progress\n\n- [ ] two\n"
        f"  - Run: `echo 4` prints `4`\n{second}\n",
    )
    result = plan("run", "--all", "--json").json()
    assert [r["status"] for r in result["results"]] == ["failed"], result


def test_a_later_step_runs_its_own_command(repo: Path) -> None:
    write_text_plan(
        repo,
        "# C7\n\n- Status: In Progress\n\n## Progress\n\n- [ ] two\n"
        "  - Run: `touch a`\n  - Then: `test -f a && touch b`\n",
    )
    assert plan("run", "--all").code == 0
    assert (repo / "b").exists()


def test_then_alone_is_no_label(repo: Path) -> None:
    # Without a labelled step before it, "Then `x`" is the item's prose, read as before.
    write_text_plan(
        repo,
        "# C7\n\n- Status: In Progress\n\n## Progress\n\n- [ ] two\n  - Then `touch c` if needed\n",
    )
    plan("run", "--all")
    assert not (repo / "c").exists()
