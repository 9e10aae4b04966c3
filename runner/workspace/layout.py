"""Where a command runs: the repository, its git folder, its settings, its plans folder and
the runner's state folder; and which repository a plan belongs to. No reading of plans."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from runner.errors import StateLinkError, UsageError
from runner.plan.rows import Options
from runner.workspace.config import (
    Settings,
    find_plans_dir,
    find_root,
    load_settings,
    search_folders,
    state_dir,
)
from runner.workspace.paths import aside_name, inside, os_errors, repository_of


@dataclass(frozen=True)
class Workspace:
    """Where a command runs: repository root, git dir, settings, plans folder, state folder."""

    cwd: Path
    root: Path
    git_dir: Path | None
    settings: Settings

    @cached_property
    def plans_dir(self) -> Path:
        """The plans folder: `[tool.plan] plans_dir`, else `plans/`, else the first folder of
        the search that holds a plan (`config.SEARCH`; README, "Finding the plan"). One that
        resolves outside the repository (`/outside`, `../x`, a symlink) is a usage error."""
        folder = find_plans_dir(self.root, self.settings)
        inside(self.root, folder, what="a plans folder", shown=self.display(folder))
        return folder

    def looked_in(self) -> str:
        """Where plans were looked for, for a message: `plans` or `plans/, .agent/, ...`."""
        folders = search_folders(self.root, self.settings)
        if len(folders) == 1:
            return self.display(folders[0])
        return ", ".join(self.display(f) + "/" for f in folders)

    def no_plans(self) -> str:
        """The message for a plans folder with no plan in it: where `plan` looked."""
        return f"no plans in {self.looked_in()}"

    @property
    def cache(self) -> Path | None:
        """Where readers keep each plan's block structure (content-addressed).

        Inside git that is `.git/plan/cache`; outside git only once a run has made the
        `.plan/` folder, so that reading a plan never creates anything in a work tree.
        """
        if self.git_dir is None and not self.state.is_dir():
            return None
        return self.state / "cache"

    @cached_property
    def state(self) -> Path:
        """The runner's state folder. It, and the folders in it, must stay where they are:
        a `.plan` that is a symlink out of the repository (a downloaded tree), or a link in
        it (`.plan/logs -> ~/.ssh`), is a usage error, never written through (issue 19)."""
        folder = state_dir(self.root, self.git_dir)
        anchor = self.git_dir if self.git_dir is not None else self.root
        with os_errors(self.display(folder)):
            where = "the git folder" if self.git_dir is not None else "the repository"
            _contained(anchor.resolve(), folder, self.display(folder), where)
            if not folder.is_dir():
                if folder.exists() or folder.is_symlink():
                    self._not_a_folder(folder)
                return folder
            real = folder.resolve()
            if self.git_dir is not None:
                for name in _SUBFOLDERS:
                    # The thirteenth pass: `logs` or `locks` made a file stopped every run
                    # (exit 70, exit 2); in the git folder they are the runner's own.
                    sub = folder / name
                    if not sub.is_symlink() and sub.exists() and not sub.is_dir():
                        self._not_a_folder(sub)
            for sub in (folder, folder / "logs"):
                for entry in list(os.scandir(sub)) if sub.is_dir() else []:
                    if entry.is_symlink():
                        link = Path(entry.path)
                        _contained(real, link, self.display(link), "the state folder")
        return folder

    def _not_a_folder(self, folder: Path) -> None:
        """The state folder's place taken by a file (a FIFO, a socket, a regular file): in
        the git folder it is the runner's own and disposable, so it is set aside beside it,
        kept, with a note, and the folder is made anew (issue 19, case 1: every command
        stopped with "a part of the path is not a folder"). Outside git `.plan` is in the
        work tree, where a file of that name may be the person's: a usage error that says so.
        """
        shown = self.display(folder)
        if self.git_dir is None:
            raise UsageError(
                f"{shown} is a file, not the runner's state folder: move it away or rename it"
                " (plan never replaces a file of the work tree)"
            )
        aside = aside_name(folder)
        folder.rename(aside)
        sys.stderr.write(
            f"plan: the runner's state folder {shown} was not a folder; it is set aside as"
            f" {aside.name} and made anew (its up-to-date checks and saved results start"
            " afresh)\n"
        )

    def display(self, path: Path) -> str:
        """A path as ruff and git show it: relative to the current folder."""
        try:
            return os.path.relpath(path, self.cwd)
        except ValueError:  # another drive on Windows
            return str(path)


# The folders the runner keeps in its state folder.
_SUBFOLDERS = ("logs", "locks")  # doit, results and cache heal where they are used


def _contained(real_anchor: Path, path: Path, shown: str, outside: str) -> None:
    """A usage error when `path`, symlinks followed, leads out of `real_anchor`."""
    real = path.resolve()
    if real != real_anchor and real_anchor not in real.parents:
        raise StateLinkError(shown=shown, target=str(real), outside=outside)


def workspace(cwd: Path | None = None) -> Workspace:
    """The workspace around the current folder."""
    here = (cwd or Path.cwd()).resolve()
    root, git_dir = find_root(here)
    return Workspace(here, root, git_dir, load_settings(root))


def for_plan(ws: Workspace, path: Path) -> Workspace:
    """The workspace a plan belongs to, whatever the current folder (`ws.cwd`, kept for
    display): the git repository above the plan as written (nearest `.git`, symlinks on
    the way not followed); a plan outside git belongs to the current folder's tree. Its
    real path must be inside that root, else a usage error (exit 2)."""
    shown = ws.display(path)
    with os_errors(shown):
        folder = repository_of(path)
        if os.path.lexists(folder / ".git"):
            root, git_dir = find_root(folder)
        else:
            root, git_dir = ws.root, ws.git_dir
        inside(root, path, shown=shown)
        if root == ws.root:
            return ws
        return Workspace(ws.cwd, root, git_dir, load_settings(root))


def options(settings: Settings) -> Options:
    """The reading options a project's settings ask for."""
    return Options(
        infer_commands=settings.infer_commands,
        task_table=settings.task_table,
        allow_actions=settings.allow_actions,
    )
