"""A running command on a terminal: live output or progress on stderr, notices, the JUnit
file, GitHub's step summary, then JSON or result lines on stdout. Returns the exit code;
user errors are `PlanError`s for the CLI's error boundary."""

from __future__ import annotations

import io
import os
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from runner import api
from runner.errors import UsageError
from runner.outputs import terminal as report
from runner.run.context import Hooks, Outcome
from runner.run.options import Action, LoopOptions, Next, Output, RunOptions, RunTasks


def _err(text: str) -> None:
    from runner.cli.basics import err

    err(text)


def _out(text: str) -> None:
    from runner.cli.basics import out

    out(text)


def run(action: Action, plan: str | None, options: RunOptions, output: Output) -> int:
    """Run `action` on the plan and show it as the CLI does; the exit code."""
    tested: tuple[str, bool] | None = None
    if output.junit is not None:
        # Checked before the run: the JUnit file never lands on a plan or in `.git/`.
        api.check_output(output.junit, "--junit")
        # The commit the run tests, taken before it starts (a task may change files).
        tested = api.checked_out(plan)
    started_at = datetime.now(UTC)
    began = time.monotonic()
    outcome, shown = _watched(action, plan, options, output)
    if outcome.started_at is None or outcome.elapsed_s is None:
        outcome = replace(
            outcome,
            started_at=outcome.started_at or started_at,
            elapsed_s=time.monotonic() - began if outcome.elapsed_s is None else outcome.elapsed_s,
        )
    from runner.plan.redact import clean

    for notice in outcome.notices:
        # git's words (a refusal, a hook's output) reach the terminal masked and clean.
        _err(f"plan: {clean(notice, os.environ, one_line=True)}")
    if output.junit is not None:
        try:
            # Again at write time: a command the run ran may have made a folder of the
            # path a link out of the repository (the fourteenth pass: `ln -s /elsewhere
            # reports` in a check, then `--junit reports/x.xml` wrote there).
            root = api.check_output(output.junit, "--junit")
            _junit(action, outcome, output.junit, tested, root)
        except UsageError as exc:
            _err(f"plan: error: {exc}; the JUnit file was not written")
            return max(outcome.exit_code, 2) if outcome.exit_code != 130 else outcome.exit_code
    step_summary(action, outcome)
    if output.json:
        doc = api.outcome_json(outcome)
        if isinstance(action, Next):
            doc.update(api.what_is_left(outcome))
        _out(report.json_line(doc))
    else:
        for line in outcome.planned:
            _out(line)
        if not output.quiet:
            _show(action, outcome, shown)
    return outcome.exit_code


def _junit(
    action: Action, outcome: Outcome, path: Path, tested: tuple[str, bool] | None, root: Path
) -> None:
    from runner.outputs.junit import RunInfo, set_aside, write_junit

    results = list(outcome.results)
    if isinstance(action, RunTasks) and (action.all or action.phase is not None):
        # What `run --all` considered and left alone is reported skipped, with the reason.
        results += set_aside(outcome.plan, results, action.phase)
    info = RunInfo(outcome.started_at, outcome.elapsed_s)
    # Marked as `plan`'s own, so `plan ci collect` can take its results back into the plan.
    marks = api.junit_marks(outcome.shown, outcome.plan, info.hostname, tested=tested)
    info = replace(info, marks=marks)
    try:
        write_junit(path, outcome.shown, results, info, inside=root)
    except OSError as exc:
        raise UsageError(f"{path}: {exc.strerror}") from None
    api.remember_output(outcome.shown, path)


def report_paths(output: Output) -> tuple[Path, ...]:
    """The files this run writes about itself, which the gates' fingerprint leaves out."""
    paths = [output.junit] if output.junit is not None else []
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        paths.append(Path(summary))
    # realpath: a symlink loop is a path like any other here (`resolve` raised on it, and
    # the run ended as an internal error; the writer then refuses it plainly).
    return tuple(Path(os.path.realpath(p)) for p in paths)


def _same_stream(a: IO[str], b: IO[str]) -> bool:
    try:
        sa, sb = os.fstat(a.fileno()), os.fstat(b.fileno())
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return False
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def once_only() -> bool:
    """Progress lines and result lines would land in one log (a CI job, or `2>&1` into a
    pipe or file): print each result once."""
    if sys.stderr.isatty():
        return False
    return bool(os.environ.get("CI")) or _same_stream(sys.stdout, sys.stderr)


def _watched(
    action: Action, plan: str | None, options: RunOptions, output: Output
) -> tuple[Outcome, set[str]]:
    """The run, with progress lines (several jobs at once) or live output (one at a time);
    and the results the progress lines already showed for good."""
    outputs = report_paths(output)
    echo = _echo_target(options, output)
    if options.jobs > 1 and not output.quiet:
        from runner.outputs.progress import Progress

        progress = Progress(sys.stderr)
        try:
            hooks = Hooks(
                echo=echo, on_start=progress.start, on_done=progress.done, outputs=outputs
            )
            outcome = api.run(action, plan, options, hooks=hooks)
        finally:
            progress.close()
        return outcome, (progress.reported if once_only() else set())
    return api.run(action, plan, options, hooks=Hooks(echo=echo, outputs=outputs)), set()


def _echo_target(options: RunOptions, output: Output) -> IO[bytes] | None:
    """Where the commands' output goes: stdout, terminal or not (stderr with --json, so stdout
    keeps one JSON document); nowhere with -q, nor on a terminal where several jobs' progress
    is redrawn (-v shows it there too)."""
    if output.quiet:
        return None
    if options.jobs > 1 and sys.stderr.isatty() and not output.verbose:
        return None
    stream = sys.stderr if output.json else sys.stdout
    sys.stdout.flush()
    sys.stderr.flush()
    return _Guarded(stream.buffer)  # type: ignore[return-value]


class _Guarded:
    """The echo's stream, whose reader may go away (`plan next | head -1`): the commands go
    on and are recorded as they end; what they print after that goes nowhere."""

    def __init__(self, target: IO[bytes]) -> None:
        self.target = target
        self.gone = False

    def write(self, data: bytes) -> int:
        if not self.gone:
            try:
                self.target.write(data)
            except BrokenPipeError:
                self._lost()
        return len(data)

    def flush(self) -> None:
        if not self.gone:
            try:
                self.target.flush()
            except BrokenPipeError:
                self._lost()

    def _lost(self) -> None:
        from runner.cli.basics import stdout_gone

        self.gone = True
        if self.target is getattr(sys.stdout, "buffer", None):
            stdout_gone()


def _show(action: Action, outcome: Outcome, shown: set[str]) -> None:
    """Result lines (but those already shown), the commit, and what to do next."""
    for r in outcome.results:
        if f"{r.kind.value} {r.name}" not in shown:
            _out(report.result_line(r))
    if outcome.commit:
        _out(f"committed {outcome.commit[:10]} ({outcome.shown})")
    elif outcome.written:
        _out(f"wrote {outcome.shown}")
    nxt = outcome.next_task
    if outcome.manual and isinstance(action, Next):
        _out(report.brief(outcome.manual[0]).replace("next:", "manual task:", 1))
        _next_brief(outcome, outcome.manual[0].id)
    elif nxt:
        _out(report.brief(nxt))
        if isinstance(action, Next):
            _next_brief(outcome, nxt.id)
    elif outcome.plan is not None and not outcome.planned:
        left = api.what_is_left(outcome) if isinstance(action, Next) else {}
        if left.get("left"):
            _out(f"next: {left['message']}")
        else:
            _out(report.nothing_next(outcome.plan))


def _next_brief(outcome: Outcome, task_id: str) -> None:
    """`plan next` ends with the brief of the task that is now next (CLI.md): what whoever
    does it needs, its last failure included. Never a dry run's: nothing was recorded."""
    if outcome.planned or outcome.signum:
        return
    from runner.errors import PlanError
    from runner.outputs import brief as briefing
    from runner.plan.redact import strip_controls

    try:
        doc = api.brief(task_id, outcome.shown)
    except PlanError as exc:  # the run is recorded: a brief that cannot be read is a notice
        _err(f"plan: warning: no brief of {task_id}: {exc.render()}")
        return
    _out("")
    _out(strip_controls(briefing.render(doc)))


def command_of(action: Action) -> str:
    """The `plan` command that does `action`, as a person types it (`run`, `gates`)."""
    from runner.plan.model import Status
    from runner.run.options import Accept, Mark, Note, RunGates, Verify

    if isinstance(action, Mark):
        return {Status.PASSED: "done", Status.FAILED: "fail"}.get(action.status, "reset")
    names: dict[type, str] = {
        Next: "next",
        RunTasks: "run",
        RunGates: "gates",
        Verify: "verify",
        Note: "journal",
        Accept: "accept",
    }
    return names.get(type(action), "run")


def step_summary(action: Action, outcome: Outcome) -> None:
    """Append a Markdown table of the results to GitHub's job summary, when there is one;
    its heading names the command and the plan, so two steps' tables are told apart."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target or not outcome.results:
        return
    from runner.errors import PlanError
    from runner.outputs.junit import summary_markdown

    if not os.path.isabs(target):
        # GitHub sets an absolute path; a relative one names a file in the repository, which
        # a committed symlink must not carry out of it (as with --junit and -o, issue 19).
        try:
            api.check_output(Path(target), "GITHUB_STEP_SUMMARY")
        except PlanError as exc:
            _err(f"plan: warning: GITHUB_STEP_SUMMARY not written: {exc.message}")
            return

    text = summary_markdown(
        outcome.shown, list(outcome.results), outcome.elapsed_s, command_of(action)
    )
    try:
        with open(target, "a+b") as fh:
            # An earlier step may have left its last line open: start on a line of our own.
            if fh.seek(0, os.SEEK_END) > 0:
                fh.seek(-1, os.SEEK_END)
                if fh.read(1) != b"\n":
                    text = "\n" + text
            fh.write(text.encode("utf-8"))
    except OSError as exc:
        _err(f"plan: warning: cannot write GITHUB_STEP_SUMMARY ({exc.strerror})")


def loop(options: LoopOptions, plan: str | None, run_options: RunOptions, output: Output) -> int:
    """`plan loop`: the agent's and the validation's output live, each run's result lines as
    it is recorded, then why the loop stopped; or the one JSON document."""
    from runner.plan.redact import clean

    said: set[str] = set()

    def shown(run: Outcome) -> None:
        for notice in run.notices:
            text = clean(notice, os.environ, one_line=True)
            if text not in said:  # "not a git repository" once, not once per task
                said.add(text)
                _err(f"plan: {text}")
        if output.json or output.quiet:
            return
        for r in run.results:
            _out(report.result_line(r))
        if run.commit:
            _out(f"committed {run.commit[:10]} ({run.shown})")
        sys.stdout.flush()

    echo = _echo_target(run_options, output)
    doc = api.loop(options, plan, run_options, hooks=Hooks(echo=echo), shown=shown)
    o = doc.outcome
    for notice in o.notices:
        _err(f"plan: {clean(notice, os.environ, one_line=True)}")
    if output.json:
        _out(report.json_line(doc.json()))
    elif not output.quiet:
        _out(report.plain(o.summary))
        manual = next((r.manual[0] for r in reversed(o.runs) if r.manual), None)
        if o.stopped == "manual" and manual is not None:
            _out(report.brief(manual).replace("next:", "manual task:", 1))
    return doc.exit_code
