"""No secret and no control byte from command output reaches any sink (issue 11: 5, 6).

The sinks: the plan (journal line and cells), the commit message, the `--json` reason, the
JUnit report, the GitHub step summary and the results kept in the state folder (MCP returns
the `--json` documents).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import git
from tests.helpers import plan, row, write_plan

API_KEY = "Zq8Lm2Xv9Rt4Wp7Ks1Nb6Hd3Fg5Jc0Ya"  # 32 characters, no known shape
DB_PASS = "hunter2-correct-horse"
URL_PASS = "s3cretUrlPw"

# The failing line is long, so the old 200-character cut fell inside the key.
EMIT = """\
import os, sys
# The explaining line is the last one that says error (runner.run.summaries): the long one, whose
# key straddles the 200-character cut.
sys.stdout.write("fatal: db " + os.environ["MY_DB_PASS"] + "\\n")
sys.stdout.write("error: " + "y" * 180 + " key is " + os.environ["MY_API_KEY"] + "\\n")
sys.exit(1)
"""
EMIT_URL = f"""\
import sys
sys.stdout.write("error: cannot reach postgres://app:{URL_PASS}@db.example/x\\n")
sys.exit(1)
"""
EMIT_CONTROLS = """\
import sys
sys.stdout.write("error: \\x1b]0;pwned title\\x07bad \\x1b[2J")
sys.stdout.write("\\x1b[31mred\\x1b[0m \\x00nul\\x08 end\\n")
sys.exit(1)
"""


class Sinks:
    """Every place a run leaves text, read back after the run."""

    def __init__(self, repo: Path, json_reason: str) -> None:
        self.plan = (repo / "plans" / "0001-run.md").read_text(encoding="utf-8")
        self.commit = git(repo, "log", "-1", "--format=%B")
        self.json = json_reason
        self.junit = (repo / "report.xml").read_text(encoding="utf-8")
        self.summary = (repo.parent / "summary.md").read_text(encoding="utf-8")
        results = list((repo / ".git" / "plan" / "results").glob("*.json"))
        assert len(results) == 1
        self.state = results[0].read_text(encoding="utf-8")

    def items(self) -> list[tuple[str, str]]:
        return [
            ("plan", self.plan),
            ("commit", self.commit),
            ("json", self.json),
            ("junit", self.junit),
            ("summary", self.summary),
            ("state", self.state),
        ]


def run_emitting(repo: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> Sinks:
    (repo / "emit.py").write_text(script, encoding="utf-8")
    git(repo, "add", "emit.py")
    write_plan(repo, [row("A1", "`python emit.py`")])
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(repo.parent / "summary.md"))
    result = plan("run", "A1", "--json", "--junit", "report.xml")
    assert result.code == 1, result.err
    reason = result.json()["results"][0]["reason"]
    assert reason  # the failure is explained, not dropped
    return Sinks(repo, reason)


def pieces(secret: str, size: int = 8) -> list[str]:
    """Every `size`-character piece of a secret: none may survive anywhere."""
    return [secret[i : i + size] for i in range(len(secret) - size + 1)]


def test_a_cut_key_and_a_password_reach_no_sink(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MY_API_KEY", API_KEY)
    monkeypatch.setenv("MY_DB_PASS", DB_PASS)
    sinks = run_emitting(repo, monkeypatch, EMIT)
    assert "key is ***" in sinks.json
    for name, text in sinks.items():
        for piece in [*pieces(API_KEY), *pieces(DB_PASS)]:
            assert piece not in text, (name, piece)
    assert "***" in sinks.plan
    assert "***" in sinks.junit


def test_a_password_in_a_url_reaches_no_sink(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sinks = run_emitting(repo, monkeypatch, EMIT_URL)
    assert "postgres://app:***@db.example/x" in sinks.json
    for name, text in sinks.items():
        assert URL_PASS not in text, name
    assert "app:***@" in sinks.plan


def test_control_bytes_reach_no_sink_and_the_plan_stays_text(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sinks = run_emitting(repo, monkeypatch, EMIT_CONTROLS)
    for name, text in sinks.items():
        for byte in ("\x1b", "\x07", "\x00", "\x08"):
            assert byte not in text, (name, repr(byte))
    assert "bad" in sinks.json
    assert "end" in sinks.json
    # git sees a text change (a NUL would make it binary: "-\t-" in numstat).
    numstat = git(repo, "diff", "--numstat", "HEAD~1", "HEAD", "--", "plans")
    assert numstat.strip()
    assert not numstat.startswith("-\t-")
    shown = plan("show", "A1")
    assert shown.code == 0
    assert "\x1b" not in shown.out


def test_a_reason_kept_by_an_older_runner_is_cleaned_when_shown(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from runner.workspace import layout, state

    monkeypatch.setenv("MY_DB_PASS", DB_PASS)
    path = write_plan(repo, [row("A1", "`false`")])
    kept = state.results_file(layout.workspace(), path)
    kept.parent.mkdir(parents=True)
    reason = f"exit 1: fatal: db {DB_PASS} \x1b]0;title\x07"
    entry = {
        "status": "failed",
        "when": "2026-01-01T00:00Z",
        "by_hand": False,
        "duration_s": 0.1,
        "reason": reason,
        "log": None,
    }
    kept.write_text(json.dumps({"task:A1": entry}))
    for args in (("show", "A1", "--json"), ("show", "A1")):
        result = plan(*args)
        assert result.code == 0, result.err
        assert DB_PASS not in result.out
        assert "\x1b" not in result.out
        assert "fatal: db ***" in result.out


def test_secrets_never_reach_the_plan(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    token = "s3cr3t-v4lue-0123456789"
    monkeypatch.setenv("DEPLOY_TOKEN", token)
    path = write_plan(
        repo,
        [
            row("1", '`echo "error: login failed with $DEPLOY_TOKEN"; exit 1`'),
            row("2", "`echo fatal: ghp_$(printf abcdefghijklmnopqrstuvwxyz0123); exit 1`"),
        ],
    )
    assert plan("run", "--all", "--keep-going").code == 1
    text = path.read_text(encoding="utf-8")
    assert token not in text
    assert "ghp_abcdefghijklmnopqrstuvwxyz0123" not in text
    assert "login failed with ***" in text
    assert token not in git(repo, "log", "--format=%B")


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        # Issue 19, third pass: each reached the plan, the commit and JUnit unmasked.
        ("user=admin pass=Xk9s8d7f6q", "Xk9s8d7f6q"),
        ("pwd=Xk9s8d7f6q", "Xk9s8d7f6q"),
        ("password => 'Xk9s8d7f6q'", "Xk9s8d7f6q"),
        ("curl -u admin:Xk9s8d7f6q http://x", "Xk9s8d7f6q"),
        ("assert settings.SECRET_KEY == 'Xk9s8d7f6qab'", "Xk9s8d7f6qab"),
        ("SIGNING_KEY_B64=QUJDREVGR0hJSktMTU5PUA==", "QUJDREVGR0hJSktMTU5PUA=="),
        # Fourth pass.
        ("pw=Xk9s8d7f6q", "Xk9s8d7f6q"),
        ("secret: |\n  Xk9s8d7f6qLONG\nother: 1", "Xk9s8d7f6qLONG"),
        ("Password for 'https://u@github.com': Xk9s8d7f6q", "Xk9s8d7f6q"),
        ("sshpass -p Xk9s8d7f6q ssh host", "Xk9s8d7f6q"),
        ("docker login -p Xk9s8d7f6q registry", "Xk9s8d7f6q"),
        ("<password>Xk9s8d7f6q</password>", "Xk9s8d7f6q"),
        ("PASSWORD := Xk9s8d7f6q", "Xk9s8d7f6q"),
        ("{user: a, pass: Xk9s8d7f6q}", "Xk9s8d7f6q"),
        ("password: !!str Xk9s8d7f6q", "Xk9s8d7f6q"),
        ("MIIEowIBAAKCAQEA7x1vZk3dLq9sP0aB8cD2eF4gH6iJ8kL0mN2oP4qR6sT8uV0wX2yZ4", "7x1vZk3dLq9s"),
    ],
)
def test_more_secret_shapes_are_masked_in_the_plan_and_commit(
    repo: Path, line: str, secret: str
) -> None:
    from tests.conftest import git
    from tests.helpers import plan, row, write_plan

    (repo / "out.txt").write_text(line + "\n", encoding="utf-8")
    path = write_plan(repo, [row("T1", "`cat out.txt; exit 1`")])
    result = plan("run", "T1", "--json", "--junit", "j.xml")
    assert result.code == 1, result.out + result.err
    assert secret not in path.read_text(encoding="utf-8")
    assert secret not in git(repo, "log", "-1", "--format=%B")
    assert secret not in result.out
    assert secret not in (repo / "j.xml").read_text(encoding="utf-8")


# Issue 19, seventh pass (case 4): shapes that reached the journal, the commit, JUnit (the
# message and <system-out>), --json, the saved results and the HTML report. A value on the
# line after its name needs the lines before it, which every sink now redacts with.
SEVENTH = [
    ("pgpass db:5432:app:user:PgPassWord66v", "PgPassWord66v"),
    ("password is: OneTwoThree11r", "OneTwoThree11r"),
    ("密码: MiMaSecret07n", "MiMaSecret07n"),
    ("数据库密码：MiMaSecret08n", "MiMaSecret08n"),
    ("口令=KouLing1234", "KouLing1234"),
    ("令牌 LingPai12345x", "LingPai12345x"),
    ("パスワード: JaPassWord99", "JaPassWord99"),
    ("비밀번호: KoPassWord88", "KoPassWord88"),
    ("pass PassNextWord00g", "PassNextWord00g"),
    ('{\n  "api_key":\n    "JsonNextVal22b"\n}', "JsonNextVal22b"),
    ("env:\n- name: TOKEN\n  value: K8sVal88h", "K8sVal88h"),
    ("password='Sq\\'Esc66f'", "Esc66f"),
    ("error: password='Cut\\'Quote77q", "Quote77q"),
]


def every_sink(repo: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> dict[str, str]:
    """Print `text` from a failing task and a passing one (its evidence), then read back
    every place the runs left it: the plan, the commit, --json, JUnit, the step summary,
    the saved results, the HTML report and the brief."""
    (repo / "out.txt").write_text(text + "\n", encoding="utf-8")
    git(repo, "add", "out.txt")
    write_plan(repo, [row("T1", "`cat out.txt; exit 1`"), row("T2", "`cat out.txt`")])
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(repo.parent / "summary.md"))
    result = plan("run", "--all", "--keep-going", "--evidence", "--json", "--junit", "j.xml")
    assert result.code == 1, result.out + result.err
    plan_text = (repo / "plans" / "0001-run.md").read_text(encoding="utf-8")
    assert "Evidence for task T2" in plan_text
    assert plan("report", "-o", "page.html").code == 0
    results = repo / ".git" / "plan" / "results"
    return {
        "plan": plan_text,
        "commit": git(repo, "log", "-2", "--format=%B"),
        "json": result.out,
        "junit": (repo / "j.xml").read_text(encoding="utf-8"),
        "summary": (repo.parent / "summary.md").read_text(encoding="utf-8"),
        "state": "".join(p.read_text(encoding="utf-8") for p in results.rglob("*.json")),
        "report": (repo / "page.html").read_text(encoding="utf-8"),
        "brief": plan("brief", "T1").out + plan("brief", "T1", "--json").out,
    }


@pytest.mark.parametrize(("text", "secret"), SEVENTH)
def test_the_seventh_pass_s_shapes_reach_no_sink(
    repo: Path, monkeypatch: pytest.MonkeyPatch, text: str, secret: str
) -> None:
    sinks = every_sink(repo, monkeypatch, text)
    for name, shown in sinks.items():
        assert secret not in shown, f"{secret} leaked into the {name}"
    assert "***" in sinks["junit"]
    assert "***" in sinks["plan"]


def test_a_secret_variable_printed_disguised_reaches_no_sink(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import base64

    value = "EnvTok3nValue99"
    monkeypatch.setenv("DEPLOY_TOKEN", value)
    forms = [
        base64.b64encode(value.encode()).decode(),  # printf %s "$T" | base64
        base64.b64encode((value + "\n").encode()).decode(),  # echo "$T" | base64
        value.encode().hex(),  # xxd -p
        value[::-1],  # rev
        "\u200b".join(value),  # split by zero-width spaces
        " ".join(value),  # sed 's/./& /g'
        value.upper(),  # tr a-z A-Z
        value.replace("3", "%33"),  # one character URL-escaped
    ]
    cut = value[:3] + "\u200b" + value[3:11]  # the start of it, split, at a line's end
    sinks = every_sink(repo, monkeypatch, "\n".join(f"form {f}" for f in [*forms, cut]))
    for name, shown in sinks.items():
        for form in forms:
            assert form not in shown, f"{form!r} leaked into the {name}"
        assert value not in shown.replace("\u200b", "").replace(" ", ""), name
        assert value[3:11] not in shown, name
