"""A progress line for long runs on a terminal (steps done, rate, rows halted; or a training
step and its loss); silent when piped."""

from __future__ import annotations

import sys
import time

import click

#: Redraw at most this often (seconds), and only after a run has lasted this long.
REDRAW = 0.2
DELAY = 1.0


class Progress:
    """A callback `progress(steps, halted_rows, rows)` that redraws one stderr line on a terminal.

    It does nothing when stderr is not a terminal, so piped output and tests stay clean.
    Use it as a context manager; leaving it clears the line.
    """

    def __init__(self, total_steps: int, *, stream=None, enabled: bool | None = None):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.total = total_steps
        self.start = time.perf_counter()
        self.drawn = 0.0
        self.shown = False

    def __call__(self, steps: int, halted_rows: int, rows: int) -> None:
        self.draw(steps, lambda rate: f"{steps:,} of at most {self.total:,} steps, {rate:,.0f} "
                                      f"steps/s, {halted_rows}/{rows} rows halted")

    def draw(self, done: int, text) -> None:
        """Redraw the bar at `done` of the total, followed by `text(rate per second)`; rate-limited,
        and only once the run has lasted DELAY seconds, so short runs print nothing."""
        if not self.enabled:
            return
        now = time.perf_counter()
        if now - self.start < DELAY or now - self.drawn < REDRAW:
            return
        self.drawn = now
        rate = done / max(now - self.start, 1e-9)
        bar = "#" * int(min(1.0, done / max(self.total, 1)) * 20)
        click.echo(f"\r[{bar:<20}] {text(rate)}", file=self.stream, nl=False)
        self.shown = True

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        if self.shown:
            click.echo("\r\033[K", file=self.stream, nl=False)
