"""`plan demo`'s repository: a shell script, notes, and a shipped plan whose tasks check
the script, committed in a new git repository; and what its runs then show in git."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path

from runner import vcs
from runner.errors import UsageError

IDENTITY = vcs.DEMO_IDENTITY


GREET = """\
#!/bin/sh
# Prints a greeting: sh greet.sh NAME
name="${1:-world}"
echo "Hello, $name!"
"""

NOTES = "# Notes\n\nIdeas for greet.sh go here.\n"

# The demo's second act: a scripted stand-in for a coding agent, so `plan loop` can be watched
# offline. It reads its brief on stdin, as a real agent would, and knows one fix.
AGENT = """\
#!/bin/sh
# A scripted agent for `plan loop --agent 'sh agent.sh'`: the brief arrives on stdin (and in
# $PLAN_BRIEF); $PLAN_TASK names the task, $PLAN_ATTEMPT the attempt.
lines=$(wc -l)
echo "agent: task $PLAN_TASK, attempt $PLAN_ATTEMPT, a brief of $lines lines"
case "$PLAN_TASK" in
  P1.T2)
    cat > greet.sh <<'SCRIPT'
#!/bin/sh
# Prints a greeting: sh greet.sh [--fr] NAME
if [ "$1" = "--fr" ]; then
  echo "Bonjour, ${2:-monde} !"
  exit 0
fi
name="${1:-world}"
echo "Hello, $name!"
SCRIPT
    echo "agent: greet.sh greets in French now" ;;
  *) echo "agent: nothing to change for $PLAN_TASK" ;;
esac
"""


def demo_plan(now: datetime) -> str:
    """The shipped demo plan with its dates filled in."""
    text = files("runner").joinpath("templates/demo.md").read_text(encoding="utf-8")
    return text.replace("{{date}}", now.strftime("%Y-%m-%d")).replace(
        "{{now}}", now.strftime("%Y-%m-%dT%H:%MZ")
    )


def create(folder: Path, now: datetime | None = None) -> Path:
    """Lay out the demo repository in `folder` (empty or new); returns the plan's path."""
    if folder.exists() and any(folder.iterdir()):
        raise UsageError(f"{folder} is not empty; give `plan demo` a new or empty folder")
    folder.mkdir(parents=True, exist_ok=True)
    moment = now or datetime.now(UTC)
    (folder / "greet.sh").write_text(GREET, encoding="utf-8")
    (folder / "NOTES.md").write_text(NOTES, encoding="utf-8")
    (folder / "agent.sh").write_text(AGENT, encoding="utf-8")
    plans = folder / "plans"
    plans.mkdir()
    plan = plans / "0001-greeting-script.md"
    plan.write_text(demo_plan(moment), encoding="utf-8", newline="\n")
    vcs.init_with_commit(folder, "Demo repository for plan")
    return plan


def history_text(folder: Path) -> str:
    """The demo's commits, then what its runs changed in the plan, as git shows them."""
    first = vcs.first_commit(folder)
    diff = ["diff", "--no-color", *([first] if first else []), "--", "plans"]
    return (
        "$ git log --oneline\n"
        + vcs.log_oneline(folder).rstrip()
        + "\n\n$ git "
        + " ".join(diff)
        + "\n"
        + vcs.diff_since(folder, first, "plans").rstrip()
        + "\n"
    )
