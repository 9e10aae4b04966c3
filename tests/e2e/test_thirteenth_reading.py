"""Issue 19, cases 5, 8 and rule 6: what the twelfth pass left open, read as a team writes it.

Case 8: an expected value in a clause of its own after the command passed on exit 0: "; the
count must be 3", "; it greets the user with `Hello, World`", "; the greeting reads `Hi`".
A Validation cell's "`echo 4` (→ 3)" read the arrow as a word no run instruction uses and
made the command a mention (a manual task) where "(-> 3)" was checked.

Case 5: "Once the server is up, run `x`" ran `x` where "When the server is up" waits for a
person: both wait for a state the run does not bring about. So does someone's approval
("After approval from security, run `x`", "Confirm with the team, then run `x`").

The lead's own pass found the same family in other shapes: "and confirm the count is 3", ".
Expected count: 3.", "; it should come back with 3", ". It should print three.", "; the
output must include `Hello`"; "; no test should fail", "; every test must pass"; "; the log
must be free of errors", "; it must not print any errors", "; it should be warning-free".

Rule 6: `rm -rf /tmp/other` deleted another's entry in the shared temporary folder (and
`rm -rf /tmp` the folder itself); `open http://localhost:8000` opened a window for a person
and was recorded as a check.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.helpers import plan, row, write_plan, write_text_plan

HEAD = "# Plan: wordings\n\n## Progress\n\n"
OTHER = "- [ ] T2. Run `true`.\n"  # two items: their IDs are read as IDs


def one(repo: Path, item: str) -> dict[str, object]:
    write_text_plan(repo, HEAD + f"- [ ] T1. {item}\n{OTHER}")
    r = plan("run", "T1", "--json")
    doc = json.loads(r.out)
    result: dict[str, object] = (doc.get("results") or [{"status": "not run"}])[0]
    result["code"] = r.code
    return result


@pytest.mark.parametrize(
    ("item", "status"),
    [
        ("Run `echo 4`; the count must be 3.", "failed"),
        ("Run `echo 3`; the count must be 3.", "passed"),
        ("Run `echo 4`; the total is 3.", "failed"),
        ('Run `echo "Bonjour, World"`; it greets the user with `Hello, World`.', "failed"),
        ('Run `echo "Hello, World"`; it greets the user with `Hello, World`.', "passed"),
        ("Run `echo Bonjour`; the greeting reads `Hello`.", "failed"),
        ("Run `echo Hello`; the greeting reads `Hello`.", "passed"),
        ('Run `echo Bonjour`; the greeting reads "Hello".', "failed"),
        ("Run `echo Bonjour`; the script should answer with `Hello`.", "failed"),
        ("Run `echo 3`; the value should be set.", "passed"),
    ],
)
def test_a_value_named_in_its_own_clause_decides(repo: Path, item: str, status: str) -> None:
    got = one(repo, item)
    assert got["status"] == status, got


@pytest.mark.parametrize(
    ("item", "status"),
    [
        ("Run `echo 4` and confirm the count is 3.", "failed"),
        ("Run `echo 3` and confirm the count is 3.", "passed"),
        ("Run `echo 4`: the count should now read 3.", "failed"),
        ("Run `echo 4`. Expected count: 3.", "failed"),
        ("Run `echo 4` \u2014 count should be 3.", "failed"),
        ("Run `echo 4`; result: 3.", "failed"),
        ("Run `echo 4`; it should come back with 3.", "failed"),
        ("Run `echo 4`; the line count should equal 3.", "failed"),
        ("Run `echo 4`. It should print three.", "failed"),
        ("Run `echo 3`. It should print three.", "passed"),
        ("Run `echo Bonjour`; the output must include `Hello`.", "failed"),
        ("Run `echo Bonjour`. The response must contain `Hello`.", "failed"),
        ("Run `echo Hello`. The response must contain `Hello`.", "passed"),
        ('Run `echo "2 failed, 3 passed"`; no test should fail.', "failed"),
        ('Run `echo "2 failed, 3 passed"`; none of the tests should fail.', "failed"),
        ('Run `echo "1 failed"`; not a single test may fail.', "failed"),
        ('Run `echo "2 failed, 3 passed"`; every test must pass.', "failed"),
        ('Run `echo "4 passed"`; every test must pass.', "passed"),
        ('Run `echo "3 passed"`; no test should fail.', "passed"),
        ('Run `echo "ERROR: bad"` \u2014 the log must be free of errors.', "failed"),
        ("Run `echo fine` \u2014 the log must be free of errors.", "passed"),
        ('Run `echo "ERROR: bad"`; it must not print any errors.', "failed"),
        ('Run `echo "ERROR: bad"`; no error lines should appear.', "failed"),
        ('Run `echo "warning: x"`; it should be warning-free.', "failed"),
        ("Run `echo fine`; it should be warning-free.", "passed"),
        ('Run `echo "ERROR: x"` and it completes without errors.', "failed"),
        ('Run `echo "warning: y"`; it must not emit any warnings.', "failed"),
    ],
)
def test_a_statement_in_the_next_clause_decides(repo: Path, item: str, status: str) -> None:
    got = one(repo, item)
    assert got["status"] == status, got


@pytest.mark.parametrize(
    ("item", "status"),
    [
        ('Run `echo "TOTAL 100 15 85%"`; coverage must not drop below 90%.', "failed"),
        ('Run `echo "TOTAL 100 5 95%"`; coverage must not drop below 90%.', "passed"),
        ('Run `echo "coverage: 85%"`; coverage should never fall under 90%.', "failed"),
        ('Run `echo "latency: 700 ms"`; latency must not go above 500 ms.', "failed"),
        ('Run `echo "latency: 300 ms"`; latency must not go above 500 ms.', "passed"),
        ('Run `echo "score: 7/10"`; the score should be 10/10.', "failed"),
        ('Run `echo "passed 9 of 10"`; all 10 should pass.', "failed"),
        ('Run `echo "2 vulnerabilities found"`; there should be no vulnerabilities.', "failed"),
        ('Run `echo "0 vulnerabilities found"`; there should be no vulnerabilities.', "passed"),
    ],
)
def test_a_threshold_in_the_next_clause_decides(repo: Path, item: str, status: str) -> None:
    got = one(repo, item)
    assert got["status"] == status, got


@pytest.mark.parametrize(
    "item",
    [
        'Run `echo "Duration: 12s"`; it should finish in under 5 seconds.',
        'Run `echo "3 files would be reformatted"`; no files should need reformatting.',
        "Run `echo done`. It must be run from the repository root.",
    ],
)
def test_a_statement_it_cannot_read_is_said_not_checked(repo: Path, item: str) -> None:
    got = one(repo, item)
    commands: list[dict[str, dict[str, object]]] = got["commands"]  # type: ignore[assignment]
    assert commands[0]["expectation"]["checked"] is False, got
    assert commands[0]["expectation"]["text"], got


@pytest.mark.parametrize(
    ("cell", "status"),
    [
        ("`echo 4` (\u2192 3)", "failed"),
        ("`echo 3` (\u2192 3)", "passed"),
        ("`echo 4` (\u21d2 `3`)", "failed"),
        ("`echo 4` (-> 3)", "failed"),
    ],
)
def test_an_arrow_in_a_remark_says_what_the_check_shows(repo: Path, cell: str, status: str) -> None:
    write_plan(repo, [row("T1", cell), row("T2", "`true`")])
    r = plan("run", "T1", "--json")
    doc = json.loads(r.out)
    assert doc["results"][0]["status"] == status, r.out
    assert [c["command"] for c in doc["results"][0]["commands"]] == [cell.split("`")[1]]


@pytest.mark.parametrize(
    "item",
    [
        "Once the server is up, run `touch ran`.",
        "After the API is reachable, run `touch ran`.",
        "As soon as the dev server is running, run `touch ran`.",
        "When the server is up, run `touch ran`.",
        "Confirm with the team, then run `touch ran`.",
        "After approval from security, run `touch ran`.",
        "Once the team approves, run `touch ran`.",
        "With approval, run `touch ran`.",
    ],
)
def test_a_state_waited_for_is_a_persons_step(repo: Path, item: str) -> None:
    got = one(repo, item)
    assert got["status"] != "passed", got
    assert got["code"] == 4
    assert not (repo / "ran").exists()


@pytest.mark.parametrize(
    "item",
    [
        "Once done, run `touch ran`.",
        "Once the build finishes, run `touch ran`.",
        "After the tests pass, run `touch ran`.",
    ],
)
def test_a_step_of_this_session_still_runs(repo: Path, item: str) -> None:
    got = one(repo, item)
    assert got["status"] == "passed", got
    assert (repo / "ran").exists()


@pytest.mark.parametrize(
    "command",
    [
        "rm -rf {victim}",
        "rm -f {victim}/keep.txt",
        "find {victim} -name keep.txt -delete",
        "shred -u {victim}/keep.txt",
        "truncate -s 0 {victim}/keep.txt",
    ],
)
def test_another_entry_of_the_temporary_folder_is_not_deleted(repo: Path, command: str) -> None:
    # The victim lives in the machine's temporary folder, as another person's would.
    victim = Path(tempfile.mkdtemp(prefix="plan-victim-", dir="/tmp"))
    try:
        (victim / "keep.txt").write_text("theirs\n")
        got = one(repo, f"Run `{command.format(victim=victim)}`.")
        assert got["status"] != "passed", got
        assert got["code"] == 4
        assert (victim / "keep.txt").read_text() == "theirs\n"
        shown = plan("show", "T1")
        assert "shared temporary folder" in shown.out
    finally:
        shutil.rmtree(victim, ignore_errors=True)


def test_its_own_scratch_in_the_temporary_folder_may_be_removed(repo: Path) -> None:
    mine = Path(tempfile.mkdtemp(prefix="plan-own-", dir="/tmp")) / "scratch"
    got = one(repo, f"Run `mkdir -p {mine} && touch {mine}/x && rm -rf {mine}`.")
    assert got["status"] == "passed", got
    assert not mine.exists()
    mine.parent.rmdir()


@pytest.mark.parametrize(
    "command",
    [
        "open http://localhost:8000",
        "xdg-open build/index.html",
        "firefox http://localhost:8000",
        "gio open docs/index.html",
    ],
)
def test_a_window_opened_for_a_person_is_not_a_check(repo: Path, command: str) -> None:
    got = one(repo, f"Run `{command}`.")
    assert got["code"] == 4, got
    assert got["status"] != "passed"
    shown = plan("show", "T1")
    assert "for a person to look at" in shown.out


def test_a_headless_browser_is_a_check(repo: Path) -> None:
    from runner.plan.actions import acts

    assert acts("chromium --headless --dump-dom http://localhost:8000") is None
    assert acts("firefox --version") is None
