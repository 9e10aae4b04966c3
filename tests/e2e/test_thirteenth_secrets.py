"""Issue 19, case 4, the thirteenth pass: secret shapes that reached every sink.

A key named by what it does (`encryption key = x`, `license key: x`, `AES key = x`, a bare
`key: x`), one-time and recovery codes (`otp: 4417…`, `2FA backup code: x`), `token
expired: x`, an OAuth `?code=x`, passwords on command lines a trace prints (`echo x | docker
login --password-stdin`, `gh auth login --with-token <<< x`, `htpasswd -b f user x`,
`openssl enc -k x`), `<token value="x"/>`, a token as a URL's user, webhook URLs (Discord,
Teams, Zapier, any `/hooks/` path with a random part), seed phrases. Each reached the
`--json` reason, the plan, the commit message, JUnit and the history.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from runner.plan.redact import redact
from tests.conftest import git
from tests.helpers import plan, row, sinks, write_plan

VALUE = "Zq7a48hunter2xx"
LONG = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnop"

SAID = [
    f"encryption key = {VALUE}",
    f"the encryption key is {VALUE}",
    f"signing key = {VALUE}",
    f"license key: {VALUE}",
    f"AES key = {VALUE}",
    f"session key: {VALUE}",
    f"key: {VALUE}",
    f"Key={VALUE}",
    f"2FA backup code: {VALUE}",
    f"recovery code {VALUE}",
    f"verification code: {VALUE}",
    f"token expired: {VALUE}",
    f"GET /callback?code={VALUE}&state=1",
    f"+ echo {VALUE} | docker login -u bob --password-stdin",
    f"+ gh auth login --with-token <<< {VALUE}",
    f"+ htpasswd -b .htpasswd bob {VALUE}",
    f"+ htpasswd -nb bob {VALUE}",
    f"+ openssl enc -aes-256-cbc -k {VALUE} -in a",
    f'<token value="{VALUE}"/>',
    f"git clone https://{VALUE}@github.com/o/r.git",
    f"https://discord.com/api/webhooks/1234567890123456789/{VALUE}{LONG}",
    f"https://outlook.office.com/webhook/x@y/IncomingWebhook/{VALUE}0123456789abcdef/z",
    f"https://hooks.zapier.com/hooks/catch/123456/{VALUE}/",
    f"seed phrase: {VALUE} apple banana cherry",
]


@pytest.mark.parametrize("said", SAID)
def test_the_shape_is_masked(said: str) -> None:
    assert VALUE not in redact(said, {}), said


@pytest.mark.parametrize(
    "said",
    [
        "key: users.id",
        "the key is missing",
        "primary key: id",
        "sort key = name",
        "exit code: 1",
        "status code 404",
        "see https://example.com/webhooks/docs",
        "foreign key: user_id",
        "verification code: missing",
    ],
)
def test_what_only_looks_like_one_stays(said: str) -> None:
    assert redact(said, {}) == said


def test_every_sink_masks_them(repo: Path) -> None:
    # The command prints them from a file: the plan's own text holds no secret. (Its live
    # output passes through to the terminal as it is, by design.)
    for name, text in sinks(repo, SAID).items():
        assert VALUE not in text, name


@pytest.mark.parametrize(
    "args",
    [
        ("gates", "--junit", "loop1"),
        ("run", "T1", "--junit", "loop1"),
        ("accept", "--junit", "loop1"),
        ("report", "-o", "loop1"),
    ],
)
def test_a_symlink_loop_as_an_output_path_is_refused_before_anything_runs(
    repo: Path, args: tuple[str, ...]
) -> None:
    # The thirteenth pass (F15b): `--junit loop1` ended as an internal error (exit 70).
    write_plan(repo, [row("T1", "`touch ran`")], gates=["| Ok | `touch ran` | exit 0 |"])
    (repo / "loop1").symlink_to("loop2")
    (repo / "loop2").symlink_to("loop1")
    head = git(repo, "rev-parse", "HEAD")
    r = plan(*args)
    assert r.code == 2, r.out + r.err
    assert "symlink loop" in r.err
    assert not (repo / "ran").exists()
    assert git(repo, "rev-parse", "HEAD") == head
