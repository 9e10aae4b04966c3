"""Jobs in, results out, on doit's engine; the only importer of doit.

Each job (a task's or a gate's commands) becomes a doit task with a Python
action, so doit orders them by dependency, runs independent ones in threads
(`-n N -P thread`; the work is subprocesses), stops or continues after a
failure, and keeps the up-to-date database for gates. Python actions also keep
doit's `%` formatting of string actions away from commands like `date +%Y`.
"""

from __future__ import annotations

import hashlib
import os
import re
import selectors
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

GRACE_S = 2.0
_SAFE = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]{0,80}")
CHUNK = 65536
_EXPLAIN = re.compile(
    rb"error|fail|fatal|exception|traceback|assert|denied|not found|cannot", re.IGNORECASE
)


@dataclass(frozen=True)
class Job:
    """Commands to run as one unit: a task's, or one gate's."""

    key: str
    label: str
    commands: tuple[str, ...]
    timeout: float
    env: dict[str, str] = field(default_factory=dict)
    after: tuple[str, ...] = ()
    fingerprint: str | None = None


@dataclass(frozen=True)
class CommandResult:
    """One command's outcome; `explain` is the first output line that says what went wrong."""

    command: str
    exit_code: int | None
    duration_s: float
    timed_out: bool
    log: str
    explain: str = ""
    interrupted: bool = False


@dataclass(frozen=True)
class JobResult:
    """passed, failed, up_to_date, not_run (a dependency failed) or interrupted."""

    key: str
    status: str
    commands: tuple[CommandResult, ...] = ()
    duration_s: float = 0.0
    reason: str = ""

    def explain(self) -> str:
        """One line saying why a job failed."""
        for c in self.commands:
            if c.interrupted:
                return "interrupted"
            if c.timed_out:
                return f"timed out after {c.duration_s:.1f}s: {c.command}"
            if c.exit_code:
                tail = f": {c.explain}" if c.explain else ""
                return f"exit {c.exit_code}{tail}"
        return self.reason


class Stop:
    """Set by SIGINT/SIGTERM: running commands are stopped, nothing new starts."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.signum = 0

    def trip(self, signum: int) -> None:
        """Record the first signal and wake every waiting command."""
        if not self.signum:
            self.signum = signum
        self.event.set()


@contextmanager
def catch_signals(stop: Stop) -> Iterator[None]:
    """Turn Ctrl-C and SIGTERM into `stop` while commands run (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}

    def handler(signum: int, _frame: object) -> None:
        stop.trip(signum)

    for s in previous:
        signal.signal(s, handler)
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


def safe_name(text: str) -> str:
    """A file-name fragment that cannot leave its folder: no `/`, `..` or shell metacharacters."""
    clean = re.sub(r"[^A-Za-z0-9_-]+", "_", text).strip("_")[:40] or "x"
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    return f"{clean}-{digest}"


def _kill_group(proc: subprocess.Popen[bytes], sig: int) -> None:
    try:
        os.killpg(proc.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _stop_group(proc: subprocess.Popen[bytes]) -> None:
    """TERM the whole group, then KILL what is left after the grace period."""
    _kill_group(proc, signal.SIGTERM)
    try:
        proc.wait(timeout=GRACE_S)
    except subprocess.TimeoutExpired:
        pass
    _kill_group(proc, signal.SIGKILL)


def run_command(
    command: str,
    *,
    cwd: Path,
    env: dict[str, str],
    timeout: float,
    log_path: Path,
    echo: IO[bytes] | None,
    stop: Stop,
    clock: Callable[[], float] = time.monotonic,
) -> CommandResult:
    """Run one command through `bash -c` in its own process group; output to the log (and echo)."""
    start = clock()
    log_path.parent.mkdir(parents=True, exist_ok=True)
    explain = b""
    timed_out = interrupted = False
    partial = b""
    with log_path.open("wb") as log:
        log.write(f"$ {command}\n".encode())
        if stop.event.is_set():
            return CommandResult(command, None, 0.0, False, str(log_path), "", True)
        try:
            proc = subprocess.Popen(
                ["bash", "-c", command],
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                process_group=0,
            )
        except OSError as exc:
            log.write(f"cannot start bash: {exc}\n".encode())
            return CommandResult(
                command,
                127,
                clock() - start,
                False,
                str(log_path),
                f"cannot start bash: {exc.strerror}",
            )
        assert proc.stdout is not None
        fd = proc.stdout.fileno()
        deadline = start + timeout
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            while True:
                if stop.event.is_set() and not interrupted:
                    interrupted = True
                    _stop_group(proc)
                if not timed_out and not interrupted and clock() > deadline:
                    timed_out = True
                    _stop_group(proc)
                if not sel.select(timeout=0.05):
                    if proc.poll() is not None and (timed_out or interrupted):
                        break  # the group is gone or killed; nothing more will come
                    if proc.poll() is not None:
                        _kill_group(proc, signal.SIGKILL)  # leftovers holding the pipe
                    continue
                chunk = os.read(fd, CHUNK)
                if not chunk:
                    break
                log.write(chunk)
                if echo is not None:
                    echo.write(chunk)
                    echo.flush()
                if not explain:
                    partial = (partial + chunk)[-8192:]
                    *lines, partial = partial.split(b"\n")
                    explain = next((ln for ln in lines if _EXPLAIN.search(ln)), b"")
        proc.stdout.close()
        code = proc.wait()
        # Nothing of the command may outlive it.
        _kill_group(proc, signal.SIGKILL)
        if not explain and _EXPLAIN.search(partial):
            explain = partial
        duration = clock() - start
        log.write(
            f"\n[exit {code}{' timed out' if timed_out else ''}"
            f"{' interrupted' if interrupted else ''} after {duration:.2f}s]\n".encode()
        )
    text = explain.decode("utf-8", "replace").strip()[:200]
    return CommandResult(
        command,
        None if (timed_out or interrupted) else code,
        duration,
        timed_out,
        str(log_path),
        text,
        interrupted,
    )


@dataclass
class Options:
    """How to run a batch of jobs."""

    root: Path
    db: Path  # doit's dependency database: one per plan, like the plan's lock
    log_dir: Path
    parallel: int = 1
    keep_going: bool = False
    force: bool = False
    echo: IO[bytes] | None = None
    on_start: Callable[[Job], None] | None = None
    on_done: Callable[[Job, JobResult], None] | None = None
    stop: Stop = field(default_factory=Stop)


def execute(jobs: list[Job], options: Options) -> list[JobResult]:
    """Run jobs on doit; results in the order of `jobs`."""
    from doit.cmd_base import TaskLoader2
    from doit.doit_cmd import DoitMain
    from doit.tools import config_changed

    results: dict[str, JobResult] = {}
    by_key = {j.key: j for j in jobs}
    base_env = dict(os.environ)
    lock = threading.Lock()

    def action(job: Job) -> Callable[[], bool]:
        def run() -> bool:
            if options.on_start and not options.stop.event.is_set():
                options.on_start(job)
            started = time.monotonic()
            done: list[CommandResult] = []
            env = {**base_env, **job.env}
            stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
            for n, command in enumerate(job.commands, start=1):
                name = job.key if _SAFE.fullmatch(job.key) else safe_name(job.key)
                log = options.log_dir / f"{stamp}-{name}-{n}.log"
                result = run_command(
                    command,
                    cwd=options.root,
                    env=env,
                    timeout=job.timeout,
                    log_path=log,
                    echo=options.echo,
                    stop=options.stop,
                )
                done.append(result)
                if result.exit_code != 0:
                    break
            ok = all(c.exit_code == 0 for c in done) and len(done) == len(job.commands)
            interrupted = any(c.interrupted for c in done)
            status = "interrupted" if interrupted else ("passed" if ok else "failed")
            outcome = JobResult(job.key, status, tuple(done), time.monotonic() - started)
            with lock:
                results[job.key] = outcome
            if options.on_done:
                options.on_done(job, outcome)
            return ok

        return run

    def doit_task(job: Job) -> dict[str, Any]:
        task: dict[str, Any] = {
            "actions": [(action(job), [], {})],
            "task_dep": [d for d in job.after if d in by_key],
            "verbosity": 2,
        }
        if job.fingerprint is not None:
            task["uptodate"] = [
                config_changed({"commands": list(job.commands), "tree": job.fingerprint})
            ]
        return task

    class Loader(TaskLoader2):  # type: ignore[misc]
        def load_doit_config(self) -> dict[str, Any]:
            return {"verbosity": 2}

        def load_tasks(self, cmd: Any, pos_args: Any) -> list[Any]:
            from doit.loader import generate_tasks

            tasks: list[Any] = []
            for job in jobs:
                tasks.extend(generate_tasks(job.key, doit_task(job)))
            return tasks

    class Collector:
        desc = "collects results for plan"

        def __init__(self, outstream: Any, opts: Any) -> None:
            pass

        def initialize(self, tasks: Any, selected: Any) -> None: ...
        def get_status(self, task: Any) -> None: ...
        def execute_task(self, task: Any) -> None: ...
        def add_success(self, task: Any) -> None: ...
        def teardown_task(self, task: Any) -> None: ...
        def complete_run(self) -> None: ...
        def cleanup_error(self, exception: Any) -> None: ...

        def add_failure(self, task: Any, fail: Any) -> None:
            with lock:
                if task.name not in results:
                    results[task.name] = JobResult(
                        task.name,
                        "not_run",
                        reason="a job it depends on did not pass: " + _first_line(fail.get_msg()),
                    )

        def skip_uptodate(self, task: Any) -> None:
            with lock:
                results[task.name] = JobResult(task.name, "up_to_date")

        def skip_ignore(self, task: Any) -> None:
            self.skip_uptodate(task)

        def runtime_error(self, msg: str) -> None:
            sys.stderr.write(f"plan: doit: {msg}\n")

    options.db.parent.mkdir(parents=True, exist_ok=True)
    args = [
        "run",
        "--db-file",
        str(options.db),
        "--backend",
        "json",
        "--check_file_uptodate",
        "md5",
    ]
    if options.parallel > 1 and len(jobs) > 1:
        args += ["-n", str(options.parallel), "-P", "thread"]
    if options.keep_going:
        args.append("--continue")
    if options.force:
        args.append("--always-execute")
    args += [j.key for j in jobs]
    with catch_signals(options.stop):
        DoitMain(Loader(), extra_config={"GLOBAL": {"reporter": Collector}}).run(args)
    ordered: list[JobResult] = []
    for job in jobs:
        if job.key in results:
            ordered.append(results[job.key])
        elif options.stop.event.is_set():
            ordered.append(JobResult(job.key, "interrupted"))
        else:
            ordered.append(
                JobResult(
                    job.key,
                    "not_run",
                    reason="not reached (an earlier job failed; --keep-going runs the rest)",
                )
            )
    return ordered


def _first_line(text: str) -> str:
    return next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
