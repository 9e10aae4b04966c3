"""Committing exactly the plan file, with git's own reason when it refuses."""

from __future__ import annotations

import contextlib
import os
import random
import re
import shlex
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from runner.errors import VcsError
from runner.markdown.patterns import later
from runner.vcs.base import _error, _repo


@dataclass(frozen=True)
class CommitOutcome:
    """A commit's sha, or a notice saying why there is none (not a repository: no refusal).

    Git refusing is always a `VcsError`, whatever step refused.
    """

    sha: str | None
    notice: str = ""


# What git is in the middle of: the file that says so, what it is, and what ends it.
_OPERATIONS = (
    ("MERGE_HEAD", "a merge", "the merge"),
    ("rebase-merge", "a rebase", "the rebase"),
    ("rebase-apply", "a rebase or am", "the rebase or am"),
    ("CHERRY_PICK_HEAD", "a cherry-pick", "the cherry-pick"),
    ("REVERT_HEAD", "a revert", "the revert"),
    ("BISECT_LOG", "a bisect", "the bisect (`git bisect reset`)"),
)


def _in_progress(git_dir: Path) -> tuple[str, str, str]:
    """What git is in the middle of: (its file, what it is, what to finish), or empties."""
    for operation in _OPERATIONS:
        if (git_dir / operation[0]).exists():
            return operation
    return "", "", ""


def _operation_id(git_dir: Path, marker: str) -> str:
    """Which merge (rebase, ...) this is: the commit it brings in, or where it goes onto."""
    for name in (marker, f"{marker}/onto", f"{marker}/head-name"):
        try:
            return (git_dir / name).read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            continue
    return ""


def keep_message(git_dir: Path, rel: str, marker: str, message: str) -> Path:
    """Keep the message (with its trailers) of a commit git cannot make now, for a person to
    make it once the merge is done (`git commit -F`), so `plan history` shows the run. Runs
    refused during the same merge add up in one message."""
    import hashlib

    folder = git_dir / "plan" / "uncommitted"
    folder.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha256(f"{rel}\0{_operation_id(git_dir, marker)}".encode()).hexdigest()[:12]
    path = folder / f"{Path(rel).stem}-{key}.txt"
    try:
        earlier = path.read_text(encoding="utf-8")
    except OSError:
        earlier = ""
    path.write_text(combined(earlier, message) if earlier else message, encoding="utf-8")
    return path


def combined(earlier: str, message: str) -> str:
    """Two commit messages of `history.message`'s shape as one: a subject saying so, each
    run's subject and reasons as the body, and all the trailers (in order) last."""
    heads: list[str] = []
    trailers: list[str] = []
    for text in (earlier, message):
        paragraphs = text.strip("\n").split("\n\n")
        subject, *middle = paragraphs
        if len(middle) >= 1:
            trailers += middle.pop().splitlines()
        if subject.endswith(SEVERAL):
            heads += middle[0].splitlines() if middle else []
        else:
            heads.append(f"- {subject.split('): ', 1)[-1]}")
            heads += [f"  {line}" for para in middle for line in para.splitlines()]
    name = message.split(")", 1)[0] + ")" if message.startswith("plan(") else "plan"
    return "\n\n".join([f"{name}: {SEVERAL}", "\n".join(heads), "\n".join(trailers)]) + "\n"


SEVERAL = "runs recorded while git could not commit them"


LOCK_WAIT_S = 10.0  # how long a commit waits for another git process's index lock
COMMIT_WAIT_S = 120.0  # how long a commit waits for other runs of plan to commit (hooks run)
_LOCKED = later(r"Unable to create '[^']*\.lock': File exists|cannot lock ref", re.I)
_NOTHING = later(r"nothing (added )?to commit|no changes added to commit", re.I)


def commit_plan(
    root: Path,
    plan: Path,
    message: str,
    *,
    no_verify: bool = False,
    also: tuple[str, ...] = (),
    data: bytes | None = None,
) -> CommitOutcome:
    """Commit exactly the plan file (`git commit --only`); the user's other changes stay put.

    A symlinked plan is committed with the file it names (when that is in the repository),
    since that is the file a run writes. `also` are further paths (relative to the root) to
    commit with it, as they are in the work tree: an agent's work that `plan loop` proved
    (new files are added, deleted ones removed). Another git process holding the index lock
    is waited for, up to `LOCK_WAIT_S`.

    With `data` (the bytes the run wrote into the plan), the commit holds exactly those
    bytes, whatever the work tree holds by the time git reads it: an editor's save caught
    half-way is never committed (issue 19, case 12). The index then shows the plan as
    committed; a person's save that landed meanwhile stays in the work tree.
    """
    import git

    repo = _repo(root)
    if repo is None:
        return CommitOutcome(
            None, notice="not a git repository: the plan is written, not committed"
        )
    git_dir = Path(repo.git_dir)
    rel = os.path.relpath(plan, root)
    born = _can_commit(repo, git_dir, rel, message)
    paths = _plan_paths(root, plan)
    paths += [p for p in also if p not in paths]
    # Paths are names, never patterns: a file called `*.md` is that one file.
    env = {"GIT_LITERAL_PATHSPECS": "1"}
    try:
        exact = _written_file(root, plan) if data is not None else None
        # What the index holds for each path (`MODE BLOB STAGE\tPATH`): tracked or not, and
        # the entry a failed commit puts back.
        listed = str(repo.git.ls_files("-s", "-z", "--", *paths, env=env)).split("\0")
        staged = {ln.partition("\t")[2]: ln.partition("\t")[0] for ln in listed if "\t" in ln}
        untracked = [p for p in paths if p not in staged]
        if untracked:
            _retrying(lambda: repo.git.add("--", *untracked, env=env))
        # The message from a file: a run of thousands of tasks writes a message longer than
        # one argument may be ("Argument list too long", issue 19).
        import tempfile

        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", prefix="plan-commit-", suffix=".txt", dir=git_dir
        ) as fh:
            fh.write(message)
            fh.flush()
            verify = ["--no-verify"] if no_verify else []
            with _one_commit_at_a_time(repo):
                built: tuple[str | None, str, list[str]] | None = None
                if exact is not None and data is not None:
                    args = [*verify, "-F", fh.name]
                    built = _commit_exact(
                        repo, git_dir, root, exact, data, paths, args,
                        born=born, before=staged.get(exact),
                    )  # fmt: skip
                else:
                    args = ["--only", "-q", "-F", fh.name, *verify]
                    _retrying(lambda: repo.git.commit(*args, "--", *paths, env=env))
                done, parent = _committed(repo, message)
                if built is not None and parent != (built[0] or ""):
                    # HEAD moved while the commit ran: made again on what it moved to.
                    _rebuild(repo, git_dir, str(done.sha), parent, built[1], built[2])
                    done, _ = _committed(repo, message)
        return done
    except git.GitCommandError as exc:
        detail = _error(exc)
        if _NOTHING.search(detail):
            return CommitOutcome(None, notice="nothing to commit: the plan is as last committed")
        why = _refusal(repo, root, rel, detail, no_verify=no_verify)
        raise VcsError(f"git commit failed{why}: {detail}") from None


@contextmanager
def _one_commit_at_a_time(repo: Any) -> Iterator[None]:
    """No other run of plan in this repository commits meanwhile.

    A commit made from an index of the runner's own reads HEAD first: another run's commit
    landing between that read and this commit would be undone by it (the later commit's tree
    holds the other plan as it was). Runs on several plans of one repository commit one at a
    time; the lock is a file beside git's own, so worktrees share it.
    """
    from runner.workspace.state import held

    with held(Path(repo.common_dir) / "plan-commit.lock", COMMIT_WAIT_S) as got:
        if not got:
            raise VcsError(
                "git commit failed: another run of plan held the commit lock for"
                f" {COMMIT_WAIT_S:.0f}s"
            )
        yield


def _written_file(root: Path, plan: Path) -> str | None:
    """The path (for git) of the file a run writes: the plan, or the file it links to in
    the repository (None: a link out of it, committed as the link)."""
    own = _plan_paths(root, plan)
    if plan.is_symlink():
        return own[1] if len(own) > 1 else None
    return own[0]


def _commit_exact(
    repo: Any,
    git_dir: Path,
    root: Path,
    rel: str,
    data: bytes,
    paths: list[str],
    args: list[str],
    *,
    born: bool,
    before: str | None = None,
) -> tuple[str | None, str, list[str]]:
    """`git commit --only` of `paths`, with `rel` holding exactly `data`: git commits from
    an index of its own (HEAD, then the plan's bytes), runs the hooks as a commit of those
    paths does, and the real index then takes the same entries. `born`: HEAD had a commit
    when the run checked it (`_can_commit`); a branch with commits keeps them, so only an
    unborn one is asked again here, under the commit lock (another run may have made the
    first commit meanwhile)."""
    import tempfile

    import git

    env = {"GIT_LITERAL_PATHSPECS": "1"}
    others = [p for p in paths if p != rel]
    mode = "100755" if os.access(root / rel, os.X_OK) else "100644"
    with tempfile.TemporaryDirectory(prefix="plan-commit-", dir=git_dir) as tmp:
        body = Path(tmp) / "plan"
        body.write_bytes(data)
        # Through git's filters for `rel`, as `git add` would store it.
        blob = str(repo.git.hash_object("-w", "--path", rel, str(body))).strip()
        own = {**env, "GIT_INDEX_FILE": str(Path(tmp) / "index")}
        base = _head_sha(repo)  # read from the refs, no process: see `_rebuild`
        if born or _has_head(repo):
            try:
                repo.git.read_tree(base or "HEAD", env=own)
            except git.GitCommandError:
                if _has_head(repo):
                    raise
                # HEAD has no commit now (an orphan branch checked out meanwhile): the
                # commit starts from nothing, as it would had the run started there.
        entry = f"{mode},{blob},{rel}"
        repo.git.update_index("--add", "--cacheinfo", entry, env=own)
        if others:
            repo.git.add("-A", "--", *others, env=own)
        # The real index takes the plan's entry first, as `--only` leaves it: were the run
        # killed between the commit and this (a post-commit hook, kill -9), the index would
        # hold the previous plan, and the user's next commit would put it back (the
        # eleventh pass, F9a). A commit that fails puts the entry back as it was.
        _retrying(lambda: repo.git.update_index("--add", "--cacheinfo", entry, env=env))
        try:
            _retrying(lambda: repo.git.commit("-q", *args, env=own))
        except BaseException:
            if before is not None:  # a plan added by this run stays added, as it did
                _put_back(repo, rel, before, env)
            raise
    if others:
        _retrying(lambda: repo.git.add("-A", "--", *others, env=env))
    return base, entry, others


def _head_sha(repo: Any) -> str | None:
    """HEAD's commit as git's refs name it (GitPython reads them; no git process)."""
    from git.refs.symbolic import SymbolicReference

    try:
        return str(SymbolicReference.dereference_recursive(repo, "HEAD"))
    except (ValueError, TypeError, OSError):
        return None  # unborn, or a ref git alone can read


def _rebuild(
    repo: Any, git_dir: Path, made: str, parent: str, entry: str, others: list[str]
) -> None:
    """The commit's tree was HEAD's when the commit began plus the plan: had someone
    committed meanwhile (while a pre-commit hook ran, say), the commit took their commit as
    its parent and undid it in its tree (attack15b: a person's fix deleted in HEAD, exit 0).
    The commit is made again on its real parent's tree, with the same message and people,
    and HEAD moves to it only if it still names the first (a compare-and-swap)."""
    import tempfile

    import git

    with tempfile.TemporaryDirectory(prefix="plan-rebuild-", dir=git_dir) as tmp:
        own = {"GIT_LITERAL_PATHSPECS": "1", "GIT_INDEX_FILE": str(Path(tmp) / "index")}
        repo.git.read_tree(parent or "--empty", env=own)
        repo.git.update_index("--add", "--cacheinfo", entry, env=own)
        if others:
            repo.git.add("-A", "--", *others, env=own)
        tree = str(repo.git.write_tree(env=own)).strip()
        who = str(repo.git.log("-1", "--format=%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI", made))
        an, ae, ad, cn, ce, cd = who.split("\x00")
        people = {
            "GIT_AUTHOR_NAME": an, "GIT_AUTHOR_EMAIL": ae, "GIT_AUTHOR_DATE": ad,
            "GIT_COMMITTER_NAME": cn, "GIT_COMMITTER_EMAIL": ce, "GIT_COMMITTER_DATE": cd,
        }  # fmt: skip
        said = Path(tmp) / "message"
        said.write_text(
            str(repo.git.log("-1", "--format=%B", made, strip_newline_in_stdout=False)),
            encoding="utf-8",
        )
        parents = ["-p", parent] if parent else []
        again = str(repo.git.commit_tree(tree, *parents, "-F", str(said), env=people)).strip()
        with contextlib.suppress(git.GitCommandError):
            # Refused when HEAD moved once more: what is there now is someone's, kept.
            repo.git.update_ref("-m", "plan: commit rebuilt on its parent", "HEAD", again, made)


def _put_back(repo: Any, rel: str, before: str, env: dict[str, str]) -> None:
    """The index's entry for `rel` as `git ls-files -s` showed it (`MODE BLOB STAGE`)."""
    import git

    try:
        mode, blob, _stage = before.split()
        repo.git.update_index("--cacheinfo", f"{mode},{blob},{rel}", env=env)
    except (git.GitCommandError, ValueError):
        pass  # the index is git's to mend; the commit's own error is the one to tell


def _has_head(repo: Any) -> bool:
    import git

    try:
        repo.git.rev_parse("--verify", "-q", "HEAD")
        return True
    except git.GitCommandError:
        return False


def _committed(repo: Any, message: str) -> tuple[CommitOutcome, str]:
    """The commit just made (HEAD's sha) and `_lost_trailers`' notice, and its first parent
    ("" when none), from one `git log`."""
    made = str(repo.git.log("-1", "--format=%H %P%n%(trailers:only,unfold)"))
    first, _, trailers = made.partition("\n")
    sha, *parents = first.split()
    outcome = CommitOutcome(sha.strip(), notice=_lost_trailers(trailers.splitlines(), message))
    return outcome, (parents[0] if parents else "")


def _lost_trailers(kept: list[str], message: str) -> str:
    """A notice when the commit kept fewer of plan's trailers (`kept`: the commit's own) than
    it was given: a `commit-msg` hook that rewrites messages took them, and `plan history`
    reads results from them (the fifth pass of issue 19 found this silent). "" when all are
    there."""
    wanted = [ln for ln in message.splitlines() if ln.startswith("Plan-")]
    if not wanted:
        return ""
    lost = [ln for ln in wanted if ln not in kept]
    if not lost:
        return ""
    return (
        f"the commit lost {len(lost)} of plan's {len(wanted)} trailers (a commit-msg hook"
        " rewrote the message?): `plan history` will not list what they held"
    )


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


def _can_commit(repo: Any, git_dir: Path, rel: str, message: str) -> bool:
    """Refuse (VcsError) when git is mid-operation, HEAD is detached or nobody is named;
    else whether HEAD has a commit (False: the branch's first commit is to come)."""
    import git

    marker, doing, finish = _in_progress(git_dir)
    if marker:
        # A commit now would go into the merge commit (and git refuses a partial one): the
        # run would vanish from `plan history`. Its message waits for the person instead.
        then = f"`git commit --only -- {shlex.quote(rel)}`"
        try:
            kept = keep_message(git_dir, rel, marker, message)
            shown = os.path.relpath(kept, repo.working_tree_dir or ".")
            shown = shown if not shown.startswith("..") else str(kept)
            then = f"`git commit --only -F {shlex.quote(shown)} -- {shlex.quote(rel)}`"
        except OSError:
            pass  # the advice without the kept message
        raise VcsError(
            f"{doing} is in progress: finish {finish} first, keeping the plan out of its"
            " commit (the plan is written, not committed); then commit the plan with its"
            f" results, so `plan history` shows them: {then}"
        )
    # One process for both: HEAD's commit and the ref it names ("HEAD" when detached).
    # It fails only when HEAD has no commit, and an unborn HEAD always names a branch.
    try:
        ref = str(repo.git.rev_parse("HEAD", "--symbolic-full-name", "HEAD")).split()[-1]
        born = True
    except git.GitCommandError:
        ref, born = "", False
    if ref == "HEAD":
        raise VcsError(
            "HEAD is detached; switch to a branch, then commit the plan (or pass --no-commit)"
        )
    try:
        repo.git.var("GIT_COMMITTER_IDENT")
        repo.git.var("GIT_AUTHOR_IDENT")
    except git.GitCommandError:
        raise VcsError(
            "git has no identity here; set one with `git config"
            ' user.name "Your Name"` and `git config user.email you@example.com`'
            " (or pass --no-commit)"
        ) from None
    return born
