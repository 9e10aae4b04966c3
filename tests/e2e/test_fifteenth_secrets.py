"""Issue 19, case 4, the fifteenth stop: a secret of several words after `name: `.

`password: tangerine walrus 42 ladder` reached JUnit as `password: *** walrus 42 ladder`;
`secret: alpha beta gamma 12` reached the commit message, the plan and JUnit with three of
its four words. After `: ` or ` = ` an unquoted value runs to the end of its line, as YAML
and INI read it, and is masked whole in every sink.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from runner.plan.redact import redact
from tests.helpers import sinks

SAID = [
    "password: tangerine walrus 42 ladder",
    "passwd: correct horse battery staple",
    "secret: alpha beta gamma 12",
    "secret = alpha beta gamma 12",
    "DB_PASSWORD: tangerine walrus 42 ladder",
    "api_key: tangerine walrus 42 ladder",
    # A short first word (attack15b, re-test): the words together are the value.
    "secret: my long Zq7valueX1",
    "passwd: two words9x",
]


@pytest.mark.parametrize("said", SAID)
def test_every_word_of_the_value_is_masked(said: str) -> None:
    masked = redact(said, {})
    assert masked.endswith(": ***") or masked.endswith("= ***"), masked


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        ("[db] ERROR: DB_PASSWORD=hunter2hunter2 rejected", "rejected"),
        ("{user: bob, password: hunter2, host: x}", "host: x}"),
        ("token: abcdefgh (expired)", "(expired)"),
        ("PASSWORD=tangerine walrus", "walrus"),
    ],
)
def test_what_follows_a_value_that_ends_stays(said: str, kept: str) -> None:
    masked = redact(said, {})
    assert "***" in masked
    assert masked.endswith(kept), masked


def test_every_sink_masks_the_whole_value(repo: Path) -> None:
    for name, text in sinks(repo, SAID).items():
        for word in ("walrus", "battery", "gamma"):
            assert word not in text, (name, word)


CREDS = "Zq7credsB12345"
CRED_SHAPES = [
    f"creds: {CREDS}",
    f"creds={CREDS}",
    f"Creds: {CREDS}",
    f"cred: {CREDS}",
    f'"creds": "{CREDS}"',
    f"CREDS {CREDS}",
    f"db creds: {CREDS}",
    f"at login (creds: admin:{CREDS})",
]


@pytest.mark.parametrize("said", CRED_SHAPES)
def test_a_credential_after_creds_is_masked(said: str) -> None:
    """attack15b: `creds`/`cred` (a name the variable table calls secret as `DB_CREDS`) kept
    its value in every sink."""
    assert CREDS not in redact(said, {})


@pytest.mark.parametrize("said", ["cred = m.group(1)", "creds: none", '{"cred": "abc"}'])
def test_code_and_words_after_creds_stay(said: str) -> None:
    assert redact(said, {}) == said


def test_every_sink_masks_creds(repo: Path) -> None:
    for name, text in sinks(repo, CRED_SHAPES).items():
        assert CREDS not in text, name


def test_ci_collect_masks_a_junit_message_on_every_sink(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """attack15b: a JUnit file's failure message (another job's tool output) reached the
    terminal line of `plan ci collect` raw, while the journal and --json masked it."""
    from tests.conftest import git
    from tests.e2e.test_ci import _clone, _run_job
    from tests.helpers import plan, row, write_plan

    write_plan(repo, [row("T1", "`true`")], gates=["| Lint | `echo lint; exit 1` | exit 0 |"])
    clone = _clone(repo, tmp_path / "job")
    code, out = _run_job(clone, monkeypatch, "r1", "gates")
    assert code == 1
    xml = out.read_text(encoding="utf-8")
    secret = "password=Zq7ciA1234567 creds: Zq7ciB1234567"
    xml = re.sub(r'message="[^"]*"', f'message="{secret}"', xml, count=1)
    out.write_text(xml, encoding="utf-8")
    monkeypatch.chdir(repo)
    for args in ((), ("--json",)):
        result = plan("ci", "collect", str(out), *args)
        text = result.out + result.err
        assert result.code == 1, text
        assert "Zq7ciA" not in text, text
        assert "Zq7ciB" not in text, text
        git(repo, "reset", "-q", "--hard", "HEAD~1")


VALUE = "Zq7psE12345678"
MORE_SHAPES = [
    f"the passwords are {VALUE}",
    f"the tokens are {VALUE}",
    f"the secrets are {VALUE}",
    f"the credentials are {VALUE}",
    f"my creds were {VALUE}",
    f"--cred={VALUE}",
    f"--creds={VALUE}",
]
NEXT_LINE = [
    f"Password for https://u@github.com:\n{VALUE}",
    f"export PASSWORD=\\\n  {VALUE}",
    f'password = """\n{VALUE}\n"""',
]


@pytest.mark.parametrize("said", MORE_SHAPES + NEXT_LINE)
def test_attack15b_shapes_are_masked(said: str) -> None:
    """attack15b on 97cfe99: plural prose, `--cred=`, and a value on the line after its name
    (git's prompt answered below it, a shell continuation, a triple-quoted string)."""
    assert VALUE not in redact(said, {})


@pytest.mark.parametrize(
    "said",
    [
        "tokens are expired",
        "the secrets are stored in vault",
        "Password for https://u@github.com:\nremote: Invalid username or password.",
        'x = """doc"""',
    ],
)
def test_words_around_those_shapes_stay(said: str) -> None:
    assert redact(said, {}) == said


def test_every_sink_masks_attack15b_shapes(repo: Path) -> None:
    for name, text in sinks(repo, MORE_SHAPES).items():
        assert VALUE not in text, name


@pytest.mark.parametrize(
    "said",
    [
        "Zq7a48hunter2xx is the password",
        "(Zq7a48hunter2xx is the password)",
        "x:Zq7a48hunter2xx is the password",
        "deploy key ab12cd34ef56 was the token",
    ],
)
def test_a_value_named_after_it_is_still_masked(said: str) -> None:
    """The shape "`X` is the password" now starts a value only after a separator: it was
    tried at every character of a long line (16 s on 64 KB of `a:`, attack15b's case 3)."""
    masked = redact(said, {})
    assert "Zq7a48hunter2xx" not in masked
    assert "ab12cd34ef56" not in masked
