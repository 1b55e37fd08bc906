"""The ``restaurant`` settings namespace."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from marshmallow import Schema, ValidationError, fields, validate

from core.plugins import Percent


def _category_ids(value: str) -> None:
    for part in value.split(","):
        if part.strip() and not part.strip().isdigit():
            raise ValidationError("category ids separated by commas, e.g. 3,7")


def _rate_pairs(value: str) -> dict[Decimal, Decimal]:
    """``"10:5.5, 20:5.5"`` as ``{10: 5.5, 20: 5.5}`` (percents)."""
    pairs: dict[Decimal, Decimal] = {}
    for part in value.split(","):
        if not part.strip():
            continue
        eat_in, sep, take_away = part.partition(":")
        try:
            if not sep:
                raise InvalidOperation
            low, high = Decimal(eat_in.strip()), Decimal(take_away.strip())
        except InvalidOperation:
            raise ValidationError("pairs of percents separated by commas, e.g. 10:5.5") from None
        if not (0 <= low <= 100 and 0 <= high <= 100) or not low.is_finite():
            raise ValidationError("percents from 0 to 100")
        pairs[low.normalize()] = high
    return pairs


class RestaurantSettingsSchema(Schema):
    #: Lines of these product categories go to the bar's printer and display; every
    #: other line goes to the kitchen's.
    bar_categories = fields.String(
        load_default="",
        validate=[validate.Length(0, 500), _category_ids],
        metadata={
            "label": "Bar categories (ids)",
            "description": "Category ids, separated by commas: their items go to the bar.",
        },
    )
    #: The course a new line gets when the waiter does not say.
    default_course = fields.Integer(
        load_default=1,
        strict=True,
        validate=validate.Range(1, 9),
        metadata={"label": "Default course"},
    )
    #: The service charge, a percent of the items of an order that has it ("0": none).
    service_percent = Percent(
        load_default="0",
        metadata={
            "label": "Service charge (%)",
            "description": "Added on the bill of the orders that have it; 0: no service charge.",
        },
    )
    #: Parties of this many guests or more get the service charge when seated (0: never
    #: on its own; the waiter may still add it).
    service_min_covers = fields.Integer(
        load_default=0,
        strict=True,
        validate=validate.Range(0, 999),
        metadata={
            "label": "Service charge from (guests)",
            "description": (
                "Tables seated for this many guests or more get the service charge; "
                "0: never on its own."
            ),
        },
    )
    #: After sign-in and after each table paid, the till shows the floor plan (when one
    #: is drawn): a restaurant serves tables first. A counter (a café selling at the till)
    #: turns it off and keeps the sale screen.
    open_on_floor = fields.Boolean(
        load_default=True,
        metadata={
            "label": "Open the till on the floor plan",
            "description": "After sign-in and after each table paid (when tables are drawn).",
        },
    )
    #: Eaten in -> taken away tax rates, by percent: "10:5.5" sells an item taxed 10 %
    #: at 5.5 % when it is taken away. Rates not listed stay as they are.
    takeaway_rates = fields.String(
        load_default="",
        validate=[validate.Length(0, 500), _rate_pairs],
        metadata={
            "label": "Take-away tax rates",
            "description": (
                "Pairs eaten in:taken away, in percent, separated by commas, e.g. 10:5.5"
            ),
        },
    )


def bar_category_ids(values: dict) -> set[int]:
    """The ``bar_categories`` setting as a set of ids."""
    return {int(part) for part in values.get("bar_categories", "").split(",") if part.strip()}


def takeaway_rates(values: dict) -> dict[Decimal, Decimal]:
    """The ``takeaway_rates`` setting: eaten-in percent -> taken-away percent."""
    return _rate_pairs(values.get("takeaway_rates", ""))


def service_percent(values: dict) -> Decimal:
    return Decimal(str(values.get("service_percent") or "0"))
