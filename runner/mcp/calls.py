"""How an MCP tool call reaches the runner: the repository and plan it names (refused outside
the repository), the work in a worker thread, progress with its total, cancellation tripping
the run's `Stop`, and failures as one sentence with the CLI's exit code. Imports no mcp, so
it is tested and typed like the rest of the runner; only `plan mcp` imports it."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import anyio
import anyio.from_thread
import anyio.lowlevel
import anyio.to_thread

from runner.errors import (
    EXIT_USAGE,
    LockedError,
    NoPlansError,
    PlanError,
    UsageError,
    WhichPlanError,
)
from runner.outputs import documents
from runner.run.commands import Stop

if TYPE_CHECKING:
    from runner.run.executor import Job, JobResult
    from runner.run.options import Action, RunOptions

T = TypeVar("T")

Progress = Callable[[float, float | None, str], Any]
"""An async callable the server gives: progress so far, the total (if known), a message."""


class Refused(Exception):
    """A tool call that failed as the CLI would: one sentence and the CLI's exit code."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code

    def sentence(self) -> str:
        """The message with the exit code, as the tool error's text."""
        return f"{self.message} (exit code {self.exit_code})"

    def document(self) -> dict[str, Any]:
        """The error as a `schema`-versioned document, the one `--json` prints (attack15b:
        here the error was a bare string, the CLI's an object with its `message`)."""
        error = {"message": self.message}
        return {"schema": documents.SCHEMA, "error": error, "exit_code": self.exit_code}


def refused(exc: PlanError) -> Refused:
    """A runner error as a tool error, its advice in the tool's words (its arguments), not
    the CLI's options."""
    message = exc.render()
    if isinstance(exc, LockedError):
        message = message.replace("--wait SECONDS", "the tool's `wait` argument (seconds)")
    if isinstance(exc, WhichPlanError):
        message = f"which plan? {exc.why}: {', '.join(exc.found)}; name one with `plan`"
    return Refused(message, exc.exit_code)


class Runs:
    """The runs in progress, each with its `Stop`, so that a signal to the server stops them
    all; after that signal every new run starts stopped."""

    def __init__(self) -> None:
        self._stops: set[Stop] = set()
        self._lock = threading.Lock()
        self.signum = 0

    def start(self) -> Stop:
        """A `Stop` for a new run, already tripped once the server is stopping."""
        stop = Stop()
        with self._lock:
            if self.signum:
                stop.trip(self.signum)
            self._stops.add(stop)
        return stop

    def end(self, stop: Stop) -> None:
        """The run is over (its commands are gone)."""
        with self._lock:
            self._stops.discard(stop)

    def stop_all(self, signum: int) -> None:
        """Stop every run's commands (TERM, then KILL, of their groups)."""
        with self._lock:
            self.signum = self.signum or signum
            for stop in self._stops:
                stop.trip(signum)

    def busy(self) -> bool:
        """Whether any run is still going."""
        with self._lock:
            return bool(self._stops)


@dataclass
class Server:
    """What every call shares: the repositories the server serves (the first is where a call
    that names none works), and the runs in progress."""

    base: Path
    served: tuple[Path, ...] = ()
    runs: Runs = field(default_factory=Runs)

    def folder(self, repo: str | None) -> Path:
        """The folder a call names (relative to the server's), which must be inside one of
        the repositories the server was started for: `{"repo": "/"}` cannot reach out."""
        if repo is None:
            return self.base
        shown = repo if len(repo) <= 120 else repo[:60] + "…" + repo[-40:]
        if "\x00" in repo:
            raise UsageError("the argument 'repo' must not hold a NUL character")
        try:
            folder = (self.base / repo).resolve()
            usable = folder.is_dir()
        except (OSError, ValueError):  # a name too long, a loop of symlinks
            usable = False
        if not usable:
            raise UsageError(f"the repository '{shown}' is not an existing folder")
        inside = any(folder.is_relative_to(root) for root in self.served or (self.base,))
        if not inside or not self._serves(folder):
            # A folder inside a served repository that is a repository of its own (a clone,
            # a submodule) is another repository: not served either (issue 19).
            served = ", ".join(str(r) for r in self.served or (self.base,))
            raise UsageError(
                f"the repository '{shown}' is not one this server serves ({served}); start"
                " it with `plan mcp --repo PATH` for each repository it may work in"
            )
        return folder

    def _serves(self, folder: Path) -> bool:
        """Whether the repository `folder` belongs to is one the server was started for."""
        from runner import api

        roots = {api.repository(r) for r in self.served or (self.base,)}
        return api.repository(folder) in roots

    def check_plans(self, folder: Path, plans: Sequence[str | None]) -> None:
        """Each plan named must belong to a repository the server serves: a path to
        another repository's plan (`{"plan": "/elsewhere/plans/x.md"}`) cannot reach out
        either, whatever `repo` says."""
        from runner import api

        for plan in plans:
            if not plan:
                continue
            root = api.plan_repository(plan, folder)
            roots = {api.repository(r) for r in self.served or (self.base,)}
            if root.resolve() not in roots:
                shown = plan if len(plan) <= 120 else plan[:60] + "…" + plan[-40:]
                raise UsageError(
                    f"the plan '{shown}' belongs to {root}, not a repository this server"
                    " serves; start it with `plan mcp --repo PATH` for each one it may use"
                )


async def call(fn: Callable[[], T]) -> T:
    """Read-only work in a worker thread; a runner error becomes `Refused`."""
    try:
        return await anyio.to_thread.run_sync(fn)
    except PlanError as exc:
        raise refused(exc) from None


class Document(Protocol):
    """What every command of `runner.api` returns: a typed document with its `--json` form."""

    def json(self) -> dict[str, Any]:
        """The `--json` document."""
        ...


def reading(
    server: Server,
    repo: str | None,
    fn: Callable[[Path], Document],
    plans: Sequence[str | None] = (),
) -> Callable[[], dict[str, Any]]:
    """`fn(folder)`'s document, exactly as the CLI's `--json` prints it; the `plans` named
    must be in a repository the server serves."""

    def work() -> dict[str, Any]:
        folder = server.folder(repo)
        server.check_plans(folder, plans)
        with no_plans_here(folder):
            return fn(folder).json()

    return work


@contextmanager
def no_plans_here(folder: Path) -> Iterator[None]:
    """A call in a folder with no plans says which folder, and what an agent can do: name a
    repository (`repo`) or make a plan (`new`), not a command to type."""
    try:
        yield
    except NoPlansError as exc:
        raise Refused(
            f"no plans in {folder} (looked in {exc.looked_in}): create one with the `new` tool;"
            f" this server serves {folder} only (the `repo` argument may name it or a folder"
            " in it), so plans elsewhere need a server started for their repository",
            exc.exit_code,
        ) from None


def seconds(timeout: str | None) -> float | None:
    """A `timeout` argument (`30s`, `5m`, `1h`, `0` for no limit) in seconds."""
    if timeout is None:
        return None
    from runner.plan.duration import parse_duration

    limit = parse_duration(timeout)
    if limit is None:
        raise Refused(f"timeout '{timeout}' is not a duration like 30s, 5m or 1h", EXIT_USAGE)
    return limit


@dataclass(frozen=True)
class Request:
    """One running tool call: what it asks for and where."""

    action: Action
    plan: str | None
    options: RunOptions
    repo: str | None = None
    timeout: str | None = None


async def running(server: Server, request: Request, progress: Progress) -> dict[str, Any]:
    """A running command's `--json` document with its exit code; progress as jobs finish.

    Cancelling the call (the client's `notifications/cancelled`, or the server shutting
    down) trips the run's `Stop`: its commands' groups get TERM then KILL and are recorded
    as interrupted; the call then ends without an answer, as the protocol asks.
    """
    options = replace(request.options, timeout=seconds(request.timeout))
    stop = server.runs.start()
    report_done = _Reporter(progress, stop)

    def work() -> dict[str, Any]:
        from runner import api
        from runner.run.options import Next

        folder = server.folder(request.repo)
        server.check_plans(folder, [request.plan])
        hooks = api.Hooks(on_total=report_done.total, on_done=report_done.done, stop=stop)
        with no_plans_here(folder):
            outcome = api.run(request.action, request.plan, options, cwd=folder, hooks=hooks)
        doc = api.outcome_json(outcome)
        if isinstance(request.action, Next):
            # No bare `next: null`: whether acceptance is what is left, and why (issue 21).
            doc.update(api.what_is_left(outcome, folder))
        return doc

    try:
        return await _stoppable(work, stop)
    except PlanError as exc:
        raise refused(exc) from None
    finally:
        server.runs.end(stop)  # the thread is over (or never started): no command is left


class _Reporter:
    """Progress notes from the executor's threads: `finished of total`, with the job's result."""

    def __init__(self, progress: Progress, stop: Stop) -> None:
        self.progress = progress
        self.stop = stop
        self.count: int | None = None
        self.finished = 0
        self.lock = threading.Lock()
        self.token = anyio.lowlevel.current_token()

    def send(self, message: str) -> None:
        if self.stop.event.is_set():
            return  # cancelled: nothing more is sent for this request
        total = float(self.count) if self.count is not None else None
        try:
            anyio.from_thread.run(
                self.progress, float(self.finished), total, message, token=self.token
            )
        except Exception:  # a client gone or not listening must not fail the run
            pass

    def total(self, count: int) -> None:
        self.count = count
        self.send(f"{count} to run")

    def done(self, job: Job, result: JobResult) -> None:
        with self.lock:
            self.finished += 1
            self.send(f"{job.label}: {result.status.value}")


async def _stoppable(work: Callable[[], T], stop: Stop) -> T:
    """`work` in a worker thread; if this task is cancelled meanwhile, trip `stop` (so the
    run's commands end) and let the thread finish before the cancellation goes on."""
    finished = False

    async def watch() -> None:
        try:
            await anyio.sleep_forever()
        finally:
            if not finished:
                stop.trip(signal.SIGINT)

    failure: Exception | None = None
    async with anyio.create_task_group() as tg:
        tg.start_soon(watch)
        try:
            result = await anyio.to_thread.run_sync(work)
        except Exception as exc:  # raised below, not wrapped in the task group's group
            failure = exc
        finally:
            finished = True
            tg.cancel_scope.cancel()
    if failure is not None:
        raise failure
    return result
