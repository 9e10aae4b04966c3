"""Click parameter types of the `plan` command."""

from __future__ import annotations

from typer._click.core import Context, Parameter  # typer 0.26+ vendors click
from typer._click.types import ParamType

from runner.duration import parse_duration


class Duration(ParamType):
    """Seconds, written `30s`, `5m`, `1h`, `1h30m` or `90`; `0` means no limit."""

    name = "duration"

    def convert(self, value: object, param: Parameter | None, ctx: Context | None) -> float:
        """The value in seconds, or click's usage error naming the value."""
        if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
            return float(value)
        seconds = parse_duration(value) if isinstance(value, str) else None
        if seconds is None:
            self.fail(
                f"{value!r} is not a duration like 90s, 10m or 1h30m (0: no limit)", param, ctx
            )
        return seconds


DURATION = Duration()
