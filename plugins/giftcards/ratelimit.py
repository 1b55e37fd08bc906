"""Failed gift card lookups, counted per user in a sliding window.

Kept in memory, per worker process: failures are counted where they happen without a
database write on a read path (and without writing inside a sale's validation, which
must not write). With N worker processes an attacker gets at most N times the limit per
window, still hopeless against 80-bit codes. A process restart forgets the counts, which
is acceptable for the same reason. Keys include the database, so that two shops served
by one process never share counters.
"""

from __future__ import annotations

import threading
import time
import typing as t
from collections import deque


class SlidingWindow:
    """At most ``limit`` failures per ``window`` seconds for each key."""

    def __init__(self, clock: t.Callable[[], float] = time.monotonic):
        self._clock = clock
        self._failures: dict[t.Hashable, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: t.Hashable, window: float) -> deque[float]:
        failures = self._failures.get(key)
        if failures is None:
            return deque()
        horizon = self._clock() - window
        while failures and failures[0] <= horizon:
            failures.popleft()
        if not failures:
            del self._failures[key]
        return failures

    def blocked(self, key: t.Hashable, limit: int, window: float) -> bool:
        """Whether ``key`` used up its failures in the last ``window`` seconds."""
        with self._lock:
            return len(self._recent(key, window)) >= limit

    def fail(self, key: t.Hashable, window: float) -> None:
        with self._lock:
            self._recent(key, window)
            self._failures.setdefault(key, deque()).append(self._clock())

    def retry_after(self, key: t.Hashable, window: float) -> int:
        """Seconds until the oldest failure of ``key`` leaves the window."""
        with self._lock:
            failures = self._recent(key, window)
            if not failures:
                return 0
            return max(1, int(failures[0] + window - self._clock()) + 1)


#: The process's counters.
FAILED_LOOKUPS = SlidingWindow()
