"""`plan new`: a numbered, slugged plan from the template shipped in the package."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path

from runner.errors import UsageError
from runner.workspace.paths import os_errors


def slug(title: str) -> str:
    """`Add CSV export!` -> `add-csv-export`."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    return "-".join(words)[:60].rstrip("-") or "plan"


def next_number(folder: Path) -> int:
    """One more than the highest leading number of a plan in the folder."""
    numbers = [int(m.group(1)) for p in folder.glob("*.md") if (m := re.match(r"(\d+)", p.name))]
    return max(numbers, default=0) + 1


def render(title: str, *, now: datetime, branch: str) -> str:
    """The template with its title, dates and branch filled in."""
    text = files("runner").joinpath("templates/plan.md").read_text(encoding="utf-8")
    return (
        text.replace("{{title}}", title.strip())
        .replace("{{date}}", now.strftime("%Y-%m-%d"))
        .replace("{{now}}", now.strftime("%Y-%m-%dT%H:%MZ"))
        .replace("{{branch}}", branch or "main")
    )


# A title is the plan's heading, a line a person reads (issue 19 case 19: a 20 MB title made
# a 20 MB plan that every later listing read); the journal note's bound is the model.
TITLE_LIMIT = 1000


def create(folder: Path, title: str, *, branch: str, now: datetime | None = None) -> Path:
    """Write a new plan; never overwrites a file."""
    if not title.strip():
        raise UsageError("the title is empty")
    if len(title) > TITLE_LIMIT:
        raise UsageError(
            f"the title is {len(title):,} characters; a plan's title is at most {TITLE_LIMIT:,}"
        )
    if "\n" in title or "\r" in title:
        raise UsageError("the title must be one line")
    moment = now or datetime.now(UTC)
    with os_errors(str(folder)):
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{next_number(folder):04d}-{slug(title)}.md"
        try:
            with path.open("x", encoding="utf-8", newline="\n") as fh:
                fh.write(render(title, now=moment, branch=branch))
        except FileExistsError:
            raise UsageError(f"{path} already exists") from None
    return path
