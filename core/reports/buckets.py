"""Grouping timestamps by hour in SQL, the same way on SQLite and PostgreSQL.

The database groups by UTC hour (``YYYY-MM-DD HH``); :func:`local_bucket` then maps each
hour to the store's local day or hour, whose rows are summed. That is exact, daylight
saving included, for every time zone whose offset is a whole number of hours; for the few
on half or quarter hours (India, Nepal...), a sale in the first minutes of a local hour is
counted in the hour before. SQLite has no time zone database, hence this way for both.
"""

from __future__ import annotations

import datetime as dt
import typing as t
import zoneinfo

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

__all__ = ["local_bucket", "utc_hour"]


class utc_hour(FunctionElement):  # noqa: N801 - an SQL function, named like one
    """``'YYYY-MM-DD HH'`` of a UTC timestamp column."""

    type = sa.String()
    name = "utc_hour"
    inherit_cache = True


@compiles(utc_hour, "sqlite")
def _sqlite_utc_hour(element: utc_hour, compiler: t.Any, **kw: t.Any) -> str:
    # Timestamps are stored in UTC as text ("2024-03-05 13:07:00.000000").
    return f"strftime('%Y-%m-%d %H', {compiler.process(element.clauses, **kw)})"


@compiles(utc_hour, "postgresql")
def _postgresql_utc_hour(element: utc_hour, compiler: t.Any, **kw: t.Any) -> str:
    column = compiler.process(element.clauses, **kw)
    return f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24')"


def local_bucket(hour: str, zone: zoneinfo.ZoneInfo, by: str) -> tuple[str, str]:
    """The ``(key, label)`` of the local day or hour holding a UTC ``hour`` bucket."""
    moment = dt.datetime.strptime(hour, "%Y-%m-%d %H").replace(tzinfo=dt.UTC).astimezone(zone)
    if by == "day":
        key = moment.date().isoformat()
        return key, key
    return moment.strftime("%Y-%m-%dT%H:00%z"), moment.strftime("%Y-%m-%d %H:00")
