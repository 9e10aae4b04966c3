"""`plan merge` as git's merge driver, and `plan merge-driver install|uninstall`.

The driver lives in two places: `merge.plan.*` in the repository's own config (git never
takes drivers from the repository itself, so each clone installs it once) and a line in
`.gitattributes` that sends the plans folder's Markdown files to it (commit that file).
"""

from __future__ import annotations

import shlex
import sys
from datetime import UTC, datetime
from pathlib import Path

from runner.errors import UsageError
from runner.plan.rows import Options
from runner.workspace.config import find_root, load_settings

SECTION = "merge.plan"
NAME = "plan: task Status cells, gates and the journal merged three ways"


def driver_command() -> str:
    """What git runs: this interpreter's `-m runner`, so the driver works whatever PATH a
    merge runs with (an editor's git, a hook) and is the plan that installed it."""
    return f"{shlex.quote(sys.executable)} -m runner merge %O %A %B %P"


def run(base: Path, ours: Path, theirs: Path) -> int:
    """Merge the three files git names into OURS; 0 clean, 1 conflicts left (git stops)."""
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
    )
    ours.write_bytes(result.data)
    for reason in result.reasons:
        # No conflict markers show these: say them where git stops.
        sys.stderr.write(f"plan merge: conflict: {reason}; edit the plan, then git add it\n")
    return 1 if result.conflicts else 0


def _where(cwd: Path) -> tuple[Path, str]:
    """The repository root and the attributes line for its plans folder."""
    root, git_dir = find_root(cwd)
    if git_dir is None:
        raise UsageError("not a git repository: a merge driver is installed in a repository")
    folder = Path(load_settings(root).plans_dir)
    if folder.is_absolute():
        try:
            folder = folder.resolve().relative_to(root)
        except ValueError:
            raise UsageError(f"the plans folder {folder} is outside the repository") from None
    pattern = f"{folder.as_posix().strip('/')}/*.md"
    if any(ch.isspace() or ch in '"\\' for ch in pattern):
        pattern = '"' + pattern.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return root, f"{pattern} merge=plan"


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

    root, line = _where(cwd)
    attributes, found = _attributes(root)  # refused before anything is changed
    text = found or ""
    command = driver_command()
    vcs.set_config(root, [(f"{SECTION}.name", NAME), (f"{SECTION}.driver", command)])
    done = [f"git config {SECTION}.driver {shlex.quote(command)}"]
    if line in text.splitlines():
        done.append(f".gitattributes already has: {line}")
    else:
        if text and not text.endswith("\n"):
            text += "\n"
        attributes.write_bytes((text + line + "\n").encode("utf-8"))
        done.append(f".gitattributes: added {line} (commit it so every clone merges plans so)")
    return done


def uninstall(cwd: Path) -> list[str]:
    """Take out exactly what `install` put in; what was removed."""
    from runner import vcs

    root, line = _where(cwd)
    attributes, found = _attributes(root)
    removed = vcs.unset_config(root, SECTION, ["name", "driver"])
    done = [f"git config --unset {SECTION}.{key}" for key in removed]
    if found is not None:
        lines = found.splitlines(keepends=True)
        kept = [x for x in lines if x.rstrip("\r\n") != line]
        if len(kept) != len(lines):
            if kept:
                attributes.write_bytes("".join(kept).encode("utf-8"))
            else:
                attributes.unlink()
            done.append(f".gitattributes: removed {line}")
    return done or ["the plan merge driver is not installed here"]
