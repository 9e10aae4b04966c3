"""`plan brief`: everything whoever does a task needs, in one document (docs/cli.md, "brief").

`build` gathers it from the plan, the working tree and the state folder; `BriefDoc.json()` is
the `--json` document and `render` the text a terminal (or an agent's stdin) gets. Every piece
of text that comes from a file or a command's output is masked (runner.plan.redact) here,
once, so no renderer can show a secret.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runner.outputs import documents
from runner.plan.model import Status, Task
from runner.plan.reading import Parsed

if TYPE_CHECKING:
    from runner.plan.expect import Expectation
from runner.workspace.layout import Workspace

PURPOSE_LINES = 5  # the plan's purpose: its first lines, never the whole section
PURPOSE_CHARS = 700  # and not more than this of them
AROUND = 2  # lines shown each side of a `path:line`
HEAD_LINES = 3  # lines shown of a file named without a line
TASK_FILE_LINES = 40  # lines shown of the task's own file (a checklist item naming one)
LINE_CHARS = 200  # a long line of a file is cut
READ_LIMIT = 1 << 20  # a file bigger than this is not read for an excerpt
TAIL_LINES = 10  # the last failure's output lines

_PURPOSE = re.compile(r"purpose|big picture|goal|why|overview|summary", re.IGNORECASE)
_REF = re.compile(r"^(?P<path>.+?):(?P<line>\d+)(?:-\d+)?$")


def _clean(text: str, *, one_line: bool = False) -> str:
    from runner.plan.redact import clean

    return clean(text, os.environ, one_line=one_line)


@dataclass(frozen=True)
class Excerpt:
    """A file the task names: where, and a few lines of it (or why there are none)."""

    name: str  # as the task names it: `src/x.py:12` or `src/x.py`
    path: str
    line: int | None
    lines: tuple[tuple[int, str], ...] = ()
    note: str = ""  # "missing", "outside the repository", "binary", "a folder", ...

    def json(self) -> dict[str, Any]:
        """The file's object in `files`."""
        return {
            "name": self.name,
            "path": self.path,
            "line": self.line,
            "exists": self.note in ("", "a folder"),
            "note": self.note or None,
            "excerpt": [{"line": n, "text": t} for n, t in self.lines],
        }


@dataclass(frozen=True)
class Dependency:
    """A task this one depends on: its status in the plan and its last recorded run."""

    id: str
    status: str
    last_run: str | None

    def json(self) -> dict[str, Any]:
        """The dependency's object in `depends`."""
        return {"id": self.id, "status": self.status, "last_run": self.last_run}


@dataclass(frozen=True)
class Failure:
    """The task's last failure, from the state folder: when, why, its last output lines."""

    when: str
    reason: str
    tail: tuple[str, ...]
    log: str | None

    def json(self) -> dict[str, Any]:
        """The `last_failure` object."""
        return {"when": self.when, "reason": self.reason, "tail": list(self.tail), "log": self.log}


@dataclass(frozen=True)
class BriefDoc:
    """`plan brief [ID]`: one task's brief, or (`task` None) why there is none."""

    shown: str
    title: str
    purpose: tuple[str, ...]
    task: Task | None
    files: tuple[Excerpt, ...] = ()
    depends: tuple[Dependency, ...] = ()
    failure: Failure | None = None
    done_means: str = ""
    gates: tuple[str, ...] = ()
    message: str = ""
    left: str | None = None  # with every task done: "gates" or "acceptance", what is left
    notes: tuple[str, ...] = field(default_factory=tuple)

    def json(self) -> dict[str, Any]:
        """The `--json` document (its keys: docs/cli.md, "plan brief")."""
        body: dict[str, Any] = {
            "schema": documents.SCHEMA,
            "plan": self.shown,
            "title": self.title,
            "purpose": "\n".join(self.purpose),
        }
        t = self.task
        if t is None:
            return {**body, "task": None, "message": self.message, "left": self.left}
        return {
            **body,
            "task": {
                "id": t.id,
                "phase": t.phase,
                "type": t.type,
                "status": t.status.value if t.status else None,
                "description": _clean(t.description, one_line=True),
                "details": [_clean(line, one_line=True) for line in t.body],
                "line": t.line,
                "manual": t.manual,
            },
            "files": [f.json() for f in self.files],
            "commands": [
                {
                    "command": c,
                    "expect": e.describe() if e is not None else None,
                    "expect_lines": _lines(e),
                }
                for c, e in _commands(t)
            ],
            "runs_gates": list(self.gates) if t.runs_gates else None,
            "depends": [d.json() for d in self.depends],
            "last_failure": self.failure.json() if self.failure else None,
            "done_means": self.done_means,
            "notes": list(self.notes),
        }


def _lines(e: Expectation | None) -> list[str]:
    """The lines a transcript expects, for whoever makes the output match."""
    return list(e.lines) if e is not None and e.transcript and not e.kind else []


def _commands(t: Task) -> list[tuple[str, Expectation | None]]:
    expects = list(t.expects) + [None] * (len(t.commands) - len(t.expects))
    return list(zip(t.commands, expects, strict=False))


def purpose(parsed: Parsed) -> tuple[str, ...]:
    """The first lines of the plan's Purpose section (else of its first section's prose)."""
    doc, st = parsed.doc, parsed.structure
    chosen = next((h for h in st.headings if h.level > 1 and _PURPOSE.search(h.text)), None)
    if chosen is None:
        chosen = next((h for h in st.headings if h.level == 1), None)
    if chosen is None:
        return ()
    end = st.section_end(chosen)
    if chosen.level == 1:  # the title's own prose: up to the first sub-heading
        end = next((h.line for h in st.headings if h.line > chosen.line), end)
    found: list[str] = []
    for i in range(chosen.line + 1, end):
        text = doc.lines[i].strip()
        if not text or st.excluded[i] or text.startswith(("|", "<!--")):
            continue
        if chosen.level == 1 and re.match(r"^[-*]\s+\w[\w ]*:", text):
            continue  # the title's metadata bullets (Status, Start) are not its purpose
        room = PURPOSE_CHARS - sum(len(x) for x in found)
        line = _clean(text, one_line=True)
        found.append(line if len(line) <= room else line[: max(room - 1, 0)].rstrip() + "…")
        if len(found) == PURPOSE_LINES or len(line) >= room:
            break
    return tuple(found)


# A task that is a file beside the plan: a checklist item `- [ ] TASK_01_auth.md` (or
# `TASK_04_nav.md – Validation notes`), where the plan keeps each task's steps in a file.
_OWN_FILE = re.compile(r"^[\s*_\[(]*(?P<name>[\w][\w.\-/]*\.(?:md|markdown|txt))(?![\w.\-/])")


def task_file(root: Path, plan_path: Path, t: Task) -> str | None:
    """The file a task's description begins with, found beside the plan (or from the root),
    as a path from the root; None when there is none, or it is outside the repository."""
    m = _OWN_FILE.match(t.description)
    if m is None:
        return None
    real_root = root.resolve()
    for base in (plan_path.parent, root):
        try:
            real = (base / m["name"]).resolve()
        except (OSError, RuntimeError):
            continue
        if real.is_file() and real_root in real.parents:
            return real.relative_to(real_root).as_posix()
    return None


def excerpt(root: Path, name: str, head: int = HEAD_LINES) -> Excerpt:
    """A few lines of a file the task names, from the working tree; never a file outside the
    repository (a symlink followed), never a big or binary one."""
    m = _REF.match(name)
    path, line = (m["path"], int(m["line"])) if m else (name, None)
    target = root / path
    try:
        real, real_root = target.resolve(), root.resolve()
    except (OSError, RuntimeError):
        return Excerpt(name, path, line, note="unreadable")
    if Path(path).is_absolute() or (real != real_root and real_root not in real.parents):
        return Excerpt(name, path, line, note="outside the repository: not shown")
    if not target.exists():
        return Excerpt(name, path, line, note="missing from the working tree")
    if target.is_dir():
        return Excerpt(name, path, line, note="a folder")
    try:
        if target.stat().st_size > READ_LIMIT:
            return Excerpt(name, path, line, note="too big to excerpt")
        data = target.read_bytes()
    except OSError as exc:
        return Excerpt(name, path, line, note=f"unreadable ({exc.strerror})")
    if b"\0" in data[:8192]:
        return Excerpt(name, path, line, note="binary")
    lines = data.decode("utf-8", errors="replace").splitlines()
    if line is None:
        first, last = 1, min(len(lines), head)
    elif line > len(lines):
        return Excerpt(name, path, line, note=f"has {len(lines)} lines, not {line}")
    else:
        first, last = max(1, line - AROUND), min(len(lines), line + AROUND)
    shown = _clean("\n".join(lines[first - 1 : last])).split("\n")
    cut = [t if len(t) <= LINE_CHARS else t[: LINE_CHARS - 1] + "…" for t in shown]
    return Excerpt(name, path, line, tuple(zip(range(first, first + len(cut)), cut, strict=False)))


def _files(root: Path, plan_path: Path, t: Task) -> tuple[Excerpt, ...]:
    """The files the task names, its own file (if it is one) first and longer."""
    named = tuple(excerpt(root, f) for f in t.files)
    own = task_file(root, plan_path, t)
    if own is None or any(e.path == own for e in named):
        return named
    return (excerpt(root, own, head=TASK_FILE_LINES), *named)


def _last_run(last: dict[str, Any] | None) -> str | None:
    if not last:
        return None
    words = f"{last['status']} at {last['when']}"
    if last.get("by_hand"):
        words += " (by hand)"
    return words


def done_means(t: Task, gates: tuple[str, ...]) -> str:
    """What proves the task: what `plan next` will run, or that a person marks it."""
    if t.runs_gates:
        return (
            "`plan next` runs the Quality Gates (" + ", ".join(gates) + "); every gate must pass."
        )
    if t.manual:
        why = "; ".join(a.describe() for a in t.acting)
        acting = f" (its commands act, not check: {why})" if why else ""
        return (
            f"nothing runs{acting}: a person checks the work and marks it with `plan done {t.id}`."
        )
    n = len(t.commands)
    what = "its command" if n == 1 else f"its {n} commands"
    must = "show what the plan expects" if any(t.expects) else "exit 0"
    return (
        f"`plan next` runs {what} from the repository's root; each must {must}."
        " The runner records the result in the plan; a pass written by hand does not count."
    )


def build(ws: Workspace, path: Path, parsed: Parsed, task_id: str | None) -> BriefDoc:
    """The brief of `task_id`, else of the next task; `task` None when there is none."""
    from runner.errors import UnknownTaskError
    from runner.workspace import state

    p = parsed.plan
    shown = ws.display(path)
    head = (shown, _clean(p.title, one_line=True), purpose(parsed))
    if task_id is not None:
        t = p.task(task_id)
        if t is None:
            raise UnknownTaskError(task_id=task_id, plan=shown, known=[x.id for x in p.tasks])
    else:
        t = p.next_task()
    if t is None:
        message, left = _nothing(ws, path, parsed)
        return BriefDoc(*head, task=None, message=message, left=left)
    last = state.last_results(ws, path)
    depends = tuple(
        Dependency(
            d,
            (dep.status.value if dep.status else "unknown") if (dep := p.task(d)) else "missing",
            _last_run(dict(last[f"task:{d}"]) if f"task:{d}" in last else None),
        )
        for d in t.depends
    )
    failure = None
    mine = last.get(f"task:{t.id}")
    if mine is not None and mine.get("status") == Status.FAILED.value:
        tail = mine.get("tail") or ""
        failure = Failure(
            mine["when"],
            mine.get("reason") or "failed",
            tuple(tail.splitlines()[-TAIL_LINES:]),
            ws.display(Path(log)) if (log := mine.get("log")) else None,
        )
    notes: list[str] = []
    if failure is None and t.status is Status.FAILED:
        failure = journaled_failure(parsed, t.id)
        if failure is None:
            notes.append("the plan says it failed; no run of it is recorded here")
    gates = tuple(g.name for g in p.gates)
    return BriefDoc(
        *head,
        task=t,
        files=_files(ws.root, path, t),
        depends=depends,
        failure=failure,
        done_means=done_means(t, gates),
        gates=gates,
        notes=tuple(notes),
    )


_STAMPED = re.compile(r"^\s*[-*]\s+\((?P<when>[^)]*)\)\s+(?P<text>.*)$")


def journaled_failure(parsed: Parsed, task_id: str) -> Failure | None:
    """The task's last failure as the journal tells it: a clone has the plan but not this
    machine's state folder, and the journal line holds the failure's summary."""
    said = re.compile(rf"\btask {re.escape(task_id)}\b.*\bfailed\b")
    for line in reversed(parsed.doc.lines):
        m = _STAMPED.match(line)
        if m and said.search(m["text"]):
            text = _clean(m["text"], one_line=True)
            reason = text.split(": ", 1)[1] if ": " in text else text
            return Failure(m["when"], reason, (), None)
    return None


def _nothing(ws: Workspace, path: Path, parsed: Parsed) -> tuple[str, str | None]:
    """Why no task is next, and whether acceptance is what is left."""
    from runner.outputs.terminal import nothing_next

    p = parsed.plan
    tasks_done = bool(p.tasks) and all(t.status is not None and t.status.done for t in p.tasks)
    open_gates = [g.name for g in p.gates if g.status is not Status.PASSED]
    if tasks_done and open_gates:
        return (
            "every task is done; the Quality Gates are left ("
            + ", ".join(open_gates)
            + "): run them with `plan gates` (the MCP tool `gates`)",
            "gates",
        )
    if p.complete() and p.status != "Complete":
        from runner.plan.acceptance import acceptance_checks, accepted
        from runner.workspace import state

        checks = acceptance_checks(parsed)
        if checks and not accepted(checks, state.last_acceptance(ws, path)):
            return (
                "every task is done; acceptance is left: run the plan's acceptance checks"
                " (`plan accept`; the MCP tool `accept`) to mark it Complete",
                "acceptance",
            )
    if tasks_done:
        return "the plan is complete: every task is done", None
    return nothing_next(p).removeprefix("next: "), None


def render(doc: BriefDoc) -> str:
    """The brief as text, for a terminal or an agent's stdin."""
    lines = [f"plan: {doc.shown} — {doc.title}"]
    if doc.purpose:
        lines += ["", "purpose:"] + [f"  {x}" for x in doc.purpose]
    t = doc.task
    if t is None:
        return "\n".join([*lines, "", f"task: none — {doc.message}"])
    where = f"phase {t.phase}, " if t.phase else ""
    status = t.status.value if t.status else "unknown"
    lines += [
        "",
        f"task {t.id}" + (f" ({t.type})" if t.type else "") + f" — {where}{status}, line {t.line}",
        f"  {_clean(t.description, one_line=True)}",
    ]
    lines += [f"  {_clean(b, one_line=True)}" for b in t.body]
    if doc.files:
        lines += ["", "files:"]
        for f in doc.files:
            lines.append(f"  {f.name}" + (f" ({f.note})" if f.note else ""))
            lines += [f"    {n:>5} | {text}" for n, text in f.lines]
    if t.runs_gates:
        lines += ["", "runs: the Quality Gates (" + ", ".join(doc.gates) + ")"]
    elif t.commands:
        lines += ["", "commands:"]
        for c, e in _commands(t):
            lines.append(f"  $ {c}")
            if e is not None:
                lines.append(f"    expect: {e.describe()}")
                if e.transcript and not e.kind and len(e.lines) > 1:
                    lines += [f"      {x}" for x in e.lines]
    if doc.depends:
        lines += ["", "depends on:"]
        for d in doc.depends:
            last = f" (last run: {d.last_run})" if d.last_run else ""
            lines.append(f"  {d.id}: {d.status}{last}")
    if doc.failure is not None:
        fail = doc.failure
        lines += ["", f"last failure ({fail.when}): {fail.reason}"]
        lines += [f"  | {x}" for x in fail.tail]
        if fail.log:
            lines.append(f"  log: {fail.log}")
    lines += [f"note: {n}" for n in doc.notes]
    lines += ["", f"done means: {doc.done_means}"]
    return "\n".join(lines)
