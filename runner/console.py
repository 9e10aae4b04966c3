"""A running command on a terminal: live output or progress on stderr, notices, the JUnit
file, GitHub's step summary, then JSON or result lines on stdout. Returns the exit code;
user errors are `PlanError`s for the CLI's error boundary."""

from __future__ import annotations

import os
import sys
from typing import IO

from runner import api, report
from runner.context import Hooks, Outcome
from runner.options import Action, Next, Output, RunOptions


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def run(action: Action, plan: str | None, options: RunOptions, output: Output) -> int:
    """Run `action` on the plan and show it as the CLI does; the exit code."""
    outcome = _watched(action, plan, options, output)
    for notice in outcome.notices:
        _err(f"plan: {notice}")
    if output.junit is not None:
        from runner.junit import write_junit

        write_junit(output.junit, outcome.shown, outcome.results)
    step_summary(outcome)
    if output.json:
        _out(report.dump(report.outcome_json(outcome)))
    else:
        for line in outcome.planned:
            _out(line)
        if not output.quiet:
            _show(action, outcome)
    return outcome.exit_code


def _watched(action: Action, plan: str | None, options: RunOptions, output: Output) -> Outcome:
    """The run, with the commands' output shown as it comes, and progress lines when several
    jobs run at once."""
    echo = _echo_target(options, output)
    if options.jobs > 1 and not output.quiet:
        from runner.progress import Progress

        progress = Progress(sys.stderr)
        try:
            hooks = Hooks(echo=echo, on_start=progress.start, on_done=progress.done)
            return api.run(action, plan, options, hooks=hooks)
        finally:
            progress.close()
    return api.run(action, plan, options, hooks=Hooks(echo=echo))


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
    return stream.buffer


def _show(action: Action, outcome: Outcome) -> None:
    """Result lines, the commit, and what to do next."""
    for r in outcome.results:
        _out(report.result_line(r))
    if outcome.commit:
        _out(f"committed {outcome.commit[:10]} ({outcome.shown})")
    elif outcome.written:
        _out(f"wrote {outcome.shown}")
    nxt = outcome.next_task
    if outcome.manual and isinstance(action, Next):
        _out(report.brief(outcome.manual[0]).replace("next:", "manual task:", 1))
    elif nxt:
        _out(report.brief(nxt))
    elif outcome.plan is not None and not outcome.planned:
        _out("next: nothing (every task is done, skipped or blocked)")


def step_summary(outcome: Outcome) -> None:
    """Append a Markdown table of the results to GitHub's job summary, when there is one."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target or not outcome.results:
        return
    from runner.junit import summary_markdown

    try:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(summary_markdown(outcome.shown, outcome.results))
    except OSError as exc:
        _err(f"plan: warning: cannot write GITHUB_STEP_SUMMARY ({exc.strerror})")
