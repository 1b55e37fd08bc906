"""Hours worked, cut into the store's days: pure arithmetic on UTC intervals.

Every time is an aware UTC datetime. A day is the stretch from one local midnight to the
next in the store's time zone, turned into UTC, so a day is 23 or 25 hours long when the
clocks change, and a shift across midnight counts for both days, each its own part.
Durations are differences of UTC instants, so a night shift through a DST change is
counted as long as it really was.
"""

from __future__ import annotations

import bisect
import datetime as dt
import typing as t
import zoneinfo
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

Interval = tuple[dt.datetime, dt.datetime]


def day_bounds(day: dt.date, zone: zoneinfo.ZoneInfo) -> Interval:
    """``[start, end)`` of a local day, in UTC."""
    start = dt.datetime.combine(day, dt.time(), zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), zone)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def period_bounds(first: dt.date, last: dt.date, zone: zoneinfo.ZoneInfo) -> Interval:
    """``[start, end)`` in UTC of the local days ``first`` to ``last``, both included."""
    return day_bounds(first, zone)[0], day_bounds(last, zone)[1]


def days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def overlap(a: Interval, b: Interval) -> int:
    """Seconds ``a`` and ``b`` have in common."""
    start, end = max(a[0], b[0]), min(a[1], b[1])
    return max(0, int((end - start).total_seconds()))


def hours_text(seconds: int) -> str:
    """Seconds as decimal hours with two places, half up: ``27000`` -> ``"7.50"``."""
    return str((Decimal(seconds) / 3600).quantize(Decimal("0.01"), ROUND_HALF_UP))


def spread(intervals: t.Iterable[Interval], bounds: list[Interval]) -> list[int]:
    """Seconds of ``intervals`` inside each of ``bounds`` (consecutive, in order): each
    interval is cut only into the periods it touches, found by bisection, so the cost
    follows the intervals, not intervals times periods."""
    starts = [start for start, _end in bounds]
    totals = [0] * len(bounds)
    for interval in intervals:
        index = max(0, bisect.bisect_right(starts, interval[0]) - 1)
        while index < len(bounds) and bounds[index][0] < interval[1]:
            totals[index] += overlap(bounds[index], interval)
            index += 1
    return totals


@dataclass
class Day:
    """One employee's figures for one local day, in seconds."""

    date: dt.date
    worked: int = 0
    breaks: int = 0
    planned: int = 0


@dataclass
class Employee:
    """One employee's work: stretches clocked (breaks taken out) and shifts planned."""

    user_id: int
    #: Each entry as ``(start, end)``, with its breaks.
    entries: list[tuple[Interval, list[Interval]]] = field(default_factory=list)
    shifts: list[Interval] = field(default_factory=list)

    def work(self) -> t.Iterator[Interval]:
        """The stretches actually worked: each entry minus its breaks, in order."""
        for (start, end), breaks in self.entries:
            cursor = start
            for b_start, b_end in sorted(breaks):
                b_start, b_end = max(b_start, start), min(b_end, end)
                if b_end <= b_start:
                    continue
                if b_start > cursor:
                    yield cursor, b_start
                cursor = max(cursor, b_end)
            if end > cursor:
                yield cursor, end

    def breaks(self) -> t.Iterator[Interval]:
        for (start, end), breaks in self.entries:
            for b_start, b_end in breaks:
                b_start, b_end = max(b_start, start), min(b_end, end)
                if b_end > b_start:
                    yield b_start, b_end

    def by_day(self, first: dt.date, last: dt.date, zone: zoneinfo.ZoneInfo) -> list[Day]:
        """The days ``first`` to ``last`` (both included) in the store's zone."""
        bounds = [day_bounds(day, zone) for day in days(first, last)]
        worked = spread(self.work(), bounds)
        breaks = spread(self.breaks(), bounds)
        planned = spread(self.shifts, bounds)
        return [
            Day(bound_day, worked=w, breaks=b, planned=p)
            for bound_day, w, b, p in zip(days(first, last), worked, breaks, planned, strict=True)
        ]

    def worked_within(self, bounds: Interval) -> int:
        """Seconds worked inside ``bounds`` (an hour of the labour report)."""
        return sum(overlap(bounds, w) for w in self.work())
