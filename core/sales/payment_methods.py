"""Payment methods (tenders). The core brings ``cash`` and ``card``; plugins add theirs
with ``pos_register_payment_methods`` (gift cards, loyalty points...).

A method is an object, not a hook: the sales engine asks it to ``validate`` a tender
before anything is written, to ``apply`` it inside the sale's transaction (with atomic
SQL when it moves a balance) and to ``reverse`` it inside a refund's transaction.

A method that needs something from the cashier (a gift card's code, a terminal's approval
code) declares it as a marshmallow schema, ``fields``: the till shows an input per field
in the tender step, the API loads the payment's ``fields`` with it, and each field's
``keep`` metadata says what may be stored and printed afterwards.
"""

from __future__ import annotations

import re
import typing as t
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import RAISE, Schema, ValidationError
from marshmallow import fields as mfields
from marshmallow import validate as mvalidate

from ..plugins.info import Problem

#: 13 to 19 digits, possibly grouped: the shape of a primary account number.
_DIGIT_RUN = re.compile(r"\d(?:[ -]?\d){12,}")
#: The issuer prefixes of the card schemes (Visa, Mastercard, Amex, Discover, JCB,
#: Diners, UnionPay, Maestro): a voucher's EAN-13 or a reference is none of them.
_CARD_PREFIX = re.compile(r"^(?:4|5[0-5]|2[2-7]|3[0-9]|6[0-9])")
#: What a field's ``keep`` metadata may say.
KEEP_CHOICES = ("keep", "mask", "drop")
INPUTS = ("text", "numeric", "password")


@dataclass
class Tender:
    """One payment (or one refund payment) as a method sees it.

    :param method: the method's code.
    :param amount: minor units; negative for money handed out on a cart below zero (and
        for a void taking such money back).
    :param fields: every value of the method's ``fields`` as entered and loaded, those it
        will not keep included.
    :param data: the method's own record, saved on the payment: ``apply`` and ``reverse``
        may fill it (the card debited, the points spent).
    :param position: the payment's place in the sale or refund (0-based).
    :param id: the payment row, once written (in ``apply`` and ``reverse``).

    Example::

        def apply(self, tender, sale):
            moved = debit_card(tender.fields["code"], tender.amount)
            tender.data.update(card_id=moved.card_id, balance=moved.balance)
    """

    method: str
    amount: int
    fields: dict[str, t.Any] = field(default_factory=dict)
    data: dict[str, t.Any] = field(default_factory=dict)
    position: int = 0
    id: int | None = None


class PaymentMethod:
    """Base class of payment methods; override what differs.

    :cvar code: what sale bodies name (``{"method": "card"}``).
    :cvar title: what the till's tender button says.
    :cvar is_cash: counts in the drawer; the total is cash-rounded when it pays.
    :cvar gives_change: may exceed what is due, the excess is change.
    :cvar pays_out: may hand money out when a cart totals below zero (bottles brought
        back); the cash method does.
    :cvar works_offline: the till may accept it without the server (a balance kept on
        the server is not safe offline).
    :cvar fields: a marshmallow schema of what the till asks for when paying, or
        ``None``. Each field's ``metadata``: ``label`` (shown), ``keep`` (``"keep"``:
        stored and printed; ``"mask"``: stored and printed as ``****`` and its last four
        characters; ``"drop"``, the default: only ``validate`` and ``apply`` see it),
        ``input`` (``"text"``, ``"numeric"`` or ``"password"``).
    :cvar refund_fields: the same, asked when money is given back on this method.
    :cvar order: the tender buttons' order.

    Example, a voucher paid by its reference::

        class VoucherFields(Schema):
            reference = fields.String(
                required=True,
                validate=validate.Length(4, 32),
                metadata={"label": "Voucher number", "keep": "keep"},
            )

        class Voucher(PaymentMethod):
            code = "voucher"
            title = "Voucher"
            fields = VoucherFields

            def validate(self, tender, cart, store):
                if not tender.fields["reference"].startswith("V-"):
                    return [Problem("bad_voucher", "not one of ours", "reference")]
                return []
    """

    code: str = ""
    title: str = ""
    is_cash: bool = False
    gives_change: bool = False
    pays_out: bool = False
    works_offline: bool = False
    fields: type[Schema] | None = None
    refund_fields: type[Schema] | None = None
    order: int = 100

    def is_available(self, store: t.Any) -> bool:
        """Whether the till and the API offer the method in this store."""
        return True

    def validate(self, tender: Tender, cart: t.Any, store: t.Any) -> list[Problem]:
        """Problems with one tender, before anything is written; an empty list accepts
        it. A problem's ``field`` names one of the method's ``fields`` (answered at
        ``payments.<i>.fields.<name>``, where the till shows it under that input) or
        ``"amount"``."""
        return []

    def apply(self, tender: Tender, sale: t.Any) -> None:
        """Inside the sale's transaction, once its rows are written (``sale`` is a
        :class:`core.plugins.SaleView`). Take the money (with a guarded atomic ``UPDATE``
        when it moves a balance) and note what you need in ``tender.data``. Raise
        :class:`core.plugins.Rejected` to refuse the sale: everything rolls back."""

    def reverse(self, tender: Tender, refund: t.Any) -> None:
        """Inside a refund's transaction: give the money back on this method (``refund``
        is a :class:`core.plugins.RefundView`, its sale at ``refund.sale``)."""

    def describe(self) -> dict[str, t.Any]:
        """What ``GET /api/v1/payment-methods`` and the till know of the method."""
        return {
            "code": self.code,
            "title": str(self.title),
            "is_cash": self.is_cash,
            "gives_change": self.gives_change,
            "pays_out": self.pays_out,
            "works_offline": self.works_offline,
            "fields": describe_fields(self.fields),
            "refund_fields": describe_fields(self.refund_fields),
        }


class CashMethod(PaymentMethod):
    code = "cash"
    title = _l("Cash")
    is_cash = True
    gives_change = True
    pays_out = True
    works_offline = True
    order = 10


class CardFields(Schema):
    """What a card payment may keep: the terminal's reference and the card's last four
    digits, never its number."""

    reference = mfields.String(
        load_default=None,
        validate=mvalidate.Length(1, 64),
        metadata={"label": _l("Terminal reference"), "keep": "keep"},
    )
    last4 = mfields.String(
        load_default=None,
        validate=mvalidate.Regexp(r"^\d{4}$", error=_l("the last 4 digits")),
        metadata={"label": _l("Last 4 digits"), "keep": "keep", "input": "numeric"},
    )


class CardMethod(PaymentMethod):
    """Paid on an external terminal."""

    code = "card"
    title = _l("Card")
    works_offline = True
    fields = CardFields
    refund_fields = CardFields
    order = 20


# -- fields ----------------------------------------------------------------------------------


def _metadata(field_: mfields.Field) -> dict[str, t.Any]:
    keep = field_.metadata.get("keep", "drop")
    shown = field_.metadata.get("input", "text")
    if keep not in KEEP_CHOICES or shown not in INPUTS:
        raise ValueError(f"field {field_.name!r}: keep one of {KEEP_CHOICES}, input {INPUTS}")
    return {"keep": keep, "input": shown}


def describe_fields(schema: type[Schema] | None) -> list[dict[str, t.Any]]:
    """The inputs the till renders for ``schema``: name, label, required, input kind,
    longest value and what is kept."""
    if schema is None:
        return []
    described = []
    for name, field_ in schema().fields.items():
        if field_.dump_only:
            continue
        longest = None
        for validator in field_.validators:
            if isinstance(validator, mvalidate.Length) and validator.max is not None:
                longest = validator.max
        described.append(
            {
                "name": field_.data_key or name,
                "label": str(field_.metadata.get("label", name)),
                "required": field_.required,
                "max_length": longest,
                **_metadata(field_),
            }
        )
    return described


def load_fields(schema: type[Schema] | None, values: t.Any) -> dict[str, t.Any]:
    """``values`` (the payment's ``fields`` object) loaded with ``schema``; a card number
    (:func:`looks_like_a_card_number`) is refused in a field that is kept.

    :raises marshmallow.ValidationError: with the bad fields (``{"code": [...]}``).
    """
    values = values or {}
    if schema is None:
        if values:
            raise ValidationError({"_": [_("this method takes no fields")]})
        return {}
    instance = schema(unknown=RAISE)
    loaded = instance.load(values)
    for name, field_ in instance.fields.items():
        value = loaded.get(name)
        if (
            isinstance(value, str)
            and field_.metadata.get("keep", "drop") == "keep"
            and looks_like_a_card_number(value)
        ):
            raise ValidationError(
                {
                    field_.data_key or name: [
                        _(
                            "this looks like a card number, which is never kept: give the "
                            "last 4 digits or the terminal's reference"
                        )
                    ]
                }
            )
    return loaded


def looks_like_a_card_number(text: str) -> bool:
    """Whether ``text`` holds a card number: 13 to 19 digits (grouped or not) with a card
    scheme's prefix and a valid Luhn check digit. A voucher's EAN-13 or a terminal's
    reference rarely is; a card number always is."""
    for run in _DIGIT_RUN.finditer(text):
        digits = re.sub(r"\D", "", run.group())
        if 13 <= len(digits) <= 19 and _CARD_PREFIX.match(digits) and _luhn(digits):
            return True
    return False


def _luhn(digits: str) -> bool:
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def kept_fields(schema: type[Schema] | None, values: dict[str, t.Any]) -> dict[str, t.Any]:
    """What may be stored of ``values``: kept fields as they are, masked ones as ``****``
    and their last four characters; dropped ones, and empty values, not at all."""
    if schema is None:
        return {}
    kept: dict[str, t.Any] = {}
    for name, field_ in schema().fields.items():
        value = values.get(name)
        if value is None or value == "":
            continue
        keep = field_.metadata.get("keep", "drop")
        if keep == "keep":
            # Stored as JSON and hashed by the journal: plain values only.
            plain = value if isinstance(value, str | int | bool) else str(value)
            kept[field_.data_key or name] = plain
        elif keep == "mask":
            kept[field_.data_key or name] = "****" + str(value)[-4:]
    return kept
