"""Hours cut into the store's days: breaks taken out, shifts across midnight split
between their days, and daylight saving changes counted as the clocks really ran."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from plugins.timeclock.hours import Employee, day_bounds, hours_text

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def at(day: str, time: str, zone=PARIS) -> dt.datetime:
    """A local wall-clock time as a UTC instant."""
    local = dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=zone)
    return local.astimezone(dt.UTC)


def by_day(employee, first, last, zone=PARIS):
    return {
        d.date.isoformat(): (d.worked, d.breaks, d.planned)
        for d in employee.by_day(dt.date.fromisoformat(first), dt.date.fromisoformat(last), zone)
    }


def test_a_night_shift_with_a_break_counts_for_both_days():
    """20:00 to 04:00 with a break 23:30 to 00:30: 3.5 h worked on the first day,
    3.5 h on the second, half an hour of break on each."""
    night = Employee(1)
    night.entries.append(
        (
            (at("2026-06-10", "20:00"), at("2026-06-11", "04:00")),
            [(at("2026-06-10", "23:30"), at("2026-06-11", "00:30"))],
        )
    )
    assert by_day(night, "2026-06-10", "2026-06-11") == {
        "2026-06-10": (3 * 3600 + 1800, 1800, 0),
        "2026-06-11": (3 * 3600 + 1800, 1800, 0),
    }


def test_clocks_going_forward_in_a_night_shift_take_an_hour_off():
    """22:00 to 06:00 on the night the clocks go forward (29 March 2026 in Paris, 02:00
    becomes 03:00) is 7 hours of work, not 8: 2 before midnight, 5 after."""
    night = Employee(1)
    night.entries.append(((at("2026-03-28", "22:00"), at("2026-03-29", "06:00")), []))
    days = by_day(night, "2026-03-28", "2026-03-29")
    assert days == {"2026-03-28": (2 * 3600, 0, 0), "2026-03-29": (5 * 3600, 0, 0)}


def test_clocks_going_back_in_a_night_shift_add_an_hour():
    """22:00 to 06:00 on 25 October 2026 (03:00 becomes 02:00): 9 hours, 7 of them on
    the Sunday, with a break across the repeated hour counted once."""
    night = Employee(1)
    night.entries.append(
        (
            (at("2026-10-24", "22:00"), at("2026-10-25", "06:00")),
            [(at("2026-10-25", "01:30"), dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC))],
        )
    )
    # 01:30 local (summer time, 23:30 UTC) to 01:30 UTC (02:30 local, winter time): 2 h.
    days = by_day(night, "2026-10-24", "2026-10-25")
    assert days == {"2026-10-24": (2 * 3600, 0, 0), "2026-10-25": (5 * 3600, 2 * 3600, 0)}


def test_a_dst_day_is_23_or_25_hours_long():
    start, end = day_bounds(dt.date(2026, 3, 29), PARIS)
    assert end - start == dt.timedelta(hours=23)
    start, end = day_bounds(dt.date(2026, 10, 25), PARIS)
    assert end - start == dt.timedelta(hours=25)


def test_planned_shifts_are_cut_into_days_like_work():
    planner = Employee(1)
    planner.shifts.append((at("2026-06-10", "18:00"), at("2026-06-11", "02:00")))
    assert by_day(planner, "2026-06-10", "2026-06-11") == {
        "2026-06-10": (0, 0, 6 * 3600),
        "2026-06-11": (0, 0, 2 * 3600),
    }


def test_a_break_outside_its_entry_counts_only_inside_it():
    """A break (corrected badly) reaching past the entry's end takes off only the time
    the entry covers."""
    odd = Employee(1)
    odd.entries.append(
        (
            (at("2026-06-10", "09:00"), at("2026-06-10", "12:00")),
            [(at("2026-06-10", "11:00"), at("2026-06-10", "13:00"))],
        )
    )
    assert by_day(odd, "2026-06-10", "2026-06-10") == {"2026-06-10": (7200, 3600, 0)}


def test_hours_are_written_with_two_decimals_half_up():
    assert hours_text(27000) == "7.50"
    assert hours_text(3600 + 18) == "1.01"  # 1.005 h rounds up
    assert hours_text(0) == "0.00"
