"""Commit messages with trailers, and reading results and plan versions back from history."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from runner.errors import VcsError
from runner.plan.results import ResultStatus
from runner.vcs.base import FILE_KEY, GATE_KEY, RESULT_KEY, TASK_KEY, _error, _repo


def trailers(plan_file: str, recorded: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
    """`Plan-File`, then a `Plan-Task` or `Plan-Gate` and its `Plan-Result` per (kind, name,
    result) recorded; `plan history` reads them back."""
    out = [(FILE_KEY, plan_file)]
    for kind, name, result in recorded:
        out.append((TASK_KEY if kind == "task" else GATE_KEY, name))
        out.append((RESULT_KEY, result))
    return out


def message(plan_name: str, subject: str, trailers: list[tuple[str, str]]) -> str:
    """Subject, blank line, trailers (one per line, values on one line)."""
    # One line whatever the plan's file name holds (a name with a newline and a fake
    # `Plan-Result:` line in it stays in the subject, issue 19).
    lines = [" ".join(f"plan({plan_name}): {subject}".split()), ""]
    lines += [f"{k}: {' '.join(v.split())}" for k, v in trailers]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Record:
    """One result read back from a commit's trailers."""

    sha: str
    when: str
    kind: str  # "task" or "gate"
    name: str
    result: str


# The result words `plan` writes; a trailer with any other text was not written by it (a
# hand-made commit's `Plan-Result: passed (trust me)`) and is no result (issue 19).
_RESULTS = frozenset(s.value for s in ResultStatus)


def history(root: Path, plan: Path) -> list[Record]:
    """Every result recorded for the plan, oldest first, from the commit trailers."""
    import git

    repo = _repo(root)
    if repo is None:
        return []
    rel = os.path.relpath(plan, root)
    fmt = "%H%x00%cI%x00%(trailers:only,unfold)%x1e"
    try:
        # --full-history: a run on a branch whose plan a merge resolved to the other side's
        # is still a run (git's default simplification dropped it, a trial of issue 20).
        out = repo.git.log("--reverse", "--full-history", f"--format={fmt}", "--", rel)
    except git.GitCommandError:
        return []
    records: list[Record] = []
    # A record starts at its sha and a NUL (which no commit message can hold): a trailer
    # holding the separator byte itself never splits a record (the sixteenth pass: it
    # crashed `plan history` and `plan report` for good).
    for block in _RECORD.split(out):
        block = block.strip("\n")
        parts = block.split("\x00", 2)
        if len(parts) != 3:
            continue
        sha, when, trailers = parts
        pending: tuple[str, str] | None = None
        for line in trailers.splitlines():
            key, _, value = line.partition(": ")
            if key == TASK_KEY:
                pending = ("task", value)
            elif key == GATE_KEY:
                pending = ("gate", value)
            elif key == RESULT_KEY and pending:
                if value in _RESULTS:
                    records.append(Record(sha, when, pending[0], pending[1], value))
                pending = None
    return records


_RECORD = re.compile(r"\x1e\n?(?=[0-9a-f]{40}(?:[0-9a-f]{24})?\x00)")


def _read_git(root: Path, command: str, *args: str) -> str:
    """`git COMMAND ARGS` (a read-only one) through the repository's `repo.git`, as a string;
    a refusal is a VcsError."""
    import git

    shown = "git " + command.replace("_", "-")
    repo = _repo(root)
    if repo is None:
        raise VcsError(f"{shown}: not a git repository: {root}")
    try:
        return str(getattr(repo.git, command)(*args))
    except git.GitCommandError as exc:
        raise VcsError(f"{shown} failed: {_error(exc)}") from None


def first_commit(root: Path) -> str | None:
    """The first root commit reachable from HEAD (`git rev-list --max-parents=0 HEAD`)."""
    return next(iter(_read_git(root, "rev_list", "--max-parents=0", "HEAD").split()), None)


def log_oneline(root: Path) -> str:
    """`git log --oneline`: one line per commit, newest first."""
    return _read_git(root, "log", "--oneline")


def diff_since(root: Path, rev: str | None, path: str) -> str:
    """`git diff --no-color [REV] -- PATH`: what changed under path since rev (or the index)."""
    return _read_git(root, "diff", "--no-color", *([rev] if rev else []), "--", path)


@dataclass(frozen=True)
class Version:
    """One commit that changed a plan: its sha, commit time and the plan's blob there."""

    sha: str
    when: str
    blob: str


def plan_versions(root: Path, plan: Path) -> list[Version]:
    """Every commit that changed the plan, oldest first (one `git log --raw`; [] outside git)."""
    import git

    repo = _repo(root)
    if repo is None:
        return []
    rel = os.path.relpath(plan, root)
    try:
        out = repo.git.log(
            "--reverse", "--format=%x1e%H %cI", "--raw", "--no-abbrev", "--no-renames", "--", rel
        )
    except git.GitCommandError:
        return []
    versions: list[Version] = []
    for block in out.split("\x1e"):
        lines = block.strip("\n").splitlines()
        if not lines:
            continue
        sha, _, when = lines[0].partition(" ")
        for line in lines[1:]:
            fields = line.split("\t", 1)[0].split()
            # `:100644 100644 OLD NEW M`; a deletion's NEW is all zeros.
            if len(fields) >= 5 and fields[0].startswith(":") and fields[3].strip("0"):
                versions.append(Version(sha, when, fields[3]))
                break
    return versions


def blob_texts(root: Path, blobs: list[str]) -> dict[str, str]:
    """The text of each blob, read through one `git cat-file --batch` process."""
    import git

    repo = _repo(root)
    if repo is None:
        return {}
    texts: dict[str, str] = {}
    try:
        for blob in blobs:
            if blob not in texts:
                data = repo.git.get_object_data(blob)[3]
                texts[blob] = data.decode("utf-8", errors="replace")
    except (git.GitCommandError, ValueError) as exc:
        raise VcsError(f"cannot read the plan's history: {_error(exc)}") from None
    finally:
        repo.close()
    return texts


def checked_out(root: Path, plan_paths: list[str]) -> tuple[str, bool] | None:
    """HEAD's commit, and whether the tracked files hold what it holds apart from the plan's
    own (`plan_paths`, relative to root): the tree a run is about to test. None when there
    is no commit to name."""
    try:
        head = _read_git(root, "rev_parse", "--verify", "HEAD").strip()
        changed = _read_git(root, "diff", "--name-only", "-z", "HEAD", "--")
    except VcsError:
        return None
    return head, all(not p or p in plan_paths for p in changed.split("\0"))


def changed_since(root: Path, commit: str) -> list[str] | None:
    """The paths whose content differs between `commit` and HEAD; None when this repository
    does not have that commit."""
    try:
        _read_git(root, "cat_file", "-e", f"{commit}^{{commit}}")
        changed = _read_git(root, "diff", "--name-only", "-z", commit, "HEAD", "--")
    except VcsError:
        return None
    return [p for p in changed.split("\0") if p]


def committed_bytes(root: Path, rel: str) -> bytes | None:
    """A file's bytes as HEAD holds it (None: no commit, or no such file there)."""
    repo = _repo(root)
    if repo is None:
        return None
    try:
        blob = repo.head.commit.tree / rel
        data: bytes = blob.data_stream.read()
    except (KeyError, ValueError, OSError):
        return None
    return data
