"""Issue 19, case 3 (eleventh pass): the 5 s bound on matching a pattern was per pattern, so
eight hostile blocks took 42 s under `--timeout 3s`. The bound is per run now (one budget all
matching shares), and a command's matching ends with its limit too. Each block still fails,
saying why: never a pass."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import plan, write_text_plan

# A pattern no rule calls slow, on a line it takes minutes to fail on.
HOSTILE = "    $ python3 -c \"print('a' * 5000)\"\n    a*a*a*a*a*a*a*b (re)\n"


def _blocks(n: int) -> str:
    return "# P\n\n## Progress\n\n" + "".join(
        f"- [ ] Block {i}\n  - Run:\n\n    ```\n{HOSTILE}    ```\n\n" for i in range(n)
    )


def test_hostile_patterns_share_one_bound_per_run(repo: Path) -> None:
    write_text_plan(repo, _blocks(3))
    doc = plan("run", "--all", "--keep-going", "--json").json()
    results = doc["results"]
    assert [r["status"] for r in results] == ["failed"] * 3
    said = [r["commands"][0]["mismatch"] for r in results]
    assert all(s.startswith("expected not checked:") for s in said), said
    # The first block spends the run's 5 s; the later blocks get none of their own.
    assert "ran over the run's bound of 5 s for matching" in said[0]
    for later in said[1:]:
        assert "no time left to match the expected output" in later
        assert "(the run's bound of 5 s for matching)" in later


def test_matching_ends_with_the_commands_timeout(repo: Path) -> None:
    write_text_plan(repo, _blocks(1))
    doc = plan("run", "--all", "--timeout", "1s", "--json").json()
    (only,) = doc["results"]
    assert only["status"] == "failed"
    # Bounded by the command's own limit, not by a bound of 5 s of its own.
    assert "the command's limit of 1 s" in only["commands"][0]["mismatch"]


def test_a_benign_pattern_still_passes(repo: Path) -> None:
    write_text_plan(
        repo,
        "# P\n\n## Progress\n\n- [ ] One\n  - Run:\n\n    ```\n"
        "    $ echo 'x=12'\n    x=\\d+ (re)\n    ```\n",
    )
    doc = plan("run", "--all", "--timeout", "1s", "--json").json()
    assert [r["status"] for r in doc["results"]] == ["passed"]
