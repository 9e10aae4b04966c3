"""`plan merge` as git's merge driver, and `plan merge-driver install|uninstall`.

The driver lives in two places: `merge.plan.*` in the repository's own config (git never
takes drivers from the repository itself, so each clone installs it once) and a line in
`.gitattributes` for each folder where plans are searched, sending its Markdown files (in
subfolders too: a folder per plan) to it (commit that file).
"""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from runner.errors import PlanError, UsageError
from runner.plan.redact import for_terminal_line
from runner.plan.rows import Options
from runner.workspace.config import find_root, load_settings

if TYPE_CHECKING:
    from runner.plan.reading import Parsed

SECTION = "merge.plan"
NAME = "plan: task Status cells, gates and the journal merged three ways"


def driver_command() -> str:
    """What git runs: this interpreter's `-m runner`, so the driver works whatever PATH a
    merge runs with (an editor's git, a hook) and is the plan that installed it."""
    return f"{shlex.quote(sys.executable)} -m runner merge %O %A %B %P"


def run(base: Path, ours: Path, theirs: Path, path: str | None = None) -> int:
    """Merge the three files git names into OURS; 0 clean, 1 conflicts left (git stops).
    `path`, the plan's path in the repository (git's %P), finds its acceptance results."""
    from runner import vcs
    from runner.merge import threeway as merge

    try:
        data = [p.read_bytes() for p in (base, ours, theirs)]
    except OSError as exc:
        raise UsageError(f"cannot read {exc.filename}: {exc.strerror}") from None
    cwd = Path.cwd()
    settings = load_settings(find_root(cwd)[0])
    options = Options(infer_commands=settings.infer_commands, task_table=settings.task_table)
    names = vcs.merge_names(cwd)
    labels = (names[0], "base", names[1])

    def merge_file(a: bytes, b: bytes, c: bytes, diff3: bool) -> tuple[bytes, int]:
        return vcs.merge_file(a, b, c, labels, cwd=cwd, diff3=diff3)

    result = merge.merge(
        *data,
        merge_file=merge_file,
        names=names,
        now=datetime.now(UTC),
        style=vcs.conflict_style(cwd),
        options=options,
        accepted=_acceptance(cwd, path),
    )
    ours.write_bytes(result.data)
    for reason in result.reasons:
        # No conflict markers show these: say them where git stops.
        said = for_terminal_line(reason)  # a row's words are anyone's: no control bytes
        sys.stderr.write(f"plan merge: conflict: {said}; edit the plan, then git add it\n")
    return 1 if result.conflicts else 0


def _acceptance(cwd: Path, path: str | None) -> Callable[[Parsed], bool | None] | None:
    """Whether the merged plan's acceptance checks passed at their last run in this
    repository (results are kept per repository, so the later run of either branch counts);
    None when git named no path."""
    if not path:
        return None
    from runner.plan.acceptance import acceptance_checks, accepted, box_open
    from runner.workspace import state
    from runner.workspace.layout import workspace

    def passed(parsed: Parsed) -> bool | None:
        checks = acceptance_checks(parsed)
        if not checks:
            return None
        try:
            ws = workspace(cwd)
            last = state.last_acceptance(ws, ws.root / path)
        except (OSError, PlanError):
            return False  # no results to read: not proved, never Complete
        if not accepted(checks, last):
            return False
        return not any(
            box_open(parsed.doc, c.item) for c in checks if c.step and c.item is not None
        )

    return passed


def _where(cwd: Path) -> tuple[Path, list[str], list[str]]:
    """The repository root, the attributes lines for every folder where plans are searched
    (each with its subfolders: a folder per plan), and the lines an earlier install wrote
    (the folder's own files only), which the new ones replace."""
    from runner.workspace.config import search_folders

    root, git_dir = find_root(cwd)
    if git_dir is None:
        raise UsageError("not a git repository: a merge driver is installed in a repository")
    folders: list[str] = []
    for folder in search_folders(root, load_settings(root)):
        try:
            inside = Path(os.path.normpath(folder)).relative_to(root)
        except ValueError:
            try:
                inside = folder.resolve().relative_to(root.resolve())
            except ValueError:
                raise UsageError(f"the plans folder {folder} is outside the repository") from None
        name = inside.as_posix().strip("/")
        folders.append("" if name == "." else name)
    # `.agent/**` already covers `.agent/plans/**`: one line a tree.
    kept = [f for f in folders if not any(_within(f, other) for other in folders)]
    lines = [_line(f"{f}/**/*.md" if f else "**/*.md") for f in dict.fromkeys(kept)]
    own = _plan_file(root, cwd)
    if own and not any(not f or own.startswith(f + "/") for f in kept):
        lines.append(_line(own))  # PLAN_FILE names a plan outside those folders
    earlier = [_line(f"{f}/*.md" if f else "*.md") for f in dict.fromkeys(folders)]
    return root, lines, [x for x in earlier if x not in lines]


def _plan_file(root: Path, cwd: Path) -> str | None:
    """The plan PLAN_FILE names, as a path in the repository (None: unset or outside it)."""
    named = os.environ.get("PLAN_FILE", "").strip()
    if not named:
        return None
    path = Path(os.path.normpath(cwd / named))
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except (ValueError, OSError):
            return None


def _within(folder: str, other: str) -> bool:
    """Whether `folder` is inside `other` (another folder; "" is the repository's root)."""
    return other != folder and (not other or folder.startswith(other + "/"))


def _line(pattern: str) -> str:
    """One `.gitattributes` line sending `pattern` to the driver (quoted as git reads it)."""
    if any(ch.isspace() or ch in '"\\' for ch in pattern):
        pattern = '"' + pattern.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{pattern} merge=plan"


def _attributes(root: Path) -> tuple[Path, str | None]:
    """The repository's `.gitattributes` and its text (None when absent). A symbolic link is
    refused, as git itself ignores one (and writing through it would change a file outside
    the repository); so is a file that is not UTF-8 (nothing of it would be kept)."""
    attributes = root / ".gitattributes"
    if attributes.is_symlink():
        raise UsageError(
            ".gitattributes is a symbolic link (git does not read one, and the file it points"
            " to may be outside the repository); nothing written"
        )
    if not attributes.exists():
        return attributes, None
    try:
        return attributes, attributes.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(".gitattributes is not UTF-8; nothing written") from None


def install(cwd: Path) -> list[str]:
    """Register the driver in the repository's config and `.gitattributes`; what was done."""
    from runner import vcs

    root, lines, earlier = _where(cwd)
    attributes, found = _attributes(root)  # refused before anything is changed
    text = found or ""
    command = driver_command()
    vcs.set_config(root, [(f"{SECTION}.name", NAME), (f"{SECTION}.driver", command)])
    done = [f"git config {SECTION}.driver {shlex.quote(command)}"]
    have = text.splitlines(keepends=True)
    kept = [x for x in have if x.rstrip("\r\n") not in earlier]
    done += [f".gitattributes: replaced {x.rstrip()}" for x in have if x not in kept]
    present = {x.rstrip("\r\n") for x in kept}
    text = "".join(kept)
    added = [x for x in lines if x not in present]
    for line in lines:
        if line in present:
            done.append(f".gitattributes already has: {line}")
    if added:
        if text and not text.endswith("\n"):
            text += "\n"
        text += "".join(f"{x}\n" for x in added)
        done += [f".gitattributes: added {x}" for x in added]
        done.append("commit .gitattributes so every clone merges plans this way")
    if added or len(kept) != len(have):
        attributes.write_bytes(text.encode("utf-8"))
    return done


def uninstall(cwd: Path) -> list[str]:
    """Take out what `install` put in (an earlier version's line too); what was removed."""
    from runner import vcs

    root, lines, earlier = _where(cwd)
    attributes, found = _attributes(root)
    removed = vcs.unset_config(root, SECTION, ["name", "driver"])
    done = [f"git config --unset {SECTION}.{key}" for key in removed]
    if found is not None:
        have = found.splitlines(keepends=True)
        ours = set(lines) | set(earlier)
        kept = [x for x in have if x.rstrip("\r\n") not in ours]
        if len(kept) != len(have):
            if kept:
                attributes.write_bytes("".join(kept).encode("utf-8"))
            else:
                attributes.unlink()
            done += [f".gitattributes: removed {x.rstrip()}" for x in have if x not in kept]
    return done or ["the plan merge driver is not installed here"]
