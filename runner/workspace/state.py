"""The runner's files in the state folder, and writing the plan: every path under the state
folder (locks, logs, doit's database, results, cache entries), the one atomic writer, the lock,
temporaries a killed run left behind, and the last result of each task and gate."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import stat
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO, NotRequired, TypedDict

from runner.errors import LockedError, UnusablePlanError, UsageError
from runner.plan.results import Result, ResultStatus
from runner.workspace.bounded import read_state
from runner.workspace.layout import Workspace
from runner.workspace.names import safe_name
from runner.workspace.paths import aside_name

TEMP_SUFFIX = ".plan-tmp"


def _plan_name(ws: Workspace, plan_path: Path) -> str:
    return safe_name(os.path.relpath(plan_path, ws.root))


def lock_paths(ws: Workspace, plan_path: Path) -> tuple[Path, Path]:
    """The plan's lock file, and the file saying who holds it: keyed on the plan's real file
    (symlinks followed), so two names of one plan share one lock."""
    folder = ws.state / "locks"
    try:
        real = os.path.relpath(plan_path.resolve(), ws.root.resolve())
    except (OSError, RuntimeError, ValueError):
        real = os.path.relpath(plan_path, ws.root)
    name = safe_name(real)
    return folder / f"{name}.lock", folder / f"{name}.json"


def doit_db(ws: Workspace, plan_path: Path) -> Path:
    """doit's dependency database: per plan, because the lock is (runs on two plans overlap)."""
    return ws.state / "doit" / f"{_plan_name(ws, plan_path)}.json"


def log_dir(ws: Workspace, plan_path: Path) -> Path:
    """Where the commands' logs of a plan go."""
    return ws.state / "logs" / safe_name(plan_path.stem)


def results_file(ws: Workspace, plan_path: Path) -> Path:
    """Where the last result of each task and gate of a plan is kept."""
    return ws.state / "results" / (_plan_name(ws, plan_path) + ".json")


def outputs_file(ws: Workspace) -> Path:
    """Where the runner lists the reports it wrote inside the work tree (JUnit, the page)."""
    return ws.state / "outputs.json"


def written_outputs(ws: Workspace) -> tuple[Path, ...]:
    """The files inside the work tree that the runner wrote itself: gates leave them out of
    their fingerprint, so writing a report never makes them stale."""
    try:
        names = json.loads(read_state(outputs_file(ws)))
    except (OSError, ValueError, RecursionError):
        return ()
    if not isinstance(names, list):
        return ()
    return tuple(ws.root / n for n in names if isinstance(n, str))


def remember_output(ws: Workspace, path: Path) -> None:
    """Add a report the runner just wrote to `written_outputs` (only when inside the tree)."""
    try:
        rel = path.resolve().relative_to(ws.root.resolve()).as_posix()
    except ValueError:
        return  # outside the work tree: it cannot touch a fingerprint
    known = [p.relative_to(ws.root).as_posix() for p in written_outputs(ws)]
    if rel not in known:
        store(outputs_file(ws), json.dumps([*known, rel]))


def cache_entry(cache: Path, plan_path: Path) -> Path:
    """Where a reader keeps the block structure of one plan (by its resolved path)."""
    digest = hashlib.sha256(str(plan_path.resolve()).encode()).hexdigest()[:16]
    return cache / (digest + ".json")


class ChangedMeanwhile(Exception):
    """The file no longer holds the bytes the write was computed from."""


class AppendedMeanwhile(Exception):
    """The write went in, but lines were appended to the old file between the check and the
    rename: `tail` holds them, for the caller to append to the new one."""

    def __init__(self, tail: bytes) -> None:
        super().__init__(f"{len(tail)} bytes appended during the write")
        self.tail = tail


class RewrittenMeanwhile(Exception):
    """The write went in, but the file it replaced was then written over in place (an
    editor that truncates and writes the file it opened): `whole` is that file now, a
    person's save that no longer reaches the plan unless the caller puts it back."""

    def __init__(self, whole: bytes) -> None:
        super().__init__(f"the replaced file was rewritten ({len(whole)} bytes)")
        self.whole = whole


# The files a compare-and-swap write replaced, still open, with the bytes they held: an
# append that reached one of them after the write's own looks is found by `settle_late`
# once the run has committed.
_REPLACED: dict[Path, list[tuple[BinaryIO, bytes]]] = {}


def settle_late(path: Path, *, watch: bool = False) -> bytes:
    """What was appended to the plan's replaced files since they were replaced (closing
    them): a program that opened the plan just before the rename and wrote after it.
    RewrittenMeanwhile when one was written over in place instead (its whole text). With
    `watch`, the files stay open for `last_look` instead of closing."""
    late = b""
    rewritten: bytes | None = None
    for old, held in _REPLACED.pop(path.resolve(), []) + _REPLACED.pop(path, []):
        kept = False
        try:
            whole = _finished(old)
            if whole.startswith(held):
                late += whole[len(held) :]
            else:
                rewritten = whole
            if watch:
                # One file watched at a time: a server or a test process runs many plans,
                # and every handle kept would stay open until it ends.
                for held_list in _WATCHED.values():
                    for older, _ in held_list:
                        older.close()
                _WATCHED.clear()
                _WATCHED[path] = [(old, whole)]
                kept = True
        except OSError:
            pass
        finally:
            if not kept:
                old.close()
    if rewritten is not None and rewritten.strip():
        raise RewrittenMeanwhile(rewritten)
    return late


# The replaced files `settle_late` looked at, kept open with what they held then: a program
# holding the plan open from before the run may still write into one until the runner ends
# (attack15b: 0.07 s after the swap, after the commit, a person's line was lost).
_WATCHED: dict[Path, list[tuple[BinaryIO, bytes]]] = {}


def last_look(path: Path) -> bytes | None:
    """The newest text written into one of the plan's replaced files since `settle_late`
    looked (closing them all), or None when none changed. While another process still holds
    one open (a program that kept the plan open from before the run), its write is waited
    for up to HELD_WAIT (attack15b: a save 0.07 s after the swap, the runner still alive,
    was lost)."""
    found: bytes | None = None
    for old, seen in _WATCHED.pop(path, []):
        try:
            deadline = time.monotonic() + HELD_WAIT
            while _held_elsewhere(old) and time.monotonic() < deadline:
                old.seek(0)
                if old.read() != seen:
                    break
                time.sleep(LATE_PAUSE * 4)
            old.seek(0)
            if old.read() != seen:
                whole = _finished(old)
                if whole.strip():
                    found = whole
        except OSError:
            pass
        finally:
            old.close()
    return found


# How long the runner, as it ends, waits for a program still holding the replaced plan open.
HELD_WAIT = 0.5
# Scanning the processes' open files costs a few milliseconds; past this it is given up.
_SCAN_BUDGET = 0.05


def _held_elsewhere(old: BinaryIO) -> bool:
    """Whether another process has the replaced file open (Linux's /proc; False elsewhere,
    or when looking costs more than _SCAN_BUDGET)."""
    try:
        mine = os.fstat(old.fileno())
        procs = os.listdir("/proc")
    except OSError:
        return False
    me, started = str(os.getpid()), time.monotonic()
    for pid in procs:
        if not pid.isdigit() or pid == me:
            continue
        if time.monotonic() - started > _SCAN_BUDGET:
            return False
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                st = os.stat(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if (st.st_ino, st.st_dev) == (mine.st_ino, mine.st_dev):
                return True
    return False


# How long a replaced file written over in place is watched for its writer to finish.
REWRITE_WAIT = 1.0


# How long a file must stay the same to be taken as a finished save: editors that write in
# parts pause between them (the ninth pass of issue 19 paused 30 ms).
STEADY = 0.1


def _finished(old: BinaryIO) -> bytes:
    """The whole of an open (replaced) file once it has stayed the same for STEADY and
    ends a line, or after REWRITE_WAIT: a save into it in parts is read whole."""
    deadline = time.monotonic() + REWRITE_WAIT
    old.seek(0)
    whole = old.read()
    since = time.monotonic() - _unwritten_for(old)
    while time.monotonic() < deadline:
        if time.monotonic() - since >= STEADY and (not whole or whole.endswith(b"\n")):
            break
        time.sleep(LATE_PAUSE * 2)
        old.seek(0)
        again = old.read()
        if again != whole:
            whole, since = again, time.monotonic()
    return whole


def _unwritten_for(fh: BinaryIO) -> float:
    """How long the open file has not been written (its mtime; 0 when unknown or in the
    future): a file last written longer than STEADY ago has stayed the same that long
    already, and is not watched for STEADY more."""
    try:
        return max(0.0, time.time() - os.fstat(fh.fileno()).st_mtime)
    except OSError:
        return 0.0


# How long a compare-and-swap write keeps watching the replaced file for a late append.
LATE_LOOKS = 4
LATE_PAUSE = 0.005


def replace_atomically(
    path: Path,
    data: bytes,
    *,
    durable: bool = False,
    mode: int | None = None,
    expect: bytes | None = None,
    between: Callable[[], object] | None = None,
) -> None:
    """Temporary file in the same folder, then rename: readers see the old or the new file,
    never a mix. `durable` syncs it to disk first; raises OSError (nothing is left behind).
    With `expect`, a compare-and-swap: the file must still hold exactly those bytes at the
    moment of the rename, else ChangedMeanwhile and nothing is replaced. `between` is called
    after the compare and before the swap: where another writer's save can land."""
    import tempfile  # imported by need: reading commands never write

    fd, tmp = -1, ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fd = -1
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
            ours = os.fstat(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        if expect is None:
            os.replace(tmp, path)
            tmp = ""
        else:
            old = path.open("rb")
            try:
                if old.read() != expect:
                    raise ChangedMeanwhile(str(path))
                if between is not None:
                    between()
                if _exchange(tmp, path):
                    # `tmp` now names the file the swap took away: the one compared, unless
                    # an editor saved by rename between the compare and the swap (the
                    # thirteenth pass lost a line so): then its save goes back, and the
                    # caller reads it again.
                    gone = os.stat(tmp)
                    if not _same_file(gone, os.fstat(old.fileno())):
                        _put_back(tmp, path, ours)
                        raise ChangedMeanwhile(str(path))
                    os.unlink(tmp)
                else:
                    os.replace(tmp, path)
                tmp = ""
                late = old.read()  # what reached the old file after the check
                # A writer that opened the old file just before the rename may write just
                # after this read (an `>>` append under load): look again, briefly.
                for _ in range(LATE_LOOKS):
                    time.sleep(LATE_PAUSE)
                    late += old.read()
            except BaseException:
                old.close()
                raise
            old.seek(0)
            whole = old.read()
            if late and not late.endswith(b"\n"):
                whole = _finished(old)  # an append caught mid-line: wait for the rest
                late = whole[len(expect) :] if whole.startswith(expect) else late
            if not whole.startswith(expect):
                # Written over in place after the check: a person's save, kept whole.
                whole = _finished(old)
                old.close()
                raise RewrittenMeanwhile(whole)
            if late:
                old.close()
                raise AppendedMeanwhile(late)
            # Kept open: the caller looks once more when its commit is done (`settle`).
            _REPLACED.setdefault(path, []).append((old, expect))
    finally:
        if fd >= 0:
            os.close(fd)
        if tmp:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_ino, a.st_dev) == (b.st_ino, b.st_dev)


def _put_back(tmp: str, path: Path, ours: os.stat_result) -> None:
    """Undo a swap that took a person's save away: swap again, so `path` holds their save
    and `tmp` ours (removed by the caller). A save newer still, made meanwhile, is the
    newest: it takes the place."""
    if _exchange(tmp, path) and not _same_file(os.stat(tmp), ours):
        os.replace(tmp, path)
        raise ChangedMeanwhile(str(path))


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@functools.cache
def _renameat2() -> Any:
    """libc's renameat2, None where it has none."""
    import ctypes

    call = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if call is not None:
        call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
        call.argtypes += [ctypes.c_uint]
        call.restype = ctypes.c_int
    return call


def _exchange(a: str | Path, b: str | Path) -> bool:
    """Swap two names atomically (Linux's renameat2 with RENAME_EXCHANGE): True when done,
    False where the system or the file system cannot (the caller renames instead)."""
    import ctypes
    import errno
    import sys

    if not sys.platform.startswith("linux"):
        return False
    call = _renameat2()
    if call is None:
        return False
    if call(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.EPERM):
        return False
    raise OSError(code, os.strerror(code), str(b))


_STATE_NAMES = ("plan", ".plan")  # the state folder's name in the git folder, or outside git


def stays_in_state(path: Path) -> bool:
    """Whether a file of the runner's state folder, written at `path` now, stays in it, links
    followed. The folder is checked when a command starts (`Workspace.state`); a check may
    replace it, or a folder in it, with a link out while it runs (the fourteenth pass:
    `cache`, `doit` and `results` linked out mid-run were written through), so each write
    looks again. True for a path in no state folder."""
    folder = next((d for d in path.parents if d.name in _STATE_NAMES), None)
    if folder is None:
        return True
    anchor = Path(os.path.realpath(folder.parent))
    real = Path(os.path.realpath(folder))
    if real != anchor and anchor not in real.parents:
        return False
    target = Path(os.path.realpath(path))
    return target != real and real in target.parents


def store(path: Path, text: str) -> None:
    """Write one of the runner's own files atomically; a file that cannot be written is
    only a cache or a convenience, so failure is silent. A path a link now carries out of
    the state folder is not written (`stays_in_state`)."""
    try:
        if not stays_in_state(path):
            sys.stderr.write(
                f"plan: not written: {path.name} (a folder of the runner's state now leads out"
                " of it; remove the link)\n"
            )
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_atomically(path, text.encode("utf-8"))
    except OSError:
        pass


def _lock_file_usable(path: Path) -> None:
    """A lock file is the runner's own: anything but a regular file in its place (a folder, a
    link, a FIFO: the sixteenth pass found every run stopped with exit 2 until removed by
    hand) is set aside beside it, with a note, and the lock made anew."""
    try:
        st = path.lstat()
    except OSError:
        return
    if stat.S_ISREG(st.st_mode):
        return
    aside = aside_name(path)
    try:
        os.rename(path, aside)
    except OSError:
        return  # the lock's own error then says what is in the way
    sys.stderr.write(f"plan: the lock file {path.name} was not a file; set aside as {aside.name}\n")


@contextmanager
def held(path: Path, wait: float) -> Iterator[bool]:
    """A lock file held for the block; yields False when another process held it for `wait`
    seconds (the block then runs without it only if the caller goes on)."""
    from filelock import FileLock, Timeout

    _lock_file_usable(path)
    file_lock = FileLock(str(path), timeout=wait)
    try:
        file_lock.acquire()
    except Timeout:
        yield False
        return
    try:
        yield True
    finally:
        file_lock.release()


@contextmanager
def lock(ws: Workspace, plan_path: Path, wait: float, what: str) -> Iterator[None]:
    """One run per plan: a lock file in the state folder, never the plan itself."""
    from filelock import FileLock, Timeout

    path, info = lock_paths(ws, plan_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _lock_file_usable(path)
    file_lock = FileLock(str(path), timeout=wait)
    try:
        file_lock.acquire()
    except Timeout:
        holder = ""
        try:
            data = json.loads(read_state(info))
            holder = f"pid {data['pid']}, `{data['command']}`, since {data['since']}"
        except (OSError, ValueError, RecursionError, KeyError):
            pass
        raise LockedError(path=ws.display(plan_path), holder=holder) from None
    try:
        from runner.plan.journal import stamp  # by need: only runs hold the lock

        since = stamp(datetime.now(UTC))
        store(info, json.dumps({"pid": os.getpid(), "command": what, "since": since}))
        yield
    finally:
        try:
            info.unlink()
        except OSError:
            pass
        file_lock.release()


def unmoved(root: Path, path: Path, real: Path | None, shown: str) -> None:
    """Refuse (exit 3) a plan that is no longer the file the run began on: moved, swapped for
    a symlink to elsewhere (inside the repository or out) or for something not a file."""
    from runner.workspace.paths import inside

    try:
        now = path.resolve() if real is not None else inside(root, path, shown=shown)
        same = now.is_file() and (real is None or now == real)
    except (UsageError, OSError, RuntimeError):
        same = False
    if not same:
        raise UnusablePlanError(
            "the plan was moved or replaced (by a symlink?) while the commands ran;"
            " nothing was written or committed",
            path=shown,
        )


def write_atomic(
    path: Path,
    data: bytes,
    shown: str,
    *,
    root: Path | None = None,
    real: Path | None = None,
    expect: bytes | None = None,
    between: Callable[[], object] | None = None,
) -> None:
    """Write the plan: synced, renamed into place, its mode kept; never half written. With
    `root`, only while it is still `real` (its real file when the run began) inside `root`."""
    if root is not None:
        unmoved(root, path, real, shown)
    # A symlinked plan is written through to its target, never replaced by a plain file.
    path = path.resolve()
    # A plan nobody may write (mode a-w) is read-only for root too: that is the owner's word.
    if not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222:
        raise UnusablePlanError("the plan is read-only; nothing was written", path=shown)
    try:
        replace_atomically(
            path, data, durable=True, mode=stat.S_IMODE(path.stat().st_mode), expect=expect
        )
    except OSError as exc:
        raise UnusablePlanError(
            f"cannot write the plan ({exc.strerror}); it is unchanged", path=shown
        ) from None


def clean_stale_temporaries(plan_path: Path) -> None:
    """Remove the temporary copies of this plan that a killed run left beside it.

    Called with the plan's lock held: no other run can be writing one now.
    """
    import glob

    for p in plan_path.parent.glob(f".{glob.escape(plan_path.name)}.*{TEMP_SUFFIX}"):
        try:
            p.unlink()
        except OSError:
            pass


class LastResult(TypedDict):
    """The last result of a task or gate, as kept in the state folder (`plan show`)."""

    status: str | None
    when: str
    by_hand: bool
    duration_s: float | None
    reason: str | None
    log: str | None
    description: NotRequired[str]  # a task's, so a checklist item that moved is not mistaken
    tail: NotRequired[str]  # a failure's last lines of output, cleaned when it ran
    # A task's passing run: the digest of the commands that passed (`commands_digest`), so
    # the doit export can tell a passed task whose Validation changed since (issue 22).
    commands: NotRequired[str]


def _masked(text: str, *, one_line: bool = False) -> str:
    """Secrets and control bytes masked with this run's environment (runner.plan.redact,
    imported by need: a plan with nothing recorded never needs it)."""
    from runner.plan.redact import clean

    return clean(text, os.environ, one_line=one_line)


def last_results(ws: Workspace, plan_path: Path) -> dict[str, LastResult]:
    """`{"task:ID" | "gate:NAME": {...}}`; empty when nothing was recorded or it is unreadable."""
    try:
        data = json.loads(read_state(results_file(ws, plan_path)))
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(data, dict):
        return {}
    usable: dict[str, LastResult] = {}
    for key, kept in data.items():
        # A damaged or hand-edited file is only a lost memory, never a crash: an entry
        # without its status and time is dropped.
        if not (
            isinstance(kept, dict)
            and isinstance(kept.get("status"), str)
            and isinstance(kept.get("when"), str)
        ):
            continue
        # Kept by an older runner, a reason may still hold a secret or control bytes.
        reason = kept.get("reason")
        kept["reason"] = _masked(reason, one_line=True) if isinstance(reason, str) else None
        duration = kept.get("duration_s")
        kept["duration_s"] = duration if isinstance(duration, int | float) else None
        kept["by_hand"] = kept.get("by_hand") is True
        if not isinstance(kept.get("log"), str):
            kept["log"] = None
        if not isinstance(kept.get("description"), str):
            kept.pop("description", None)
        if not isinstance(kept.get("commands"), str):
            kept.pop("commands", None)
        if isinstance(kept.get("tail"), str):
            kept["tail"] = _masked(kept["tail"])
        else:
            kept.pop("tail", None)
        usable[str(key)] = kept  # type: ignore[assignment]
    return usable


def commands_digest(commands: list[str] | tuple[str, ...]) -> str:
    """A short digest of a task's commands, in order."""
    return hashlib.sha256(json.dumps(list(commands)).encode("utf-8")).hexdigest()[:16]


def _kept(r: Result, when: str, by_hand: bool) -> LastResult:
    logs = [c.log for c in r.commands]
    kept: LastResult = {
        "status": r.shown_value(),
        "when": when,
        "by_hand": by_hand,
        "duration_s": round(r.duration_s, 3) if r.timed else None,
        "reason": _masked(r.reason, one_line=True) if r.outcome in _EXPLAINED else None,
        "log": logs[-1] if logs else None,
    }
    if r.is_task and r.outcome == ResultStatus.PASSED and r.commands and not by_hand:
        kept["commands"] = commands_digest([c.command for c in r.commands])
    if r.outcome == ResultStatus.FAILED and logs and logs[-1]:
        # Cleaned now, while the run's environment (and its secrets) is here to mask: a
        # report built later, elsewhere, shows this and never reads the raw log.
        kept["tail"] = _masked(log_tail(logs[-1]))
    return kept


TAIL_LINES = 15


def log_tail(log: str) -> str:
    """The last lines of a log (at most 8 KiB of it), or nothing when it is unreadable."""
    try:
        with open(log, "rb") as fh:
            fh.seek(0, 2)
            fh.seek(max(0, fh.tell() - 8192))
            data = fh.read().decode("utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(data.rstrip("\n").splitlines()[-TAIL_LINES:])


# The outcomes whose reason the reports show (a failure's cause, why it was not run).
_EXPLAINED = (ResultStatus.FAILED, ResultStatus.NOT_RUN)
_NOT_KEPT = (
    ResultStatus.MANUAL,
    ResultStatus.NOT_RUN,
    ResultStatus.INTERRUPTED,
    ResultStatus.UP_TO_DATE,
)


def remember_results(
    ws: Workspace,
    plan_path: Path,
    results: list[Result],
    when: str,
    by_hand: bool,
    descriptions: dict[str, str] | None = None,
) -> None:
    """Keep the last result of every task and gate that ran (or was marked by hand), with
    the task's description when `descriptions` (by task ID) has it."""
    kept = last_results(ws, plan_path)
    for r in results:
        if r.outcome in _NOT_KEPT:
            continue
        entry = _kept(r, when, by_hand)
        if r.is_task and descriptions and r.name in descriptions:
            entry["description"] = descriptions[r.name]
        # Newest last: the file's order is the order of record, which breaks a tie of times.
        kept.pop(f"{r.kind.value}:{r.name}", None)
        kept[f"{r.kind.value}:{r.name}"] = entry
    # The plan and git history still hold the result if this cannot be written.
    store(results_file(ws, plan_path), json.dumps(kept, indent=1))


def acceptance_file(ws: Workspace, plan_path: Path) -> Path:
    """Where the last `plan accept` of a plan is kept."""
    return ws.state / "acceptance" / (_plan_name(ws, plan_path) + ".json")


def remember_acceptance(ws: Workspace, plan_path: Path, when: str, checks: dict[str, str]) -> None:
    """Keep the last acceptance run: each check (by `signature`) and its result word."""
    store(acceptance_file(ws, plan_path), json.dumps({"when": when, "checks": checks}, indent=1))


def last_acceptance(ws: Workspace, plan_path: Path) -> dict[str, str]:
    """The checks of the last acceptance run and their results (empty: never run)."""
    try:
        data = json.loads(read_state(acceptance_file(ws, plan_path)))
        checks = data["checks"]
    except (OSError, ValueError, RecursionError, KeyError, TypeError):
        return {}
    return {str(k): str(v) for k, v in checks.items()} if isinstance(checks, dict) else {}


def session_file(ws: Workspace, plan_path: Path) -> Path:
    """Where the work tree as it was when the journal's current session began is named."""
    return ws.state / "sessions" / (_plan_name(ws, plan_path) + ".json")


def session_base(ws: Workspace, plan_path: Path, session: str) -> str | None:
    """The snapshot (a git tree) taken when the journal session `session` (its line) began;
    None when it is not the session remembered."""
    try:
        data = json.loads(read_state(session_file(ws, plan_path)))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("session") != session:
        return None
    tree = data.get("tree")
    return tree if isinstance(tree, str) else None


def remember_session(ws: Workspace, plan_path: Path, session: str, tree: str) -> None:
    """Keep the snapshot the journal session `session` began with."""
    store(session_file(ws, plan_path), json.dumps({"session": session, "tree": tree}))


def check_output_target(ws: Workspace, path: Path, what: str) -> None:
    """A report never lands on the repository's own records: a usage error (exit 2) for a
    target inside the git directory or a Markdown file in the plans folder (symlinks
    followed, so a link to either is refused too)."""
    import errno

    from runner.errors import UsageError

    try:
        os.stat(path)
    except OSError as e:
        if e.errno == errno.ELOOP:
            # Refused before anything runs (the thirteenth pass: an internal error after).
            raise UsageError(f"{path}: {what} would be written through a symlink loop") from None
    real = Path(os.path.realpath(path))
    written = Path(os.path.abspath(path))
    root = Path(os.path.abspath(ws.root))
    real_root = Path(os.path.realpath(ws.root))
    if (written == root or root in written.parents) and not (
        real == real_root or real_root in real.parents
    ):
        # A path inside the repository that a symlink (a committed one, say) carries out of
        # it: a file of the user's elsewhere would be overwritten (issue 19). A path named
        # outside the repository is the user's own choice and is written.
        raise UsageError(
            f"{path}: {what} would be written through a symlink to {real}, outside the"
            " repository; name that path itself if you mean it"
        )
    git_dirs = [d for d in (ws.git_dir, ws.root / ".git") if d is not None]
    if ws.git_dir is not None:
        try:  # a worktree's git dir names the repository's own (`commondir`)
            common = (ws.git_dir / "commondir").read_text(encoding="utf-8").strip()
            git_dirs.append(ws.git_dir / common)
        except (OSError, ValueError):
            pass
    for gd in git_dirs:
        real_gd = Path(os.path.realpath(gd))
        if real == real_gd or real_gd in real.parents:
            raise UsageError(f"{path}: {what} would overwrite git's own files; choose another path")
    try:
        plans = Path(os.path.realpath(ws.plans_dir))
    except Exception:  # a broken plans folder setting: nothing in it to protect
        return
    markdown = real.suffix.lower() in (".md", ".markdown")
    if markdown and (real.parent == plans or plans in real.parents or real.exists()):
        # An existing Markdown file anywhere (a plan named by PLAN_FILE at the root, say:
        # the eighth pass overwrote one with `--junit plan.md`) is never a report's place.
        raise UsageError(f"{path}: {what} would overwrite a plan or document; choose another path")
    try:
        st = os.stat(real)
    except OSError:
        return
    if stat.S_ISDIR(st.st_mode):
        raise UsageError(f"{path}: is a folder; {what} needs a file")
    own = _OUTPUT_SUFFIXES.get(what)
    if own and stat.S_ISREG(st.st_mode) and real.suffix.lower() not in own:
        # An existing file of another kind (`-o src/app.py`, `--junit Makefile`,
        # `pyproject.toml`, `.gitattributes`) is a person's: an attacker's pass replaced
        # each with the report. A report or JUnit file of its own kind is written again.
        raise UsageError(
            f"{path}: exists and is not a {own[0]} file; {what} would overwrite it;"
            " choose another path"
        )


# The kinds of file each output is: an existing file of any other kind is never replaced.
_OUTPUT_SUFFIXES = {"the report": (".html", ".htm", ".xhtml"), "--junit": (".xml",)}


def write_output(path: Path, data: bytes, *, inside: Path | None = None) -> None:
    """Write a report the user named: an existing device, FIFO or link to one (`/dev/stdout`)
    is written through, never replaced; a regular file, or a symlink to one, is replaced
    atomically at the symlink's target (the link stays a link). With `inside` (the
    repository), a path written inside it must land inside it, however its folders change
    while it is written (see `_replace_in`). Raises OSError."""
    real = Path(os.path.realpath(path))
    try:
        st = os.stat(real)
    except FileNotFoundError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0)
        if stat.S_ISFIFO(st.st_mode):
            # A FIFO nobody reads would block the open for ever (the eleventh pass: `plan
            # report -o fifo.html` hung): a reader is waited for FIFO_WAIT seconds, then it
            # is an error (ENXIO), never a hang.
            fd = _open_fifo(real, flags, str(path))
        else:
            fd = os.open(real, flags)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        return
    real.parent.mkdir(parents=True, exist_ok=True)
    # Others may read what the user publishes (`-o site/index.html`): a new file gets the
    # mode the user's umask gives (0644 usually), an old one keeps its own, never 0600.
    mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~current_umask()
    root = Path(os.path.abspath(inside)) if inside is not None else None
    written = Path(os.path.abspath(path))
    if root is None or not (written == root or root in written.parents):
        replace_atomically(real, data, mode=mode)
        return
    _replace_in(real, data, mode, Path(os.path.realpath(root)), str(path))


def _replace_in(real: Path, data: bytes, mode: int, root: Path, shown: str) -> None:
    """`real` replaced by `data` through a handle on its folder, checked to be inside `root`
    once held: the attacker's fifteenth pass flipped a folder of the path between a link in
    and a link out every half millisecond, and a check made before the write was followed
    out of the repository one time in three."""
    import errno
    import secrets

    folder = os.open(real.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        proc = f"/proc/self/fd/{folder}"
        held = (
            Path(os.readlink(proc)) if os.path.islink(proc) else Path(os.path.realpath(real.parent))
        )
        if held != root and root not in held.parents:
            raise OSError(
                errno.EXDEV, "a folder of the path now leads out of the repository", shown
            )
        tmp = f".{real.name}.{secrets.token_hex(4)}.tmp"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(tmp, flags, 0o600, dir_fd=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                os.fchmod(fh.fileno(), mode)
            os.replace(tmp, real.name, src_dir_fd=folder, dst_dir_fd=folder)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=folder)
            raise
    finally:
        os.close(folder)


FIFO_WAIT = 10.0


def _open_fifo(real: Path, flags: int, shown: str) -> int:
    import errno
    import time

    deadline = time.monotonic() + FIFO_WAIT
    while True:
        try:
            fd = os.open(real, flags | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno != errno.ENXIO or time.monotonic() >= deadline:
                why = "a FIFO that no one is reading from" if exc.errno == errno.ENXIO else None
                raise OSError(exc.errno, why or exc.strerror, shown) from None
            time.sleep(0.05)
            continue
        os.set_blocking(fd, True)
        return fd


def current_umask() -> int:
    """The process's umask (read from /proc where it can be, else set and put back)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
