"""A running command on the terminal: run it, print what happened, return the exit code.

This is an adapter from the typed values of `runner.options` onto `api.run(mode, plan,
**kwargs)`, holding the printing the CLI did before; the typed run pipeline replaces it.
"""

from __future__ import annotations

import math
import sys
from typing import Any

from runner.options import Action, Mark, Next, Note, Output, RunGates, RunOptions, RunTasks, Verify


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def _request(action: Action, options: RunOptions) -> tuple[str, dict[str, Any]]:
    """The mode and keyword arguments `api.run` takes for this action and these options."""
    # 0 means no limit; the workflow reads a falsy timeout as "not given".
    timeout = math.inf if options.timeout == 0 else options.timeout
    kwargs: dict[str, Any] = {
        "dry_run": options.dry_run,
        "commit": options.commit,
        "no_verify": options.no_verify,
        "timeout": timeout,
        "wait": options.wait,
        "new_session": options.new_session,
        "parallel": options.jobs,
        "keep_going": options.keep_going,
        "force": options.force,
    }
    if isinstance(action, Next):
        return "next", kwargs
    if isinstance(action, RunTasks):
        return "run", {**kwargs, "ids": list(action.ids), "all": action.all, "phase": action.phase}
    if isinstance(action, RunGates):
        return "gates", {**kwargs, "only": list(action.only)}
    if isinstance(action, Verify):
        return "verify", {**kwargs, "ids": list(action.ids)}
    if isinstance(action, Mark):
        return "mark", {**kwargs, "ids": list(action.ids), "mark": action.status.value}
    assert isinstance(action, Note)
    return "note", {**kwargs, "note": action.text}


def run(action: Action, plan: str | None, options: RunOptions, output: Output) -> int:
    """Run the action on the plan, print its results (or its JSON) and return the exit code."""
    from runner import api

    mode, kwargs = _request(action, options)
    live = (sys.stderr.isatty() or output.verbose) and not output.quiet
    progress = None
    if options.jobs > 1 and not output.quiet:
        from runner.progress import Progress

        progress = Progress(sys.stderr)
        kwargs["on_start"], kwargs["on_done"] = progress.start, progress.done
    elif live:
        kwargs["echo"] = sys.stderr.buffer  # one command at a time: show its output
    try:
        outcome, doc = api.run(mode, plan, **kwargs)
    finally:
        if progress is not None:
            progress.close()
    for notice in outcome.notices:
        _err(f"plan: {notice}")
    shown = doc["plan"]
    if output.junit is not None:
        from runner.errors import UsageError
        from runner.junit import write_junit

        try:
            write_junit(output.junit, shown, outcome.results)
        except OSError as exc:
            raise UsageError(
                f"cannot write --junit {output.junit}: {exc.strerror} (the run was recorded)"
            ) from None
    _step_summary(shown, outcome.results)
    if output.json:
        from runner import report

        _out(report.dump(doc))
    else:
        _print(outcome, shown, mode, output.quiet)
    return int(outcome.exit_code)


def _print(outcome: Any, shown: str, mode: str, quiet: bool) -> None:
    """The terminal's account of a run: what would run, each result, the commit, what next."""
    from runner import report

    for line in outcome.planned:
        _out(line)
    if quiet:
        return
    for r in outcome.results:
        _out(report.result_line(r))
    if outcome.commit:
        _out(f"committed {outcome.commit[:10]} ({shown})")
    elif outcome.written:
        _out(f"wrote {shown}")
    nxt = outcome.next_task
    if outcome.manual and mode == "next":
        _out(report.brief(outcome.manual[0]).replace("next:", "manual task:", 1))
    elif nxt:
        _out(report.brief(nxt))
    elif outcome.plan is not None and not outcome.planned:
        _out("next: nothing (every task is done, skipped or blocked)")


def _step_summary(shown: str, results: list[dict[str, Any]]) -> None:
    """Append a Markdown table of the results to GitHub's job summary, when there is one."""
    import os

    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target or not results:
        return
    from runner.junit import summary_markdown

    try:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(summary_markdown(shown, results))
    except OSError as exc:
        _err(f"plan: warning: cannot write GITHUB_STEP_SUMMARY ({exc.strerror})")
