"""A progress bar on stderr, so a long seeding run shows it is moving (a few lines, no dependency)."""

import sys
import time


class Progress:
    """`with Progress(total, label) as bar: bar.advance(n)`. Draws at most ten times a second."""

    WIDTH = 30

    def __init__(self, total: int, label: str, *, stream=None):
        self.total, self.label, self.done = max(total, 1), label, 0
        self.stream = stream if stream is not None else sys.stderr
        self.started = self.drawn = time.monotonic()

    def __enter__(self) -> "Progress":
        self._draw()
        return self

    def __exit__(self, *exc) -> None:
        self.done = self.total if exc[0] is None else self.done
        self._draw(end="\n")

    def advance(self, count: int = 1) -> None:
        self.done = min(self.done + count, self.total)
        if time.monotonic() - self.drawn >= 0.1:
            self._draw()

    def _draw(self, end: str = "") -> None:
        self.drawn = time.monotonic()
        filled = int(self.WIDTH * self.done / self.total)
        elapsed = self.drawn - self.started
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write(f"\r{self.label:<28} [{bar}] {self.done:>7}/{self.total:<7} {elapsed:6.1f}s{end}")
        self.stream.flush()
