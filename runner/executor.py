"""Jobs in, results out, on doit's engine; the only importer of doit.

Each job (a task's or a gate's commands) becomes a doit task with a Python
action, so doit orders them by dependency, runs independent ones in threads
(`-n N -P thread`; the work is subprocesses), stops or continues after a
failure, and keeps the up-to-date database for gates. Python actions also keep
doit's `%` formatting of string actions away from commands like `date +%Y`.
"""

from __future__ import annotations

import math
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

from runner.names import safe_name
from runner.results import CommandRun, ResultStatus, explain

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
    timeout: float | None  # seconds; None or 0: no limit
    env: dict[str, str] = field(default_factory=dict)
    after: tuple[str, ...] = ()
    fingerprint: str | None = None


@dataclass(frozen=True)
class JobResult:
    """How one job came out: passed, failed, up_to_date, not_run or interrupted."""

    key: str
    status: ResultStatus
    commands: tuple[CommandRun, ...] = ()
    duration_s: float = 0.0
    reason: str = ""

    def explain(self) -> str:
        """One line saying why a job failed."""
        return explain(self.commands, self.reason)


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


@dataclass
class _Watch:
    """What happened while a command ran: stopped by its deadline or a signal, and the line
    of its output that says what went wrong."""

    timed_out: bool = False
    interrupted: bool = False
    explain: bytes = b""
    partial: bytes = b""

    def scan(self, chunk: bytes) -> None:
        """Look for the first line that explains a failure."""
        if self.explain:
            return
        self.partial = (self.partial + chunk)[-8192:]
        *lines, self.partial = self.partial.split(b"\n")
        self.explain = next((ln for ln in lines if _EXPLAIN.search(ln)), b"")

    def text(self) -> str:
        """The explaining line, decoded and cut."""
        found = self.explain or (self.partial if _EXPLAIN.search(self.partial) else b"")
        return found.decode("utf-8", "replace").strip()[:200]


def _pump(
    proc: subprocess.Popen[bytes],
    log: IO[bytes],
    echo: IO[bytes] | None,
    stop: Stop,
    deadline: float,
    clock: Callable[[], float],
) -> _Watch:
    """Copy the command's output to the log (and echo) until it ends, is stopped or times out."""
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    watch = _Watch()
    with selectors.DefaultSelector() as sel:
        sel.register(fd, selectors.EVENT_READ)
        while True:
            if stop.event.is_set() and not watch.interrupted:
                watch.interrupted = True
                _stop_group(proc)
            if not watch.timed_out and not watch.interrupted and clock() > deadline:
                watch.timed_out = True
                _stop_group(proc)
            if not sel.select(timeout=0.05):
                if proc.poll() is not None and (watch.timed_out or watch.interrupted):
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
            watch.scan(chunk)
    return watch


def run_command(
    command: str,
    *,
    cwd: Path,
    env: dict[str, str],
    timeout: float | None,
    log_path: Path,
    echo: IO[bytes] | None,
    stop: Stop,
    clock: Callable[[], float] = time.monotonic,
) -> CommandRun:
    """Run one command through `bash -c` in its own process group; output to the log (and echo).

    `timeout` is seconds; None or 0 means no limit.
    """
    start = clock()
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        log.write(f"$ {command}\n".encode())
        if stop.event.is_set():
            return CommandRun(command, None, 0.0, False, str(log_path), "", True)
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
            why = f"cannot start bash: {exc.strerror}"
            return CommandRun(command, 127, clock() - start, False, str(log_path), why)
        deadline = start + timeout if timeout else math.inf
        watch = _pump(proc, log, echo, stop, deadline, clock)
        assert proc.stdout is not None
        proc.stdout.close()
        code = proc.wait()
        # Nothing of the command may outlive it.
        _kill_group(proc, signal.SIGKILL)
        duration = clock() - start
        log.write(
            f"\n[exit {code}{' timed out' if watch.timed_out else ''}"
            f"{' interrupted' if watch.interrupted else ''} after {duration:.2f}s]\n".encode()
        )
    stopped = watch.timed_out or watch.interrupted
    return CommandRun(
        command,
        None if stopped else code,
        duration,
        watch.timed_out,
        str(log_path),
        watch.text(),
        watch.interrupted,
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


class _Batch:
    """One `execute` call: the jobs, their results as they come, and doit's view of them."""

    def __init__(self, jobs: list[Job], options: Options) -> None:
        self.jobs = jobs
        self.options = options
        self.by_key = {j.key: j for j in jobs}
        self.results: dict[str, JobResult] = {}
        self.lock = threading.Lock()
        self.base_env = dict(os.environ)

    def keep(self, result: JobResult, *, first: bool = False) -> None:
        """Record a job's result (only if none is recorded yet, when `first`)."""
        with self.lock:
            if not (first and result.key in self.results):
                self.results[result.key] = result

    def run_job(self, job: Job) -> JobResult:
        """The job's commands, in order, stopping at the first that fails."""
        options = self.options
        if options.on_start and not options.stop.event.is_set():
            options.on_start(job)
        started = time.monotonic()
        done: list[CommandRun] = []
        env = {**self.base_env, **job.env}
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
        name = job.key if _SAFE.fullmatch(job.key) else safe_name(job.key)
        for n, command in enumerate(job.commands, start=1):
            result = run_command(
                command,
                cwd=options.root,
                env=env,
                timeout=job.timeout,
                log_path=options.log_dir / f"{stamp}-{name}-{n}.log",
                echo=options.echo,
                stop=options.stop,
            )
            done.append(result)
            if result.exit_code != 0:
                break
        ok = all(c.exit_code == 0 for c in done) and len(done) == len(job.commands)
        if any(c.interrupted for c in done):
            status = ResultStatus.INTERRUPTED
        else:
            status = ResultStatus.PASSED if ok else ResultStatus.FAILED
        outcome = JobResult(job.key, status, tuple(done), time.monotonic() - started)
        self.keep(outcome)
        if options.on_done:
            options.on_done(job, outcome)
        return outcome

    def doit_task(self, job: Job) -> dict[str, Any]:
        """The job as a doit task: one Python action, its dependencies, its up-to-date check."""
        from doit.tools import config_changed

        def action() -> bool:
            return self.run_job(job).status is ResultStatus.PASSED

        task: dict[str, Any] = {
            "actions": [(action, [], {})],
            "task_dep": [d for d in job.after if d in self.by_key],
            "verbosity": 2,
        }
        if job.fingerprint is not None:
            task["uptodate"] = [
                config_changed({"commands": list(job.commands), "tree": job.fingerprint})
            ]
        return task

    def ordered(self) -> list[JobResult]:
        """A result for every job, in the order of the jobs."""
        out: list[JobResult] = []
        for job in self.jobs:
            if job.key in self.results:
                out.append(self.results[job.key])
            elif self.options.stop.event.is_set():
                out.append(JobResult(job.key, ResultStatus.INTERRUPTED))
            else:
                out.append(
                    JobResult(
                        job.key,
                        ResultStatus.NOT_RUN,
                        reason="not reached (an earlier job failed; --keep-going runs the rest)",
                    )
                )
        return out


def _doit_args(jobs: list[Job], options: Options) -> list[str]:
    args = ["run", "--db-file", str(options.db), "--backend", "json"]
    args += ["--check_file_uptodate", "md5"]
    if options.parallel > 1 and len(jobs) > 1:
        args += ["-n", str(options.parallel), "-P", "thread"]
    if options.keep_going:
        args.append("--continue")
    if options.force:
        args.append("--always-execute")
    return args + [j.key for j in jobs]


def _reporter(batch: _Batch) -> type:
    """A doit reporter that prints nothing and records skipped and unreached jobs."""
    from doit.reporter import ZeroReporter

    class Collector(ZeroReporter):  # type: ignore[misc]
        desc = "collects results for plan"

        def add_failure(self, task: Any, fail: Any) -> None:
            why = "a job it depends on did not pass: " + _first_line(fail.get_msg())
            batch.keep(JobResult(task.name, ResultStatus.NOT_RUN, reason=why), first=True)

        def skip_uptodate(self, task: Any) -> None:
            batch.keep(JobResult(task.name, ResultStatus.UP_TO_DATE))

        def skip_ignore(self, task: Any) -> None:
            self.skip_uptodate(task)

        def cleanup_error(self, exception: Any) -> None:
            pass  # the jobs' own results say what went wrong

        def runtime_error(self, msg: str) -> None:
            sys.stderr.write(f"plan: doit: {msg}\n")

    return Collector


def execute(jobs: list[Job], options: Options) -> list[JobResult]:
    """Run jobs on doit; results in the order of `jobs`."""
    from doit.cmd_base import TaskLoader2
    from doit.doit_cmd import DoitMain

    batch = _Batch(jobs, options)

    class Loader(TaskLoader2):  # type: ignore[misc]
        def load_doit_config(self) -> dict[str, Any]:
            return {"verbosity": 2}

        def load_tasks(self, cmd: Any, pos_args: Any) -> list[Any]:
            from doit.loader import generate_tasks

            tasks: list[Any] = []
            for job in jobs:
                tasks.extend(generate_tasks(job.key, batch.doit_task(job)))
            return tasks

    options.db.parent.mkdir(parents=True, exist_ok=True)
    reporter = _reporter(batch)
    with catch_signals(options.stop):
        DoitMain(Loader(), extra_config={"GLOBAL": {"reporter": reporter}}).run(
            _doit_args(jobs, options)
        )
    return batch.ordered()


def _first_line(text: str) -> str:
    return next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
