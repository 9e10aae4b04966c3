"""Case 13, eighth pass: a writer's own exit 141 before a `head` that read everything it was
given (it printed fewer lines than it may) is the writer's failure, never a reader's early
close read as fine."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import plan, row, write_plan

OWN_141 = "python3 -c 'import sys; print(\"FAILED\"); sys.exit(141)'"


@pytest.mark.parametrize(
    ("cell", "status"),
    [
        (f"`{OWN_141} \\| head -100`", "failed"),
        (f"`{OWN_141} \\| head -n 5`", "failed"),
        (f"`{OWN_141} \\| head --lines=3`", "failed"),
        (f"`{OWN_141} \\| head`", "failed"),
        (f"`{OWN_141} \\| head -n -1`", "failed"),
        # A head that stopped early (it printed all it may) makes the writer's 141 fine.
        ("`seq 1 1000000 \\| head -5`", "passed"),
        ("`yes \\| head -n 2`", "passed"),
        ("`seq 1 1000000 \\| head`", "passed"),
        # Bytes are not lines: nothing is guessed.
        ("`seq 1 1000000 \\| head -c 5`", "passed"),
    ],
)
def test_a_writers_own_141_before_a_head_that_read_everything_fails(
    repo: Path, cell: str, status: str
) -> None:
    write_plan(repo, [row("T1", cell)])
    result = plan("run", "T1", "--json").json()["results"][0]
    assert result["status"] == status, result
