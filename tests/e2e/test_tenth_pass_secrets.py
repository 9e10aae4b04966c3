"""Issue 19, tenth pass, case 4: vendors' tokens (by prefix, and any short prefix before a
random tail), passwords named in other languages, a password given its new value in words,
an AWS secret access key on the line after its key ID, and variables named by a secret
suffix (`*_PAT`, `*_PW`, `*_CREDS`, `*_JWT`) reach no sink: the plan, the commit, --json,
JUnit (its <system-out> too), the step summary, the saved results, the HTML report, the
brief, and MCP's tool results. Ordinary output (shas, UUIDs, file names) is kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import git
from tests.e2e.test_secrets import every_sink
from tests.helpers import row, write_plan

# Each line as a command printed it, and the secret in it.
TENTH = [
    # Vendors' tokens (1).
    ("SG.aBcDeFgHiJkLmNoPqRsTuV.wXyZ0123456789abcdefghijklmnopqrstuvwxyzAB", "wXyZ0123456789ab"),
    ("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "MfKQ9r8GKYqrTwjUPD8I"),
    ("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", "a1b2c3d4e5f6a7b8c9d0"),
    ("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", "0f1e2d3c4b5a69788796"),
    ("dop_v1_" + "4f2c9a1b7e3d5f6a" * 4, "4f2c9a1b7e3d5f6a4f2c"),
    ("glsa_Xy9Zk3Lm8Np2Qr5St7Uv1Wx4Yz6Ab0Cd_12ab34cd", "Xy9Zk3Lm8Np2Qr5St7Uv1"),
    ("xapp-1-A0123456789-1234567890123-abcdef0123456789abcdef", "abcdef0123456789abcdef"),
    ("ATATT3xFfGF0T4xYzAbCdEfGhIjKlMnOpQrStUvWxYz0123456789=ABCD1234", "3xFfGF0T4xYzAbCd"),
    ("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", "1a2B3c4D5e6F7g8H9i0J"),
    ("ya29.a0AfH6SMBx7Yk9LmNoPqRsTuVwXyZ0123456789abcdEFGH", "a0AfH6SMBx7Yk9LmNoPq"),
    ("VAULT hvs.CAESIJlU8Abc123XyZ0987654321qwertyuiopASDF", "CAESIJlU8Abc123XyZ09"),
    ("hvb.AAAAAQKabc123XYZdef456GHIjkl789MNOpqr", "AAAAAQKabc123XYZdef4"),
    # The family: a prefix no list names, then a random tail.
    ("used rk_prod_9f8E7d6c5B4a39281706f5e4D3c2b1a0", "9f8E7d6c5B4a39281706"),
    ("sntrys_eyZ3b2xk9QmP4rT8vW2nL6kJ1hG5fD0sA", "eyZ3b2xk9QmP4rT8vW2n"),
    # Passwords in other languages (2).
    ("Das Passwort lautet Geheim12", "Geheim12"),
    ("Mot de passe: soleil", "soleil"),
    ("la contraseña es Clave56x", "Clave56x"),
    ("a senha é Senha78y", "Senha78y"),
    ("пароль — Parol90z", "Parol90z"),
    ("密码：Mima1234", "Mima1234"),
    ("パスワード: himitsu7", "himitsu7"),
    ("wachtwoord: Wacht123", "Wacht123"),
    ("la parola è Segreto1", "Segreto1"),
    ("Hasło to Tajne12", "Tajne12"),
    ("parola: Parola789", "Parola789"),
    # A password given its new value in words (3).
    ("set password to Hunter22x", "Hunter22x"),
    ("password is now Tiger33y", "Tiger33y"),
    ("changed the password to lionking", "lionking"),
    ("the admin password was reset to Zebra55w", "Zebra55w"),
    # An AWS secret access key on the line after its key ID (4).
    (
        "AKIAIOSFODNN7EXAMPLE\nwJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    ),
    # Variables named by a secret suffix (5).
    ("GH_PAT=patvalue123", "patvalue123"),
    ("export DB_PW=pwvalue456", "pwvalue456"),
    ("DB_CREDS=credsvalue789", "credsvalue789"),
    ("JWT=jwtvalue0123", "jwtvalue0123"),
    ("SIGNING_JWT: sjwtvalue44", "sjwtvalue44"),
    ("GPG_PASSPHRASE=phrasevalue5", "phrasevalue5"),
    ("APP_PRIVATE_KEY=privvalue66", "privvalue66"),
]


def test_the_tenth_pass_s_shapes_reach_no_sink(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every shape in one command's output (one run keeps the test fast), every sink."""
    sinks = every_sink(repo, monkeypatch, "\n\n".join(text for text, _ in TENTH))
    leaks = [
        f"{secret} leaked into the {name}"
        for _, secret in TENTH
        for name, shown in sinks.items()
        if secret in shown
    ]
    assert not leaks, "\n".join(leaks)
    assert "***" in sinks["junit"]
    assert "<system-out>" in sinks["junit"]


@pytest.mark.parametrize(("text", "secret"), TENTH, ids=[s[:12] for _, s in TENTH])
def test_each_tenth_pass_shape_is_masked_in_the_plan_and_junit(
    repo: Path, monkeypatch: pytest.MonkeyPatch, text: str, secret: str
) -> None:
    sinks = every_sink(repo, monkeypatch, text)
    for name, shown in sinks.items():
        assert secret not in shown, f"{secret} leaked into the {name}"


def test_a_variable_named_by_a_secret_suffix_is_masked_wherever_its_value_appears(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`*_PAT`, `*_PW`, `*_CREDS`, `*_JWT`: the value printed alone, with no name near it."""
    values = {"GH_PAT": "ghpatEnv0011", "DB_PW": "dbpwEnv0022", "DB_CREDS": "credsEnv0033"}
    values["API_JWT"] = "jwtEnv0044"
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    sinks = every_sink(repo, monkeypatch, "\n".join(f"got {v} back" for v in values.values()))
    for name, shown in sinks.items():
        for value in values.values():
            assert value not in shown, f"{value} leaked into the {name}"


# Ordinary output that only looks like a token keeps its words.
KEPT = [
    "commit 3f9a2b1c4d5e6f708192a3b4c5d6e7f8091a2b3c",
    "AKIAIOSFODNN7EXAMPLE\n3f9a2b1c4d5e6f708192a3b4c5d6e7f8091a2b3c",
    "test_uuid_4b3f2a1c-9d8e-4f7a-b6c5-d4e3f2a1b0c9 PASSED",
    "create mode 100644 assets/aGVsbG8gd29ybGQgdGhpcyBpcyBh.png",
    "rename assets/{img_aGVsbG8gd29ybGQ0dGhpcyBpcyBh.png to b.png}",
    "upload img_aGVsbG8gd29ybGQ0dGhpcyBpcyBh.png",
    "cache_key_3f9a2b1c4d5e6f708192a3b4c5d6e7f8",
    "test_ParseHTTP2ResponseBodyQuickly passed",
    "snake_case_identifier_withlongtailname12345",
    "PW_TEST_HTML_REPORT_OPEN=never",
    "JWT_ALGORITHM=HS256abc",
    "cred = m.group(1)",
    "url_pat = re.compile(x)",
    "Enter the password to continue",
    "Add the token to GitHub secrets",
    "Passwort ist falsch",
    "reset password to default",
]


def test_ordinary_output_is_not_masked(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sinks = every_sink(repo, monkeypatch, "\n\n".join(KEPT))
    for kept in KEPT:
        last = kept.splitlines()[-1]
        assert last in sinks["junit"], last  # <system-out>: the whole output
    assert KEPT[-1] in sinks["plan"]  # the evidence: the output's tail


def test_mcp_run_results_are_masked(repo: Path) -> None:
    """MCP's `run` returns the --json documents: the reason a task failed (its last error
    line) is masked there as everywhere. One task a shape, one family each."""
    pytest.importorskip("mcp")
    from tests.mcp_client import payload, talk_in_process

    shapes = [TENTH[1], TENTH[13], TENTH[23], TENTH[25], TENTH[30], TENTH[32]]
    rows = []
    for n, (text, _) in enumerate(shapes, 1):
        (repo / f"out{n}.txt").write_text(f"error: {text}\n", encoding="utf-8")
        rows.append(row(str(n), f"`cat out{n}.txt; exit 1`"))
    git(repo, "add", ".")
    write_plan(repo, rows)
    shown: list[str] = []

    async def conversation(client: Any) -> None:
        ids = [str(n) for n in range(1, len(shapes) + 1)]
        arguments = {"ids": ids, "evidence": True, "keep_going": True}
        result = await client.call_tool("run", arguments)
        doc = payload(result)
        assert [r["status"] for r in doc["results"]] == ["failed"] * len(shapes), doc
        shown.append(str(doc))
        shown.extend(str(c) for c in result.content)

    talk_in_process(repo, conversation)
    answer = "".join(shown)
    assert "***" in answer
    for _, secret in shapes:
        assert secret not in answer, (secret, answer)
