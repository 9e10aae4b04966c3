"""One implementation of every command: a function that does the work and returns a typed
document. The CLI renders a document as text (or prints its `json()`), MCP returns its
`json()`: so a tool's answer is exactly the CLI's `--json` document, and the rules (which plan,
"inside the repository", what counts) are applied once, here.

No printing, no exiting: errors are `PlanError`s (runner.errors) with their exit code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runner.errors import (
    ConflictMarkersError,
    NoPlansError,
    NoTrackerError,
    OutsideRepositoryError,
    PlanError,
    UnknownTaskError,
    UnreadablePlanError,
    UnusablePlanError,
    UsageError,
)
from runner.outputs import documents
from runner.plan.model import Plan, Problem, Status, Task
from runner.plan.reading import no_tracker_reason
from runner.workspace import layout, planfile
from runner.workspace.paths import lexical, os_errors

if TYPE_CHECKING:
    from runner.outputs.brief import BriefDoc
    from runner.plan.ci import Marks
    from runner.run.context import Hooks, Outcome
    from runner.run.loop import LoopOutcome
    from runner.run.options import Action, LoopOptions, RunOptions
    from runner.vcs.history import Record
    from runner.workspace.state import LastResult

__all__ = [
    "BriefDoc",
    "HistoryDoc",
    "Hooks",
    "LintDoc",
    "ListDoc",
    "Outcome",
    "ShowDoc",
    "StatusDoc",
    "brief",
    "check_output",
    "history",
    "lint",
    "list_plans",
    "new",
    "outcome_json",
    "run",
    "show",
    "status",
]


def __getattr__(name: str) -> Any:
    """`Hooks` and `Outcome`, the run's types, imported when first asked for: the reading
    commands never need the run layer, and importing it cost each `plan status` start-up."""
    if name in ("Hooks", "Outcome"):
        from runner.run import context

        return getattr(context, name)
    if name == "BriefDoc":
        from runner.outputs import brief as briefing

        return briefing.BriefDoc
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class StatusDoc:
    """`plan status`: the plan, where it is, and how its acceptance checks fared."""

    shown: str
    plan: Plan
    acceptance: dict[str, int] | None = None

    def json(self) -> dict[str, Any]:
        """The `--json` document."""
        body = documents.status_json(self.plan, self.shown)
        return {"schema": documents.SCHEMA, **body, "acceptance": self.acceptance}


def status(plan: str | None = None, cwd: Path | None = None) -> StatusDoc:
    """`plan status`: a plan with no tracker is unusable (exit 3)."""
    from runner.plan.acceptance import acceptance_checks, progress
    from runner.workspace import state

    ws, path = planfile.locate(plan, cwd)
    shown = ws.display(path)
    parsed = planfile.read_plan(ws, path)
    if parsed.plan.tracker is None:
        raise NoTrackerError(path=shown, why=no_tracker_reason(parsed.plan))
    checks = acceptance_checks(parsed)
    accepted = progress(checks, state.last_acceptance(ws, path)) if checks else None
    return StatusDoc(shown, parsed.plan, accepted)


@dataclass(frozen=True)
class ShowDoc:
    """`plan show ID`: one task, its plan, and its last recorded result."""

    shown: str
    plan: Plan
    task: Task
    last: LastResult | None

    def json(self) -> dict[str, Any]:
        """The `--json` document."""
        task = documents.task_json(self.task)
        return {
            "schema": documents.SCHEMA,
            "plan": self.shown,
            "task": task,
            "last_result": self.last,
        }


def show(task_id: str, plan: str | None = None, cwd: Path | None = None) -> ShowDoc:
    """`plan show ID`: an ID the plan does not have is a usage error (exit 2)."""
    from runner.workspace.state import last_results

    ws, path = planfile.locate(plan, cwd)
    shown = ws.display(path)
    p = planfile.read_plan(ws, path).plan
    task = p.task(task_id)
    if task is None:
        raise UnknownTaskError(task_id=task_id, plan=shown, known=[t.id for t in p.tasks])
    return ShowDoc(shown, p, task, last_results(ws, path).get(f"task:{task.id}"))


def brief(task_id: str | None = None, plan: str | None = None, cwd: Path | None = None) -> BriefDoc:
    """`plan brief [ID]`: the self-contained brief of a task (the next one by default); an ID
    the plan does not have is a usage error (exit 2); no task next is a brief whose `task` is
    None and says why (the plan complete, acceptance left, tasks waiting)."""
    from runner.outputs import brief as briefing

    ws, path = planfile.locate(plan, cwd)
    return briefing.build(ws, path, planfile.read_plan(ws, path), task_id)


@dataclass(frozen=True)
class LintDoc:
    """`plan lint`: how many plans were checked, and every problem found in them."""

    checked: int
    problems: tuple[Problem, ...]

    def count(self, severity: str) -> int:
        """How many problems of this severity."""
        return sum(p.severity == severity for p in self.problems)

    def json(self) -> dict[str, Any]:
        """The `--json` document."""
        found = [documents.problem_json(p) for p in self.problems]
        return {"schema": documents.SCHEMA, "problems": found}


def lint(plans: list[str] | None = None, cwd: Path | None = None) -> LintDoc:
    """`plan lint [PLAN...]`: the plans named, else every plan of the plans folder."""
    from runner.plan.lint import lint as run_lint
    from runner.workspace.bounded import file_line_counter, input_leads_out
    from runner.workspace.config import plan_files, resolve_plan

    here = layout.workspace(cwd)
    if plans:
        with os_errors(", ".join(plans)):
            paths = [lexical(resolve_plan(n, here.cwd, here.plans_dir)) for n in plans]
    else:
        with os_errors(here.display(here.plans_dir)):
            paths = plan_files(here.plans_dir)
        if not paths:
            raise NoPlansError(looked_in=here.looked_in())
    found: list[Problem] = []
    counters: dict[Path, Any] = {}
    for path in paths:
        try:
            ws = layout.for_plan(here, path)  # each plan in its own repository, inside it
        except OutsideRepositoryError as exc:
            if plans:
                raise  # a plan named that leads out of its repository: exit 2
            # One of all the plans is a link out: said as a problem, the others still read.
            found.append(Problem(1, "P004", "error", exc.reason, here.display(path)))
            continue
        counter = counters.setdefault(ws.root, file_line_counter(ws.root))
        shown = ws.display(path)
        try:
            parsed = planfile.read_plan(ws, path)
        except ConflictMarkersError as exc:
            code = exc.code or ""
            found += [Problem(line, code, "error", what, shown) for line, _, what in exc.conflicts]
            continue
        except UnusablePlanError as exc:
            code = exc.code or UnreadablePlanError.code or ""
            found.append(Problem(exc.line or 1, code, "error", exc.reason, shown))
            continue
        found += [
            Problem(p.line, p.code, p.severity, p.message, shown)
            for p in run_lint(parsed, counter, input_leads_out(ws.root))
        ]
    return LintDoc(len(paths), tuple(found))


def hook_plans(files: list[str], cwd: Path | None = None) -> list[str]:
    """Of the files a pre-commit hook gives, the plans of the plans folder (or, with the
    search on, of any folder searched), as paths to lint."""
    ws = layout.workspace(cwd)
    return [ws.display(p) for p in planfile.plans_among(ws, files)]


@dataclass(frozen=True)
class PlanEntry:
    """One line of `plan list`: a plan, an unreadable one (`error`), or with `--all` a
    Markdown file that is not a plan (`not_a_plan`)."""

    shown: str
    plan: Plan | None = None
    error: str | None = None
    not_a_plan: str | None = None

    def json(self) -> dict[str, Any]:
        """The entry's object in `plans`."""
        if self.not_a_plan is not None:
            return {"plan": self.shown, "not_a_plan": self.not_a_plan}
        if self.plan is None:
            return {"plan": self.shown, "error": self.error}
        p = self.plan
        done = sum(1 for t in p.tasks if t.status and t.status.done)
        nxt = p.next_task()
        return {
            "plan": self.shown,
            "title": p.title,
            "status": p.status,
            "done": done,
            "total": len(p.tasks),
            "next": nxt.id if nxt else None,
            "state": _state(p),
        }


def _state(p: Plan) -> str:
    """Where the plan's tasks stand, whatever its Status line says (many real plans have
    none): `complete` (every task and gate done), `not_started` (no task touched) or
    `in_progress`."""
    if p.complete():
        return "complete"
    if all(t.status is Status.OUTSTANDING for t in p.tasks):
        return "not_started"
    return "in_progress"


@dataclass(frozen=True)
class ListDoc:
    """`plan list`: every plan of the plans folder, and where `plan` looked."""

    entries: tuple[PlanEntry, ...]
    looked_in: str

    def json(self) -> dict[str, Any]:
        """The `--json` document."""
        return {"schema": documents.SCHEMA, "plans": [e.json() for e in self.entries]}


def list_plans(cwd: Path | None = None, *, every: bool = False, only: str | None = None) -> ListDoc:
    """`plan list [PLAN] [--all]`: each plan read as `plan status` reads it; a plan that
    resolves outside its repository, or cannot be read, is listed with the reason instead.
    `only` names one plan (a path or a name) to list alone."""
    from runner.workspace.config import candidate_files, not_plan_reason, resolve_plan

    ws = layout.workspace(cwd)
    entries: list[PlanEntry] = []
    files = candidate_files(ws.plans_dir)
    if only is not None:
        with os_errors(only):
            chosen = lexical(resolve_plan(only, ws.cwd, ws.plans_dir))
        layout.for_plan(ws, chosen)  # outside its repository: refused, as everywhere
        files = [f for f in files if lexical(f) == chosen] or [chosen]
    for path in files:
        shown = ws.display(path)
        reason = not_plan_reason(path)
        if reason is not None:
            if every:
                entries.append(PlanEntry(shown, not_a_plan=reason))
            continue
        try:
            own = layout.for_plan(ws, path)  # never read a plan that resolves outside
            entries.append(PlanEntry(shown, plan=planfile.read_plan(own, path).plan))
        except PlanError as exc:
            entries.append(PlanEntry(shown, error=exc.render()))
    return ListDoc(tuple(entries), ws.looked_in())


@dataclass(frozen=True)
class HistoryDoc:
    """`plan history [ID]`: the results recorded in the plan's commit trailers."""

    shown: str
    name: str | None
    records: tuple[Record, ...] = field(default_factory=tuple)

    def json(self) -> dict[str, Any]:
        """The `--json` document."""
        rows = [
            {"commit": r.sha, "time": r.when, "kind": r.kind, "name": r.name, "result": r.result}
            for r in self.records
        ]
        return {"schema": documents.SCHEMA, "plan": self.shown, "history": rows}


def history(
    name: str | None = None, plan: str | None = None, cwd: Path | None = None
) -> HistoryDoc:
    """`plan history [ID]`: every result of the plan, or of one task or gate, oldest first."""
    from runner import vcs

    ws, path = planfile.locate(plan, cwd)
    records = [r for r in vcs.history(ws.root, path) if name is None or r.name == name]
    return HistoryDoc(ws.display(path), name, tuple(records))


def run(
    action: Action,
    plan: str | None,
    options: RunOptions,
    *,
    cwd: Path | None = None,
    hooks: Hooks | None = None,
) -> Outcome:
    """`plan next|run|gates|verify|accept|done|fail|reset|journal`: the whole run, typed;
    `outcome_json(outcome)` is its `--json` document."""
    from runner.run import workflow

    ws, path = planfile.locate(plan, cwd)
    return workflow.run(action, ws, path, options, hooks)


def outcome_json(outcome: Outcome) -> dict[str, Any]:
    """A run's `--json` document, with the exit code the CLI exits with."""
    body = documents.outcome_json(outcome)
    return {"schema": documents.SCHEMA, **body, "exit_code": outcome.exit_code}


def what_is_left(outcome: Outcome, cwd: Path | None = None) -> dict[str, Any]:
    """After `plan next` found no task to run: `left` ("acceptance" when every task is done
    and the plan's acceptance checks are what is left, else null) and a `message` saying
    why; empty while a task is next, on a dry run, or when the plan cannot be read again."""
    if outcome.next_task is not None or outcome.plan is None or outcome.planned:
        return {}
    if outcome.manual or outcome.signum:
        return {}
    try:
        doc = brief(None, outcome.shown, cwd)
    except PlanError:
        return {}
    return {"left": doc.left, "message": doc.message}


def check_output(path: Path, what: str, cwd: Path | None = None) -> Path:
    """Refuse, before anything runs, an output file (`--junit`) that would land on a plan,
    in git's own files, on a folder, or through a symlink outside the repository. The
    repository's root, which the file must then be written inside (`write_output`)."""
    from runner.workspace import state

    ws = layout.workspace(cwd)
    state.check_output_target(ws, path, what)
    return ws.root


def remember_output(plan: str, path: Path, cwd: Path | None = None) -> None:
    """A report written inside the work tree (a JUnit file) is the runner's own: the next
    `plan gates` leaves it out of the fingerprint."""
    from runner.workspace import state

    here = layout.workspace(cwd)
    state.remember_output(layout.for_plan(here, here.cwd / plan), path)


@dataclass(frozen=True)
class NewDoc:
    """`plan new`: the plan created."""

    shown: str

    def json(self) -> dict[str, Any]:
        """The `--json` document."""
        return {"schema": documents.SCHEMA, "plan": self.shown}


def new(title: str, cwd: Path | None = None, *, now: datetime | None = None) -> NewDoc:
    """`plan new TITLE`: a numbered, slugged plan from the bundled template, on the branch
    the repository is on."""
    from runner import vcs
    from runner.workspace import template

    ws = layout.workspace(cwd)
    branch = vcs.branch(ws.root) if ws.git_dir is not None else None
    if branch == "detached HEAD":  # vcs.branch's word for "no branch": the template's default
        branch = None
    path = template.create(ws.plans_dir, title, branch=branch or "", now=now)
    return NewDoc(ws.display(path))


@dataclass(frozen=True)
class ReportDoc:
    """`plan report`: where the page was written, and the plans it could not read."""

    shown: str
    path: Path
    warnings: tuple[str, ...] = ()

    def json(self) -> dict[str, Any]:
        """What an agent needs: the page's path and what it could not show."""
        return {"schema": documents.SCHEMA, "report": self.shown, "warnings": list(self.warnings)}


def report_data(plans: list[str], cwd: Path | None = None, *, now: datetime) -> dict[str, Any]:
    """`plan report --json`: the data the page is drawn from."""
    from runner.outputs.page import data as pagedata
    from runner.outputs.page import render

    ws = layout.workspace(cwd)
    return pagedata.to_json(render.build(ws, plans, now))


def report(
    plans: list[str], output: Path | None, cwd: Path | None = None, *, now: datetime
) -> ReportDoc:
    """`plan report [PLAN...] [-o PATH]`: one self-contained page (default: in the state
    folder), the plans named or all of them."""
    from runner.outputs.page import render

    ws = layout.workspace(cwd)
    path, data = render.write_report(ws, plans, output, now)
    warnings = tuple(p.error for p in data.plans if p.error)
    return ReportDoc(ws.display(path), path, warnings)


def report_html(plans: list[str], cwd: Path | None = None, *, now: datetime) -> str:
    """`plan report -o -`: the page itself, for standard output (nothing is written)."""
    from runner.outputs.page import render

    ws = layout.workspace(cwd)
    return render.render(render.build(ws, plans, now))


def merge(base: Path, ours: Path, theirs: Path, path: str | None = None) -> int:
    """`plan merge BASE OURS THEIRS [PATH]`: git's merge driver; 0 clean, 1 conflicts left."""
    from runner.merge import driver

    return driver.run(base, ours, theirs, path)


def merge_driver(action: str, cwd: Path | None = None) -> list[str]:
    """`plan merge-driver install|uninstall`: what was done, as git commands."""
    from runner.merge import driver

    step = {"install": driver.install, "uninstall": driver.uninstall}.get(action)
    if step is None:
        raise UsageError(f"merge-driver: '{action}' is not install or uninstall")
    return step(cwd or Path.cwd())


def plan_names(cwd: Path | None = None) -> list[tuple[str, Path]]:
    """The plans of the plans folder by their short names (completion), without reading
    them."""
    from runner.workspace.config import plan_files, plan_label

    ws = layout.workspace(cwd)
    return [(plan_label(ws.plans_dir, p), p) for p in plan_files(ws.plans_dir)]


def shown(path: Path, cwd: Path | None = None) -> str:
    """A path as the CLI shows it: relative to the current folder."""
    return layout.workspace(cwd).display(path)


def plan_repository(plan: str, cwd: Path | None = None) -> Path:
    """The repository the plan named belongs to (its own, which may not be the current
    folder's): MCP checks it is one the server serves."""
    ws, _ = planfile.locate(plan, cwd)
    return ws.root.resolve()


def repository(folder: Path) -> Path:
    """The repository a folder belongs to (git's top level above it; else the folder)."""
    return layout.workspace(folder).root.resolve()


def read(plan: str | None = None, cwd: Path | None = None) -> Plan:
    """The plan named (or the default one), as `plan status` reads it (completion)."""
    ws, path = planfile.locate(plan, cwd)
    return planfile.read_plan(ws, path).plan


@dataclass(frozen=True)
class LoopDoc:
    """`plan loop`: each agent turn and the proof after it, every run recorded, why the loop
    stopped, and the exit code it stops with."""

    shown: str
    outcome: LoopOutcome

    @property
    def exit_code(self) -> int:
        """README "Exit codes", for the whole loop."""
        return self.outcome.exit_code

    def json(self) -> dict[str, Any]:
        """The `--json` document."""
        o = self.outcome
        last = next((r for r in reversed(o.runs) if r.plan is not None), None)
        nxt = last.next_task if last is not None else None
        return {
            "schema": documents.SCHEMA,
            "plan": self.shown,
            "stopped": o.stopped,
            "proven": o.proven,
            "failed": o.failed,
            "turns": [t.json() for t in o.turns],
            "runs": [documents.outcome_json(r) for r in o.runs],
            "summary": o.summary,
            "notices": list(o.notices),
            "next": nxt.id if nxt else None,
            "elapsed_s": round(o.elapsed_s, 3),
            "exit_code": self.exit_code,
        }


def loop(
    options: LoopOptions,
    plan: str | None,
    run_options: RunOptions,
    *,
    cwd: Path | None = None,
    hooks: Hooks | None = None,
    shown: Callable[[Outcome], None] | None = None,
) -> LoopDoc:
    """`plan loop --agent CMD`: the plan carried by the agent, each task proved by its own
    validation (runner.run.loop); `shown` sees each run as it is recorded."""
    from runner.run import loop as looping
    from runner.run.context import Hooks as RunHooks

    ws, path = planfile.locate(plan, cwd)
    outcome = looping.loop(ws, path, options, run_options, hooks or RunHooks(), _brief_text, shown)
    return LoopDoc(ws.display(path), outcome)


def _brief_text(path: Path, task_id: str) -> str:
    """What `plan brief ID` prints for the plan at `path`: what the loop gives its agent."""
    from runner.outputs import brief as briefing

    return briefing.render(brief(task_id, str(path))) + "\n"


def _in_repository(ws: layout.Workspace, path: Path) -> str:
    """The plan's path in its repository, as CI jobs (which start at its root) name it."""
    import os

    return os.path.relpath(path, ws.root).replace(os.sep, "/")


def junit_marks(
    shown: str,
    plan: Plan | None,
    hostname: str,
    cwd: Path | None = None,
    tested: tuple[str, bool] | None = None,
) -> Marks:
    """What `plan` writes into a JUnit file about `plan` so `plan ci collect` can read it
    back: the plan's path in its repository, where the run was, its commands' digests, the
    commit it tested (`tested`, from `checked_out` before the run)."""
    import os

    from runner.plan import ci

    ws, path = planfile.locate(shown, cwd)
    return ci.marks(_in_repository(ws, path), plan, os.environ, hostname, tested)


def checked_out(shown: str | None, cwd: Path | None = None) -> tuple[str, bool] | None:
    """The commit checked out, and whether the tracked files hold its content apart from the
    plan's own: what a run about to start tests. None when it cannot be told (no plan, no
    commit); the run itself then says what is wrong."""
    from runner import vcs

    try:
        ws, path = planfile.locate(shown, cwd)
    except (PlanError, OSError):
        return None
    return vcs.checked_out(ws.root, _plan_paths(ws, path))


def _plan_paths(ws: layout.Workspace, path: Path) -> list[str]:
    """The plan's path in its repository, and the file it links to when that is in it."""
    import os

    paths = [_in_repository(ws, path)]
    try:
        real = path.resolve()
        target = os.path.relpath(real, ws.root.resolve()).replace(os.sep, "/")
    except (OSError, ValueError):
        return paths
    if not target.startswith(".."):
        paths.append(target)
    return paths


@dataclass(frozen=True)
class MatrixDoc:
    """`plan ci matrix`: a GitHub Actions `strategy.matrix`, one entry a gate (or a task)."""

    include: tuple[dict[str, str], ...]

    def json(self) -> dict[str, Any]:
        """The matrix itself (no `schema` key: `fromJSON` would take it for a dimension)."""
        return {"include": [dict(e) for e in self.include]}


def ready_tasks(plan: Plan) -> list[Task]:
    """The tasks that can run now: not done, skipped or blocked, every dependency done, and
    something to run (a manual task is a person's)."""
    from runner.plan.model import Status

    done = {t.id for t in plan.tasks if t.status is not None and t.status.done}
    open_ = (Status.OUTSTANDING, Status.IN_PROGRESS, Status.FAILED)
    return [
        t
        for t in plan.tasks
        if t.status in open_ and not t.manual and all(d in done for d in t.depends)
    ]


def ci_matrix(
    plan: str | None = None, *, tasks: bool = False, cwd: Path | None = None
) -> MatrixDoc:
    """`plan ci matrix [PLAN] [--tasks]`: the plan's gates that have commands (or the tasks
    that can run now), each with `key`, a name safe for files and artifacts."""
    from runner.workspace.names import safe_name

    ws, path = planfile.locate(plan, cwd)
    parsed = planfile.read_plan(ws, path).plan
    where = _in_repository(ws, path)
    entries: list[dict[str, str]] = []
    if tasks:
        if parsed.tracker is None:
            raise NoTrackerError(path=ws.display(path), why=no_tracker_reason(parsed))
        for t in ready_tasks(parsed):
            entries.append({"plan": where, "task": t.id, "key": "task-" + safe_name(t.id)})
    else:
        for g in parsed.gates:
            if g.commands:
                entries.append({"plan": where, "gate": g.name, "key": safe_name(g.name)})
    return MatrixDoc(tuple(entries))


@dataclass(frozen=True)
class InitDoc:
    """`plan ci init`: the workflow written, for which plan."""

    shown: str
    plan: str

    def json(self) -> dict[str, Any]:
        """The `--json` document."""
        return {"schema": documents.SCHEMA, "workflow": self.shown, "plan": self.plan}


def ci_init(plan: str | None = None, *, force: bool = False, cwd: Path | None = None) -> InitDoc:
    """`plan ci init [PLAN]`: write `.github/workflows/plan.yml` for the plan; an existing
    file is kept unless `force`."""
    from runner.outputs.workflow import PATH, workflow_yaml
    from runner.workspace import state

    ws, path = planfile.locate(plan, cwd)
    where = _in_repository(ws, path)
    if "${{" in where or any(ord(c) < 32 for c in where):
        # GitHub evaluates `${{ }}` in `env:` values too: such a path cannot be data there.
        raise UsageError(
            f"{ws.display(path)}: a plan path with `${{{{` or control characters"
            " cannot be named in a workflow; rename the plan"
        )
    target = ws.root / PATH
    shown = ws.display(target)
    state.check_output_target(ws, target, "the workflow")
    if (target.exists() or target.is_symlink()) and not force:
        raise UsageError(f"{shown} exists; `plan ci init --force` writes it again")
    with os_errors(shown):
        state.write_output(
            target, workflow_yaml(where, ws.display(path)).encode("utf-8"), inside=ws.root
        )
    return InitDoc(shown, ws.display(path))
