"""Issue 19: what leaves the runner — output paths, history, notes, the metadata it writes.

Each through the CLI in a real git repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import git
from tests.helpers import plan, row, write_plan

PLAN = "plans/0001-run.md"


# Item 15: no output path goes through a symlink out of the repository.


def test_report_and_junit_refuse_a_committed_symlink_out(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.html").write_text("mine\n", encoding="utf-8")
    (repo / "rep.html").symlink_to(outside / "keep.html")
    (repo / "reports").symlink_to(outside)
    write_plan(repo, [row("T1", "`true`")])
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "links")
    result = plan("report", "-o", "rep.html")
    assert result.code == 2
    assert "outside the repository" in result.err
    assert (outside / "keep.html").read_text(encoding="utf-8") == "mine\n"
    result = plan("run", "T1", "--junit", "reports/x.xml")
    assert result.code == 2
    assert not (outside / "x.xml").exists()
    # A path the user names outside the repository is theirs to choose.
    assert plan("report", "-o", str(outside / "direct.html")).code == 0


# Item 17: history prints no control bytes a terminal would obey.


def test_history_shows_escapes_in_trailers_visibly(repo: Path) -> None:
    write_plan(repo, [row("T1", "`true`")])
    (repo / "x.txt").write_text("x\n", encoding="utf-8")
    git(repo, "add", "x.txt")
    (repo / PLAN).write_text((repo / PLAN).read_text(encoding="utf-8") + "\n", encoding="utf-8")
    git(repo, "add", PLAN)
    message = "hostile\n\nPlan-Task: T1\x1b]0;owned\x07\x1b[2J\nPlan-Result: passed\n"
    git(repo, "commit", "-qm", message)
    out = plan("history").out
    assert "\x1b" not in out
    assert "\x07" not in out
    assert "\\x1b" in out


def test_history_shows_bidi_overrides_in_trailers_visibly(repo: Path) -> None:
    # Third pass: a raw U+202E from a trailer reached the terminal and --json.
    write_plan(repo, [row("T1", "`true`")])
    (repo / PLAN).write_text((repo / PLAN).read_text(encoding="utf-8") + "\n", encoding="utf-8")
    git(repo, "add", PLAN)
    git(repo, "commit", "-qm", "hostile\n\nPlan-Task: T1\u202eexe\x9b.txt\nPlan-Result: passed\n")
    for args in (("history",), ("history", "--json")):
        out = plan(*args).out
        assert "\u202e" not in out, args
        assert "\x9b" not in out, args
        assert "\\u202e" in out, args


def test_history_shows_only_results_plan_writes(repo: Path) -> None:
    # Fifth pass: any text after `Plan-Result:` was shown as a result.
    write_plan(repo, [row("T1", "`true`")])
    (repo / PLAN).write_text((repo / PLAN).read_text(encoding="utf-8") + "\n", encoding="utf-8")
    git(repo, "add", PLAN)
    git(repo, "commit", "-qm", "forged\n\nPlan-Task: T1\nPlan-Result: passed (trust me)\n")
    assert plan("history", "--json").json()["history"] == []
    assert plan("run", "T1").code == 0
    (only,) = plan("history", "--json").json()["history"]
    assert only["result"] == "passed"


# Item 19: a note has a limit; Last Updated keeps the author's form.


def test_a_note_over_the_limit_is_refused_and_nothing_committed(repo: Path) -> None:
    write_plan(repo, [row("T1", "`true`")])
    head = git(repo, "rev-parse", "HEAD")
    result = plan("journal", "x" * 4001)
    assert result.code == 2
    assert "at most 4,000" in result.err
    assert git(repo, "rev-parse", "HEAD") == head
    assert plan("journal", "x" * 4000).code == 0


@pytest.mark.parametrize(
    ("written", "shape"),
    [
        # Third pass: each of these became `…T07:12Z`, the note or the form lost.
        ("2026-01-01 (after review)", r"\d{4}-\d\d-\d\d \(after review\)"),
        ("Jan 1, 2026", r"[A-Z][a-z]{2} \d{1,2}, \d{4}"),
        ("January 1, 2026", r"[A-Z][a-z]{3,8} \d{1,2}, \d{4}"),
        ("01/01/2026", r"\d\d/\d\d/\d{4}"),
        ("`2026-01-01`", r"`\d{4}-\d\d-\d\d`"),
        ("2026-01-01 10:00 PST", r"\d{4}-\d\d-\d\d \d\d:\d\d (?:PST|PDT|UTC)"),
        ("2026-01-01 10:00Z by alice", r"\d{4}-\d\d-\d\d \d\d:\d\dZ by alice"),
        # Fourth pass: a linked date and its words; milliseconds of this moment.
        (
            "[2026-01-01](changes/log.md) — see notes",
            r"\[\d{4}-\d\d-\d\d\]\(changes/log\.md\) — see notes",
        ),
        ("2026-01-01T10:00:00.123Z", r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"),
    ],
)
def test_last_updated_keeps_more_of_the_authors_forms(repo: Path, written: str, shape: str) -> None:
    import re

    path = write_plan(repo, [row("T1", "`true`")])
    text = path.read_text(encoding="utf-8").replace(
        "Last Updated: 2026-01-01T00:00Z", f"Last Updated: {written}"
    )
    path.write_text(text, encoding="utf-8")
    git(repo, "commit", "-qam", "form")
    assert plan("run", "T1").code == 0
    line = next(ln for ln in path.read_text(encoding="utf-8").splitlines() if "Last Updated" in ln)
    value = line.split("Last Updated: ", 1)[1].strip()
    assert re.fullmatch(shape, value), value
    assert value != written


def test_last_updated_keeps_the_authors_form(repo: Path) -> None:
    path = write_plan(repo, [row("T1", "`true`")])
    text = path.read_text(encoding="utf-8").replace(
        "Last Updated: 2026-01-01T00:00Z", "Last Updated: 2026-01-01 10:00Z"
    )
    path.write_text(text, encoding="utf-8")
    git(repo, "commit", "-qam", "form")
    assert plan("run", "T1").code == 0
    line = next(ln for ln in path.read_text(encoding="utf-8").splitlines() if "Last Updated" in ln)
    value = line.split("Last Updated: ", 1)[1]
    assert "T" not in value, line
    assert value.endswith("Z")
    assert len(value) == len("2026-01-01 10:00Z")


# Item 4: secrets behind a log prefix are masked, the same in every sink.

SHAPES = [
    ("[db] ERROR: DB_PASSWORD=hunter2hunter2 rejected", "hunter2hunter2"),
    ("error: password: s3cr3tvalue1", "s3cr3tvalue1"),
    ("WARN: api_key=k3yk3yk3yk3y", "k3yk3yk3yk3y"),
    ('INFO: client_secret="cl13ntcl13nt"', "cl13ntcl13nt"),
    ("mysql --password pw9pw9pw9 -u root", "pw9pw9pw9"),
    ("PASSWORD shout3dshout3d", "shout3dshout3d"),
    ("machine example.org login me password n3trcn3trc", "n3trcn3trc"),
    # Second pass: the MySQL client's password glued to -p.
    ("mysql -u root -pHunterPass77 shop", "HunterPass77"),
    ("+ mysqldump -h db -u app -p'QuotedPw42' shop", "QuotedPw42"),
    ("mariadb -uroot -pMariaPw55", "MariaPw55"),
    # The independent pass (N1): prose and config forms without `=`.
    ("note: the password is hunter2hunter2", "hunter2hunter2"),
    ("token ghx9abcdEFGH1234567890 was revoked", "ghx9abcdEFGH1234567890"),
    ("aws_secret_access_key wJalrXUtnFEMI/K7MDENG", "wJalrXUtnFEMI/K7MDENG"),
    ("connect user:PaSsW0rd55@db.example.com", "PaSsW0rd55"),
    # Fifth pass: a token as a URL's user, .NET settings, a spaced secret without a digit,
    # a parenthesis between the name and the value.
    (
        "fatal: could not read Password for 'https://ghx77tokentoken0099@github.com': "
        "terminal prompts disabled",
        "ghx77tokentoken0099",
    ),
    ('<add key="DbPassword" value="NetPw0rd!x" />', "NetPw0rd!x"),
    ("secret_access_key wJalrXUtnFEMIKsMDENGbPxRfiCY", "wJalrXUtnFEMIKsMDENGbPxRfiCY"),
    ("Password (again): hunter2again2", "hunter2again2"),
]


def test_secrets_behind_a_prefix_are_masked_in_every_sink(repo: Path, tmp_path: Path) -> None:
    script = repo / "leak.sh"
    script.write_text(
        "".join(f"echo '{line}'\n" for line, _ in SHAPES) + "echo 'error: it failed'\nexit 1\n",
        encoding="utf-8",
    )
    write_plan(repo, [row("T1", "`sh leak.sh`")])
    junit = tmp_path / "out.xml"
    result = plan("run", "T1", "--json", "--junit", str(junit))
    assert result.code == 1
    page = tmp_path / "page.html"
    assert plan("report", "-o", str(page)).code == 0
    results_dir = repo / ".git" / "plan" / "results"
    sinks = {
        "json": result.out,
        "plan": (repo / PLAN).read_text(encoding="utf-8"),
        "commit": git(repo, "log", "-1", "--format=%B"),
        "junit": junit.read_text(encoding="utf-8"),
        "report": page.read_text(encoding="utf-8"),
        "state": "".join(p.read_text(encoding="utf-8") for p in results_dir.rglob("*.json")),
    }
    for name, text in sinks.items():
        for _, secret in SHAPES:
            assert secret not in text, f"{secret} leaked into the {name}"
    assert "***" in sinks["junit"]


# Item 16: gates declare the ignored files and variables they read.


def gate_status(result_out: str) -> str:
    import json

    return str(json.loads(result_out)["results"][0]["status"])


def gated_plan(repo: Path, ignored: str, gates: str) -> None:
    """Commit a .gitignore of `ignored`, then a checklist plan whose Quality Gates table is
    `gates`."""
    (repo / ".gitignore").write_text(ignored, encoding="utf-8")
    git(repo, "add", ".gitignore")
    git(repo, "commit", "-qm", "ignore")
    folder = repo / "plans"
    folder.mkdir()
    (folder / "0001-run.md").write_text(
        "# P\n\n## Progress\n\n- [ ] Run `true`\n\n### Quality Gates\n\n" + gates,
        encoding="utf-8",
    )
    git(repo, "add", "plans")
    git(repo, "commit", "-qm", "plan")


def test_a_gate_reruns_when_an_input_it_declares_changes(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / ".env").write_text("A=1\n", encoding="utf-8")
    gated_plan(
        repo,
        ".env\n",
        "| Gate | Command | Inputs |\n| ---- | ------- | ------ |\n"
        "| Env | `cat .env` | `.env` `$API_URL` |\n",
    )
    monkeypatch.setenv("API_URL", "http://one")
    assert gate_status(plan("gates", "--json").out) == "passed"
    assert gate_status(plan("gates", "--json").out) == "up_to_date"
    (repo / ".env").write_text("A=2\n", encoding="utf-8")
    assert gate_status(plan("gates", "--json").out) == "passed"
    monkeypatch.setenv("API_URL", "http://two")
    assert gate_status(plan("gates", "--json").out) == "passed"
    assert gate_status(plan("gates", "--json").out) == "up_to_date"


def test_gate_inputs_in_pyproject_apply_to_every_gate(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "pyproject.toml").write_text(
        '[tool.plan]\ngate_inputs = ["$STAGE"]\n', encoding="utf-8"
    )
    git(repo, "add", "pyproject.toml")
    git(repo, "commit", "-qm", "settings")
    write_plan(repo, [row("T1", "`true`")])
    monkeypatch.setenv("STAGE", "a")
    assert gate_status(plan("gates", "--json").out) == "passed"
    assert gate_status(plan("gates", "--json").out) == "up_to_date"
    monkeypatch.setenv("STAGE", "b")
    assert gate_status(plan("gates", "--json").out) == "passed"


def test_a_gate_the_plan_holds_failed_is_never_up_to_date(repo: Path) -> None:
    # Independent pass (N13): a gate recorded failed (a merge keeps a failure; another
    # branch with the same tree) was skipped as up to date, so nothing ever settled it.
    path = write_plan(repo, [row("T1", "`true`")], gates=["| Check | `true` | exit 0 |"])
    assert gate_status(plan("gates", "--json").out) == "passed"
    assert gate_status(plan("gates", "--json").out) == "up_to_date"
    text = path.read_text(encoding="utf-8")
    lines = [
        ln.replace("| X ", "| ! ", 1) if ln.startswith("| Check") else ln
        for ln in text.splitlines()
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    git(repo, "commit", "-qam", "a merge kept the failure")
    assert gate_status(plan("gates", "--json").out) == "passed"
    assert gate_status(plan("gates", "--json").out) == "up_to_date"


def test_a_gate_reruns_when_a_folder_or_glob_it_declares_changes(repo: Path) -> None:
    # Independent pass (N3): a folder or glob in Inputs was treated as absent, so a change
    # under it left the gate up to date.
    (repo / "cfg").mkdir()
    (repo / "cfg" / "a.ini").write_text("a=1\n", encoding="utf-8")
    (repo / "build").mkdir()
    (repo / "build" / "x.txt").write_text("1\n", encoding="utf-8")
    gated_plan(
        repo,
        "cfg/\nbuild/\n",
        "| Gate | Command | Threshold / Expectation | Inputs |\n"
        "| ---- | ------- | ----------------------- | ------ |\n"
        "| Cfg | `true` | exit 0 | `cfg/` `build/*.txt` |\n",
    )
    assert gate_status(plan("gates", "--json").out) == "passed"
    assert gate_status(plan("gates", "--json").out) == "up_to_date"
    (repo / "cfg" / "a.ini").write_text("a=2\n", encoding="utf-8")
    assert gate_status(plan("gates", "--json").out) == "passed"
    (repo / "build" / "y.txt").write_text("new\n", encoding="utf-8")
    assert gate_status(plan("gates", "--json").out) == "passed"
    assert gate_status(plan("gates", "--json").out) == "up_to_date"


# Issue 19, third pass (N11): a repository inside the work tree (a clone git lists as one
# untracked folder, or a checked-out submodule whose content is already dirty) added nothing
# of its content to the fingerprint, so an edit in it left the gates up to date.


def _inner_repository(path: Path) -> None:
    path.mkdir(parents=True)
    git(path, "init", "-q", "-b", "main")
    (path / "lib.py").write_text("x = 1\n", encoding="utf-8")
    git(path, "add", "lib.py")
    git(path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "lib")


def test_an_edit_in_a_nested_clone_makes_the_gates_run(repo: Path) -> None:
    _inner_repository(repo / "vendor" / "lib")
    write_plan(repo, [row("T1", "`true`")], gates=["| Check | `cat vendor/lib/lib.py` | exit 0 |"])
    assert gate_status(plan("gates", "--json").out) == "passed"
    assert gate_status(plan("gates", "--json").out) == "up_to_date"
    (repo / "vendor" / "lib" / "lib.py").write_text("x = 2\n", encoding="utf-8")
    assert gate_status(plan("gates", "--json").out) == "passed"
    (repo / "vendor" / "lib" / "new.py").write_text("y = 1\n", encoding="utf-8")
    assert gate_status(plan("gates", "--json").out) == "passed"
    assert gate_status(plan("gates", "--json").out) == "up_to_date"


def test_an_edit_in_a_dirty_submodule_makes_the_gates_run(repo: Path, tmp_path: Path) -> None:
    _inner_repository(tmp_path / "upstream")
    git(repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q",
        str(tmp_path / "upstream"), "sub")  # fmt: skip
    git(repo, "commit", "-qm", "submodule")
    write_plan(repo, [row("T1", "`true`")], gates=["| Check | `cat sub/lib.py` | exit 0 |"])
    (repo / "sub" / "lib.py").write_text("x = 2\n", encoding="utf-8")  # dirty already
    assert gate_status(plan("gates", "--json").out) == "passed"
    assert gate_status(plan("gates", "--json").out) == "up_to_date"
    (repo / "sub" / "lib.py").write_text("x = 3\n", encoding="utf-8")
    assert gate_status(plan("gates", "--json").out) == "passed"


def test_a_plan_name_with_a_newline_stays_in_the_commit_subject(repo: Path) -> None:
    # Third pass: a plan file named "0001-x\nPlan-Result: passed\ny.md" put a fake trailer
    # line in the commit message.
    name = "0001-x\nPlan-Result: passed\ny.md"
    write_plan(repo, [row("T1", "`false`")], name=name)
    assert plan("run", "T1", "-p", f"plans/{name}").code == 1
    lines = git(repo, "log", "-1", "--format=%B").splitlines()
    assert lines[0].startswith("plan(0001-x Plan-Result: passed y)")
    assert [ln for ln in lines if ln.startswith("Plan-Result:")] == ["Plan-Result: failed"]


def test_a_gate_runs_again_on_another_branch(repo: Path) -> None:
    # Third pass: a gate checking the branch stayed up to date after a checkout.
    write_plan(
        repo, [row("T1", "`true`")], gates=["| Branch | `git branch --show-current` | exit 0 |"]
    )
    assert gate_status(plan("gates", "--json").out) == "passed"
    assert gate_status(plan("gates", "--json").out) == "up_to_date"
    git(repo, "checkout", "-q", "-b", "other")
    assert gate_status(plan("gates", "--json").out) == "passed"
    assert gate_status(plan("gates", "--json").out) == "up_to_date"


def test_a_hook_that_strips_plan_s_trailers_is_said(repo: Path) -> None:
    # Fifth pass: a commit-msg hook removed the trailers and nothing said so; history was empty.
    write_plan(repo, [row("T1", "`true`")])
    hook = repo / ".git" / "hooks" / "commit-msg"
    hook.write_text("#!/bin/sh\nsed -i '/^Plan-/d' \"$1\"\n", encoding="utf-8")
    hook.chmod(0o755)
    result = plan("run", "T1", "--json")
    assert result.code == 0, result.err
    assert any("trailers" in n for n in result.json()["notices"]), result.out
    assert "trailers" in plan("reset", "T1").err


@pytest.mark.parametrize(
    "cell",
    [
        "env: SETTING",
        "`env: SETTING`",
        "%SETTING%",
        "vars: OTHER, SETTING",
        "`$OTHER`, env: SETTING",
        "`.env` and `$SETTING`",
    ],
)
def test_an_inputs_cell_naming_a_variable_in_other_words_reruns_the_gate(
    repo: Path, monkeypatch: pytest.MonkeyPatch, cell: str
) -> None:
    # Seventh-pass follow-up: `env: SETTING` was read as two files, "env:" and "SETTING",
    # both absent, so a changed SETTING left the gate up to date (a pass it never earned).
    gated_plan(
        repo,
        "",
        "| Gate | Command | Inputs |\n| ---- | ------- | ------ |\n"
        f'| Env | `test "$SETTING" = ok` | {cell} |\n',
    )
    monkeypatch.setenv("SETTING", "ok")
    assert gate_status(plan("gates", "--json").out) == "passed"
    assert gate_status(plan("gates", "--json").out) == "up_to_date"
    monkeypatch.setenv("SETTING", "bad")
    assert gate_status(plan("gates", "--json").out) == "failed"


def test_a_bare_capitalised_input_is_a_lint_warning(repo: Path) -> None:
    gated_plan(
        repo,
        "",
        "| Gate | Command | Inputs |\n| ---- | ------- | ------ |\n"
        "| Env | `true` | SETTING, .env |\n",
    )
    result = plan("lint", "plans/0001-run.md")
    assert "P304" in result.out, result.out
    assert "`$SETTING`" in result.out, result.out
    assert ".env" not in result.out.split("P304", 1)[1].splitlines()[0]


def test_an_input_outside_the_repository_is_a_lint_warning(repo: Path) -> None:
    # Seventh pass: `/elsewhere/conf` (or ~/.npmrc) declared as an input is never read
    # (it counts as absent), so its change never reruns the gate; nothing said so.
    gated_plan(
        repo,
        "",
        "| Gate | Command | Inputs |\n| ---- | ------- | ------ |\n"
        "| Home | `true` | `/elsewhere/conf` `~/.npmrc` `../x` `cfg/../y` `$HOME` |\n",
    )
    out = plan("lint", "plans/0001-run.md").out
    warned = [ln for ln in out.splitlines() if "P305" in ln]
    assert len(warned) == 3, out
    assert "`cfg/../y`" not in out
    assert "`$HOME`" not in out


def test_a_change_past_the_ten_thousandth_file_of_an_input_folder_reruns_the_gate(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Seventh pass, case 16: only the first 10,000 files of a folder input were read, so a
    # change to the 10,005th left the gate up to date. The bound is lowered to 10 here so
    # the test need not write 10,005 files; the code path is the same.
    from runner.run import selection

    monkeypatch.setattr(selection, "INPUT_FILES", 10)
    big = repo / "big"
    big.mkdir()
    for n in range(15):
        (big / f"f{n:05d}.txt").write_text("good\n", encoding="utf-8")
    gated_plan(
        repo,
        "big/\n",
        "| Gate | Command | Inputs |\n| ---- | ------- | ------ |\n"
        "| Big | `! grep -rq bad big` | `big/` |\n",
    )
    assert gate_status(plan("gates", "--json").out) == "passed"
    assert gate_status(plan("gates", "--json").out) == "up_to_date"
    (big / "f00014.txt").write_text("bad, and longer\n", encoding="utf-8")
    assert gate_status(plan("gates", "--json").out) == "failed"
