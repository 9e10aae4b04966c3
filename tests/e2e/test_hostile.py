"""Hostile input: generated plans, task IDs with shell metacharacters, secrets in output."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runner.markdown.doc import Document
from runner.plan.edits import SetTaskStatus, apply
from runner.plan.lint import lint
from runner.plan.model import Status
from runner.plan.reading import parse, parse_document
from tests.conftest import git
from tests.helpers import plan

NASTY = [
    "|",
    "\\|",
    "`",
    "``",
    "\\",
    "<!--",
    "-->",
    "```",
    "~~~",
    "#",
    "- [ ]",
    "[x]",
    "✅",
    "⏸️",
    "\x00",
    "\x07",
    "\x0b",
    "\x0c",
    "\x1b[31m",
    "\u2028",
    "\ufeff",
    "\r",
    "é",
    " ",
    "\t",
    "X",
    "@",
    "!",
    "done",
    "<div>",
    "*",
]

cell = st.lists(st.sampled_from([*NASTY, "a", "b c", "x" * 300]), max_size=6).map("".join)


@st.composite
def table(draw: st.DrawFn) -> list[str]:
    width = draw(st.integers(1, 5))
    header = draw(
        st.sampled_from(
            [
                "Status",
                "Task",
                "ID",
                "State",
                "Description",
                "Gate",
                "Command",
                "Phase #",
                "Depends",
                "Validation",
                "Junk",
            ]
        )
    )
    names = [
        header,
        *(
            draw(st.sampled_from(["Status", "Task", "Notes", "ID", "Depends"]))
            for _ in range(width - 1)
        ),
    ]
    rows = draw(st.lists(st.lists(cell, min_size=0, max_size=width + 1), max_size=5))
    lines = ["| " + " | ".join(names) + " |", "|" + "---|" * draw(st.integers(1, width + 1))]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return lines


@st.composite
def document(draw: st.DrawFn) -> str:
    blocks: list[str] = []
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(
            st.sampled_from(
                ["heading", "table", "fence", "comment", "list", "text", "long", "frontmatter"]
            )
        )
        if kind == "heading":
            words = draw(
                st.sampled_from(
                    [
                        "Tasks",
                        "Detailed Phase Task Steps",
                        "Progress",
                        "Progress Per Session",
                        "Quality Gates",
                        "Other",
                    ]
                )
            )
            blocks.append("#" * draw(st.integers(1, 4)) + " " + words + draw(cell))
        elif kind == "table":
            blocks.extend(draw(table()))
        elif kind == "fence":
            blocks.append(draw(st.sampled_from(["```", "~~~", "````md"])))
            blocks.extend(draw(table()))
            if draw(st.booleans()):
                blocks.append("```")
        elif kind == "comment":
            blocks.append("<!-- " + draw(cell))
            if draw(st.booleans()):
                blocks.append("-->")
        elif kind == "list":
            blocks += [
                draw(st.sampled_from(["- [ ] ", "* [x] ", "1. [X] ", "- ("])) + draw(cell)
                for _ in range(draw(st.integers(1, 3)))
            ]
        elif kind == "long":
            blocks.append(draw(cell) * 200)
        elif kind == "frontmatter":
            blocks += ["---", "status: " + draw(cell), "---"]
        else:
            blocks.append(draw(cell))
    endings = draw(
        st.lists(st.sampled_from(["\n", "\r\n"]), min_size=len(blocks), max_size=len(blocks))
    )
    text = "".join(b + e for b, e in zip(blocks, endings, strict=True))
    if draw(st.booleans()):
        text = text.rstrip("\r\n")
    return ("\ufeff" if draw(st.booleans()) else "") + text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document())
def test_fuzz_never_a_traceback_and_round_trip(text: str) -> None:
    plan_ = parse(text)
    assert apply(text, []) == text
    assert Document.from_text(text).text() == text
    lint(parse_document(Document.from_text(text)))
    # A task whose ID another row repeats is refused by design (exit 3, nothing written):
    # the one-line edit property is about a task the plan names once.
    ids = [t.id for t in plan_.tasks]
    sound = [t for t in plan_.tasks if not t.malformed and ids.count(t.id) == 1]
    if sound:
        target = sound[0]
        edited = apply(text, [SetTaskStatus(target.id, Status.FAILED, "2026-01-01T00:00Z")])
        before, after = text.split("\n"), edited.split("\n")
        assert len(before) == len(after)
        changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
        assert changed in ([], [target.line - 1])


HOSTILE_IDS = [
    "../../escape",
    "a b",
    "$(touch pwned)",
    "`touch pwned2`",
    ";touch pwned3",
    "x/../../y",
    "..",
    "é|z",
]


def test_hostile_ids_stay_in_the_state_folder_and_out_of_shells(repo: Path) -> None:
    env_dump = repo / "ids.txt"
    rows = [
        f"| {i + 1} | {tid.replace('|', chr(92) + '|')} |        |"
        f" `printf '%s\\n' \"$PLAN_TASK_ID\" >> {env_dump}` |"
        for i, tid in enumerate(HOSTILE_IDS)
    ]
    text = (
        "# P\n\n- Status: Proposed\n\n## Purpose / Big Picture\n\nx\n\n## Tasks\n\n"
        "| # | ID | Status | Validation |\n|---|---|---|---|\n"
        + "\n".join(rows)
        + "\n\n## Progress Per Session\n\n## Surprises & Discoveries\n\n## Decision Log\n\n"
        "## Outcomes & Retrospective\n"
    )
    (repo / "plans").mkdir()
    (repo / "plans" / "p.md").write_text(text, encoding="utf-8")
    r = plan("run", "--all", "--json")
    assert r.code == 0, r.err
    # Backticks around an ID are markup (`P1.T2`), and `\|` in a cell is a pipe.
    expected = [t.strip("`") for t in HOSTILE_IDS]
    assert env_dump.read_text(encoding="utf-8").splitlines() == expected
    for name in ("pwned", "pwned2", "pwned3"):
        assert not (repo / name).exists()
        assert not (repo.parent / name).exists()
    logs = [Path(c["log"]) for res in r.json()["results"] for c in res["commands"]]
    state = (repo / ".git" / "plan").resolve()
    assert logs
    for log in logs:
        assert log.resolve().is_relative_to(state)
    body = git(repo, "log", "-1", "--format=%B")
    assert "Plan-Task: $(touch pwned)" in body
    assert "Plan-Task: ../../escape" in body
