"""Issue 19, eighth pass, case 4: secrets named in words, passwords given to programs on
their command lines, and an AWS secret access key beside its key ID reach no sink (the
plan's journal, the commit, --json, JUnit, the step summary, the saved results, the HTML
report, the brief), nor the journal written through MCP (case 19b)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import git
from tests.e2e.test_secrets import every_sink
from tests.helpers import row, write_plan

# Each line as a command printed it, and the secret in it; the names and the words vary
# (the family, not one string, is what is masked).
EIGHTH = [
    ("PWD for db: PwdDb99p", "PwdDb99p"),
    ("Password for user admin -> Adm1nPw44", "Adm1nPw44"),
    ("the passcode is PassCode22c.", "PassCode22c"),
    ("The Passphrase was Horse7Battery", "Horse7Battery"),
    ("pin: 4417", "pin: 4417"),  # (four digits alone could be part of a hash)
    ("your PIN code PinVal55 expires", "PinVal55"),
    ("PIN number = 90210", "= 90210"),
    ("secret key: SKey77sk", "SKey77sk"),
    ("Private Key = 'PrivK3y9'", "PrivK3y9"),
    ("API key for staging: ApiStg31", "ApiStg31"),
    ("redis-cli -h cache -a RedisPw12r ping", "RedisPw12r"),
    ('ConvertTo-SecureString "PsPw17s" -AsPlainText -Force', "PsPw17s"),
    ("'PsPipe18s' | ConvertTo-SecureString -AsPlainText -Force", "PsPipe18s"),
    ("az login -u u -p AzPw22a", "AzPw22a"),
    ("mongosh --host h -u root -p MongoCli19", "MongoCli19"),
    ("ldapsearch -x -D cn=admin -w LdapPw20l -b dc=x", "LdapPw20l"),
    ("unzip -P ZipPw21z archive.zip", "ZipPw21z"),
    ("smbclient //h/share -U bob%SmbPw23s", "SmbPw23s"),
    (
        "AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    ),
    (
        "key ASIAY34FZKBOKMUTVV7A secret 0123456789abcdefABCDEF0123456789abcdef+/",
        "0123456789abcdefABCDEF0123456789abcdef+/",
    ),
]


@pytest.mark.parametrize(("text", "secret"), EIGHTH)
def test_the_eighth_pass_s_shapes_reach_no_sink(
    repo: Path, monkeypatch: pytest.MonkeyPatch, text: str, secret: str
) -> None:
    sinks = every_sink(repo, monkeypatch, text)
    for name, shown in sinks.items():
        assert secret not in shown, f"{secret} leaked into the {name}"
    assert "***" in sinks["junit"]
    assert "***" in sinks["plan"]


# What looks like a secret's name but is not one keeps its words: the shell's working
# folder, a word that says what became of a secret, a pin of a version.
KEPT = [
    ("PWD=/srv/app/build", "/srv/app/build"),
    ("cwd $PWD: /srv/app", "/srv/app"),
    ("the password is wrong", "is wrong"),
    ("token was revoked", "was revoked"),
    ("pin the version: 1.2.3", "1.2.3"),
    ("git log -p --stat", "-p --stat"),
]


@pytest.mark.parametrize(("text", "kept"), KEPT)
def test_words_that_only_look_like_secrets_are_kept(
    repo: Path, monkeypatch: pytest.MonkeyPatch, text: str, kept: str
) -> None:
    sinks = every_sink(repo, monkeypatch, text)
    assert kept in sinks["plan"]
    assert kept in sinks["junit"]


def test_a_journal_note_through_mcp_is_masked(repo: Path) -> None:
    """Case 19b: `journal` from an agent is redacted as command output is."""
    pytest.importorskip("mcp")
    from tests.mcp_client import payload, talk_in_process

    path = write_plan(repo, [row("1", "`true`")])
    note = "db: the passcode is PassCode22c, PIN code PinVal55, redis-cli -a RedisPw12r"

    async def conversation(client: Any) -> None:
        result = await client.call_tool("journal", {"text": note})
        assert not result.is_error
        assert payload(result)["schema"] == 1

    talk_in_process(repo, conversation)
    written = path.read_text(encoding="utf-8")
    commits = git(repo, "log", "-1", "-p", "--format=%B")
    for secret in ("PassCode22c", "PinVal55", "RedisPw12r"):
        assert secret not in written
        assert secret not in commits
    assert "the passcode is ***" in written
