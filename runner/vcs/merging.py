"""What the merge driver asks of git: `git merge-file`, branch names, config."""

from __future__ import annotations

import os
from pathlib import Path

from runner.errors import VcsError
from runner.vcs.base import _error, _repo, branch

# --- the merge driver (issue 14) -----------------------------------------------------------


def merge_file(
    ours: bytes,
    base: bytes,
    theirs: bytes,
    labels: tuple[str, str, str],
    *,
    cwd: Path,
    diff3: bool = False,
) -> tuple[bytes, int]:
    """`git merge-file -p`: the merged bytes and how many conflicts git left in them.

    Run in `cwd` (the repository, when there is one) so git's own settings apply, such as
    `merge.conflictStyle`; `diff3` asks for the base's lines in each conflict whatever that is.
    """
    import tempfile

    import git

    with tempfile.TemporaryDirectory(prefix="plan-merge-") as tmp:
        names = []
        for name, data in (("ours", ours), ("base", base), ("theirs", theirs)):
            path = Path(tmp) / name
            path.write_bytes(data)
            names.append(str(path))
        args = ["-p", *(["--diff3"] if diff3 else [])]
        for label in labels:
            args += ["-L", label]
        status, out, stderr = git.Git(cwd).merge_file(
            *args,
            *names,
            with_extended_output=True,
            with_exceptions=False,
            stdout_as_string=False,
            strip_newline_in_stdout=False,
        )
    if status < 0 or status > 127:
        detail = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else stderr
        raise VcsError(f"git merge-file failed: {str(detail).strip()}")
    return bytes(out), int(status)


def merge_names(cwd: Path) -> tuple[str, str]:
    """What to call the two sides of the merge in progress: (ours, theirs).

    `git merge` names the branch being merged in `GITHEAD_<sha>`; a rebase names the branch
    it replays in `rebase-merge/head-name`; otherwise the sides are just ours and theirs.
    """
    ours = branch(cwd) or "ours"
    theirs = next((v for k, v in sorted(os.environ.items()) if k.startswith("GITHEAD_")), "")
    repo = _repo(cwd)
    rebase = Path(repo.git_dir) / "rebase-merge" if repo is not None else None
    if repo is not None and rebase is not None and rebase.is_dir():
        try:
            head = (rebase / "head-name").read_text(encoding="utf-8").strip()
            onto = (rebase / "onto").read_text(encoding="utf-8").strip()
            theirs = theirs or head.removeprefix("refs/heads/")
            name = str(repo.git.name_rev("--name-only", "--refs=refs/heads/*", onto)).strip()
            ours = name if name and name != "undefined" else ours
        except Exception:  # a half-written rebase state: keep the plain names
            pass
    return ours, theirs or "theirs"


def conflict_style(cwd: Path) -> str:
    """`merge.conflictStyle` (merge, diff3 or zdiff3), as git merge would use it."""
    repo = _repo(cwd)
    if repo is None:
        return "merge"
    try:
        return str(repo.git.config("--get", "merge.conflictStyle")).strip().lower() or "merge"
    except Exception:
        return "merge"


def set_config(root: Path, values: list[tuple[str, str]]) -> None:
    """Set keys in the repository's own config (`git config --local`)."""
    import git

    repo = _repo(root)
    if repo is None:
        raise VcsError("not a git repository")
    try:
        for key, value in values:
            repo.git.config("--local", key, value)
    except git.GitCommandError as exc:
        raise VcsError(f"git config failed: {_error(exc)}") from None


def get_config(root: Path, key: str) -> str | None:
    """A key of the repository's own config, or None when unset."""
    repo = _repo(root)
    if repo is None:
        return None
    try:
        return str(repo.git.config("--local", "--get", key))
    except Exception:
        return None


def unset_config(root: Path, section: str, keys: list[str]) -> list[str]:
    """Remove keys from the repository's own config, and their section once it is empty;
    the keys that were set."""
    import git

    repo = _repo(root)
    removed: list[str] = []
    if repo is None:
        return removed
    for key in keys:
        try:
            repo.git.config("--local", "--unset", f"{section}.{key}")
            removed.append(key)
        except git.GitCommandError:
            continue
    try:
        left = repo.git.config("--local", "--get-regexp", "^" + section.replace(".", r"\.") + r"\.")
    except git.GitCommandError:
        left = ""
    if removed and not left.strip():
        try:
            repo.git.config("--local", "--remove-section", section)
        except git.GitCommandError:
            pass
    return removed
