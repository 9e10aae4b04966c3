"""Jobs in, results out, on doit's engine; the only importer of doit.

Each job (a task's or a gate's commands) becomes a doit task with a Python
action, so doit orders them by dependency, runs independent ones in threads
(`-n N -P thread`; the work is subprocesses), stops or continues after a
failure, and keeps the up-to-date database for gates. Python actions also keep
doit's `%` formatting of string actions away from commands like `date +%Y`.
"""

from __future__ import annotations

import os
import stat
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runner.errors import EngineError
from runner.markdown.patterns import later
from runner.plan.results import CommandRun, ResultStatus, explain
from runner.run.checks import MatchBudget, judge
from runner.run.commands import Stop, catch_signals, run_command
from runner.run.streaming import Echo, job_echo
from runner.workspace.names import safe_name
from runner.workspace.paths import aside_name

if TYPE_CHECKING:
    from runner.plan.verdicts import Verdict

_SAFE = later(r"[A-Za-z0-9_-][A-Za-z0-9_.-]{0,80}")


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
    # Run even when the fingerprint is unchanged (a gate the plan does not hold passed);
    # the fingerprint is still saved, so the next run may skip it.
    stale: bool = False
    # What each command's output must show, aligned with `commands` (`runner.plan.checks`).
    verdicts: tuple[Verdict | None, ...] = ()
    # Why the job must not run at all (a gate whose command acts): it is `not_run`.
    refused: str = ""

    def verdict(self, index: int) -> Verdict | None:
        """The verdict of the command at `index` (0-based), if any."""
        return self.verdicts[index] if index < len(self.verdicts) else None


@dataclass(frozen=True)
class JobResult:
    """How one job came out: passed, failed, up_to_date, not_run or interrupted."""

    key: str
    status: ResultStatus
    commands: tuple[CommandRun, ...] = ()
    duration_s: float = 0.0
    reason: str = ""
    # When it started and ended on the monotonic clock (equal for a job that did not run):
    # the order of a run, and the wall time of jobs that ran together.
    started: float = 0.0
    ended: float = 0.0

    def explain(self) -> str:
        """One line saying why a job failed."""
        return explain(self.commands, self.reason)


@dataclass
class Busy:
    """A stretch of a run while checks ran (one at a time, or several at once) and what
    could have left a process behind was still alive: the jobs that ran in it, and the
    watched file's bytes as it began and as it ended (None: not watched, or unreadable).
    A change made to the file in no such stretch was made while no check of the run was
    alive: a person's, never a check's (issue 19, case 6)."""

    keys: set[str] = field(default_factory=set)
    before: bytes | None = None
    after: bytes | None = None


@dataclass
class Options:
    """How to run a batch of jobs."""

    root: Path
    db: Path  # doit's dependency database: one per plan, like the plan's lock
    log_dir: Path
    parallel: int = 1
    keep_going: bool = False
    force: bool = False
    echo: Echo | None = None
    prefix: bool = False  # several jobs at once: each echoed line says whose it is
    on_start: Callable[[Job], None] | None = None
    on_done: Callable[[Job, JobResult], None] | None = None
    stop: Stop = field(default_factory=Stop)
    # The file whose bytes each busy stretch records (`Busy`), and the stretches, filled in
    # as the jobs run.
    watch: Path | None = None
    busy: list[Busy] = field(default_factory=list)


class _Batch:
    """One `execute` call: the jobs, their results as they come, and doit's view of them."""

    def __init__(self, jobs: list[Job], options: Options) -> None:
        self.jobs = jobs
        self.options = options
        self.by_key = {j.key: j for j in jobs}
        self.crashed: list[str] = []  # jobs whose own action raised (an internal error)
        self.results: dict[str, JobResult] = {}
        self.lock = threading.Lock()
        self.base_env = dict(os.environ)
        self.match_budget = MatchBudget()  # one run's time for matching patterns
        self.active = 0  # jobs whose commands are running now

    def _watched(self) -> bytes | None:
        watch = self.options.watch
        if watch is None:
            return None
        try:
            return watch.read_bytes()
        except OSError:
            return None

    def enter(self, key: str) -> None:
        """A job's commands begin: it joins the busy stretch, or begins one."""
        with self.lock:
            if self.active == 0:
                self.options.busy.append(Busy(before=self._watched()))
            self.options.busy[-1].keys.add(key)
            self.active += 1

    def leave(self) -> None:
        """A job's commands ended (and what they left behind was stopped): the stretch
        ends when no other job's run."""
        with self.lock:
            self.active -= 1
            if self.active == 0:
                self.options.busy[-1].after = self._watched()

    def keep(self, result: JobResult, *, first: bool = False) -> None:
        """Record a job's result (only if none is recorded yet, when `first`)."""
        if not result.ended:
            now = time.monotonic()
            result = replace(result, started=now, ended=now)
        with self.lock:
            if not (first and result.key in self.results):
                self.results[result.key] = result

    def unmet(self, keys: str) -> str:
        """Why a job did not run, from doit's list of the failed jobs it depends on: said with
        the plan's names (`P1.T3`, `gate Lint`), never the internal job keys (issue 20)."""
        names = []
        for key in keys.split():
            job = self.by_key.get(key)
            label = job.label if job is not None else key
            names.append(label.removeprefix("task "))
        which = ", ".join(names) or "an earlier job"
        return f"depends on {which}, which did not pass"

    def run_job(self, job: Job) -> JobResult:
        """The job's commands, in order, stopping at the first that fails."""
        options = self.options
        if job.refused:
            refused = JobResult(job.key, ResultStatus.NOT_RUN, reason=job.refused)
            self.keep(refused)
            return refused
        if options.on_start and not options.stop.event.is_set():
            options.on_start(job)
        started = time.monotonic()
        env = {**self.base_env, **job.env}
        name = job.key if _SAFE.fullmatch(job.key) else safe_name(job.key)
        stamp = unused_stamp(options.log_dir, name)
        self.enter(job.key)
        try:
            done = self._commands(job, env, name, stamp)
        finally:
            self.leave()
        ok = all(c.passed for c in done) and len(done) == len(job.commands)
        if any(c.interrupted for c in done):
            status = ResultStatus.INTERRUPTED
        else:
            status = ResultStatus.PASSED if ok else ResultStatus.FAILED
        ended = time.monotonic()
        outcome = JobResult(job.key, status, tuple(done), ended - started, "", started, ended)
        self.keep(outcome)
        if options.on_done:
            options.on_done(job, outcome)
        return outcome

    def _commands(self, job: Job, env: dict[str, str], name: str, stamp: str) -> list[CommandRun]:
        """The job's commands, in order, up to the first that fails."""
        options = self.options
        done: list[CommandRun] = []
        with job_echo(options.echo, job.label if options.prefix else None) as echo:
            for n, command in enumerate(job.commands, start=1):
                result = run_command(
                    command,
                    cwd=options.root,
                    env=env,
                    timeout=job.timeout,
                    log_path=options.log_dir / f"{stamp}-{name}-{n}.log",
                    echo=echo,
                    stop=options.stop,
                )
                if result.timed_out and job.timeout:
                    result = replace(result, limit_s=job.timeout)
                verdict = job.verdict(n - 1)
                if verdict is not None:
                    result = judge(
                        verdict, result, options.stop.event, self.match_budget, job.timeout
                    )
                done.append(result)
                if not result.passed:
                    break
        return done

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
            config: dict[str, Any] = {"commands": list(job.commands), "tree": job.fingerprint}
            if any(job.verdicts):
                config["checks"] = [repr(v) for v in job.verdicts]
            task["uptodate"] = [config_changed(config)] + ([False] if job.stale else [])
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


# doit's JSON database as the runner keeps it: written by a rename in its folder (never half
# a file) and never through a link out of the state folder that a check made while it ran
# (the fourteenth pass: `.git/plan/doit` linked out mid-run was written through).
_BACKEND = "plan-json"


def state_database() -> type:
    """doit's JSON backend, writing as the runner's other state files are written."""
    from doit.dependency import JsonDB

    from runner.workspace.state import replace_atomically, stays_in_state

    class StateJsonDB(JsonDB):  # type: ignore[misc]
        desc = "doit's JSON database, kept in plan's state folder"

        def dump(self) -> None:
            path = Path(self.name)
            if not stays_in_state(path):
                sys.stderr.write(
                    f"plan: not written: {path.name} (the engine's folder now leads out of the"
                    " runner's state folder; remove the link)\n"
                )
                return
            replace_atomically(path, self.codec.encode(self._db).encode("utf-8"))

    return StateJsonDB


def __getattr__(name: str) -> Any:
    """`StateJsonDB`, made when doit loads it as a backend plugin (doit is imported late)."""
    if name == "StateJsonDB":
        return state_database()
    raise AttributeError(name)


def _doit_args(jobs: list[Job], options: Options) -> list[str]:
    args = ["run", "--db-file", str(options.db), "--backend", _BACKEND]
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
            from doit.exceptions import UnmetDependency

            if not isinstance(fail, UnmetDependency) and task.name not in batch.results:
                # The job's own action raised: an internal error, never a quiet "not run"
                # that exits 0 (found by the helper that fixed SIGPIPE, issue 19).
                batch.crashed.append(f"{task.name}: {_first_line(fail.get_msg())}")
                sys.stderr.write(fail.get_msg())
                return
            why = batch.unmet(_first_line(fail.get_msg()))
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

    heal_folder(options.db.parent)
    options.db.parent.mkdir(parents=True, exist_ok=True)
    heal_database(options.db)
    reporter = _reporter(batch)
    for attempt in (1, 2):
        with catch_signals(options.stop):
            # The engine is the runner's own: the repository's doit settings (`[tool.doit]`
            # in pyproject.toml, doit.cfg) are its project's, never the runner's (an attacker's
            # pass broke --json with `reporter = "json"` and stopped every run with conflict
            # markers in pyproject.toml).
            main = DoitMain(
                Loader(),
                config_filenames=(),
                extra_config={
                    "GLOBAL": {"reporter": reporter},
                    "BACKEND": {_BACKEND: "runner.run.executor:StateJsonDB"},
                },
            )
            code = main.run(_doit_args(jobs, options))
        if batch.crashed:
            raise EngineError(
                "an internal error stopped a job ("
                + "; ".join(batch.crashed)
                + "); nothing of it is recorded (a bug in plan: please report it with the"
                " traceback above)"
            )
        refused = code not in (0, 1) and not batch.results and not options.stop.event.is_set()
        if not refused:
            break
        if attempt == 1 and options.db.exists():
            # Nothing ran: a database doit cannot use in a way no check here foresaw is
            # set aside too, and the jobs run once more on a new one (never exit 70 for ever).
            _set_aside(options.db, "could not be used by doit")
            continue
        # doit refused to run at all (2: an error, 3: a user error): never a result.
        raise EngineError(f"doit could not run the jobs (its exit code {code}); nothing recorded")
    return batch.ordered()


def heal_folder(folder: Path) -> None:
    """The engine's folder is the runner's own and disposable: a file in its place
    (the eighth pass: `.git/plan/doit` made a regular file stopped every run with exit 2,
    "File exists") is set aside beside it, kept, and the folder made anew with a note, as
    an unreadable database is."""
    if folder.is_symlink() or folder.is_dir() or not folder.exists():
        return  # a link is the workspace's to refuse (`Workspace.state`)
    aside = aside_name(folder)
    try:
        folder.rename(aside)
    except OSError as exc:
        raise EngineError(
            f"the engine's folder {folder.name} is not a folder and cannot be set aside"
            f" ({exc.strerror})"
        ) from None
    sys.stderr.write(
        f"plan: the engine's folder {folder.name} was not a folder; it is set aside as"
        f" {aside.name} and rebuilt (up-to-date checks start afresh)\n"
    )


def heal_database(db: Path) -> None:
    """The engine's database only caches up-to-date checks: one that cannot be read (a kill
    during its write left it empty or cut) is removed, so doit builds a new one and every
    job runs for real (issue 19), rather than doit refusing and the run reporting nothing."""
    import json

    if db.is_symlink():
        # The runner's own state is never a link (a dangling one made doit fail at its
        # write with a traceback, and the run say nothing of it): the link goes, not its target.
        _set_aside(db, "was a link")
        return
    try:
        info = db.lstat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise EngineError(f"cannot read the engine's database {db.name}: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        # A FIFO would hang the read (and doit's) for ever, a folder stop every run with
        # exit 70 (issue 19, case 1): whatever it is, it is set aside, kept, and rebuilt.
        _move_aside(db)
        return
    try:
        # Not blocking: a FIFO put there since the look above opens at once, and is seen.
        flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
        with open(os.open(db, flags), "rb") as handle:
            regular = stat.S_ISREG(os.fstat(handle.fileno()).st_mode)
            data = handle.read() if regular else b""
    except FileNotFoundError:
        return
    except OSError as exc:
        raise EngineError(f"cannot read the engine's database {db.name}: {exc.strerror}") from None
    if not regular:
        _move_aside(db)
        return
    try:
        ok = _well_shaped(json.loads(data.decode("utf-8")))
    except (UnicodeDecodeError, ValueError, RecursionError):
        ok = False
    if not ok:
        _set_aside(db, "was unreadable")


def _set_aside(db: Path, why: str) -> None:
    sys.stderr.write(
        f"plan: the engine's database {db.name} {why}; it is rebuilt"
        " (up-to-date checks start afresh)\n"
    )
    db.unlink(missing_ok=True)


def _move_aside(db: Path) -> None:
    """A database that is not a regular file (a FIFO, a socket, a folder) renamed beside it,
    kept, with a note: the engine then makes a new one."""
    aside = aside_name(db)
    try:
        db.rename(aside)
    except OSError as exc:
        raise EngineError(
            f"the engine's database {db.name} is not a file and cannot be set aside"
            f" ({exc.strerror})"
        ) from None
    sys.stderr.write(
        f"plan: the engine's database {db.name} was not a file; it is set aside as"
        f" {aside.name} and rebuilt (up-to-date checks start afresh)\n"
    )


def _well_shaped(doc: object) -> bool:
    """The shape doit's JSON backend writes: task name -> {"_values_:": {...}, "checker:":
    name, "deps:": [paths], a file's state -> [...]}; anything else (a hand edit, a cut
    write) would make doit refuse to run."""
    if not isinstance(doc, dict):
        return False
    for entry in doc.values():
        if not isinstance(entry, dict):
            return False
        for key, value in entry.items():
            if key == "_values_:":
                good = isinstance(value, dict)
            elif key == "checker:":
                good = value in ("MD5Checker", "TimestampChecker")
            elif key == "deps:":
                good = isinstance(value, list) and all(isinstance(d, str) for d in value)
            elif key == "result:":
                good = isinstance(value, str | dict)
            else:
                good = isinstance(value, list)
            if not good:
                return False
    return True


def _first_line(text: str) -> str:
    return next((ln.strip() for ln in text.splitlines() if ln.strip()), "")


def unused_stamp(folder: Path, name: str) -> str:
    """A stamp for a job's logs (`20261204T101500-T1-1.log`) that no earlier run in the same
    second took: a fast retry gets `…T101500.2`, never overwriting the log a failure names."""
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    candidate, k = stamp, 1
    while (folder / f"{candidate}-{name}-1.log").exists():
        k += 1
        candidate = f"{stamp}.{k}"
    return candidate
