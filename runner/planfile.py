"""Reading a plan from disk and choosing the default plan; no processes, no git."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from runner.config import Settings, find_root, load_settings, plan_files, resolve_plan, state_dir
from runner.errors import UnusablePlanError, UsageError
from runner.lint import normalise_plan_status
from runner.markdown import Document, NotUtf8Error
from runner.plandoc import Parsed, parse_document


@dataclass(frozen=True)
class Workspace:
    """Where a command runs: repository root, git dir, settings, plans folder, state folder."""

    cwd: Path
    root: Path
    git_dir: Path | None
    settings: Settings

    @property
    def plans_dir(self) -> Path:
        """The plans folder (`[tool.plan] plans_dir`, default `plans/`)."""
        return self.root / self.settings.plans_dir

    @property
    def state(self) -> Path:
        """The runner's state folder."""
        return state_dir(self.root, self.git_dir)

    def display(self, path: Path) -> str:
        """A path as ruff and git show it: relative to the current folder."""
        try:
            return os.path.relpath(path, self.cwd)
        except ValueError:  # another drive on Windows
            return str(path)


def workspace(cwd: Path | None = None) -> Workspace:
    """The workspace around the current folder."""
    here = (cwd or Path.cwd()).resolve()
    root, git_dir = find_root(here)
    return Workspace(here, root, git_dir, load_settings(root))


def read(path: Path, shown: str) -> Parsed:
    """Read and parse a plan; a file that is not UTF-8 is unusable (exit 3)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"no such plan: {shown}") from None
    except OSError as exc:
        raise UnusablePlanError(f"cannot read: {exc.strerror}", path=shown) from None
    try:
        doc = Document.from_bytes(data)
    except NotUtf8Error as exc:
        raise UnusablePlanError(
            f"P001 {exc}; save the plan as UTF-8", path=shown, line=exc.line
        ) from None
    return parse_document(doc)


def choose(ws: Workspace, name: str | None) -> Path:
    """The plan a command works on: named, from PLAN_FILE, or the only open one."""
    if name or os.environ.get("PLAN_FILE"):
        return resolve_plan(name, ws.cwd, ws.plans_dir)
    files = plan_files(ws.plans_dir)
    if not files:
        raise UsageError(
            f"no plans in {ws.display(ws.plans_dir)}; name one, or create one with"
            ' `plan new "Title"`'
        )
    open_plans = []
    for f in files:
        try:
            status = read(f, ws.display(f)).plan.status
        except (UnusablePlanError, UsageError):
            open_plans.append(f)
            continue
        if normalise_plan_status(status) != "Complete":
            open_plans.append(f)
    if len(open_plans) == 1:
        return open_plans[0]
    found = ", ".join(ws.display(f) for f in (open_plans or files))
    why = "several plans are not Complete" if open_plans else "every plan is Complete"
    raise UsageError(f"which plan? {why}: {found}; name one (or set PLAN_FILE)")
