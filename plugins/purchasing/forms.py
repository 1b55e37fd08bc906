"""Reading the back-office forms into the values the services take: quantities and
amounts as people type them, errors by field in the reader's language."""

from __future__ import annotations

import typing as t
from decimal import Decimal

from flask_babel import gettext as _
from marshmallow import ValidationError

from core.plugins import Quantity, current_store, money_from_text


class FormErrors(Exception):
    """Fields the form cannot take, ``{"field": ["message"]}``."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def quantity(text: str, field: str, errors: dict, *, allow_zero: bool = False) -> Decimal | None:
    """A typed quantity, or ``None`` for an empty field."""
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        return Quantity(allow_zero=allow_zero).deserialize(text)
    except ValidationError as exc:
        errors[field] = exc.messages if isinstance(exc.messages, list) else [str(exc.messages)]
        return None


def money(text: str, field: str, errors: dict) -> int | None:
    """A typed amount in the store's currency, or ``None`` for an empty field."""
    if not (text or "").strip():
        return None
    try:
        return money_from_text(text, current_store().currency)
    except ValidationError as exc:
        errors[field] = exc.messages if isinstance(exc.messages, list) else [str(exc.messages)]
        return None


def integer(text: str, field: str, errors: dict, low: int, high: int) -> int | None:
    try:
        value = int((text or "").strip())
    except ValueError:
        errors[field] = [_number_message(low, high)]
        return None
    if not low <= value <= high:
        errors[field] = [_number_message(low, high)]
        return None
    return value


def _number_message(low: int, high: int) -> str:
    return _("a whole number from %(low)s to %(high)s", low=low, high=high)


def check(errors: dict[str, t.Any]) -> None:
    if errors:
        raise FormErrors(errors)
