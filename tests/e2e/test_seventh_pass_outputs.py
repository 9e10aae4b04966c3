"""Issue 19, the seventh attacker's pass over what `plan` prints and writes (cases 17 and 19):
control bytes in every sink, `Last Updated` in the author's zone and form, and
`plan ci collect` tied to the commit its results were tested on.

Each through the CLI in a real git repository; only the clock is replaced."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import git
from tests.helpers import plan, row, write_plan

# Case 19: the clock stands at 12:54:20 UTC on 2026-12-04 (a winter day: Berlin is UTC+1).
NOW = datetime(2026, 12, 4, 12, 54, 20, tzinfo=UTC)


@pytest.mark.parametrize(
    ("written", "now"),
    [
        # The offset or zone kept as written, the time given in it (the UTC time was written).
        ("2026-01-01 10:00 (UTC+2)", "2026-12-04 14:54 (UTC+2)"),
        ("2026-01-01 10:00 UTC+02:00", "2026-12-04 14:54 UTC+02:00"),
        ("2026-01-01 10:00 +02", "2026-12-04 14:54 +02"),
        ("2026-01-01 10:00 GMT+2", "2026-12-04 14:54 GMT+2"),  # not relabelled UTC+2
        ("2026-01-01 10:00 GMT", "2026-12-04 12:54 GMT"),
        ("2026-01-01 10:00 (Europe/Berlin)", "2026-12-04 13:54 (Europe/Berlin)"),
        ("2026-01-01 10:00 Europe/Paris", "2026-12-04 13:54 Europe/Paris"),
        # A 12-hour clock stays one; PST is UTC-8 (was `12:54 UTC PST`).
        ("2026-01-01 10:00 PM PST", "2026-12-04 04:54 AM PST"),
        ("2026-01-01 10:00 AM", "2026-12-04 12:54 PM"),
        # Forms kept: non-breaking hyphens, a dotted day-first date, an ISO week.
        ("2026\u201101\u201101 10:00Z", "2026\u201112\u201104 12:54Z"),
        ("2026\u201101\u201101", "2026\u201112\u201104"),
        ("01.01.2026", "04.12.2026"),
        ("2026-W01", "2026-W49"),
    ],
)
def test_last_updated_gets_the_authors_zone_and_form(
    repo: Path, monkeypatch: pytest.MonkeyPatch, written: str, now: str
) -> None:
    from runner.run import workflow

    monkeypatch.setattr(workflow, "utc_now", lambda: NOW)
    path = write_plan(repo, [row("T1", "`true`")])
    text = path.read_text(encoding="utf-8").replace(
        "Last Updated: 2026-01-01T00:00Z", f"Last Updated: {written}"
    )
    path.write_text(text, encoding="utf-8")
    git(repo, "commit", "-qam", "form")
    assert plan("run", "T1").code == 0
    line = next(ln for ln in path.read_text(encoding="utf-8").splitlines() if "Last Updated" in ln)
    assert line.split("Last Updated: ", 1)[1] == now


# Case 17: no control byte from the repository or the command line reaches a terminal, the
# HTML report or the step summary. E retitles (OSC 0), clears (CSI 2J), colours (C1 CSI),
# returns the cursor (CR) and backs it up (BS).
E = "\x1b]0;PWNED\x07\x1b[2J\u009b31m\r\x08"


def _controls(text: str) -> set[str]:
    """The control characters in `text` a terminal would obey (tab and newline aside)."""
    return {c for c in text if (ord(c) < 32 and c not in "\t\n") or 0x7F <= ord(c) <= 0x9F}


def _evil_plan(repo: Path) -> Path:
    path = write_plan(
        repo, [row("T1", "`true`"), row("T2", "`false`")], [f"| G{E}x | `printf 'g\\n'` | exit 0 |"]
    )
    # Bytes, not text: reading text would turn the CRs into line breaks.
    text = path.read_bytes().decode("utf-8").replace("Run things.", f"Purpose {E} here.")
    text = text.replace("Task T1.", f"one {E} title").replace("Task T2.", f"fail {E}")
    path.write_bytes(text.encode("utf-8"))
    git(repo, "commit", "-qam", "evil words")
    return path


def test_gate_names_reach_no_terminal_raw(repo: Path) -> None:
    _evil_plan(repo)
    for args in (("gates", "--no-commit"), ("gates", "--no-commit", "--force", "-j", "2")):
        result = plan(*args)
        assert result.code == 0, result.err
        assert "gate G" in result.out + result.err  # the name is shown, its controls are not
        assert not _controls(result.out + result.err), (args, result.out, result.err)


def _raw(*args: str) -> str:
    """`plan ARGS`'s stdout and stderr as written (the helper's text turns CRLF into LF)."""
    from typer.testing import CliRunner

    from runner.cli import app

    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return (result.stdout_bytes + result.stderr_bytes).decode("utf-8")


def test_a_title_with_a_carriage_return_cannot_overwrite_its_line(repo: Path) -> None:
    _evil_plan(repo)
    out = _raw("run", "T1")  # T2, whose title ends in a CR, is next
    assert "next: T2 (Code) — fail " in out
    assert not _controls(out), out
    for args in (("next", "--no-commit"), ("show", "T2"), ("brief", "T2"), ("status",)):
        out = _raw(*args)
        assert not _controls(out), (args, out)


def test_a_name_with_a_line_break_stays_on_its_result_line(repo: Path) -> None:
    _evil_plan(repo)
    result = plan("gates", "--no-commit", "-j", "1")
    assert result.code == 0
    assert any(
        ln.startswith("gate G") and re.search(r"x passed in \d+\.\ds$", ln)
        for ln in result.out.splitlines()
    ), result.out


def test_an_argument_is_echoed_without_its_controls(repo: Path) -> None:
    _evil_plan(repo)
    for args in (("history", E), ("show", E), ("run", E), ("brief", E), ("gates", "--only", E)):
        result = plan(*args)
        assert not _controls(result.out + result.err), (args, result.out, result.err)


def test_report_and_step_summary_carry_no_control_bytes(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _evil_plan(repo)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert plan("gates").code == 0
    assert plan("run", "T2").code == 1
    text = summary.read_text(encoding="utf-8")
    assert "gate G" in text
    assert not _controls(text), text
    page = tmp_path / "report.html"
    assert plan("report", "-o", str(page)).code == 0
    html = page.read_text(encoding="utf-8")
    assert "Purpose" in html
    assert not _controls(html)


# Case 19d: `plan ci collect` records a result only for the tree it was tested on.

OK_GATE = ["| Ok | `test -f g` | exit 0 |"]


def _gate_status(path: Path) -> str:
    line = next(ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.startswith("| Ok"))
    return line.strip("|").split("|")[3].strip() if line.count("|") > 4 else ""


def _ok_plan(repo: Path) -> Path:
    path = write_plan(repo, [row("T1", "`true`")], OK_GATE)
    (repo / "g").write_text("here\n", encoding="utf-8")
    git(repo, "add", "g")
    git(repo, "commit", "-qm", "g")
    return path


def test_collect_records_nothing_tested_before_the_tree_changed(repo: Path, tmp_path: Path) -> None:
    path = _ok_plan(repo)
    tested = git(repo, "rev-parse", "HEAD")
    out = tmp_path / "pass.xml"
    assert plan("gates", "--no-commit", "--junit", str(out)).code == 0
    git(repo, "checkout", "-q", "--", "plans")
    git(repo, "rm", "-q", "g")
    git(repo, "commit", "-qm", "no g")
    before = git(repo, "rev-parse", "HEAD")
    result = plan("ci", "collect", str(out))
    assert result.code == 1, result.err
    said = f"gate Ok tested at {tested[:12]}, the tree changed since: not recorded"
    assert said in result.err
    assert _gate_status(path) != "X"  # left as it was: `plan gates` fails on this tree
    # Nothing recorded, nothing written or committed (the eighth pass): the reason is said.
    assert said not in path.read_text(encoding="utf-8")
    assert git(repo, "rev-parse", "HEAD") == before
    assert plan("gates").code == 1


def test_collect_records_nothing_tested_on_changes_not_committed(
    repo: Path, tmp_path: Path
) -> None:
    path = _ok_plan(repo)
    out = tmp_path / "pass.xml"
    (repo / "g").write_text("changed, not committed\n", encoding="utf-8")
    assert plan("gates", "--no-commit", "--junit", str(out)).code == 0
    git(repo, "checkout", "-q", "--", ".")
    result = plan("ci", "collect", str(out))
    assert result.code == 1
    assert "with changes not committed: not recorded" in result.err
    assert _gate_status(path) != "X"


def test_collect_records_a_result_tested_on_a_tree_that_differs_only_in_the_plan(
    repo: Path, tmp_path: Path
) -> None:
    path = _ok_plan(repo)
    out = tmp_path / "pass.xml"
    assert plan("gates", "--no-commit", "--junit", str(out)).code == 0
    git(repo, "checkout", "-q", "--", "plans")
    assert plan("journal", "a note pushed meanwhile").code == 0  # a commit of the plan alone
    result = plan("ci", "collect", str(out))
    assert result.code == 0, result.err
    assert _gate_status(path) == "X"


def test_the_workflow_tests_one_commit_in_every_gate_job(repo: Path) -> None:
    import yaml

    write_plan(repo, [row("T1", "`true`")], OK_GATE)
    assert plan("ci", "init").code == 0
    text = (repo / ".github" / "workflows" / "plan.yml").read_text(encoding="utf-8")
    jobs = yaml.safe_load(text)["jobs"]

    def checkout(job: str) -> dict[str, object]:
        steps = jobs[job]["steps"]
        step = next(s for s in steps if s.get("uses", "").startswith("actions/checkout"))
        return dict(step.get("with", {}))

    assert checkout("matrix")["ref"] == "${{ github.sha }}"
    assert checkout("gate")["ref"] == "${{ github.sha }}"
    assert checkout("collect")["ref"] == "${{ github.ref }}"  # to push; collect compares
    assert checkout("collect")["fetch-depth"] == 0  # with the tested commit at hand


def test_collect_names_a_tested_commit_this_repository_lacks(repo: Path, tmp_path: Path) -> None:
    import re

    path = _ok_plan(repo)
    out = tmp_path / "pass.xml"
    assert plan("gates", "--no-commit", "--junit", str(out)).code == 0
    git(repo, "checkout", "-q", "--", "plans")
    head = git(repo, "rev-parse", "HEAD").strip()
    text = out.read_text(encoding="utf-8")
    assert f'name="plan.commit" value="{head}"' in text
    out.write_text(text.replace(head, "0" * 40), encoding="utf-8")
    result = plan("ci", "collect", str(out))
    assert result.code == 1
    assert "a commit this repository does not have: not recorded" in result.err
    assert _gate_status(path) != "X"
    out.write_text(re.sub(r'(plan.commit" value=")[^"]*', r"\1not-a-sha", text), encoding="utf-8")
    result = plan("ci", "collect", str(out))
    assert result.code == 2
    assert "not a commit id" in result.err
