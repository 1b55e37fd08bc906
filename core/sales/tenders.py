"""Tenders: the payments of a sale or a refund, checked against what is due.

One set of rules for sales and refunds alike: ``is_cash`` decides cash rounding (the part
paid in cash is rounded to the store's smallest coin, the rest is exact), ``gives_change``
whether a payment may exceed what is due, ``pays_out`` whether a method may hand money out
when a cart totals below zero.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from flask_babel import gettext as _

from ..errors import Invalid
from ..formatting import current_locale, format_money
from ..plugins.context import current_runtime
from ..plugins.errors import Rejected
from .payment_methods import PaymentMethod, Tender
from .pricing import round_cash


@dataclass
class Settled:
    """Payments checked against a total: what was due after cash rounding, the rounding
    itself and the change handed back."""

    tenders: list[tuple[PaymentMethod, Tender]]
    due: int
    rounding: int
    change: int


def resolve(
    payments: t.Sequence[dict[str, t.Any]], store: t.Any, *, selling: bool
) -> list[tuple[PaymentMethod, Tender]]:
    """The method of each loaded payment and its :class:`Tender`.

    :raises Invalid: ``unknown_method`` for a method that does not exist (or that the
        store does not offer, when selling).
    """
    methods = current_runtime().payment_methods
    resolved = []
    for index, payment in enumerate(payments):
        method = methods.get(payment["method"])
        if method is None or (selling and not method.is_available(store)):
            raise Invalid(
                _("unknown payment method %(method)s", method=payment["method"]),
                code="unknown_method",
                fields={
                    f"payments.{index}.method": [
                        _("one of: %(methods)s", methods=", ".join(sorted(methods)))
                    ]
                },
            )
        tender = Tender(
            method=method.code,
            amount=payment["amount"],
            fields=dict(payment.get("field_values") or {}),
            position=index,
        )
        resolved.append((method, tender))
    return resolved


def due_for(total: int, tenders: t.Sequence[tuple[PaymentMethod, Tender]], increment: int) -> int:
    """What the tenders must come to: the non-cash part is exact; when cash pays the rest,
    that rest is rounded to the smallest coin (``round_cash`` is symmetric, so money
    handed out rounds the same way)."""
    non_cash = sum(tender.amount for method, tender in tenders if not method.is_cash)
    if any(method.is_cash for method, _tender in tenders) and abs(non_cash) < abs(total):
        return non_cash + round_cash(total - non_cash, increment)
    return total


def check_methods(
    tenders: t.Sequence[tuple[PaymentMethod, Tender]], cart: t.Any, store: t.Any
) -> None:
    """Each method's own ``validate``; a problem is a 422 naming the method's plugin."""
    owners = current_runtime().owners
    for method, tender in tenders:
        asked = set(method.fields().fields) if method.fields is not None else set()
        for problem in method.validate(tender, cart, store) or []:
            # Where the schema's own errors go: payments.<i>.fields.<name> for a field the
            # method asks for, payments.<i>.<name> for the rest (amount, method).
            where = f"fields.{problem.field}" if problem.field in asked else problem.field
            field = f"payments.{tender.position}.{where}" if problem.field else None
            error = Rejected(problem.message, code=problem.code, field=field)
            error.plugin = owners.get(method.code, method.code)
            raise error


def settle_sale(tenders: list[tuple[PaymentMethod, Tender]], total: int, store: t.Any) -> Settled:
    """Check a sale's tenders against its ``total``.

    A positive total is paid with positive amounts; only a method that ``gives_change``
    may exceed what is due (the excess is change). A total below zero is money handed
    out: negative amounts, on methods that ``pay_out``, adding up to it exactly. A total
    of zero takes no payment.

    :raises Invalid: ``short_payment``, ``overpaid``, ``payment_sign`` or ``pays_out``.
    """
    due = due_for(total, tenders, store.cash_rounding)
    paid = sum(tender.amount for _method, tender in tenders)
    if total < 0:
        for method, tender in tenders:
            if tender.amount > 0 or not method.pays_out:
                where = f"payments.{tender.position}"
                if tender.amount > 0:
                    raise Invalid(
                        _("the cart hands money out: payments are negative"),
                        code="payment_sign",
                        field=f"{where}.amount",
                    )
                raise Invalid(
                    _("%(method)s cannot hand money out", method=method.title or method.code),
                    code="pays_out",
                    field=f"{where}.method",
                )
        if paid != due:
            raise Invalid(
                _(
                    "money handed out (%(paid)s) must be what the cart gives back (%(due)s)",
                    paid=_money(-paid, store),
                    due=_money(-due, store),
                ),
                code="short_payment" if paid > due else "overpaid",
                fields={"payments": [_("must add up to %(due)s", due=_money(due, store))]},
            )
        return Settled(tenders, due, due - total, 0)
    for _method, tender in tenders:
        if tender.amount < 0:
            raise Invalid(
                _("money is handed out only when the cart totals below zero"),
                code="payment_sign",
                field=f"payments.{tender.position}.amount",
            )
    non_cash = sum(tender.amount for method, tender in tenders if not method.gives_change)
    if non_cash > due:
        raise Invalid(
            _("non-cash payments exceed what is due"),
            code="overpaid",
            fields={"payments": [_("at most %(due)s without cash", due=_money(due, store))]},
        )
    if paid < due:
        raise Invalid(
            _(
                "payments (%(paid)s) do not cover the total (%(due)s)",
                paid=_money(paid, store),
                due=_money(due, store),
            ),
            code="short_payment",
            fields={"payments": [_("%(amount)s missing", amount=_money(due - paid, store))]},
        )
    return Settled(tenders, due, due - total, paid - due)


def settle_refund(tenders: list[tuple[PaymentMethod, Tender]], total: int, store: t.Any) -> Settled:
    """Check what is handed back against a refund's ``total``: the same sign, and exactly
    the total (the cash part cash-rounded); no change is given on a refund.

    :raises Invalid: ``refund_mismatch``.
    """
    due = due_for(total, tenders, store.cash_rounding)
    paid = sum(tender.amount for _method, tender in tenders)
    non_cash = sum(tender.amount for method, tender in tenders if not method.is_cash)
    if paid != due or abs(non_cash) > abs(total):
        raise Invalid(
            _(
                "money handed back (%(paid)s) must equal the refund (%(due)s)",
                paid=_money(paid, store),
                due=_money(due, store),
            ),
            code="refund_mismatch",
            fields={"payments": [_("must add up to %(due)s", due=_money(due, store))]},
        )
    return Settled(tenders, due, due - total, 0)


def _money(amount: int, store: t.Any) -> str:
    """An amount in a message, as the reader writes money (``12,50 €``)."""
    return format_money(amount, store.currency, current_locale())


def carry_out(
    tenders: t.Sequence[tuple[PaymentMethod, Tender]],
    rows: t.Sequence[t.Any],
    action: str,
    view_of: t.Callable[[], t.Any],
) -> None:
    """Each method's ``apply`` (a sale) or ``reverse`` (a refund), inside the business
    transaction, on the view ``view_of()`` builds (once, and only when some method acts);
    what a method notes in its tender's ``data`` is saved on its payment row. A refusal
    names the method's plugin."""
    owners = current_runtime().owners
    view = None
    for (method, tender), row in zip(tenders, rows, strict=True):
        if getattr(type(method), action) is getattr(PaymentMethod, action):
            continue  # nothing to do for it (cash, card): no view to build
        if view is None:
            view = view_of()
        tender.id = row.id
        try:
            getattr(method, action)(tender, view)
        except Rejected as exc:
            exc.plugin = getattr(exc, "plugin", None) or owners.get(method.code, method.code)
            raise
        if tender.data:
            row.data = dict(tender.data)
