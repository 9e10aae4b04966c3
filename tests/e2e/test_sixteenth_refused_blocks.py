"""Issue 19, case 5, the sixteenth stop (attack16a F15): a shell block whose lead-in refuses
it ("The previous run timed out:", "Do not run", "What NOT to do:", "(historical)", ...) ran,
in a checklist task and in acceptance (`## Validation and Acceptance`, `## Concrete Steps`).
Both read the lead-in with the one reader (P121), with or without its colon, past an item's
bullet, box and step label.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import plan, write_text_plan

PLAN = """# Plan: t

- Status: In Progress

## Progress

- [ ] Step 1. {lead}

  ```bash
  touch k1
  ```

## Validation and Acceptance

{lead}

    $ touch a1

## Concrete Steps

{lead}

```bash
touch a2
```
"""

LEADS = [
    "The previous run timed out:",
    "This timed out last time:",
    "Do not run",
    "Never run the following.",
    "What NOT to do:",
    "Not this:",
    "The following hangs; skip it:",
    "(historical)",
    "Caution: destructive!",
]


@pytest.mark.parametrize("lead", LEADS)
def test_a_refusing_lead_in_keeps_the_block_from_running(repo: Path, lead: str) -> None:
    write_text_plan(repo, PLAN.format(lead=lead))
    plan("run", "--all")
    plan("accept")
    assert not (repo / "k1").exists()
    assert not (repo / "a1").exists()
    assert not (repo / "a2").exists()


def test_a_plain_lead_in_runs_its_block(repo: Path) -> None:
    write_text_plan(repo, PLAN.format(lead="Run the check:"))
    assert plan("run", "--all").code == 0
    assert plan("accept").code == 0
    assert (repo / "k1").exists()
    assert (repo / "a1").exists()
    assert (repo / "a2").exists()
