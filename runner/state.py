"""The runner's files in the state folder, and writing the plan: the lock, atomic writes,
temporaries a killed run left behind, and the last result of each task and gate."""

from __future__ import annotations

import glob
import json
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from runner import journal
from runner.errors import LockedError, UnusablePlanError
from runner.executor import safe_name
from runner.planfile import Workspace


@contextmanager
def lock(ws: Workspace, plan_path: Path, wait: float, what: str) -> Iterator[None]:
    """One run per plan: a lock file in the state folder, never the plan itself."""
    from filelock import FileLock, Timeout

    folder = ws.state / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    name = safe_name(os.path.relpath(plan_path, ws.root))
    path = folder / f"{name}.lock"
    info = folder / f"{name}.json"
    file_lock = FileLock(str(path), timeout=wait)
    try:
        file_lock.acquire()
    except Timeout:
        holder = ""
        try:
            data = json.loads(info.read_text(encoding="utf-8"))
            holder = f" (pid {data['pid']}, `{data['command']}`, since {data['since']})"
        except (OSError, ValueError, KeyError):
            pass
        raise LockedError(
            f"another plan run holds the lock on this plan{holder}; wait for it with"
            " --wait SECONDS",
            path=ws.display(plan_path),
        ) from None
    try:
        info.write_text(
            json.dumps(
                {"pid": os.getpid(), "command": what, "since": journal.stamp(datetime.now(UTC))}
            ),
            encoding="utf-8",
        )
        yield
    finally:
        try:
            info.unlink()
        except OSError:
            pass
        file_lock.release()


def write_atomic(path: Path, data: bytes, shown: str) -> None:
    """Temporary file in the same folder, fsync, rename: the plan is old or new, never a mix."""
    # A symlinked plan is written through to its target, never replaced by a plain file.
    path = path.resolve()
    # A plan nobody may write (mode a-w) is read-only for root too: that is the owner's word.
    if not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222:
        raise UnusablePlanError("the plan is read-only; nothing was written", path=shown)
    fd, tmp = -1, ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".plan-tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fd = -1
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))
        os.replace(tmp, path)
        tmp = ""
    except OSError as exc:
        raise UnusablePlanError(
            f"cannot write the plan ({exc.strerror}); it is unchanged", path=shown
        ) from None
    finally:
        if fd >= 0:
            os.close(fd)
        if tmp:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def clean_stale_temporaries(plan_path: Path) -> None:
    """Remove the temporary copies of this plan that a killed run left beside it.

    Called with the plan's lock held: no other run can be writing one now.
    """
    for p in plan_path.parent.glob(f".{glob.escape(plan_path.name)}.*.plan-tmp"):
        try:
            p.unlink()
        except OSError:
            pass


def results_file(ws: Workspace, plan_path: Path) -> Path:
    """Where the last result of each task and gate of a plan is kept (the state folder)."""
    return ws.state / "results" / (safe_name(os.path.relpath(plan_path, ws.root)) + ".json")


def last_results(ws: Workspace, plan_path: Path) -> dict[str, Any]:
    """`{"task:ID" | "gate:NAME": {...}}`; empty when nothing was recorded or it is unreadable."""
    try:
        data = json.loads(results_file(ws, plan_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def remember_results(
    ws: Workspace, plan_path: Path, results: list[dict[str, Any]], when: str, by_hand: bool
) -> None:
    """Keep the last result of every task and gate that ran (or was marked by hand)."""
    kept = last_results(ws, plan_path)
    for r in results:
        if r.get("manual") or r.get("not_run") or r.get("interrupted"):
            continue
        if r["status"] == "up_to_date":
            continue
        key = f"task:{r['id']}" if "id" in r else f"gate:{r['name']}"
        logs = [c["log"] for c in r.get("commands", [])]
        kept[key] = {
            "status": r["status"],
            "when": when,
            "by_hand": by_hand,
            "duration_s": r.get("duration_s"),
            "reason": r.get("reason"),
            "log": logs[-1] if logs else None,
        }
    path = results_file(ws, plan_path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(kept, indent=1), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # the plan and git history still hold the result
