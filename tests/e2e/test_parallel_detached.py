"""What one check detaches belongs to that check, even while others run beside it.

The runner stops what a check detaches (`setsid -f`) when the check ends. With checks run in
parallel (`plan gates -j 2`, `plan run --all -j 2`) the sweep at the end of one check also
stopped what a check still running had detached (our own pytest gate's tmp_path remover
died that way when the lint gate ended first). Each check's descendants carry a mark of it in
their environment; one with another running check's mark is left to that check, and one with
no mark at all waits until no check runs.

The long check detaches a daemon, waits for the short one to end, then asks whether the
daemon still lives: on the old code the short check's sweep had killed it by then.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.helpers import alive, plan, row, write_plan

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux prctl")

WAIT = "until [ -s d.pid ]; do sleep 0.01; done"
# After the short check's file appears, it has ended within milliseconds; its sweep comes
# right after. A second later the daemon must still be there.
ALIVE = "until [ -e short.done ]; do sleep 0.01; done; sleep 1; [ -d /proc/$(cat d.pid) ]"


def daemon(env: str = "") -> str:
    return f"{env}setsid -f sh -c 'echo $$ > d.pid; exec sleep 300' >/dev/null 2>&1"


@pytest.mark.parametrize("env", ["", "env -i PATH=$PATH "], ids=["marked", "unmarked"])
def test_a_short_gate_ending_leaves_the_long_gates_daemon_alone(repo: Path, env: str) -> None:
    gates = [
        f"| Long | `{daemon(env)}; {ALIVE}` | exit 0 |",
        f"| Short | `{WAIT}; touch short.done` | exit 0 |",
    ]
    write_plan(repo, [row("1", "`true`")], gates=gates)
    r = plan("gates", "-j", "2", "--timeout", "20s", "--json")
    assert r.code == 0, r.out + r.err
    # and it is still stopped when its own check ends
    assert not alive(int((repo / "d.pid").read_text(encoding="utf-8")))


def test_parallel_tasks_keep_each_others_daemons(repo: Path) -> None:
    rows = [
        row("1", f"`{daemon()}; {ALIVE}`", timeout="20s"),
        row("2", f"`{WAIT}; touch short.done`", timeout="20s"),
    ]
    write_plan(repo, rows)
    r = plan("run", "--all", "-j", "2", "--timeout", "20s", "--json")
    assert r.code == 0, r.out + r.err
    assert not alive(int((repo / "d.pid").read_text(encoding="utf-8")))


def test_a_daemon_left_by_the_short_check_is_stopped_at_its_end(repo: Path) -> None:
    # The other way round: the short check's own daemon goes when the short check ends,
    # while the long one still runs.
    long = "until [ -e short.done ]; do sleep 0.01; done; sleep 1; ! [ -d /proc/$(cat d.pid) ]"
    gates = [
        f"| Long | `{long}` | exit 0 |",
        f"| Short | `{daemon()}; {WAIT}; touch short.done` | exit 0 |",
    ]
    write_plan(repo, [row("1", "`true`")], gates=gates)
    r = plan("gates", "-j", "2", "--timeout", "20s", "--json")
    assert r.code == 0, r.out + r.err


def test_a_daemon_holding_the_output_pipe_neither_dies_early_nor_hangs_the_run(
    repo: Path,
) -> None:
    # The lead's first try hung here: the daemon keeps the long check's output pipe open
    # (no redirection). The long check's own `--timeout` is the internal deadline: a
    # regression fails the gate instead of hanging the suite.
    held = "setsid -f sh -c 'echo $$ > d.pid; exec sleep 300'"
    gates = [
        f"| Long | `{held}; {ALIVE}` | exit 0 |",
        "| Fast | `" + WAIT + "; touch short.done` | exit 0 |",
    ]
    write_plan(repo, [row("1", "`true`")], gates=gates)
    r = plan("gates", "-j", "2", "--timeout", "20s", "--json")
    assert r.code == 0, r.out + r.err
    assert not alive(int((repo / "d.pid").read_text(encoding="utf-8")))


def test_alone_a_check_still_stops_what_it_detached(repo: Path) -> None:
    # Nothing else runs: the check's end stops its daemon, pipe held or not.
    write_plan(
        repo, [row("1", "`setsid -f sh -c 'echo $$ > d.pid; exec sleep 300'; " + WAIT + "`")]
    )
    r = plan("run", "1", "--timeout", "20s", "--json")
    assert r.code == 0, r.out + r.err
    assert not alive(int((repo / "d.pid").read_text(encoding="utf-8")))
