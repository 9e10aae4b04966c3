"""Secrets and terminal control bytes never reach anything the runner writes (issue 11)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from runner.plan import redact as redaction
from runner.plan.redact import (
    MASK,
    MIN_CUT,
    MIN_VALUE,
    clean,
    cut,
    redact,
    secret_min_length,
    secret_values,
    strip_controls,
)
from tests.conftest import git
from tests.helpers import plan, row, write_plan

API_KEY = "Zq8rT2mW9xK4vB7nL1pD6sF3hJ5gC0aY"  # 32 characters, no known shape
assert len(API_KEY) == 32

# A realistic environment: the secrets, and the ordinary variables that must stay visible.
ENV = {
    "SERVICE_API_KEY": API_KEY,
    "MY_DB_PASS": "hunter2hunter2",
    "HOME": "/home/alice",
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "PWD": "/home/alice/project",
    "OLDPWD": "/home/alice",
    "GIT_AUTHOR_NAME": "Alice Example",
    "GIT_AUTHOR_EMAIL": "alice@example.com",
    "GIT_COMMITTER_NAME": "Alice Example",
    "XDG_SESSION_TYPE": "x11",
    "XDG_SESSION_DESKTOP": "ubuntu",
    "DESKTOP_SESSION": "ubuntu",
    "SESSION_MANAGER": "local/host:@/tmp/.ICE-unix/1234,unix/host:/tmp/.ICE-unix/1234",
    "SSH_AUTH_SOCK": "/run/user/1000/keyring/ssh",
    "XAUTHORITY": "/run/user/1000/gdm/Xauthority",
    "KEYBOARD_LAYOUT": "dvorak-intl",
    "TOKENIZERS_PARALLELISM": "falsey",
}


@pytest.mark.parametrize(
    "name",
    [
        "TOKEN",
        "GITHUB_TOKEN",
        "npm_token",
        "CLIENT_SECRET",
        "AWS_SECRET_ACCESS_KEY",
        "MY_DB_PASS",
        "PASS",
        "PASSWD",
        "PASSWORD",
        "PGPASSWORD",
        "SSHPASS",
        "GPG_PASSPHRASE",
        "MYSQL_PWD",
        "DB_PWD",
        "GOOGLE_APPLICATION_CREDENTIALS",
        "SSH_PRIVATE_KEY",
        "SENTRY_DSN",
        "OPENAI_API_KEY",
        "APIKEY",
        "STRIPE_KEY",
        "AUTH_TOKEN",
        "HTTP_AUTHORIZATION",
        "OAUTH_CLIENT",
        "BASIC_AUTH",
        "SESSION_COOKIE",
    ],
)
def test_secret_names(name: str) -> None:
    assert secret_min_length(name) == MIN_VALUE


@pytest.mark.parametrize(
    "name",
    [
        "PWD",
        "OLDPWD",
        "HOME",
        "PATH",
        "USER",
        "SHELL",
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "AUTHOR",
        "AUTHORS_FILE",
        "XAUTHORITY",
        "SSH_AUTH_SOCK",
        "XDG_SESSION_TYPE",
        "XDG_SESSION_ID",
        "DESKTOP_SESSION",
        "SESSION_MANAGER",
        "DBUS_SESSION_BUS_ADDRESS",
        "KEYBOARD",
        "KEYBOARD_LAYOUT",
        "KEY_ID",
        "TOKENIZERS_PARALLELISM",
        "PASSENGER_APP_ENV",
        "BYPASS_PROXY",
        "LANG",
    ],
)
def test_names_that_are_not_secret(name: str) -> None:
    assert secret_min_length(name) is None


def test_session_names_need_long_values() -> None:
    assert secret_min_length("SESSION_ID") == 16
    env = {"SESSION_ID": "abc123", "APP_SESSION": "0123456789abcdef0123"}
    assert secret_values(env) == ["0123456789abcdef0123"]


def test_ordinary_variables_are_never_redacted() -> None:
    text = " ".join(v for k, v in ENV.items() if k not in ("SERVICE_API_KEY", "MY_DB_PASS"))
    assert redact(text, ENV) == text
    assert secret_values(ENV) == [API_KEY, "hunter2hunter2"]


def test_values_of_secret_variables_are_masked() -> None:
    out = redact(f"connect with hunter2hunter2 and {API_KEY}; home {ENV['HOME']}", ENV)
    assert out == "connect with *** and ***; home /home/alice"


def test_short_values_are_not_masked() -> None:
    # Documented: under 6 characters a value masks ordinary words (`dev`, `1`, `true`).
    env = {"API_TOKEN": "abcde", "DB_PASS": "dev"}
    assert redact("abcde dev", env) == "abcde dev"
    assert redact("abcdef", {"API_TOKEN": "abcdef"}) == MASK


def test_issue_11_a_cut_api_key_is_masked() -> None:
    # Issue 11 item 5: 22 of 32 characters of an API key reached the plan and the commit.
    cut_text = "request failed: key=" + API_KEY
    line = cut_text[: len("request failed: key=") + 22]
    assert redact(line, {"SERVICE_API_KEY": API_KEY}) == "request failed: key=***"
    assert redact(line + "…", {"SERVICE_API_KEY": API_KEY}) == "request failed: key=***…"
    assert redact(f"got {API_KEY[:22]}...\nnext", ENV) == "got ***...\nnext"
    # The tail of a key at the start of a line (a sink that kept the end).
    assert redact(API_KEY[10:] + " rejected", ENV) == "*** rejected"
    # Fewer than 8 characters left are not a recognisable secret.
    assert redact("id " + API_KEY[: MIN_CUT - 1], ENV) == "id " + API_KEY[: MIN_CUT - 1]


def test_clean_redacts_before_it_cuts() -> None:
    text = "x" * 195 + " token " + API_KEY
    out = clean(text, ENV, 200)
    assert len(out) <= 200
    assert API_KEY[:8] not in out
    assert out.endswith("…")
    assert clean("short", ENV, 200) == "short"
    assert clean("abc", ENV, None) == "abc"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("postgres://app:s3cretpw@db/x", "postgres://app:***@db/x"),
        ("https://user:pa55w0rd@example.com/repo.git", "https://user:***@example.com/repo.git"),
        ("redis://:p@ss@cache:6379/0", "redis://:***@cache:6379/0"),
        ("http://localhost:8000/x", "http://localhost:8000/x"),
        ("https://example.com/a:b@c", "https://example.com/a:b@c"),
    ],
)
def test_urls_keep_everything_but_the_password(text: str, expected: str) -> None:
    assert redact(text, {}) == expected


GH = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"push with {GH} failed", "push with *** failed"),
        ("github_pat_11ABCDEFG0abcdefghijklmnopqrstuvwxyz", "***"),
        ("glpat-abcdefghij0123456789", "***"),
        ("AKIAIOSFODNN7EXAMPLE", "***"),
        ("ASIAIOSFODNN7EXAMPLE in use", "*** in use"),
        ("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", None),
        ("xoxb-123456789012-abcdefghijkl", "***"),
        ("post to https://hooks.slack.com/services/T00/B00/XXXXYYYY", None),
        ("sk-proj-abcdefghijklmnopqrstuvwxyz012345", "***"),
        ("sk-ant-api03-abcdefghijklmnopqrstuvwx", "***"),
        ("sk_live_abcdefghijklmnop1234", "***"),
        ("AIzaSyA-abcdefghijklmnopqrstuvwxyz01234", "***"),
        (f"token {JWT}", "token ***"),
        ("Authorization: Bearer abcdefghijklmnop", "Authorization: ***"),
        ("curl -H 'Authorization: token ghp_x' url", "curl -H 'Authorization: ***' url"),
        ("Bearer abcdefghijklmnop", "Bearer ***"),
        ("Basic dXNlcjpwYXNzd29yZA==", "Basic ***"),
        ("password=hunter22", "password=***"),
        ("passwd: abcd1234", "passwd: ***"),
        ('{"api_key": "zz9zz9", "name": "x"}', '{"api_key": "***", "name": "x"}'),
        ("DB_PASSWORD='p4ss w0rd' next", "DB_PASSWORD='***' next"),
    ],
)
def test_credential_shapes(text: str, expected: str | None) -> None:
    out = redact(text, {})
    if expected is None:
        assert MASK in out
        assert "wJalrXUtnFEMI" not in out
        assert "XXXXYYYY" not in out
    else:
        assert out == expected


@pytest.mark.parametrize(
    "text",
    [
        "Basic functionality works",
        "task-abcdefghijklmnopqrstuvwxyz0123 done",
        "the author: Alice Example",
        "PWD=/home/alice/project",
        "GIT_AUTHOR_NAME=Alice Example",
        "bearer token",
        "password: ok",
        "AKIA is a prefix",
        "12 passed, 0 failed in 3.2s",
        "see https://example.com:8443/path",
        "--- PASS: TestGreeting (0.00s)",
        "PASS: tests/greet.sh",
        "clone git@github.com:o/r.git and https://alice@example.com/x",
        "fatal: could not read Username for 'https://github.com': terminal prompts disabled",
    ],
)
def test_ordinary_output_is_left_alone(text: str) -> None:
    assert redact(text, ENV) == text


def test_an_escape_sequence_cannot_split_a_credential() -> None:
    split = "push with ghp_a1B2c3D4e5\x1b[0mF6g7H8i9J0k1L2m3N4 failed"
    assert clean(split, {}, None) == "push with *** failed"


def test_private_key_blocks() -> None:
    block = (
        "before\n-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\n"
        "MIIEpAIBAAKCAQEA0123456789abcdef\nZYXWVUTSRQPONMLK==\n"
        "-----END RSA PRIVATE KEY-----\nafter"
    )
    assert redact(block, {}) == "before\n***\nafter"
    cut_block = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\nFinished in 3s"
    assert redact(cut_block, {}) == "***\nFinished in 3s"
    assert redact("-----BEGIN PGP PRIVATE KEY BLOCK-----", {}) == MASK
    assert redact("-----BEGIN PUBLIC KEY-----", {}) == "-----BEGIN PUBLIC KEY-----"


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789", min_size=10, max_size=40))
def test_a_secret_value_never_survives_any_cut(secret: str) -> None:
    env = {"SERVICE_TOKEN": secret}
    text = f"error: auth with {secret} rejected"
    for limit in range(1, len(text) + 1):
        out = clean(text, env, limit)
        assert len(out) <= limit
        kept = out.rstrip("…")
        # No 8 characters of the secret, and never the whole of it.
        for start in range(len(secret) - MIN_CUT + 1):
            assert secret[start : start + MIN_CUT] not in kept


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=12, max_size=40))
def test_redact_masks_a_value_cut_before_it_arrived(secret: str) -> None:
    env = {"DB_PASSWORD": secret}
    for keep in range(MIN_CUT, len(secret)):
        assert redact("login as app/" + secret[:keep], env) == "login as app/***"


def test_strip_controls_removes_escape_sequences() -> None:
    text = (
        "\x1b]0;pwned title\x07"  # OSC: sets the terminal title
        "\x1b]2;other\x1b\\"  # OSC ended by ST
        "\x1b[2J\x1b[H"  # clear the screen, home the cursor
        "\x1b[1;31mred\x1b[0m"  # colours
        "\x1bc"  # full reset
        "\x1b(B"  # character set
        "\x9b31m"  # 8-bit CSI
        "\x07bell\x00nul\x7fdel\x85c1\x08bs"
    )
    assert strip_controls(text) == "redbellnuldelc1bs"


def test_strip_controls_keeps_printable_unicode_tabs_and_lines() -> None:
    text = "✅ done\t中文 émoji 🚀 ⏸️\nnext line\r\nwindows"
    assert strip_controls(text) == text
    assert strip_controls("50%\r100%") == "50%\n100%"
    assert strip_controls("a\u2028b\u2029c") == "a\nb\nc"
    assert strip_controls("safe\u202egnp.exe") == "safegnp.exe"


def test_strip_controls_one_line() -> None:
    assert (
        strip_controls("line 1\nline 2\r\n\r\nline 3\tx", one_line=True)
        == "line 1 line 2 line 3\tx"
    )
    assert "\n" not in strip_controls("a\u2028b\rc", one_line=True)
    assert strip_controls("plain\ntext", one_line=True) == "plain text"
    assert (
        clean("error:\n  key " + API_KEY + "\x1b[0m", ENV, 30, one_line=True) == "error:   key ***"
    )


@given(st.text())
def test_nothing_that_controls_a_terminal_survives(text: str) -> None:
    out = clean(text, {}, None)
    for ch in out:
        code = ord(ch)
        assert ch in "\t\n\r" or not (code < 0x20 or 0x7F <= code <= 0x9F), repr(ch)
    assert "\r" not in out.replace("\r\n", "")
    one = clean(text, {}, 80, one_line=True)
    assert "\n" not in one
    assert "\r" not in one
    assert len(one) <= 80


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"))))
def test_printable_text_without_secrets_passes_through(text: str) -> None:
    out = strip_controls(text)
    # Removed by design (redact.py): line separators, bidirectional overrides, and Unicode's
    # noncharacters (U+FDD0-U+FDEF, the last two code points of every plane).
    removed = "\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    if not any(c in removed or _noncharacter(c) for c in text):
        assert out == text


def _noncharacter(c: str) -> bool:
    return 0xFDD0 <= ord(c) <= 0xFDEF or ord(c) & 0xFFFE == 0xFFFE


def test_a_nul_byte_cannot_make_the_plan_binary() -> None:
    assert "\x00" not in clean("ok\x00\x00 done", {}, 200)


def test_cut() -> None:
    assert cut("abcdef", 4) == "abc…"
    assert cut("abcdef", 6) == "abcdef"
    assert cut("abcdef", None) == "abcdef"
    assert cut("abcdef", 1) == "…"
    assert cut("abcdef", 0) == ""


# A made-up OpenSSH key: its middle lines are base64 with no known credential shape.
SSH_KEY = (
    "-----BEGIN OPENSSH PRIVATE KEY-----\n"
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
    "QyNTUxOQAAACDq7Zx0Vb9fTnKs3mW8pLr2QyHd6Jc1Ua5Xe4Gi0Ro7TwAAAJgXw2kRF8Np\n"
    "EQAAAAtzc2gtZWQyNTUxOQAAACDq7Zx0Vb9fTnKs3mW8pLr2QyHd6Jc1Ua5Xe4Gi0Ro7Tw\n"
    "-----END OPENSSH PRIVATE KEY-----\n"
)
SSH_LINE_3 = SSH_KEY.splitlines()[2]


def test_each_line_of_a_multi_line_secret_is_masked_alone() -> None:
    env = {"SSH_PRIVATE_KEY": SSH_KEY}
    assert SSH_LINE_3 in secret_values(env)
    # `sed -n 3p`: the key's third line alone, and in the middle of a line.
    assert redact(SSH_LINE_3 + "\n", env) == MASK + "\n"
    assert redact(f"line 3 is {SSH_LINE_3} here", env) == f"line 3 is {MASK} here"
    # Short lines of a multi-line value are not masked everywhere.
    short = {"MY_SECRET": "abcdefgh-long-enough\nab\n"}
    assert redact("ab cd", short) == "ab cd"


def test_a_secret_value_ending_in_a_newline_is_masked_mid_line() -> None:
    token = "tok9Qw2Lm4Xv7Rt1Zp8K"
    env = {"API_TOKEN": token + "\n"}
    assert redact(f"using {token} for the call", env) == f"using {MASK} for the call"
    # Stripped too short: not masked (`yes\n` would mask the word everywhere).
    assert redact("say yes now", {"API_TOKEN": "  yes\n\n"}) == "say yes now"


def test_secret_values_keeps_each_long_line_of_a_long_value_once() -> None:
    lines = [f"line{i:06d}-abcdefgh" for i in range(20000)]
    values = secret_values({"SSH_PRIVATE_KEY": "\n".join(lines)})
    assert len(values) == len(lines) + 1


def test_a_middle_line_of_a_key_reaches_no_sink(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSH_PRIVATE_KEY", SSH_KEY)
    (repo / "key.py").write_text(
        "import os, sys\n"
        "sys.stdout.write('error: ' + os.environ['SSH_PRIVATE_KEY'].splitlines()[2] + '\\n')\n"
        "sys.exit(1)\n",
        encoding="utf-8",
    )
    git(repo, "add", "key.py")
    write_plan(repo, [row("A1", "`python key.py`")])
    result = plan("run", "A1", "--json", "--junit", "report.xml")
    assert result.code == 1, result.err
    reason = result.json()["results"][0]["reason"]
    assert MASK in reason
    sinks = {
        "json": reason,
        "plan": (repo / "plans" / "0001-run.md").read_text(encoding="utf-8"),
        "junit": (repo / "report.xml").read_text(encoding="utf-8"),
    }
    for name, text in sinks.items():
        for i in range(len(SSH_LINE_3) - MIN_CUT + 1):
            assert SSH_LINE_3[i : i + MIN_CUT] not in text, (name, i)


def test_redact() -> None:
    env = {"API_KEY": "abcdef123", "HOME": "/root", "SHORT_TOKEN": "ab"}
    assert redact("key abcdef123 home /root ab", env) == "key *** home /root ab"
    assert redact("Authorization: Bearer abcdefghijklmnop", {}) == "Authorization: ***"
    assert redact("AKIAABCDEFGHIJKLMNOP", os.environ) == "***"


@settings(max_examples=500)
@given(
    st.text(
        alphabet=st.one_of(
            st.sampled_from("a\t\n\r\x00\x1b\x7f\x85\x9f\u2028\u202e\u2066\ufdd0\ufffe\uffff"),
            st.sampled_from(["\U0001fffe", "\U0010ffff", "\U0001f600", "\U00020000", "é", "—"]),
            st.characters(),
        ),
        max_size=30,
    )
)
def test_the_fast_question_answers_as_the_whole_class(text: str) -> None:
    # strip_controls asks the Basic Multilingual Plane's class first, the rest only of text
    # beyond that plane: the answer must be the one class's.
    assert redaction._not_plain(text) == (redaction._NOT_PLAIN.search(text) is not None)


def test_a_secret_is_masked_as_a_url_carries_it_too() -> None:
    # Issue 19, third pass: URL-encoded secrets reached the outputs.
    env = {"DB_PASSWORD": "p@ss w0rd!xy"}
    text = clean("dsn postgres://u:p%40ss%20w0rd%21xy@h/db and ?pw=p%40ss+w0rd%21xy", env)
    assert "p%40ss" not in text
    assert "w0rd" not in text


def test_git_s_own_words_after_a_prompt_are_not_a_password() -> None:
    # Fifth pass: "terminal" was masked and the token in the URL was not.
    text = (
        "could not read Password for 'https://ghx77tokentoken0099@github.com': "
        "terminal prompts disabled"
    )
    assert redact(text, {}) == (
        "could not read Password for 'https://***@github.com': terminal prompts disabled"
    )


def test_tag_characters_are_unseen_everywhere() -> None:
    from runner.plan.redact import json_escaped, visible, without_unseen

    tagged = "ok\U000e0041\U000e0042"
    assert without_unseen(tagged) == "ok"
    assert json_escaped(tagged) == "ok\\udb40\\udc41\\udb40\\udc42"
    assert "\U000e0041" not in visible(tagged)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        # Sixth pass: raw in every sink.
        (
            "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=Zm9vYmFyYmF6cXV4MTIzNA==",
            "Zm9vYmFyYmF6cXV4MTIzNA",
        ),
        (
            "https://x.blob.core.windows.net/c?sv=2020&sig=AbCdEf0123456789xyz",
            "AbCdEf0123456789xyz",
        ),
        ("Passwort: Geheim12345", "Geheim12345"),
        ("mot de passe : Secret12345", "Secret12345"),
        ("contraseña=Clave123456", "Clave123456"),
        ("ТОКЕН=Abc123456789", "Abc123456789"),
        ('<setting name="ApiKey" value="Xy9Xy9Xy9Xy9" />', "Xy9Xy9Xy9Xy9"),
        ("secret_access_key Zqsecretvalue", "Zqsecretvalue"),
    ],
)
def test_secret_shapes_of_the_sixth_pass(text: str, secret: str) -> None:
    assert secret not in redact(text, {})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Seventh pass of issue 19 (case 4).
        ("pgpass db:5432:app:user:PgPassWord66v", "pgpass db:5432:app:user:***"),
        ("*:*:*:postgres:Pg\\:Pw9x", "*:*:*:postgres:***"),
        ("password is: OneTwoThree11r", "password is: ***"),
        ("密码: MiMaSecret07n", "密码: ***"),
        ("数据库密码：MiMaSecret07n", "数据库密码：***"),
        ("密码是MiMaSecret07n", "密码是***"),
        ("令牌 LingPai12345x", "令牌 ***"),
        ("パスワード: JaPassWord99", "パスワード: ***"),
        ("비밀번호: KoPassWord88", "비밀번호: ***"),
        ("pass PassNextWord00g", "pass ***"),
        ('{\n  "api_key":\n    "JsonNextVal22b"\n}', '{\n  "api_key":\n    "***"\n}'),
        ("- name: TOKEN\n  value: K8sVal88h", "- name: TOKEN\n  value: ***"),
        ('{"Name": "API_KEY", "Value": "NameVal77"}', '{"Name": "API_KEY", "Value": "***"}'),
        ("password='Sq\\'Esc66f'", "password='***'"),
        ('password="Dq\\"Esc66f" next', 'password="***" next'),
        # A quote never closed: the line was cut inside the value.
        ("password='Sq\\'Esc66f", "password='***"),
        ('error: password="Dq66fCut', 'error: password="***'),
    ],
)
def test_secret_shapes_of_the_seventh_pass(text: str, expected: str) -> None:
    assert redact(text, {}) == expected


@pytest.mark.parametrize(
    "text",
    [
        "password:\n  nested: x\n  other: y",
        "password:\nerror in line 3",
        "PASSWORD=\nHOME_DIR=/srv/app",
        "- name: HOME\n  value: /srv/app",
        "- name: TOKEN\n  valueFrom:\n    secretKeyRef:\n      name: app-secrets",
        "PASS tests/test_a1.py",
        "pass test_login2fa",
        "pass ./build/out1.txt",
        "src/a.c:10:5: warning: unused",
        "2001:db8:0:1:1",
        "12:30:45",
    ],
)
def test_the_seventh_pass_s_shapes_leave_ordinary_text_alone(text: str) -> None:
    assert redact(text, {}) == text


def test_a_secret_value_is_masked_disguised() -> None:
    import base64

    value = "EnvTok3nValue99"
    env = {"DEPLOY_TOKEN": value}
    for form in (
        base64.b64encode(value.encode()).decode(),
        base64.b64encode((value + "\n").encode()).decode(),
        base64.urlsafe_b64encode(value.encode()).decode().rstrip("="),
        value.encode().hex(),
        value.encode().hex().upper(),
        value[::-1],
        "\u200b".join(value),
        value[:4] + "\u2060" + value[4:],
        " ".join(value),  # sed 's/./& /g'
        value.upper(),  # tr a-z A-Z
        value.replace("3", "%33"),  # one character URL-escaped
    ):
        assert redact(f"got {form} here", env) == "got *** here", form


def test_a_cut_secret_split_by_a_zero_width_space_is_masked() -> None:
    # Seventh pass, case 4b: the start of a key, split by U+200B, at the end of a line.
    env = {"MY_API_KEY": "Zq7Wx9Lm2PqRt5Yu"}
    assert redact("zw Zq7\u200bWx9Lm2Pq\nnext", env) == "zw ***\nnext"
    assert redact("zw a\u200bb Zq7Wx9", env) == "zw a\u200bb Zq7Wx9"  # too short a piece
