"""Which commands a task declares."""

from __future__ import annotations

import pytest

from runner.plan.duration import parse_duration
from runner.plan.inference import (
    CuedSpan,
    cued_spans,
    declared_commands,
    file_refs,
    inferred_commands,
    is_path,
    looks_like_command,
    named_files,
)


@pytest.mark.parametrize(
    ("description", "commands"),
    [
        ("Initialize repository: run `git init` at repo root.", ("git init",)),
        (
            "Run quality gates: `ruff check .`, `mypy src`, and `pytest`.",
            ("ruff check .", "mypy src", "pytest"),
        ),
        ("Execute `make test` and verify diffs stay zero.", ("make test",)),
        ("Validate with `npm test`.", ("npm test",)),
        ("Check with `cargo check`; done.", ("cargo check",)),
        # `via` is not a cue (issue 10's trial: "reschedule via `quoteRefreshSeconds`").
        ("Deploy via `./deploy.sh staging`.", ()),
        ("Deploy: run via `./deploy.sh staging`.", ("./deploy.sh staging",)),
        ("Create `package.json:1` with scripts `lint`, `test`.", ()),
        ("Run `pytest`. Then edit `setup.cfg` and `tox -e py`.", ("pytest",)),
        ("Run `uv run x --out out/a.json` and keep `out/<ts>/`.", ("uv run x --out out/a.json",)),
        ("Review `src/a.py:10`, run `src/b.py:3`.", ()),
        ("Run `<cmd>` later.", ()),
        ("Script runs in order: `bun run lint`.", ()),
        ("Run `./check` now.", ("./check",)),
        ("Running `make` is not a cue.", ()),
        # An expectation cue ends the commands: the span after it is output, never run.
        ("Run `python wc.py sample.txt` and expect `3`.", ("python wc.py sample.txt",)),
        ("Run `make`; it should print `OK` and `done`.", ("make",)),
        ("Run `uname` → `Linux`, then run `id -u` -> `0`.", ("uname", "id -u")),
        ("Run `./hello`, which prints `hi`. Expected: `hi`.", ("./hello",)),
        ("Run `a` and expect `1`, then run `b`.", ("a", "b")),
        ("Run `printf 'x -> y'` and `echo prints`.", ("printf 'x -> y'", "echo prints")),
        ("Run `a` and expect it to call `b`.", ("a",)),
    ],
)
def test_inferred_commands(description: str, commands: tuple[str, ...]) -> None:
    assert inferred_commands(description) == commands


# The trial on real plans (issue 10): prose that was run as commands.
@pytest.mark.parametrize(
    ("description", "commands"),
    [
        ("Reschedule via `quoteRefreshSeconds`.", ()),
        ("Generate stubs via `buf generate` + `ts-proto`.", ()),
        ("Set a deadline via `AbortSignal.timeout()`.", ()),
        ("Converts hex via `BigInt('0x…')`.", ()),
        ("Run `AbortSignal.timeout()` and `Foo.bar()`.", ()),
        ("Run `fmt`, `lint`, `typecheck`, `doc-lint`, `test`, and `build`.", ()),
        ("Run validation on the doc sweep (`doc-lint`, targeted).", ()),
        ("Run validation checks (`docstring-check` script and `pytest -q`).", ("pytest -q",)),
        ("Run `/analyze-security … --auto` through tmux.", ()),
        ("Run `deploy <env>` by hand.", ()),
        ("Run checks so the direct `docker compose run` calls are removed.", ()),
        ("Run `make clean` so that old build outputs are removed.", ("make clean",)),
        ("Run `uv sync` in `tools/enaible/`.", ("cd tools/enaible && uv sync",)),
        ("Run `make` in the `web` folder, then `ls`.", ("cd web && make", "ls")),
        (
            "Run `make`, `pytest`, `pre-commit run -a` and `./go`.",
            ("make", "pytest", "pre-commit run -a", "./go"),
        ),
        ("Run `uname`; then run `quoteRefresh`.", ("uname",)),
    ],
)
def test_inference_is_not_eager(description: str, commands: tuple[str, ...]) -> None:
    assert inferred_commands(description) == commands


@pytest.mark.parametrize(
    ("span", "command"),
    [
        ("make", True),
        ("pytest", True),
        ("pre-commit", True),
        ("./deploy", True),
        ("cargo test", True),
        ("go test ./...", True),
        ("camelCase", False),
        ("Foo.bar()", False),
        ("BigInt('0x…')", False),
        ("lint", False),
        ("doc-lint", False),
        ("snake_name", False),
        ("run <task>", False),
    ],
)
def test_looks_like_command(span: str, command: bool) -> None:
    assert looks_like_command(span) is command


def test_declared_commands_unescape_pipes_and_skip_placeholders() -> None:
    cell = "`printf 'a\\|b' \\| grep -q a`, `<cmd>`, `date +%Y`"
    assert declared_commands(cell) == ("printf 'a|b' | grep -q a", "date +%Y")


@pytest.mark.parametrize("span", ["src/a.py", "README.md", "a/b/", "x.py:3", "AGENTS.md:103"])
def test_paths(span: str) -> None:
    assert is_path(span)


@pytest.mark.parametrize("span", ["make", "git init", "./run.sh", "pytest -q"])
def test_not_paths(span: str) -> None:
    assert not is_path(span)


def test_file_refs_and_named_files() -> None:
    text = "See AGENTS.md:103 and `src/x.py:4-9`, plus `docs/` and http://h.example.com:80 ."
    assert file_refs(text) == (("AGENTS.md", 103), ("src/x.py", 4))
    assert named_files(text) == ("AGENTS.md:103", "src/x.py:4", "docs/")


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90s", 90),
        ("10m", 600),
        ("1h30m", 5400),
        ("45", 45),
        ("2 min", 120),
        ("", None),
        ("soon", None),
        ("10x", None),
    ],
)
def test_durations(text: str, seconds: float | None) -> None:
    assert parse_duration(text) == seconds


def test_cued_spans_say_which_are_expected_output() -> None:
    text = "Run `wc -l f` and expect `3`; the file `f.txt` is kept."
    assert cued_spans(text) == (
        CuedSpan("wc -l f", 4, expected=False, end=13),
        CuedSpan("3", 25, expected=True, end=28),
    )
    assert cued_spans("Run `make` and expect `out/a.json`.")[1].text == "out/a.json"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Run `x`; expect the output: `3`.", ("3",)),
        ("Run `x`, it should print `OK` and `done`, then `bye`.", ("OK", "done", "bye")),
        ("Run `x`. Expected result: tests pass, including the `404` case.", ()),
        ("Run `x`. Expected: `a` or `b`.", ("a",)),
        ("Command: `dotnet run`. Expected result: it listens on `https://localhost:5001`.", ()),
    ],
)
def test_expected_output_is_written_right_after_its_cue(
    text: str, expected: tuple[str, ...]
) -> None:
    assert tuple(s.text for s in cued_spans(text) if s.expected) == expected


def test_a_glob_is_not_a_path_line_reference() -> None:
    text = "Prompts in `shared/prompts/*.md:1`, `docs/{a,b}.md:2` and `x?.md:3`; see `src/a.py:4`."
    assert file_refs(text) == (("src/a.py", 4),)


@pytest.mark.parametrize("span", ["plan: error:", "error: not found", "FAILED: x"])
def test_output_opened_by_a_label_is_not_a_command(span: str) -> None:
    assert not looks_like_command(span)


@pytest.mark.parametrize(
    "span",
    [
        "Execution Log",
        "MCP search_rent Verification (Source-Only Seed)",
        "Some Heading Text",
        "6 passed",
        "None",
        "0",
        "[WARN]",
        "$HOME",
    ],
)
def test_prose_output_and_values_are_not_commands(span: str) -> None:
    # Found by trying plan on public plans: each was taken from an Evidence bullet or a
    # Concrete Steps item and would have run.
    assert not looks_like_command(span)


@pytest.mark.parametrize(
    "span",
    ["uv run pytest -q", "CI=1 npm test", "$PYTHON -m pytest", "./run.sh", "7z x a.7z", "make"],
)
def test_commands_still_look_like_commands(span: str) -> None:
    assert looks_like_command(span)
