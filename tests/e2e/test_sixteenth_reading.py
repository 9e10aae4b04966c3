"""Issue 19, cases 8 and 5, left open after the fifteenth stop: what the plan says decides.

"Do not expect `x` to print 3" read `x` as the output a command must show (a false fail, and
a false pass had the output held it), and "and look for errors" passed with no word that
nothing was checked. A negated expectation names neither a command nor output now, and a
look a reader is asked to take is said as not checked.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_thirteenth_reading import HEAD, OTHER, one
from tests.helpers import plan, row, write_plan, write_text_plan


@pytest.mark.parametrize(
    ("item", "status", "command"),
    [
        ("Run `echo 4`. Do not expect `echo 4` to print 3.", "passed", "echo 4"),
        ("Run `echo 4`. Don't expect `echo 4` to print 3.", "passed", "echo 4"),
        ("Run `echo 4`; never expect `3` here.", "passed", "echo 4"),
        ("Run `echo 4` but do not expect `make check` to pass.", "passed", "echo 4"),
        # what is expected, not negated, still decides
        ("Run `echo 4`; it should not fail, and expect `5`.", "failed", "echo 4"),
        ("Run `echo 4` and expect `4`.", "passed", "echo 4"),
    ],
)
def test_a_negated_expectation_is_no_output_and_no_command(
    repo: Path, item: str, status: str, command: str
) -> None:
    result = one(repo, item)
    assert result["status"] == status, result
    commands = result["commands"]
    assert isinstance(commands, list)
    assert [c["command"] for c in commands] == [command]


@pytest.mark.parametrize(
    ("item", "said"),
    [
        ("Run `echo hi` and look for errors.", "look for errors"),
        ("Run `echo hi`, then check the log for warnings.", "check the log for warnings"),
        ("Run `echo hi`; watch out for deprecation warnings.", "watch out for deprecation"),
        ("Run `echo hi` and scan the output for stack traces.", "scan the output for"),
    ],
)
def test_a_look_the_reader_takes_is_said_as_not_checked(repo: Path, item: str, said: str) -> None:
    result = one(repo, item)
    assert result["status"] == "passed", result
    commands = result["commands"]
    assert isinstance(commands, list)
    assert len(commands) == 1
    expectation = commands[0]["expectation"]
    assert expectation["checked"] is False
    assert said in expectation["text"]


@pytest.mark.parametrize(
    ("item", "status"),
    [
        ("Run `echo hi` and look for `nope`.", "failed"),
        ("Run `echo 3` and look for 3 in the output.", "passed"),
        ("Run `echo 4` and look for 3 in the output.", "failed"),
    ],
)
def test_a_value_to_look_for_is_still_checked(repo: Path, item: str, status: str) -> None:
    assert one(repo, item)["status"] == status


@pytest.mark.parametrize(
    "line",
    [
        "Evidence: the previous run `touch acted` timed out.",
        "Validation: the previous run `touch acted` timed out; retry later.",
        "Evidence: last run of `touch acted` failed with exit 2.",
        "Evidence: last run: `touch acted` failed",
        "Validation: the run `touch acted` timed out",
        "Evidence: our last attempt `touch acted` timed out",
        "Evidence: the 2026-11-30 run of `touch acted` timed out",
        "Evidence: yesterday's run `touch acted` crashed",
        "Evidence: the previous run `touch acted` (on CI) was killed",
    ],
)
def test_a_run_that_happened_is_history_on_a_labelled_line(repo: Path, line: str) -> None:
    write_text_plan(repo, HEAD + f"- [ ] T1. Step one.\n  - {line}\n{OTHER}")
    r = plan("run", "T1", "--json")
    assert not (repo / "acted").exists(), line
    assert r.code == 4, r.out + r.err  # nothing left to run: a person's task


@pytest.mark.parametrize(
    "cell",
    [
        "the previous run `touch acted` timed out",
        "last run: `touch acted` failed",
        "the 2026-11-30 run of `touch acted` timed out",
    ],
)
def test_a_run_that_happened_is_history_in_a_validation_cell(repo: Path, cell: str) -> None:
    write_plan(repo, [row("T1", cell)])
    r = plan("run", "T1")
    assert not (repo / "acted").exists(), cell
    assert r.code == 4, r.out + r.err


@pytest.mark.parametrize(
    "line",
    ["Validation: the test run `touch acted` should pass", "Evidence: run `touch acted`"],
)
def test_a_run_to_do_still_runs(repo: Path, line: str) -> None:
    write_text_plan(repo, HEAD + f"- [ ] T1. Step one.\n  - {line}\n{OTHER}")
    assert plan("run", "T1").code == 0
    assert (repo / "acted").exists()


@pytest.mark.parametrize(
    ("item", "status"),
    [
        # attack16a F2/F3: a value named by a few words after an output verb, or after a verb
        # the reader did not know, passed on exit 0 (with "not checked", or with no word)
        ("Run `echo 4`; it gives back `3`.", "failed"),
        ("Run `echo 3`; it gives back `3`.", "passed"),
        ("Run `echo 4`; it outputs the count (`3`).", "failed"),
        ("Run `echo 4`; it prints something like `3`.", "failed"),
        ("Run `echo 4`; it reports the count as `3`.", "failed"),
        ("Run `echo 4`; it should log `3`.", "failed"),
        ("Run `echo 4`; it evaluates to `3`.", "failed"),
        ("Run `echo 3`; it evaluates to `3`.", "passed"),
        ("Run `echo 4`; it is expected to print `3`.", "failed"),
        ("Run `echo Bonjour`; it displays a friendly `Hello, World!`.", "failed"),
        ("Run `echo Bonjour`; it welcomes the world with `Hello, World!`.", "failed"),
        # words that place the span elsewhere: no value, so no false fail
        ("Run `echo hi`; it shows how `y` works.", "passed"),
        ("Run `echo hi`; it writes the log to `out.txt`.", "passed"),
        ("Run `echo hi`; it produces the binary `dist/app`.", "passed"),
    ],
)
def test_a_value_named_in_a_few_words_is_checked(repo: Path, item: str, status: str) -> None:
    assert one(repo, item)["status"] == status


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("`echo 4` evaluates to `3`", 1),
        ("`echo 3` evaluates to `3`", 0),
        ("`echo 4` print `3`", 1),
        ("`echo 4` prints the total (3)", 1),
        ("`echo 3` prints the total (3)", 0),
        ("`echo 4` prints count: 3", 1),
        ("`echo 4` prints a count of 3", 1),
        ("`echo 3` prints a count of 3", 0),
        ("`echo Bonjour` prints the greeting Hello, World!", 1),
        ("`echo Hello, World!` prints the greeting Hello, World!", 0),
    ],
)
def test_a_validation_cell_value_in_words_is_checked(repo: Path, cell: str, code: int) -> None:
    write_plan(repo, [row("T1", cell)])
    r = plan("run", "T1")
    assert r.code == code, r.out + r.err
    assert "(127)" not in r.out + r.err  # the value is never run as a command


ACCEPT = """# Plan: accept

## Detailed Phase Task Steps

| ID | Task | Validation | Status |
|----|------|------------|--------|
| T1 | one | `true` | passed |

## Acceptance Criteria

- [ ] {item}
"""


@pytest.mark.parametrize(
    ("item", "code"),
    [
        ("`echo 4` is expected to print `3`", 1),
        ("`echo 3` is expected to print `3`", 0),
        ("`echo Bonjour` should greet with Hello, World!", 1),
        ("`echo Hello, World!` should greet with Hello, World!", 0),
    ],
)
def test_an_acceptance_item_value_in_words_is_checked(repo: Path, item: str, code: int) -> None:
    path = write_text_plan(repo, ACCEPT.format(item=item))
    r = plan("accept")
    assert r.code == code, r.out + r.err
    ticked = "- [x] " in path.read_text(encoding="utf-8")
    assert ticked == (code == 0)


@pytest.mark.parametrize(
    "item",
    [
        # attack16a F12 / attack16c F9: the work is the edit; the command is what the edited
        # file, a setting or other people run (the corpus's "Update `ci.yml:60` to run ...")
        "Update `ci.yml` to run `touch acted`.",
        "Change `ci.yml` to run `true` and then `touch acted`.",
        "Configure the pre-commit hook to run `touch acted`.",
        "Set up GitHub Actions to execute `touch acted`.",
        "Make the `test` target in `Makefile` run `touch acted`.",
        "Teach `scripts/check.sh` to run `touch acted` first.",
        "Update docs: users run `touch acted` to install.",
        # attack16a F16: negations and retractions the reader missed
        "Do _not_ run `touch acted`.",
        "Under no condition should you run `touch acted`.",
        "Run `touch acted`. Actually, don't.",
        "~~Run~~ `touch acted`.",
    ],
)
def test_a_command_the_task_does_not_run_is_never_run(repo: Path, item: str) -> None:
    write_text_plan(repo, HEAD + f"- [ ] T1. {item}\n{OTHER}")
    r = plan("run", "T1")
    assert not (repo / "acted").exists(), item
    assert r.code == 4, r.out + r.err


@pytest.mark.parametrize(
    "item",
    [
        "Make sure to run `touch acted`.",
        "Update the lockfile, then run `touch acted`.",
        "Update the snapshot and run `touch acted` to confirm.",
        "Run `touch acted`. Do not skip it.",
    ],
)
def test_a_command_the_task_runs_still_runs(repo: Path, item: str) -> None:
    write_text_plan(repo, HEAD + f"- [ ] T1. {item}\n{OTHER}")
    assert plan("run", "T1").code == 0
    assert (repo / "acted").exists()


@pytest.mark.parametrize(
    ("comment", "code"),
    [
        ("echo foo  # expect bar", 1),
        ("echo bar  # expect bar", 0),
        ("echo foo # => bar", 1),
        ("echo foo # prints bar", 1),
        ("echo foo # should print bar", 1),
        ("echo foo # expected: bar", 1),
        ("echo foo # expect `bar`", 1),
    ],
)
def test_a_block_line_comment_value_is_checked(repo: Path, comment: str, code: int) -> None:
    # attack16a F19: a lower-case word after the comment's cue was dropped (passed on exit 0)
    write_text_plan(repo, HEAD + f"- [ ] T1. Check it.\n\n  ```bash\n  {comment}\n  ```\n\n{OTHER}")
    r = plan("run", "T1")
    assert r.code == code, r.out + r.err


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        # attack16a F2 addendum: the `==` family in other spellings passed on exit 0
        ("`echo 4` -eq 3", 1),
        ("`echo 3` -eq 3", 0),
        ("`echo 4` \u2261 3", 1),
        ("`echo 4` out: 3", 1),
        ("`echo 4` to equal 3", 1),
        ("`echo 3` to equal 3", 0),
    ],
)
def test_an_equals_sign_in_other_spellings_is_checked(repo: Path, cell: str, code: int) -> None:
    write_plan(repo, [row("T1", cell)])
    r = plan("run", "T1")
    assert r.code == code, r.out + r.err


def test_an_approximate_value_is_said_as_not_checked(repo: Path) -> None:
    write_plan(repo, [row("T1", "`echo 4` \u2248 3")])
    r = plan("run", "T1", "--json")
    assert "not checked" in r.out + r.err or '"checked": false' in r.out


def test_a_folder_output_is_captured_under_is_no_expected_output(repo: Path) -> None:
    # attack16c F10: the corpus's enaible task 5 failed on "capture output under `dir/<ts>/`"
    item = "Run `echo done` and capture output under `.artifacts/run/<ts>/`."
    assert one(repo, item)["status"] == "passed"


@pytest.mark.parametrize(
    ("paragraph", "code"),
    [
        # attack16a F19b: the paragraph under a task's shell block said what it shows, and
        # was dropped (the task passed on exit 0)
        ("The output must include `bar`.", 1),
        ("The output must include `foo`.", 0),
        ("Expected output: `bar`.", 1),
        ("This should print `bar`.", 1),
        ("Expected: `bar`", 1),
        ("It should print 3.", 1),
        # words that say something else stay words
        ("Use `--verbose` for more.", 0),
        ("See `docs/x.md` for details.", 0),
        ("This sets up the cache.", 0),
    ],
)
def test_the_paragraph_under_a_block_says_what_it_shows(
    repo: Path, paragraph: str, code: int
) -> None:
    write_text_plan(
        repo,
        HEAD + f"- [ ] T1. Step one.\n\n  ```bash\n  echo foo\n  ```\n\n  {paragraph}\n{OTHER}",
    )
    r = plan("run", "T1")
    assert r.code == code, r.out + r.err
