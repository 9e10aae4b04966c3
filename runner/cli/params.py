"""Click parameter types of the `plan` command."""

from __future__ import annotations

from pathlib import Path

from runner.cli.clickapi import BadParameter, Context, Parameter, ParamType
from runner.plan.duration import parse_duration


class Duration(ParamType):
    """Seconds, written `30s`, `5m`, `1h`, `1h30m` or `90`; `0` is a value (no limit, for
    `--timeout`), not "unset"."""

    name = "duration"

    def convert(self, value: object, param: Parameter | None, ctx: Context | None) -> float:
        """The value in seconds, or click's usage error naming the value."""
        if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
            return float(value)
        seconds = parse_duration(value) if isinstance(value, str) else None
        if seconds is None:
            self.fail(f"{value!r} is not a duration like 90s, 10m or 1h30m", param, ctx)
        return seconds


DURATION = Duration()


def writable_file(path: Path | None) -> Path | None:
    """`--junit PATH`: a file, in a folder that exists or can be made, checked before the run."""
    if path is None:
        return None
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise BadParameter(f"'{path}': {str(folder)!r} is not a folder")
    return path
