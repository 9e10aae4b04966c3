"""The burn-up chart of `plan report` as inline SVG: tasks done and in total over real time."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape

from runner.outputs.page.data import Point
from runner.plan.words import plural

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 40


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def day(text: str) -> str:
    """`2026-11-25`."""
    return _moment(text).strftime("%Y-%m-%d")


def _ticks(start: float, end: float) -> list[float]:
    """Four or five evenly spaced times across the axis."""
    n = 4
    return [start + (end - start) * i / n for i in range(n + 1)]


def _tick_label(seconds: float, span: float) -> str:
    moment = datetime.fromtimestamp(seconds, UTC)
    if span < 600:
        return moment.strftime("%H:%M:%S")
    if span <= 86400:
        return moment.strftime("%H:%M")
    return moment.strftime("%d %b %H:%M" if span <= 4 * 86400 else "%d %b")


def _steps(coords: list[tuple[float, float]]) -> str:
    """An SVG path that holds each value until the next change (counts move in steps)."""
    if not coords:
        return ""
    x0, y0 = coords[0]
    parts = [f"M{x0:.1f},{y0:.1f}"]
    for x, y in coords[1:]:
        parts.append(f"H{x:.1f}V{y:.1f}")
    return "".join(parts)


def describe(points: tuple[Point, ...]) -> str:
    """The chart in words, for screen readers and for anyone who prefers a sentence."""
    first, last = points[0], points[-1]
    return (
        f"From {day(first.time)} to {day(last.time)}, tasks done went from {first.done} of"
        f" {first.total} to {last.done} of {last.total}, over"
        f" {plural(len(points) - 1, 'recorded version')} of the plan."
    )


def burnup(points: tuple[Point, ...], ident: str, title: str) -> str:
    """One `<svg role="img">` with a title and a description; x is real time."""
    times = [_moment(p.time).timestamp() for p in points]
    start, end = min(times), max(times)
    if end - start < 60:
        start -= 30  # one moment (a demo's runs) still gets an axis around it
        end += 30
    top = max(1, max(p.total for p in points))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(t: float) -> float:
        return LEFT + (t - start) / (end - start) * plot_w

    def y(v: int) -> float:
        return TOP + plot_h - v / top * plot_h

    total = _steps([(x(t), y(p.total)) for t, p in zip(times, points, strict=True)])
    done = _steps([(x(t), y(p.done)) for t, p in zip(times, points, strict=True)])
    grid = []
    for v in sorted({0, top // 2, top}):
        grid.append(
            f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(v):.1f}" y2="{y(v):.1f}"/>'
            f'<text class="tick" x="{LEFT - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{v}</text>'
        )
    ticks = _ticks(start, end)
    for n, t in enumerate(ticks):
        # The last label ends at the axis's end, so the chart's edge cannot clip it.
        anchor = "end" if n == len(ticks) - 1 else "middle"
        grid.append(
            f'<text class="tick" x="{x(t):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="{anchor}">'
            f"{_tick_label(t, end - start)}</text>"
        )
    last_x, last_done = x(times[-1]), y(points[-1].done)
    return (
        f'<svg class="burnup" role="img" viewBox="0 0 {WIDTH} {HEIGHT}"'
        f' aria-labelledby="{ident}-t {ident}-d">'
        f'<title id="{ident}-t">Burn-up of {escape(title)}</title>'
        f'<desc id="{ident}-d">{escape(describe(points))}</desc>'
        + "".join(grid)
        + f'<line class="axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(0):.1f}" y2="{y(0):.1f}"/>'
        f'<path class="total" d="{total}"/>'
        f'<path class="done" d="{done}"/>'
        f'<circle class="done-dot" cx="{last_x:.1f}" cy="{last_done:.1f}" r="3.5"/>'
        + _legend()
        + "</svg>"
    )


def _legend() -> str:
    """Which line is which, said by dash pattern and words as well as colour."""
    at = HEIGHT - 6
    parts = []
    for n, (cls, text) in enumerate(
        (("total", "tasks in total (dashed)"), ("done", "tasks done (solid)"))
    ):
        left = LEFT + n * 200
        parts.append(
            f'<line class="{cls}" x1="{left}" x2="{left + 24}" y1="{at - 4}" y2="{at - 4}"/>'
            f'<text class="tick" x="{left + 30}" y="{at}">{text}</text>'
        )
    return "".join(parts)
