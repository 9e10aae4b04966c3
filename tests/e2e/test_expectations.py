"""Issue 18 (item 3) and issue 19 (items 7, 8): what the plan says to expect decides.

Each test writes a plan of our own in the shapes real plans state expectations (`returns 0`,
"returns nothing", "returns match", "prints out `3`", "should give `3`", `==`, "shows the
greeting"), runs it through the CLI in a real git repository, and checks the recorded result
against what the command printed. An expectation the runner cannot read is "not checked" in
the terminal, JSON, JUnit, the journal and the report, never a silent pass.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pytest
from lxml import etree

from tests.conftest import git
from tests.helpers import plan, row, write_plan, write_text_plan

PLAN = "plans/0001-run.md"


def checklist(repo: Path, *items: str, extra: str = "") -> Path:
    """A plan whose Progress checklist holds `items`, committed; its path."""
    (repo / "src").mkdir(exist_ok=True)
    (repo / "src" / "a.py").write_text("overlay = 1\noverlay = 2\n", encoding="utf-8")
    (repo / "src" / "b.py").write_text("overlay = 3\n", encoding="utf-8")
    (repo / "docs").mkdir(exist_ok=True)
    (repo / "docs" / "guide.md").write_text("no such word here\n", encoding="utf-8")
    (repo / "greet.sh").write_text('echo "Bonjour, $1"\n', encoding="utf-8")
    (repo / "plans").mkdir(exist_ok=True)
    path = repo / PLAN
    body = "\n".join(f"- [ ] {i}" for i in items)
    path.write_text(f"# P\n\n## Progress\n\n{body}\n{extra}", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "plan")
    return path


def results(repo: Path) -> list[dict[str, object]]:
    out = plan("run", "--all", "--keep-going", "--json")
    return list(out.json()["results"])


@pytest.mark.parametrize(
    ("item", "status"),
    [
        # grep -c prints 2 and 1 (exit 0): "returns 0" is false.
        ("Run `grep -c overlay src/a.py src/b.py` returns 0", "failed"),
        ("Run `grep -c overlay src/a.py src/b.py` returns 3", "passed"),
        # One file, one count: 0 with grep's exit 1 is the stated result.
        ("Run `grep -c overlay docs/guide.md` returns 0", "passed"),
        ("Run `grep -ri overlay src/` returns nothing", "failed"),
        ("Run `grep -ri overlay docs/` returns nothing", "passed"),
        ("Run `grep -ri overlay docs/` and expect no matches", "passed"),
        ("Run `git tag -l v1.7.0` returns match", "failed"),
        ("Run `git tag -l` is empty", "passed"),
        ("Run `echo 4` prints out `3`", "failed"),
        ("Run `echo 4` should print the count `3`", "failed"),
        ("Run `echo 4` should give `3`", "failed"),
        ("Run `echo 3` should give `3`", "passed"),
        ("Run `echo 4` == `3`", "failed"),
        ("Run `sh greet.sh World` shows the greeting `Hello, World!`", "failed"),
        ("Run `exit 3` returns 3", "passed"),
        # Second pass of issue 19: more wordings, each decided by the output.
        ("Run `echo 2` and the result should be `3`", "failed"),
        ("Run `echo 3` and the result should be `3`", "passed"),
        ("Run `echo abc` which must print `xyz`", "failed"),
        ("Run `printf 'ok\\n'` and verify the output is `nok`", "failed"),
        ("Run `echo 5 errors` and expect 0 errors", "failed"),
        ("Run `echo Found 0 errors` and expect 0 errors", "passed"),
        ("Run `echo all good` and expect 0 errors", "passed"),
        ("Run `echo found` and ensure nothing is printed", "failed"),
        ("Run `true` and ensure nothing is printed", "passed"),
        ("Run `echo hi` and make sure nothing is printed", "failed"),
        ("Run `echo Found 2 problems` and expect no problems", "failed"),
        ("Run `echo No problems found` and expect no problems", "passed"),
        ("Run `echo 4` and you should see `5`", "failed"),
        ("Run `echo oops` and confirm there is no output", "failed"),
        ("Run `echo 2 failed` and expect zero failures", "failed"),
        ("Run `echo 0 failed` and expect zero failures", "passed"),
        ("Run `echo 4` which echoes `5`", "failed"),
        ("Run `echo 4` and it reports `5`", "failed"),
        ("Run `echo 4`, which produces `5`", "failed"),
        ("Run `echo 4` = `5`", "failed"),
        ("Run `echo 5` = `5`", "passed"),
        ("Run `echo 4` and it will print `5`", "failed"),
    ],
)
def test_a_stated_expectation_decides(repo: Path, item: str, status: str) -> None:
    checklist(repo, item)
    (only,) = results(repo)
    assert only["status"] == status, only


def test_the_later_expectation_of_a_command_written_twice_wins(repo: Path) -> None:
    checklist(
        repo,
        "Count the lines",
        extra="  - Run: `echo lines: 4`\n  - Evidence: `echo lines: 4` -> `3`\n",
    )
    (only,) = results(repo)
    assert only["status"] == "failed"


def test_accept_compares_what_a_criterion_says_it_shows(repo: Path) -> None:
    checklist(
        repo,
        "Build it",
        extra="\n## Acceptance Criteria\n\n- [ ] `sh greet.sh World` shows the greeting"
        " `Hello, World!`\n- [ ] `grep -c overlay src/a.py src/b.py` returns 0\n",
    )
    doc = plan("accept", "--json").json()
    assert [r["status"] for r in doc["results"]] == ["failed", "failed"]
    assert "- [ ] `sh greet.sh World`" in (repo / PLAN).read_text(encoding="utf-8")


def test_accept_compares_a_quoted_greeting(repo: Path) -> None:
    # Fourth pass: this criterion was ticked although the script printed "Bonjour, World".
    checklist(
        repo,
        "Build it",
        extra="\n## Acceptance Criteria\n\n- [ ] Running `sh greet.sh World` gives the greeting"
        ' "Hello, World!".\n',
    )
    doc = plan("accept", "--json").json()
    assert [r["status"] for r in doc["results"]] == ["failed"], doc
    assert "- [ ] Running `sh greet.sh World`" in (repo / PLAN).read_text(encoding="utf-8")


def test_an_unreadable_expectation_is_not_checked_in_every_sink(repo: Path, tmp_path: Path) -> None:
    checklist(repo, "Run `echo hi` and it should print a friendly greeting")
    junit = repo / "junit.xml"
    out = plan("run", "--all", "--junit", str(junit))
    assert out.code == 0
    assert "not checked: 'should print a friendly greeting'" in out.out
    # The journal (and so the commit's plan and the report's journal) says so.
    text = (repo / PLAN).read_text(encoding="utf-8")
    assert "not checked: 'should print a friendly greeting'" in text
    tree = etree.parse(str(junit))
    # On the suite (Jenkins' schema allows no properties in a testcase).
    said = tree.xpath("//testsuite/properties/property[@name='not checked: task 1']/@value")
    assert said
    assert "should print a friendly greeting" in said[0]
    plan("reset", "1")
    doc = plan("run", "--all", "--json").json()
    command = doc["results"][0]["commands"][0]
    assert command["expectation"] == {
        "text": "should print a friendly greeting",
        "checked": False,
    }
    page = tmp_path / "report.html"
    assert plan("report", "-o", str(page)).code == 0
    assert "not checked" in page.read_text(encoding="utf-8")


# Issue 19 item 3: every matcher is bounded.


def test_costly_transcripts_end_quickly_and_never_pass(repo: Path) -> None:
    import time

    write_text_plan(
        repo,
        "# P\n\n## Progress\n\n- [ ] One\n  - Run:\n\n    ```\n"
        "    $ python3 -c \"print('a' * 20000)\"\n"
        "    a...a...a...a...b\n    ```\n\n- [ ] Two\n  - Run:\n\n    ```\n"
        "    $ python3 -c \"print('a' * 40 + 'b')\"\n    (a+)+$ (re)\n    ```\n",
    )
    started = time.monotonic()
    doc = plan("run", "--all", "--keep-going", "--json").json()
    assert time.monotonic() - started < 20
    assert [r["status"] for r in doc["results"]] == ["failed", "failed"]
    assert "could run for ever" in doc["results"][1]["commands"][0]["mismatch"]


def test_an_expected_value_is_never_run_as_a_command(repo: Path) -> None:
    # "which must print `touch ran`" names output, not a command to run.
    checklist(repo, "Run `echo abc` which must print `touch ran`")
    (only,) = results(repo)
    assert only["status"] == "failed"
    assert not (repo / "ran").exists()
    commands = cast(list[dict[str, object]], only["commands"])
    assert [c["command"] for c in commands] == ["echo abc"]


def test_words_that_state_what_cannot_be_read_are_said_not_checked(repo: Path) -> None:
    checklist(repo, "Run `echo hi` and ensure it behaves like the old tool")
    (only,) = results(repo)
    assert only["status"] == "passed"
    commands = cast(list[dict[str, object]], only["commands"])
    assert commands[0]["expectation"] == {
        "text": "ensure it behaves like the old tool",
        "checked": False,
    }


@pytest.mark.parametrize(
    ("item", "said"),
    [
        ("Run `echo 4` and you should observe it on screen", "should observe"),
        # The clause after ";" speaks of the command too (the thirteenth stop: said, where
        # it was dropped as another sentence's).
        ("Run `echo hi`; we must get the banner", "we must get the banner"),
        ("Run `echo hi`. We must also update the docs", None),  # another sentence, not its
        ("Run `echo hi` — the banner should appear", "should appear"),
    ],
)
def test_an_expectation_word_later_in_the_sentence_is_never_silent(
    repo: Path, item: str, said: str | None
) -> None:
    checklist(repo, item)
    (only,) = results(repo)
    commands = cast(list[dict[str, object]], only["commands"])
    shown = cast(dict[str, object] | None, commands[0].get("expectation"))
    if said is None:
        assert shown is None
    else:
        assert shown is not None
        assert said in str(shown["text"])
        assert shown["checked"] is False


def test_a_value_later_in_the_sentence_is_checked(repo: Path) -> None:
    # Eighth pass: a value the words after the command name is what the plan expects to
    # see, whatever the verb ("observe"); it was shown "not checked" and passed.
    checklist(repo, "Run `echo 4` and you should observe `5` on screen")
    (only,) = results(repo)
    assert only["status"] == "failed", only


def test_should_pass_is_the_exit_code(repo: Path) -> None:
    checklist(repo, "Run `true`, which should pass")
    (only,) = results(repo)
    commands = cast(list[dict[str, object]], only["commands"])
    assert only["status"] == "passed"
    assert "expectation" not in commands[0]


# Issue 19, independent pass (N4, N12): output that must not appear is checked, and a span
# that names output is never run as a command.


@pytest.mark.parametrize(
    ("item", "status"),
    [
        ('Check: `echo "ERROR: disk full"` should not print `ERROR`', "failed"),
        ("Check: `echo all fine` should not print `ERROR`", "passed"),
        ("Run `echo FAILED twice` and it never prints `FAILED`", "failed"),
        ("Check: `ls` should not show `touch pwned`", "passed"),
        ("Check: `ls` prints no `touch pwned`", "passed"),
    ],
)
def test_output_that_must_not_appear(repo: Path, item: str, status: str) -> None:
    checklist(repo, item)
    (only,) = results(repo)
    assert only["status"] == status, only
    assert not (repo / "pwned").exists()


def test_a_validation_cell_runs_only_its_commands(repo: Path) -> None:
    write_plan(
        repo,
        [
            row("T1", "`echo lines: 4` returns `3`"),
            row("T2", "`ls`; expect no `touch vpwn`"),
            row("T3", "`echo ok` should not print `touch vpwn2`"),
        ],
    )
    doc = plan("run", "--all", "--keep-going", "--json").json()
    by_id = {r["id"]: r for r in doc["results"]}
    assert by_id["T1"]["status"] == "failed"
    assert [c["command"] for c in by_id["T1"]["commands"]] == ["echo lines: 4"]
    assert not (repo / "vpwn").exists()
    assert not (repo / "vpwn2").exists()
    assert [c["command"] for c in by_id["T3"]["commands"]] == ["echo ok"]


# Issue 19, third pass: a description's expectation of a Validation cell's command (N2), a
# count the output never prints (N5), and a fragment said the other way round ("not ok").


def described(task_id: str, description: str, validation: str) -> str:
    """A canonical task row with its own description."""
    cells = ["", "1", task_id, task_id, "Code", description, validation, "", ""]
    return "| " + " | ".join(cells) + " |"


@pytest.mark.parametrize(
    ("description", "validation", "status"),
    [
        ("`echo 4` prints `3`.", "Run: `echo 4`", "failed"),
        ("`echo 3` prints `3`.", "Run: `echo 3`", "passed"),
        ("Count the rows; should print `3`.", "Run: `echo 4`", "failed"),
        ("Count the rows; expect `4`.", "`echo 4`", "passed"),
        ("`echo 4` reports 3 lines.", "`echo 4`", "failed"),
        ("`echo ok` should not print `ok`.", "`echo ok`", "failed"),
        # What follows a file or a function's name speaks of it, not of the command.
        ("Writes `out.txt`, which should contain `hello`.", "`echo 4`", "passed"),
        ("Make `parse()` return `None`.", "`echo 4`", "passed"),
        # The cell's own word wins over the description's.
        ("`echo 4` prints `3`.", "`echo 4` returns `4`", "passed"),
    ],
)
def test_a_description_states_what_the_validation_command_prints(
    repo: Path, description: str, validation: str, status: str
) -> None:
    write_plan(repo, [described("T1", description, validation)])
    (only,) = plan("run", "T1", "--json").json()["results"]
    assert only["status"] == status, only


@pytest.mark.parametrize(
    ("item", "status"),
    [
        # A count said of the output needs the output to show it; the exit code is no count.
        ("Run `sh -c 'echo something broke; exit 3'` prints 3", "failed"),
        ("Run `sh -c 'exit 3'` prints 3", "failed"),
        ("Run `echo error: disk` and expect 0", "failed"),
        ("Run `sh -c 'exit 3'` returns 3", "passed"),
        ("Run `test -f greet.sh` returns 0", "passed"),
        # A unit that counts lines counts the output's lines when it prints no number.
        ("Run `grep -r overlay src` finds 3 matches", "passed"),
        ("Run `grep -r overlay src` finds 2 matches", "failed"),
        # A fragment said the other way round is not the fragment.
        ("Run `echo not ok 1` and expect `ok`", "failed"),
        ("Run `echo ok 1` and expect `ok`", "passed"),
        ("Run `echo 0 passed, 2 failed` and expect `passed`", "failed"),
        ("Run `echo 3 passed` and expect `passed`", "passed"),
    ],
)
def test_a_count_or_word_is_read_from_the_output(repo: Path, item: str, status: str) -> None:
    checklist(repo, item)
    (only,) = results(repo)
    assert only["status"] == status, only


@pytest.mark.parametrize(
    "lines",
    [
        "- [ ] Count lines (should print `3`).\n  - Run: `echo 4`",
        "- [ ] Count again\n  - Run: `echo 4`\n  - Expect `3`",
        "- [ ] Count thrice\n  - Run: `echo 4`\n  - The output should be `3`.",
    ],
)
def test_a_checklist_item_states_what_its_run_line_prints(repo: Path, lines: str) -> None:
    # Issue 19, third pass: each of these passed with `echo 4`.
    write_text_plan(repo, f"# P\n\n## Progress\n\n{lines}\n")
    (only,) = results(repo)
    assert only["status"] == "failed", only


def test_a_following_bullet_about_a_file_is_not_the_output(repo: Path) -> None:
    lines = "- [ ] Write it\n  - Run: `echo 4`\n  - The file `out.txt` should contain `x`."
    write_text_plan(repo, f"# P\n\n## Progress\n\n{lines}\n")
    (only,) = results(repo)
    assert only["status"] == "passed", only


@pytest.mark.parametrize(
    ("cell", "status"),
    [
        # Third pass: plain words in a Validation cell were never read.
        ('`echo 4` prints "3"', "failed"),
        ("`echo 4` prints 3", "failed"),
        ("`echo Hi` should output 'Hello'", "failed"),
        ("`echo found 2 errors` and expect no errors", "failed"),
        ("`echo 3` prints 3", "passed"),
        # A span after "contains" is output, never a second command.
        ("`echo FAIL` contains `true`", "failed"),
        # A sign is part of the number.
        ("`echo -3` returns `3`", "failed"),
        ("`echo 3` returns `3`", "passed"),
    ],
)
def test_a_validation_cell_s_plain_words_decide(repo: Path, cell: str, status: str) -> None:
    write_plan(repo, [row("T1", cell)])
    (only,) = plan("run", "T1", "--json").json()["results"]
    assert only["status"] == status, only


@pytest.mark.parametrize(
    ("transcript", "status"),
    [
        ("$ echo 10\n  1 (re)", "failed"),
        ("$ echo 'ok: 3 errors'\n  ok (re)", "failed"),
        ("$ echo 12345\n  [0-9] (re)", "failed"),
        ("$ echo 12345\n  [0-9]+ (re)", "passed"),
        ("$ echo x\n  x{99999999999} (re)", "failed"),
    ],
)
def test_a_pattern_line_matches_the_whole_line(repo: Path, transcript: str, status: str) -> None:
    body = "\n".join("    " + ln.strip() for ln in transcript.splitlines())
    fenced = f"    ```\n{body}\n    ```"
    write_text_plan(repo, f"# P\n\n## Progress\n\n- [ ] Check it\n  - Run:\n\n{fenced}\n")
    (only,) = results(repo)
    assert only["status"] == status, only


@pytest.mark.parametrize(
    ("item", "status"),
    [
        # Fourth pass: "returns nothing" passed on any exit 1, and on grep -q finding a match.
        ("Run `sh -c 'exit 1'` returns nothing", "failed"),
        ("Run `test -f missing.txt` is empty", "failed"),
        ("Run `grep -rq overlay src` returns no matches", "failed"),
        ("Run `grep -rq nowhere-word src` returns no matches", "passed"),
        ("Run `grep -r nowhere-word src` returns nothing", "passed"),
        ("Run `true` returns nothing", "passed"),
    ],
)
def test_nothing_found_is_what_the_command_means_by_it(repo: Path, item: str, status: str) -> None:
    checklist(repo, item)
    (only,) = results(repo)
    assert only["status"] == status, only


@pytest.mark.parametrize(
    "lines",
    [
        "- [ ] Count\n  - Run: `echo 4`\n  - Result: `3`",
        "- [ ] Count\n  - Run: `echo 4`\n  - Output:\n\n    ```\n    3\n    ```",
    ],
)
def test_a_result_or_output_line_under_a_run_line_is_checked(repo: Path, lines: str) -> None:
    # Fourth pass: both passed with `echo 4`, no word of an unchecked expectation.
    write_text_plan(repo, f"# P\n\n## Progress\n\n{lines}\n")
    (only,) = results(repo)
    assert only["status"] == "failed", only


@pytest.mark.parametrize(
    "cell", ["`echo 4` prints a single `touch pwn`", "`echo 4` shows one `touch pwn`"]
)
def test_a_span_after_an_expectation_word_is_never_run(repo: Path, cell: str) -> None:
    # Fifth pass: the span after "prints a single" was run as a second command.
    write_plan(repo, [row("T1", cell)])
    (only,) = plan("run", "T1", "--json").json()["results"]
    assert [c["command"] for c in only["commands"]] == ["echo 4"]
    assert not (repo / "pwn").exists()


@pytest.mark.parametrize(
    ("item", "status"),
    [
        # "exits 1" was read as exit 0: the exit code the words state decides.
        ("Run `sh -c 'exit 0'` exits 1", "failed"),
        ("Run `sh -c 'exit 1'` exits 1", "passed"),
        ("Run `sh -c 'exit 0'` exits with code 1", "failed"),
        ("Run `sh -c 'exit 3'` exits with status 3", "passed"),
        ("Run `sh -c 'exit 0'` (exit 1)", "failed"),
        ("Run `sh -c 'exit 0'` → exit code 1", "failed"),
        ("Run `sh -c 'exit 0'` exits 0", "passed"),
        # Failure stated in words: any failure of the command's own.
        ("Run `sh -c 'exit 0'` fails", "failed"),
        ("Run `sh -c 'exit 2'` fails", "passed"),
        ("Run `sh -c 'exit 0'` should exit non-zero", "failed"),
        ("Run `sh -c 'exit 0'` returns a non-zero exit code", "failed"),
        ("Run `sh -c 'exit 4'` returns a non-zero exit code", "passed"),
        # "command not found" is not the failure a plan expects.
        ("Run `bash -c no-such-command-here` fails", "failed"),
    ],
)
def test_an_exit_code_stated_in_words_decides(repo: Path, item: str, status: str) -> None:
    checklist(repo, item)
    (only,) = results(repo)
    assert only["status"] == status, only


@pytest.mark.parametrize(
    ("cell", "status"),
    [
        ("`sh -c 'exit 0'` exits 1", "failed"),
        ("`sh -c 'exit 1'` exits 1", "passed"),
        ("`sh -c 'exit 0'` should fail", "failed"),
    ],
)
def test_a_validation_cell_s_exit_code_decides(repo: Path, cell: str, status: str) -> None:
    write_plan(repo, [row("T1", cell)])
    (only,) = plan("run", "T1", "--json").json()["results"]
    assert only["status"] == status, only


def test_accept_reads_an_exit_code_a_criterion_states(repo: Path) -> None:
    text = (
        "# P\n\n## Purpose / Big Picture\n\nP.\n\n## Success Criteria / Acceptance Tests\n\n"
        "- [ ] `sh -c 'exit 0'` exits 1 on a plan with conflict markers.\n"
        "- [ ] `sh -c 'exit 2'` fails.\n"
    )
    write_text_plan(repo, text)
    out = plan("accept", "--no-commit", "--json")
    got = {r["name"]: r["status"] for r in out.json()["results"]}
    assert got == {"A1": "failed", "A2": "passed"}, out.out


_LABELLED_OUTPUT = [
    "- [ ] Count\n  - Run: `echo 4`\n  - Returns: `3`",
    "- [ ] Count\n  - Run: `echo 4`\n  - stdout: `3`",
    "- [ ] Count\n  - Run: `echo 4`\n  - Answer: `3`",
    "- [ ] Count\n  - Run: `echo 4`\n  - Should see `3`.",
    "- [ ] Count\n  - Run: `echo 4`\n  - Prints:\n\n    ```\n    3\n    ```",
]


@pytest.mark.parametrize("lines", _LABELLED_OUTPUT)
def test_more_output_labels_under_a_run_line_are_checked(repo: Path, lines: str) -> None:
    # Fifth pass: each passed with `echo 4`, as the label was not read.
    write_text_plan(repo, f"# P\n\n## Progress\n\n{lines}\n")
    (only,) = results(repo)
    assert only["status"] == "failed", only


@pytest.mark.parametrize("lines", _LABELLED_OUTPUT)
def test_accept_reads_output_labels_under_a_run_line(repo: Path, lines: str) -> None:
    # The same shapes under Success Criteria were accepted on exit 0.
    text = f"# P\n\n## Purpose / Big Picture\n\nP.\n\n## Success Criteria\n\n{lines}\n"
    write_text_plan(repo, text)
    out = plan("accept", "--no-commit", "--json")
    assert [r["status"] for r in out.json()["results"]] == ["failed"], out.out
    right = text.replace("`echo 4`", "`echo 3`")
    write_text_plan(repo, right)
    out = plan("accept", "--no-commit", "--json")
    assert [r["status"] for r in out.json()["results"]] == ["passed"], out.out


@pytest.mark.parametrize(
    "cell",
    [
        "`echo 4` # => 3",
        "`echo 4` => `3`",
        "`sh -c 'echo Bonjour'` says hello: \"Hello, World!\"",
    ],
)
def test_more_inline_statements_of_output_decide(repo: Path, cell: str) -> None:
    write_plan(repo, [row("T1", cell)])
    (only,) = plan("run", "T1", "--json").json()["results"]
    assert only["status"] == "failed", only


def test_prose_after_an_expected_result_label_is_not_output(repo: Path) -> None:
    # A span inside a sentence about something else ("written to `out/`") is no output to
    # compare with; only spans right after the label are. (A sentence saying a server starts
    # on a localhost URL makes the command a step: tests/e2e/test_real_trial2.py.)
    text = (
        "# P\n\n## Purpose / Big Picture\n\nP.\n\n## Progress\n\n- [ ] Start\n\n"
        "## Concrete Steps\n\n"
        "1. Start it.\n\n   Command: `echo listening`\n\n"
        "   Expected result: the report is written to `out/` as `cfg.json` says.\n"
    )
    write_text_plan(repo, text)
    out = plan("accept", "--no-commit", "--json")
    assert [r["status"] for r in out.json()["results"]] == ["passed"], out.out


def gates_plan(repo: Path, command: str, threshold: str) -> None:
    (repo / "src").mkdir(exist_ok=True)
    (repo / "src" / "a.py").write_text("# TODO: later\n", encoding="utf-8")
    write_text_plan(
        repo,
        "# P\n\n## Progress\n\n- [ ] Run `true`\n\n### Quality Gates\n\n"
        "| Gate | Command | Threshold / Expectation |\n| --- | --- | --- |\n"
        f"| G | `{command}` | {threshold} |\n",
    )


@pytest.mark.parametrize(
    ("command", "threshold", "status"),
    [
        # Fifth pass: a quiet search that found something passed "no output".
        ("grep -rq TODO src", "no output", "failed"),
        ("grep -rq NOTHERE src", "no output", "passed"),
        ("grep -r NOTHERE src", "no output", "passed"),
        ("grep -r TODO src > /dev/null", "no output", "failed"),
        # A threshold that asks for a failure was not checked at run time.
        ("true", "fails", "failed"),
        ("false", "fails", "passed"),
    ],
)
def test_a_gate_s_threshold_reads_searches_and_failures(
    repo: Path, command: str, threshold: str, status: str
) -> None:
    gates_plan(repo, command, threshold)
    (only,) = plan("gates", "--no-commit", "--json").json()["results"]
    assert only["status"] == status, only


@pytest.mark.parametrize(
    ("item", "status"),
    [
        ("Run `grep -r TODO src > /dev/null` returns no matches", "failed"),
        ("Run `grep -r NOTHERE src > /dev/null` returns no matches", "passed"),
        ("Run `grep -r TODO src &>/dev/null` is empty", "failed"),
    ],
)
def test_a_search_sent_to_dev_null_found_something_when_it_exits_0(
    repo: Path, item: str, status: str
) -> None:
    checklist(repo, item)
    (src := repo / "src").mkdir(exist_ok=True)
    (src / "c.py").write_text("# TODO: later\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "todo")
    (only,) = results(repo)
    assert only["status"] == status, only


@pytest.mark.parametrize(
    "cell",
    [
        # Sixth pass (E, L): each passed `echo 4` against 3, some with no note at all.
        "`echo 4`; expect 3",
        "`echo 4` (expected: 3)",
        "`echo 4` returns exactly `3`",
        "`echo 4` should equal `3`",
        "`echo 4` (prints 3)",
        "`sh -c 'exit 0'` (should exit with status 2)",
        "`sh -c 'exit 0'` → non-zero exit",
    ],
)
def test_more_ways_a_cell_states_what_it_expects(repo: Path, cell: str) -> None:
    write_plan(repo, [row("T1", cell)])
    (only,) = plan("run", "T1", "--json").json()["results"]
    assert only["status"] == "failed", only


@pytest.mark.parametrize(
    "lines",
    [
        "- [ ] Count\n  - Run: `echo 4`\n  - You get: `3`",
        "- [ ] Count\n  - Run: `echo 4`\n  - Sortie attendue : `3`",
    ],
)
def test_output_labels_in_more_words_under_a_run_line(repo: Path, lines: str) -> None:
    write_text_plan(repo, f"# P\n\n## Progress\n\n{lines}\n")
    (only,) = results(repo)
    assert only["status"] == "failed", only


@pytest.mark.parametrize(
    "item",
    [
        "- [ ] A. Run: `echo 4`. Returns: `3`",
        "- [ ] A. Run: `echo 4` — stdout: `3`",
        "- [ ] A. Run: `echo 4`. Answer: `3`",
    ],
)
def test_accept_reads_an_output_label_later_in_the_same_item(repo: Path, item: str) -> None:
    text = f"# P\n\n## Purpose / Big Picture\n\nP.\n\n## Success Criteria\n\n{item}\n"
    write_text_plan(repo, text)
    out = plan("accept", "--no-commit", "--json")
    assert [r["status"] for r in out.json()["results"]] == ["failed"], out.out
