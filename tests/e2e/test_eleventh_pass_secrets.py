"""Issue 19, eleventh pass, case 4: what still leaked through the one redaction pass reaches
no sink now (the plan, the commit, --json, JUnit with its <system-out>, the step summary, the
saved results, the HTML report, the brief): secrets in sentences, more vendors' tokens,
variables named by what the key is made of, key words disguised (zero-width, fullwidth,
look-alike separators, `P@ssword`), and an AWS secret key shown as the failure line below
its key ID. Ordinary output (shas, UUIDs, base64 test data, snake_case) is kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.test_secrets import every_sink
from tests.helpers import plan, write_text_plan

T = "Xq7Lm2Pz9Rt4Vw8K"  # a tail that reads as random
HEX = "4f2c9a1b7e3d5f6a" * 4

# Each line as a command printed it, and the secret in it.
ELEVENTH = [
    # Sentences (1).
    ("the new password will be Hunter2Zq", "Hunter2Zq"),
    ("use Tiger77Qx as the password", "Tiger77Qx"),
    ("pat: ghx7Lm2Pz9Rt4Vw8K", "ghx7Lm2Pz9Rt4Vw8K"),
    ("login with admin / Sesame42x", "Sesame42x"),
    ("credentials: admin:Opens3same", "Opens3same"),
    ("credentials: root / s3cr3tpwd", "s3cr3tpwd"),
    # Vendors' tokens (2): the prefix family, and lists where a tail cannot tell.
    ("lin_api_" + T + T, T + T),
    # A sample token whose tail is not random still is one after a vendor's prefix.
    ("pplx-abcdefghijklmnopqrstuvwxyz1234567890", "abcdefghijklmnopqrstuvwxyz1234567890"),
    ("sbp_" + HEX[:40], HEX[:40]),
    ("https://api.telegram.org/bot123456789:AA" + T + T + "q/getMe", T + T),
    ("MTk4NjIyNDgzNDcxOTI1MjQ4.Gh1k2L.Xq7Lm2Pz9Rt4Vw8KXq7Lm2Pz9Rt4Vw8K", "Xq7Lm2Pz9Rt4Vw8KXq7"),
    ("EAACEdEose0cBA" + T + T, T + T),
    ("sq0atp-" + T + "Ab1Cd2", T + "Ab1Cd2"),
    ("key-" + HEX[:32], HEX[:32]),
    ("r8_" + T + T, T + T),
    ("gsk_" + T + T + T, T + T),
    ("pplx-" + T + T, T + T),
    ("tvly-" + T + T, T + T),
    ("dp.st.dev." + T + T, T + T),
    ("pscale_tkn_" + T + T, T + T),
    ("fo1_" + T + T, T + T),
    ("rnd_" + T + T, T + T),
    ("nfp_" + T + T, T + T),
    ("ntn_" + T + T, T + T),
    ("CFPAT-" + T + T, T + T),
    ("dckr_pat_" + T + "A-1Cd_2Ef3G", T + "A-1Cd_2Ef3G"),
    ("oy2" + "k7m2p9r4v8q3x6z1" * 2 + "abcdefghijk", "k7m2p9r4v8q3x6z1k7m2"),
    ("rubygems_" + HEX[:48], HEX[:48]),
    ("Xq7Lm2Pz9Rt4Vw.atlasv1." + T * 4 + "Ab", T * 4),
    ("AKCp8" + T * 4 + "Ab1Cd", T * 4),
    ("LTAI5t" + "Xq7Lm2Pz9Rt4Vw8K12", "Xq7Lm2Pz9Rt4Vw8K12"),
    ("SK" + HEX[:32], HEX[:32]),
    ("sl.B" + (T + "_-") * 8, T + "_-" + T),
    # Variables named by what the key is (3), as assignments in output.
    ("PRIVKEY=privkeyvalue1", "privkeyvalue1"),
    ("PASSWORD1=pw1value22", "pw1value22"),
    ("DB_PASS2=dbpass2value", "dbpass2value"),
    ("APPKEY=appkeyvalue3", "appkeyvalue3"),
    ("JWT_SIGNING=jwtsignvalue4", "jwtsignvalue4"),
    ("HMAC_SALT=hmacsaltvalue5", "hmacsaltvalue5"),
    ("OTP_SEED=otpseedvalue6", "otpseedvalue6"),
    ("SSH_KEYFILE_CONTENT=keyfilevalue7", "keyfilevalue7"),
    ("VAULT_UNSEAL=unsealvalue8", "unsealvalue8"),
    ("PGPASSFILE_DATA=pgpassvalue9", "pgpassvalue9"),
    ("AZURE_CLIENT_CERTIFICATE=azcertvalue10", "azcertvalue10"),
    # Disguised key words (4).
    ("pass\u200bword=Zw5Secret9", "Zw5Secret9"),
    ("\uff50\uff41\uff53\uff53\uff57\uff4f\uff52\uff44=Fw6Secret8", "Fw6Secret8"),
    ("P@ssword=At7Secret7", "At7Secret7"),
    ("password\u2236 Rt8Secret6", "Rt8Secret6"),
    ("api_key\uff1a Fc9Secret5", "Fc9Secret5"),
]


def test_the_eleventh_pass_s_shapes_reach_no_sink(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every shape in one command's output (one run keeps the test fast), every sink."""
    sinks = every_sink(repo, monkeypatch, "\n\n".join(text for text, _ in ELEVENTH))
    leaks = [
        f"{secret} leaked into the {name}"
        for _, secret in ELEVENTH
        for name, shown in sinks.items()
        if secret in shown
    ]
    assert not leaks, "\n".join(leaks)


@pytest.mark.parametrize(("text", "secret"), ELEVENTH, ids=[t[:14] for t, _ in ELEVENTH])
def test_each_eleventh_pass_shape_is_masked_alone(
    repo: Path, monkeypatch: pytest.MonkeyPatch, text: str, secret: str
) -> None:
    sinks = every_sink(repo, monkeypatch, text)
    for name, shown in sinks.items():
        assert secret not in shown, f"{secret} leaked into the {name}"


NAMES = [
    "PRIVKEY",
    "PASSWORD1",
    "DB_PASS2",
    "APPKEY",
    "JWT_SIGNING",
    "HMAC_SALT",
    "OTP_SEED",
    "SSH_KEYFILE_CONTENT",
    "VAULT_UNSEAL",
    "PGPASSFILE_DATA",
    "AZURE_CLIENT_CERTIFICATE",
]


def test_variables_named_by_their_key_words_are_masked_wherever_their_values_appear(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    values = {name: f"EnvVal{n:02d}Qz{name[:3]}" for n, name in enumerate(NAMES)}
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    sinks = every_sink(repo, monkeypatch, "\n".join(f"got {v} back" for v in values.values()))
    for name, shown in sinks.items():
        for value in values.values():
            assert value not in shown, f"{value} leaked into the {name}"


# Ordinary output that only looks like a token, or names that are not secret, keeps its words.
KEPT = [
    "commit 3f9a2b1c4d5e6f708192a3b4c5d6e7f8091a2b3c",
    "id 123e4567-e89b-12d3-a456-426614174000",
    "data SGVsbG8gd29ybGQhIFRoaXMgaXMgYSB0ZXN0IG9mIGJhc2U2NA==",
    "test_parse_long_snake_case_name_with_many_words_here passed",
    "build_3f9a2b1c4d5e6f708192a3b4c5d6e7f8091a2b3c",
    "key-value store ready",
    "see sl.example.com for details",
    "RANDOM_SEED=12345678",
    "JWT_ISSUER=https://auth.example.com",
    "SSH_KEYFILE=id_ed25519_work",
    "OID_CODE_SIGNING = ObjectIdentifier(x)",
    "self.completekey = completekey",
    "runtime/http/{account,billing,admin,middleware/adminAuth},",
    "First we try to read the username/password from $HOME/.pypirc",
    "use the token as the password reset link",
    "login at example.com/account",
    "login page src/App1.tsx",
    "pat: re.compile(pattern)",
    "the build will be 2.1.0-rc1",
    "\uff50\uff41\uff53\uff53\uff45\uff44 12 tests",
]


def test_ordinary_output_is_kept(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sinks = every_sink(repo, monkeypatch, "\n\n".join(KEPT))
    for kept in KEPT:
        assert kept in sinks["junit"], kept  # <system-out>: the whole output


def test_an_aws_secret_key_below_its_id_is_masked_where_the_failure_line_shows_it(
    repo: Path,
) -> None:
    """The failure line of an output mismatch is the secret's own line: read alone it is
    40 characters of base64; the line above it says what it is."""
    secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq8EXAMPLE"
    (repo / "keys.txt").write_text(f"id AKIAZ7QWERTYUIOPASDF\n{secret}\n", encoding="utf-8")
    path = write_text_plan(
        repo,
        "# P\n\n## Progress\n\n- [ ] One\n  - Run:\n\n    ```\n    $ cat keys.txt\n"
        "    id AKIAZ7QWERTYUIOPASDF\n    nothing\n    ```\n",
    )
    result = plan("run", "--all", "--json", "--junit", "j.xml")
    assert result.code == 1, result.out + result.err
    doc = json.loads(result.out)
    mismatch = doc["results"][0]["commands"][0]["mismatch"]
    assert "got '***' (line 2)" in mismatch
    for shown in (result.out, path.read_text(encoding="utf-8")):  # stderr: the live echo
        assert secret not in shown
    assert secret not in (repo / "j.xml").read_text(encoding="utf-8").split("<system-out>")[0]
