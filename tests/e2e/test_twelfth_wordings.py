"""Issue 19, cases 5 and 9 (F20b, F20c): wordings read as a team writes them.

F20b: a threshold said in a clause of its own after the command passed silently: "Run
`echo "ERROR: x"`; there should be zero errors.", "; all tests should pass." over a failure
count, "and check the output by eye" with no "not checked". Each now decides as the same
words decide in a Quality Gates cell, or says what was not checked. "expect no errors" over
an `ERROR:` line passed too (a count alone); it is judged as the gates' "0 errors" is.

F20c: a command the plan says runs elsewhere ran here: "Inside the container, run `x`",
"From the VM, run `x`", "In another terminal, run `x`". A span that goes there itself
(`docker compose run ...`) is still read as the command.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import plan, write_text_plan

HEAD = "# Plan: wordings\n\n## Progress\n\n"
OTHER = "- [ ] T2. Run `true`.\n"  # two items: their IDs are read as IDs


def one(repo: Path, item: str) -> dict[str, object]:
    write_text_plan(repo, HEAD + f"- [ ] T1. {item}\n{OTHER}")
    r = plan("run", "T1", "--json")
    doc = json.loads(r.out)
    result: dict[str, object] = (doc.get("results") or [{"status": "not run"}])[0]
    result["code"] = r.code
    result["text"] = r.out + r.err
    return result


@pytest.mark.parametrize(
    "item",
    [
        'Run `echo "ERROR: x"`; there should be zero errors.',
        'Run `echo "ERROR: x"`; there must be no errors.',
        'Run `echo "ERROR: x"`; expect no errors.',
        'Run `echo "warning: y"`; no warnings should remain.',
        'Run `echo "3 failed"`; no failures should be reported.',
        'Run `echo "3 passed, 1 failed"`; all tests should pass.',
        'Run `echo "3 passed, 1 failed"` and make sure all tests pass.',
        'Run `echo "0 passed"`; all the tests should pass.',
    ],
)
def test_a_threshold_in_its_own_clause_decides(repo: Path, item: str) -> None:
    got = one(repo, item)
    assert got["status"] == "failed", got
    assert got["code"] == 1


@pytest.mark.parametrize(
    "item",
    [
        "Run `echo fine`; there should be zero errors.",
        'Run `echo "5 passed"`; all tests should pass.',
        "Run `echo clean`; no warnings should remain.",
    ],
)
def test_the_same_wordings_pass_a_clean_output(repo: Path, item: str) -> None:
    got = one(repo, item)
    assert got["status"] == "passed", got


@pytest.mark.parametrize(
    "item",
    [
        "Run `echo ok` and check the output by eye.",
        "Run `echo ok` and visually inspect the page.",
        "Run `echo ok` and eyeball the numbers.",
    ],
)
def test_a_look_a_person_takes_is_not_checked(repo: Path, item: str) -> None:
    got = one(repo, item)
    assert got["status"] == "passed", got
    commands: list[dict[str, dict[str, object]]] = got["commands"]  # type: ignore[assignment]
    assert commands[0]["expectation"]["checked"] is False, got


@pytest.mark.parametrize(
    "item",
    [
        "Inside the container, run `touch made`.",
        "In the Docker container run `touch made`.",
        "Within the devcontainer, run `touch made`.",
        "From the VM, run `touch made`.",
        "In another terminal, run `touch made`.",
        "Start the server in a second terminal: `touch made`.",
        "Run `touch made` inside the container.",
        "Open a new terminal tab and run `touch made`.",
        "Run the suite inside Docker: `touch made`.",
    ],
)
def test_a_command_for_another_place_is_not_run_here(
    repo: Path, item: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLAN_IN_CONTAINER", "0")  # the runner on a host, not in a container
    got = one(repo, item)
    assert got["status"] != "passed", got
    assert not (repo / "made").exists()


@pytest.mark.parametrize(
    ("item", "command"),
    [
        (
            "Run the tests in the container: `docker compose run --rm web pytest`.",
            "docker compose run --rm web pytest",
        ),
        ("Run `make test`. Then in another terminal run `make serve`.", "make test"),
        ("Run `pytest` from the project root.", "pytest"),
    ],
)
def test_a_command_that_goes_there_itself_or_runs_here_is_kept(
    repo: Path, item: str, command: str
) -> None:
    write_text_plan(repo, HEAD + f"- [ ] T1. {item}\n{OTHER}")
    task, _ = plan("status", "--json").json()["tasks"]
    assert task["commands"] == [command]


@pytest.mark.parametrize(
    ("item", "here", "runs"),
    [
        ("Inside the container, run `touch made`.", "1", True),
        ("Run `touch made` in the dev container.", "1", True),
        ("Inside the container, run `touch made`.", "0", False),
        ("From the VM, run `touch made`.", "1", False),
        ("In another terminal, run `touch made`.", "1", False),
    ],
)
def test_in_the_container_is_here_when_the_runner_runs_in_one(
    repo: Path, item: str, here: str, runs: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A dev container or a CI job's container: "in the container" is this shell.
    monkeypatch.setenv("PLAN_IN_CONTAINER", here)
    got = one(repo, item)
    assert (got["status"] == "passed") is runs, got
    assert (repo / "made").exists() is runs
