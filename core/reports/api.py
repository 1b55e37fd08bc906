"""``GET /api/v1/reports/sales?from=&to=&by=``: the sales report."""

from __future__ import annotations

import datetime as dt
import typing as t

from flask_babel import gettext as _
from marshmallow import Schema, ValidationError, fields, validate

from ..api.blueprint import ApiBlueprint
from ..errors import Invalid
from ..fields import MAX_ID
from ..plugins.scope import register_list, scoped_registers
from ..stores.settings import current_store
from .services import GROUPINGS, known_registers, plugin_sections, sales_report, store_zone

api = ApiBlueprint("reports_api", __name__, tag="reports")


class DateOrDateTime(fields.Field):
    """An ISO 8601 date (``2024-03-05``, a whole day in the store's time zone) or a
    datetime with its UTC offset (``2024-03-05T14:00:00+01:00``). The OpenAPI document
    says ``date`` (what a generated request sends; the datetime is in the description)."""

    def __init__(self, **kwargs: t.Any):
        super().__init__(**kwargs)
        self.metadata.setdefault("type", "string")
        self.metadata.setdefault("format", "date")
        self.metadata.setdefault(
            "description", "a date (a whole day), or a datetime with its UTC offset"
        )

    def _deserialize(self, value: t.Any, attr: t.Any, data: t.Any, **kwargs: t.Any) -> t.Any:
        if not isinstance(value, str):
            raise ValidationError(_("an ISO 8601 date or datetime is expected"))
        text = value.strip()
        try:
            if len(text) == 10:
                return dt.date.fromisoformat(text)
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            raise ValidationError(_("not an ISO 8601 date or datetime")) from None
        if moment.tzinfo is None:
            raise ValidationError(_("a datetime needs its UTC offset (e.g. +01:00 or Z)"))
        return moment


ReportQuerySchema = Schema.from_dict(
    {
        "from": DateOrDateTime(load_default=None),
        "to": DateOrDateTime(load_default=None),
        "by": fields.String(load_default="day", validate=validate.OneOf(GROUPINGS)),
        # A query string holds text: Id (strict, for JSON bodies) would refuse "1".
        "register_id": fields.Integer(
            load_default=None,
            validate=validate.Range(1, MAX_ID),
            metadata={"description": "one register only"},
        ),
        "register_ids": fields.String(
            load_default=None,
            validate=validate.Regexp(r"^\d{1,18}(,\d{1,18}){0,999}$"),
            metadata={"description": "several registers, comma-separated (a store's: 3,4)"},
        ),
    },
    name="ReportQuerySchema",
)


def resolve_period(
    start: dt.date | dt.datetime | None, end: dt.date | dt.datetime | None, zone: t.Any
) -> tuple[dt.datetime, dt.datetime]:
    """``[start, end)`` as aware datetimes: a ``from`` date starts at its local midnight, a
    ``to`` date includes its whole day; both default to today (store time)."""
    today = dt.datetime.now(zone).date()
    start = today if start is None else start
    end = today if end is None else end
    if not isinstance(start, dt.datetime):
        start = dt.datetime.combine(start, dt.time(), zone)
    if not isinstance(end, dt.datetime):
        end = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), zone)
    return start, end


def _registers(query: dict[str, t.Any]) -> int | tuple[int, ...] | None:
    """The ``register_id`` or the ``register_ids`` asked for (one of them), each known."""
    if query["register_ids"] is None:
        return query["register_id"]
    if query["register_id"] is not None:
        raise Invalid(
            _("give register_id or register_ids, not both"),
            fields={"register_ids": [_("not with register_id")]},
        )
    ids = register_list(query["register_ids"]) or ()
    if len(known_registers(ids)) != len(ids):
        raise Invalid(_("no such register"), fields={"register_ids": [_("an unknown register")]})
    return ids


@api.endpoint("/reports/sales", permission="reports.view", query=ReportQuerySchema)
def sales_report_view(query):
    """Sales between ``from`` and ``to`` (dates or datetimes with offset; today by default)
    grouped ``by`` hour, day, week, month, year, product, category, payment_method, user
    or tax, at one register (``register_id``), several (``register_ids``: a store's) or
    all (those of the user's stores), with a summary."""
    store = current_store()
    timezone = store.values["timezone"]
    zone = store_zone(timezone)
    start, end = resolve_period(query["from"], query["to"], zone)
    # A "to" date means its whole day, but "from" must not come after that day's start.
    to_point = end if isinstance(query["to"], dt.datetime) else end - dt.timedelta(days=1)
    if start > to_point:
        raise Invalid(_("'from' is after 'to'"), fields={"from": ["must not be after 'to'"]})
    register_id = query["register_id"]
    chosen = _registers(query)
    # Without a register, the user's stores' registers (everything for the whole shop).
    scoped = chosen if chosen is not None else scoped_registers()
    report = sales_report(start, end, query["by"], timezone=timezone, register_id=scoped)
    params = {
        "from": start,
        "to": end,
        "by": query["by"],
        "register_id": register_id,
        "register_ids": list(chosen) if isinstance(chosen, tuple) else None,
    }
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "by": query["by"],
        "register_id": register_id,
        "register_ids": params["register_ids"],
        "timezone": timezone,
        "currency": store.currency,
        **report,
        "sections": plugin_sections(report, params),
    }
