"""A promotion applies only inside its dates, days and hours, in the store's timezone."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from promotions_helpers import NOW, create, iso, quote

from plugins.promotions.engine import Rule, runs_at

pytestmark = pytest.mark.comptoir_plugins("promotions")

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
START = dt.datetime(2030, 3, 4, 9, 0, tzinfo=dt.UTC)  # a Monday
END = dt.datetime(2030, 3, 11, 9, 0, tzinfo=dt.UTC)
TICK = dt.timedelta(microseconds=1)


def test_window_includes_its_start_and_excludes_its_end():
    """``[starts_at, ends_at)``: on at the first instant, off at the end instant."""
    rule = Rule(id=1, name="r", kind="percent", starts_at=START, ends_at=END)
    assert not runs_at(rule, START - TICK, dt.UTC)
    assert runs_at(rule, START, dt.UTC)
    assert runs_at(rule, END - TICK, dt.UTC)
    assert not runs_at(rule, END, dt.UTC)


def test_days_are_the_stores_local_days():
    """Sunday 23:30 UTC is Monday 00:30 in Paris: a Monday-only promotion runs."""
    rule = Rule(id=1, name="r", kind="percent", days=(1,))
    sunday_night_utc = dt.datetime(2030, 3, 10, 23, 30, tzinfo=dt.UTC)
    assert runs_at(rule, sunday_night_utc, PARIS)
    assert not runs_at(rule, sunday_night_utc, dt.UTC)


def test_hours_include_the_start_and_exclude_the_end():
    """Happy hour 17:00-19:00 Paris time (UTC+1 in March)."""
    rule = Rule(id=1, name="r", kind="percent", hour_start="17:00", hour_end="19:00")
    at = dt.datetime(2030, 3, 5, 16, 0, tzinfo=dt.UTC)  # 17:00 in Paris
    assert not runs_at(rule, at - TICK, PARIS)
    assert runs_at(rule, at, PARIS)
    assert runs_at(rule, at + dt.timedelta(hours=2) - TICK, PARIS)
    assert not runs_at(rule, at + dt.timedelta(hours=2), PARIS)


def test_a_promotion_not_started_yet_does_not_apply(shop, manager_api):
    # From the clock now, not NOW (taken when the suite was collected): a full run
    # reaches this test more than five minutes after collecting it.
    create(manager_api, starts_at=iso(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)))
    (tea,) = quote(manager_api, shop.line("TEA"))["lines"]
    assert tea["adjustments"] == []


def test_an_ended_promotion_does_not_apply(shop, manager_api):
    create(
        manager_api,
        starts_at=iso(NOW - dt.timedelta(days=2)),
        ends_at=iso(dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)),
    )
    (tea,) = quote(manager_api, shop.line("TEA"))["lines"]
    assert tea["adjustments"] == []


def _local_now(admin_api, zone_name):
    changed = admin_api.patch("/api/v1/settings/store", json={"timezone": zone_name})
    assert changed.status_code == 200, changed.get_json()
    return dt.datetime.now(zoneinfo.ZoneInfo(zone_name))


def test_days_through_the_api_follow_the_store_timezone(shop, manager_api, admin_api):
    """Today (in Tokyo) applies; the other days do not."""
    today = _local_now(admin_api, "Asia/Tokyo").isoweekday()
    create(manager_api, name="Today", days=[today])
    create(manager_api, name="Not today", value="50", days=[d for d in range(1, 8) if d != today])
    (tea,) = quote(manager_api, shop.line("TEA"))["lines"]
    assert [a["label"] for a in tea["adjustments"]] == ["Today"]


def test_hours_through_the_api_follow_the_store_timezone(shop, manager_api, admin_api):
    """A promotion for the whole day runs; one whose hours are over does not (unless the
    clock is at midnight, when no earlier hours exist)."""
    local = _local_now(admin_api, "America/New_York")
    create(manager_api, name="All day", hours={"start": "00:00", "end": "23:59"})
    if local.strftime("%H:%M") not in ("00:00", "23:59"):
        create(manager_api, name="Over", value="50", hours={"start": "00:00", "end": "00:01"})
    (tea,) = quote(manager_api, shop.line("TEA"))["lines"]
    labels = [a["label"] for a in tea["adjustments"]]
    assert "Over" not in labels
    assert labels == ([] if local.strftime("%H:%M") == "23:59" else ["All day"])
