"""A clock moved by hand, for the tests of what each worker re-reads at most every
``PLUGIN_CHECK_INTERVAL`` (the token cache, the shared caches): set as a cache's or a
runtime holder's ``clock``, it makes "within the interval" a step of the test."""

from __future__ import annotations

#: The production check interval, which the tests' second worker is given too.
INTERVAL = 0.25


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float = INTERVAL) -> None:
        self.now += seconds
