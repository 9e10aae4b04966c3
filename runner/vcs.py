"""Git, through GitPython's `repo.git` (never its index writer); the only importer of git."""

from __future__ import annotations

import hashlib
import os
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from runner.bounded import untracked_digest
from runner.errors import VcsError

DEMO_IDENTITY = {
    "GIT_AUTHOR_NAME": "plan demo",
    "GIT_AUTHOR_EMAIL": "demo@plan.invalid",
    "GIT_COMMITTER_NAME": "plan demo",
    "GIT_COMMITTER_EMAIL": "demo@plan.invalid",
}
TRAILER_KEYS = ("Plan-File", "Plan-Task", "Plan-Gate", "Plan-Result")
FILE_KEY, TASK_KEY, GATE_KEY, RESULT_KEY = TRAILER_KEYS


def _repo(root: Path) -> Any:
    import git

    try:
        return git.Repo(root)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None


def _error(exc: Any) -> str:
    text = (getattr(exc, "stderr", "") or "").strip() or (getattr(exc, "stdout", "") or "").strip()
    text = text.removeprefix("stderr: ").strip().strip("'").strip()
    return text or str(exc)


def init_with_commit(folder: Path, message: str) -> None:
    """`git init` and one commit of everything in the folder (used by `plan demo`)."""
    import git

    try:
        repo = git.Repo.init(folder, initial_branch="main")
        repo.git.add("--all")
        # The demo must work on a machine with no git identity set.
        env = {k: v for k, v in DEMO_IDENTITY.items() if k not in os.environ}
        repo.git.commit("-q", "-m", message, env=env or None)
    except git.GitCommandError as exc:
        raise VcsError(f"git failed: {_error(exc)}") from None


def branch(root: Path) -> str | None:
    """The current branch, `detached HEAD`, or None outside git."""
    repo = _repo(root)
    if repo is None:
        return None
    try:
        return str(repo.git.symbolic_ref("--quiet", "--short", "HEAD"))
    except Exception:
        return "detached HEAD"


def fingerprint(root: Path, exclude: Path, outputs: tuple[Path, ...] = ()) -> str | None:
    """The work tree's content (index, unstaged changes, untracked files) minus some files.

    Gates are up to date when this and their commands are what they were when they
    last passed; the plan file is left out because every run rewrites it, and so are the
    run's own `outputs` (a JUnit file, a step summary) that the tree holds.
    """
    import git

    repo = _repo(root)
    if repo is None:
        return None
    rels = [os.path.relpath(p, root) for p in (exclude, *outputs)]
    specs = [f":(exclude,literal){r}" for r in rels if not r.startswith("..")]
    h = hashlib.sha256()
    try:
        h.update(repo.git.ls_files("-s", "-z", "--", ".", *specs).encode())
        h.update(repo.git.diff("--no-ext-diff", "--binary", "--", ".", *specs).encode())
        others = repo.git.ls_files("-o", "--exclude-standard", "-z", "--", ".", *specs)
        untracked = [p for p in others.split("\0") if p]
    except git.GitCommandError as exc:
        raise VcsError(f"cannot read the work tree: {_error(exc)}") from None
    for name in untracked:
        h.update(name.encode() + b"\0")
        h.update(untracked_digest(root / name))
    return h.hexdigest()


@dataclass(frozen=True)
class CommitOutcome:
    """A commit's sha, or a notice saying why there is none (not a repository: no refusal).

    Git refusing is always a `VcsError`, whatever step refused.
    """

    sha: str | None
    notice: str = ""


def _in_progress(git_dir: Path) -> str:
    for name, what in (
        ("MERGE_HEAD", "a merge"),
        ("rebase-merge", "a rebase"),
        ("rebase-apply", "a rebase or am"),
        ("CHERRY_PICK_HEAD", "a cherry-pick"),
        ("REVERT_HEAD", "a revert"),
        ("BISECT_LOG", "a bisect"),
    ):
        if (git_dir / name).exists():
            return what
    return ""


LOCK_WAIT_S = 10.0  # how long a commit waits for another git process's index lock
_LOCKED = re.compile(r"Unable to create '[^']*\.lock': File exists|cannot lock ref", re.I)
_NOTHING = re.compile(r"nothing (added )?to commit|no changes added to commit", re.I)


def commit_plan(root: Path, plan: Path, message: str, *, no_verify: bool = False) -> CommitOutcome:
    """Commit exactly the plan file (`git commit --only`); the user's other changes stay put.

    A symlinked plan is committed with the file it names (when that is in the repository),
    since that is the file a run writes. Another git process holding the index lock is
    waited for, up to `LOCK_WAIT_S`.
    """
    import git

    repo = _repo(root)
    if repo is None:
        return CommitOutcome(
            None, notice="not a git repository: the plan is written, not committed"
        )
    git_dir = Path(repo.git_dir)
    rel = os.path.relpath(plan, root)
    _can_commit(repo, git_dir, rel)
    paths = _plan_paths(root, plan)
    try:
        untracked = [p for p in paths if not repo.git.ls_files("--", p)]
        if untracked:
            _retrying(lambda: repo.git.add("--", *untracked))
        args = ["--only", "-q", "-m", message, *(["--no-verify"] if no_verify else [])]
        _retrying(lambda: repo.git.commit(*args, "--", *paths))
        return CommitOutcome(str(repo.git.rev_parse("HEAD")))
    except git.GitCommandError as exc:
        detail = _error(exc)
        if _NOTHING.search(detail):
            return CommitOutcome(None, notice="nothing to commit: the plan is as last committed")
        why = _refusal(repo, root, rel, detail, no_verify=no_verify)
        raise VcsError(f"git commit failed{why}: {detail}") from None


def _plan_paths(root: Path, plan: Path) -> list[str]:
    """The plan's path for git, and the file it links to when that is in the repository."""
    paths = [os.path.relpath(plan, root)]
    try:
        real = plan.resolve()
        target = os.path.relpath(real, root.resolve())
    except (OSError, ValueError):
        return paths
    if real != plan.absolute() and not target.startswith(".."):
        paths.append(target)
    return paths


def _retrying(step: Callable[[], object]) -> None:
    """Run a git step; while another git process holds a lock, try again with jittered
    backoff, for `LOCK_WAIT_S` at most (issue 11: concurrent runs on several plans)."""
    import git

    deadline = time.monotonic() + LOCK_WAIT_S
    delay = 0.05
    while True:
        try:
            step()
            return
        except git.GitCommandError as exc:
            pause = delay * random.uniform(0.5, 1.5)
            if not _LOCKED.search(_error(exc)) or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        delay = min(delay * 2, 1.0)


def _refusal(repo: Any, root: Path, rel: str, detail: str, *, no_verify: bool) -> str:
    """A hint that matches why git refused: an ignored plan, a hook that ran, a lock."""
    if "ignored by one of your .gitignore files" in detail:
        return (
            f" ({rel} is ignored by .gitignore; add it once with `git add -f {rel}`,"
            " or stop ignoring it)"
        )
    if _LOCKED.search(detail):
        return f" (another git process held the lock for {LOCK_WAIT_S:.0f}s)"
    ran = [] if no_verify else commit_hooks(repo, root)
    if ran:
        return f" (the {' or '.join(ran)} hook refused it; fix what it says, or pass --no-verify)"
    return ""


def commit_hooks(repo: Any, root: Path) -> list[str]:
    """The commit hooks git will run here: executable files in core.hooksPath or the hooks
    folder."""
    import git

    try:
        configured = str(repo.git.config("--get", "core.hooksPath")).strip()
    except git.GitCommandError:
        configured = ""
    if configured:
        folder = Path(configured).expanduser()
        folder = folder if folder.is_absolute() else root / folder
    else:
        folder = Path(repo.common_dir) / "hooks"
    names = ("pre-commit", "prepare-commit-msg", "commit-msg")
    return [n for n in names if (folder / n).is_file() and os.access(folder / n, os.X_OK)]


def _can_commit(repo: Any, git_dir: Path, rel: str) -> None:
    """Refuse (VcsError) when git is mid-operation, HEAD is detached or nobody is named."""
    import git

    doing = _in_progress(git_dir)
    if doing:
        raise VcsError(
            f"{doing} is in progress; finish it, then commit the plan with"
            f" `git commit --only -- {rel}`"
        )
    try:
        repo.git.symbolic_ref("--quiet", "HEAD")
    except git.GitCommandError:
        raise VcsError(
            "HEAD is detached; switch to a branch, then commit the plan (or pass --no-commit)"
        ) from None
    try:
        repo.git.var("GIT_COMMITTER_IDENT")
        repo.git.var("GIT_AUTHOR_IDENT")
    except git.GitCommandError:
        raise VcsError(
            "git has no identity here; set one with `git config"
            ' user.name "Your Name"` and `git config user.email you@example.com`'
            " (or pass --no-commit)"
        ) from None


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
    lines = [f"plan({plan_name}): {subject}", ""]
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


def history(root: Path, plan: Path) -> list[Record]:
    """Every result recorded for the plan, oldest first, from the commit trailers."""
    import git

    repo = _repo(root)
    if repo is None:
        return []
    rel = os.path.relpath(plan, root)
    fmt = "%H%x00%cI%x00%(trailers:only,unfold)%x1e"
    try:
        out = repo.git.log("--reverse", f"--format={fmt}", "--", rel)
    except git.GitCommandError:
        return []
    records: list[Record] = []
    for block in out.split("\x1e"):
        block = block.strip("\n")
        if not block:
            continue
        sha, when, trailers = block.split("\x00", 2)
        pending: tuple[str, str] | None = None
        for line in trailers.splitlines():
            key, _, value = line.partition(": ")
            if key == TASK_KEY:
                pending = ("task", value)
            elif key == GATE_KEY:
                pending = ("gate", value)
            elif key == RESULT_KEY and pending:
                records.append(Record(sha, when, pending[0], pending[1], value))
                pending = None
    return records


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
