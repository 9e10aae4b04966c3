"""Issue 19: what the twelfth attacker's pass found at the end of stop 33 (attack12a/12c).

- Case 5 (F5a): a span set against the command before it ran: "Run `true` instead of
  `touch x`" (also rather than, in place of, in lieu of, as opposed to, replaces, or,
  neither ... nor) ran `touch x`.
- Case 10 (F10x): a ticked item whose last words take the tick back counted as done: `[x]
  two (deferred to v2)`, `— tests still red`, `(won't do)`, `(moved to next plan)`.
- Case 8 (F8x): "you will get `3`", "look for `3` in the output", "check that the output has
  `3`", "search the output for `3`", "to see `3`" passed on exit 0 with 4 printed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import plan, write_text_plan

HEAD = "# Plan: attack\n\n## Progress\n\n"
OTHER = "- [ ] T2. Run `true`.\n"  # two items: their IDs are read as IDs


@pytest.mark.parametrize(
    "item",
    [
        "Run `true` instead of `touch made`.",
        "Run `true` rather than running `touch made`.",
        "Run `true` in place of `touch made`.",
        "Run `true` in lieu of `touch made`.",
        "Run `true` as opposed to `touch made`.",
        "Run `true` (replaces `touch made`).",
        "Run either `true` or `touch made`.",
        "Run neither `touch made` nor `touch made2`.",
    ],
)
def test_a_span_set_against_the_command_is_not_run(repo: Path, item: str) -> None:
    write_text_plan(repo, HEAD + f"- [ ] T1. {item}\n{OTHER}")
    plan("run", "--all")
    assert not (repo / "made").exists()


def test_a_span_joined_to_the_command_still_runs(repo: Path) -> None:
    write_text_plan(repo, HEAD + "- [ ] T1. Run `true` and then `touch made`.\n" + OTHER)
    assert plan("run", "T1").code == 0
    assert (repo / "made").exists()


@pytest.mark.parametrize(
    "note",
    [
        "(deferred to v2)",
        "— tests still red",
        "(won't do)",
        "(moved to next plan)",
        "— only half",
        "(except the tests)",
        ", but reverted later",
    ],
)
def test_a_tick_its_last_words_take_back_is_not_done(repo: Path, note: str) -> None:
    write_text_plan(repo, HEAD + f"- [x] T1. Step one.\n- [x] T2. Step two {note}\n")
    lint = plan("lint")
    assert "P106" in lint.out, lint.out
    statuses = [t["status"] for t in plan("status", "--json").json()["tasks"]]
    assert statuses.count("passed") < 2, statuses


@pytest.mark.parametrize(
    "item",
    [
        "Run `echo 4`; you will get `3`.",
        "Run `echo 4`; look for `3` in the output.",
        "Run `echo 4`; check that the output has `3`.",
        "Run `echo 4`; search the output for `3`.",
        "Run `echo 4` to see `3`.",
    ],
)
def test_an_expectation_cue_decides(repo: Path, item: str) -> None:
    write_text_plan(repo, HEAD + f"- [ ] T1. {item}\n{OTHER}")
    r = plan("run", "T1", "--json")
    assert json.loads(r.out)["results"][0]["status"] == "failed", r.out


@pytest.mark.parametrize(
    ("printed", "threshold", "passes"),
    [
        # Case 9 (F9a): the count with its verb first was not read: 9 of 10 passed 100%.
        ("passed 9 of 10", "100% passing", False),
        ("Passing: 9/10", "100% passing", False),
        ("passed 10 of 10", "100% passing", True),
        # Case 9 (F9x): a Unicode minus, then a space, lost its sign.
        ("margin: \u2212 3%", "margin >= 0%", False),
        ("margin = \u2212 3%", "margin >= 0%", False),
        ("margin: + 3%", "margin >= 0%", True),
    ],
)
def test_a_gate_reads_the_count_and_the_sign_as_written(
    repo: Path, printed: str, threshold: str, passes: bool
) -> None:
    from tests.helpers import row, write_plan

    write_plan(repo, [row("T1", "`true`")], gates=[f"| G | `echo '{printed}'` | {threshold} |"])
    (gate,) = json.loads(plan("gates", "--json").out)["results"]
    assert (gate["status"] == "passed") is passes, gate
