"""`plan demo`: the runner at work on the demo repository (`runner.demo`), command by
command, as a user would type them."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from runner.demo import IDENTITY as DEMO_IDENTITY
from runner.demo import history_text

STEPS: tuple[tuple[str, ...], ...] = (
    ("status",),
    ("next",),
    ("next",),
    ("run", "P2.T1"),
    ("gates",),
    ("gates",),
    ("done", "P2.T1"),
    ("journal", "French greeting still to do"),
    ("history", "P1.T2"),
)

# The second act: a scripted agent (the demo's agent.sh) carries the rest of the plan, the
# failing French greeting first; each task is proved by the plan's own validation.
LOOP = ("loop", "--agent", "sh agent.sh", "--agent-timeout", "30s")


def tour(folder: Path, say: Callable[[str], None]) -> int:
    """Run the demo's commands in `folder` as a user would, showing each with its output."""
    import subprocess
    import sys

    env = {**os.environ, **{k: v for k, v in DEMO_IDENTITY.items() if k not in os.environ}}
    env.pop("PLAN_FILE", None)
    say(f"A demo repository with one plan is in {folder}\n")
    for step in (*STEPS, LOOP):
        if step is LOOP:
            say("Second act: a coding agent carries the rest of the plan. agent.sh stands in")
            say("for one (Codex, Claude Code, aider: README, 'Driving an agent'); each task it")
            say("works on is proved by the plan's own validation before it is recorded.\n")
        say("$ plan " + " ".join(_quoted(a) for a in step))
        done = subprocess.run(
            [sys.executable, "-m", "runner", *step],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
        )
        # Progress lines on stderr repeat the results; keep only plan's own messages.
        notes = [ln for ln in done.stderr.splitlines() if ln.startswith("plan:")]
        text = "\n".join([done.stdout.rstrip(), *notes]).strip()
        if text:
            say(text)
        say(f"(exit {done.returncode})\n" if done.returncode else "")
        if done.returncode not in (0, 1, 4):
            return done.returncode
    say(history_text(folder))
    prog = _how_to_call()
    say("The plan now says what happened: open plans/0001-greeting-script.md, or run")
    say(f"  cd {folder}")
    say(f"  {prog} status          # where things stand")
    say(f"  {prog} history P1.T2   # the French greeting: failed, then proved after the agent")
    say("  git log --stat -4       # the agent's fix, committed with the plan's record")
    # Issue 13: the tour ends with the picture of what it did.
    say("\n$ plan report")
    shown = subprocess.run(
        [sys.executable, "-m", "runner", "report"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    if shown.returncode:
        say(shown.stderr.rstrip())
        return shown.returncode
    page = folder / ".git" / "plan" / "report.html"
    say(f"The report of this plan is a page: open {page.as_uri()} in a browser")
    say(f"  ({prog} report --open writes it again and opens it)")
    return 0


def _quoted(arg: str) -> str:
    """An argument as a shell user types it."""
    import shlex

    return shlex.quote(arg)


def _how_to_call() -> str:
    """`plan` when it is on PATH, else the path of the script that is running now."""
    import shutil
    import sys

    on_path = shutil.which("plan")
    script = Path(sys.argv[0]).resolve() if sys.argv and sys.argv[0] else None
    if on_path and script and Path(on_path).resolve() == script:
        return "plan"
    if script and script.name == "plan" and script.is_file():
        return str(script)
    return f"{sys.executable} -m runner"
