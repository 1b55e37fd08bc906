"""The ``restaurant`` settings namespace."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate


def _category_ids(value: str) -> None:
    for part in value.split(","):
        if part.strip() and not part.strip().isdigit():
            raise ValidationError("category ids separated by commas, e.g. 3,7")


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


def bar_category_ids(values: dict) -> set[int]:
    """The ``bar_categories`` setting as a set of ids."""
    return {int(part) for part in values.get("bar_categories", "").split(",") if part.strip()}
