"""The golf settings (``PATCH /api/v1/settings/golf``)."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

from core.plugins import Percent


class GolfSettingsSchema(Schema):
    #: The VAT rate of green fees: it differs by country (sport is reduced in some).
    green_fee_tax_rate = Percent(
        load_default=Decimal("20"), metadata={"label": _l("Tax rate of green fees")}
    )
    #: How many days ahead a booking may be made; 0: no limit.
    days_bookable_ahead = fields.Integer(
        load_default=0,
        strict=True,
        validate=validate.Range(0, 366),
        metadata={"label": _l("Days bookable ahead (0: no limit)")},
    )
    #: How long a rain check can be used, from the day it is given; 0: it does not expire.
    rain_check_days_valid = fields.Integer(
        load_default=365,
        strict=True,
        validate=validate.Range(0, 3660),
        metadata={"label": _l("Days a rain check is valid (0: no end)")},
    )
