"""The back office's catalog forms: text typed in a page turned into the API's bodies
(the API's schemas and the services judge them next), and products turned back into the
text a form shows. Money is typed as decimals of the store's currency."""

from __future__ import annotations

import re
import typing as t

from marshmallow import ValidationError

from ..errors import DomainError
from ..fields import decimal_text, money_from_text, money_text
from ..validation_messages import translate_messages

PRODUCT_TEXT_FIELDS = (
    "name",
    "sku",
    "price",
    "cost",
    "tax_rate_id",
    "category_id",
    "sold_by",
    "barcodes",
    "reorder_level",
    "stock",
)
_SEPARATORS = re.compile(r"[\s,;]+")

Errors = dict[str, t.Any]


def read_product_form(form: t.Mapping[str, str]) -> dict[str, t.Any]:
    """What was typed, as text (shown back as typed when the form has errors)."""
    values: dict[str, t.Any] = {name: form.get(name, "") for name in PRODUCT_TEXT_FIELDS}
    values["active"] = bool(form.get("active"))
    return values


def product_form_of(product: t.Any, currency: str) -> dict[str, t.Any]:
    """A product as its edit form shows it."""
    return {
        "name": product.name,
        "sku": product.sku,
        "price": money_text(product.price, currency),
        "cost": money_text(product.cost, currency),
        "tax_rate_id": str(product.tax_rate_id),
        "category_id": str(product.category_id or ""),
        "sold_by": product.sold_by,
        "barcodes": "\n".join(b.code for b in product.barcodes),
        "reorder_level": ""
        if product.reorder_level is None
        else decimal_text(product.reorder_level),
        "stock": "",
        "active": product.active,
    }


def _id_or_none(text: str, field: str, errors: Errors) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit():
        errors[field] = "choose one of the list"
        return None
    return int(text)


def product_body(
    values: dict[str, t.Any], currency: str, *, creating: bool
) -> tuple[dict[str, t.Any], Errors]:
    """The API's product body from the form's text, and the messages of the fields that
    could not be read (amounts that are not decimals, a choice not from the list): those
    are left out of the body, so that the schema judges the others at the same time."""
    errors: Errors = {}
    body: dict[str, t.Any] = {
        "name": values["name"].strip(),
        "sold_by": values["sold_by"] or "unit",
        "active": values["active"],
        "barcodes": [code for code in _SEPARATORS.split(values["barcodes"]) if code],
        "category_id": _id_or_none(values["category_id"], "category_id", errors),
    }
    sku = values["sku"].strip()
    if sku or not creating:
        body["sku"] = sku
    tax_rate_id = _id_or_none(values["tax_rate_id"], "tax_rate_id", errors)
    if tax_rate_id is not None:
        body["tax_rate_id"] = tax_rate_id
    for field, required in (("price", True), ("cost", False)):
        text = values[field].strip()
        if not text:
            if required:
                errors[field] = "a price is required"
            else:
                body[field] = None
            continue
        try:
            body[field] = money_from_text(text, currency)
        except ValidationError as exc:
            errors[field] = " ".join(exc.messages)
    level = values["reorder_level"].strip().replace(",", ".")
    body["reorder_level"] = level or None
    if creating and values["stock"].strip():
        body["stock"] = values["stock"].strip().replace(",", ".")
    return body, errors


def error_messages(error: Exception) -> Errors:
    """A schema's or a service's refusal as ``{field: message}`` for the form; what
    belongs to no field goes under ``""``."""
    if isinstance(error, ValidationError):
        messages = translate_messages(error.normalized_messages())
        return {
            field: _flatten(message) for field, message in messages.items() if field != "_schema"
        } | ({"": _flatten(messages["_schema"])} if "_schema" in messages else {})
    if isinstance(error, DomainError):
        found = {field: _flatten(message) for field, message in error.fields.items()}
        return found or {"": error.message}
    return {"": str(error)}


def _flatten(message: t.Any) -> str:
    if isinstance(message, dict):
        return "; ".join(f"{_flatten(value)}" for value in message.values())
    if isinstance(message, list | tuple):
        return "; ".join(_flatten(item) for item in message)
    return str(message)
