"""Running the CLI in-process, and taking snapshots of a folder."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from runner.cli import app


@dataclass
class Result:
    """What a `plan` invocation did."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        """stdout as the one JSON document it must be."""
        return json.loads(self.out)


def plan(*args: str) -> Result:
    """Run `plan ARGS` in-process, in the current folder."""
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)


def snapshot(root: Path) -> dict[str, str]:
    """A hash of every file under root (the .git folder aside)."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }
