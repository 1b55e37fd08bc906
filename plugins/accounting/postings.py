"""What each operation of the till books: pure functions from the core's read-only views
to balanced postings.

Amounts are collected signed per mapping key (positive: debit, negative: credit) and
turned into debit and credit lines at the end, so a refund is the same walk as a sale
with the signs turned. Every amount comes from the operation's own figures, and the
per-rate rounding of the tax (a store rounding tax on totals) is absorbed into that
rate's revenue, so the entry balances to the cent by construction;
:func:`.balance.check_balanced` then refuses anything that would not.
"""

from __future__ import annotations

import typing as t
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .balance import Posting
from .mapping import Mapping, rate_key

Candidates = tuple[str, ...]


@dataclass(frozen=True)
class Booked:
    """One sold (or given back) line as the books see it: signed net, tax and discount
    excluding tax, with where its revenue goes."""

    revenue: Candidates
    rate: Decimal
    net: int
    tax: int
    discount_net: int


class Signed:
    """Signed amounts by candidate keys, in the order first seen."""

    def __init__(self) -> None:
        self.amounts: dict[Candidates, int] = defaultdict(int)

    def add(self, keys: Candidates, amount: int) -> None:
        if amount:
            self.amounts[keys] += amount

    def postings(self, mapping: Mapping, label: str) -> list[Posting]:
        by_account: dict[str, int] = {}
        names: dict[str, str] = {}
        for keys, amount in self.amounts.items():
            account = mapping.resolve(keys)
            by_account[account.number] = by_account.get(account.number, 0) + amount
            names.setdefault(account.number, account.label)
        result = [
            Posting(number, names[number], label, max(amount, 0), max(-amount, 0))
            for number, amount in by_account.items()
            if amount
        ]
        # Debits first, as a bookkeeper reads an entry.
        return sorted(result, key=lambda p: p.debit == 0)


def revenue_keys(kind: str, category_id: int | None, rate: Decimal, mapping: Mapping) -> Candidates:
    """Where a line's revenue goes: a plugin's line kind to its own account (gift cards
    and deposits are liabilities, not sales); a product to its category's account when
    the merchant mapped one, else to the account of its tax rate."""
    if kind != "product":
        return (f"line:{kind}", "line")
    if mapping.category_overridden(category_id):
        return (f"sales:category:{category_id}",)
    return (f"sales:rate:{rate_key(rate)}", "sales")


def discount_excluding_tax(discount: int, rate: Decimal, prices_include_tax: bool) -> int:
    if not discount or not prices_include_tax:
        return discount
    return int((Decimal(discount) * 100 / (100 + Decimal(rate))).to_integral_value(ROUND_HALF_UP))


def _absorb_tax_rounding(
    booked: list[Booked], taxes: t.Mapping[Decimal, int] | None
) -> tuple[list[Booked], dict[Decimal, int]]:
    """The tax per rate as the receipt printed it; a difference with the lines' own tax
    (tax rounded on the totals) moves into the largest line's net of that rate, so that
    net + tax stays what the customer paid."""
    by_rate: dict[Decimal, int] = defaultdict(int)
    for line in booked:
        by_rate[line.rate] += line.tax
    if not taxes:
        return booked, dict(by_rate)
    result = list(booked)
    for rate, printed in taxes.items():
        difference = by_rate.get(rate, 0) - printed
        at_rate = [i for i, line in enumerate(result) if line.rate == rate]
        if difference and at_rate:
            i = max(at_rate, key=lambda i: abs(result[i].net))
            line = result[i]
            result[i] = Booked(
                line.revenue, line.rate, line.net + difference, line.tax, line.discount_net
            )
            by_rate[rate] = printed
    return result, dict(by_rate)


def _book_lines(
    signed: Signed, booked: list[Booked], taxes: t.Mapping[Decimal, int] | None, sign: int
) -> None:
    """Revenue credited (a sale, ``sign`` 1) or debited (a refund, -1), before
    discounts; discounts on the other side; tax per rate."""
    booked, tax_by_rate = _absorb_tax_rounding(booked, taxes)
    for line in booked:
        signed.add(line.revenue, -sign * (line.net + line.discount_net))
        signed.add(("discount",), sign * line.discount_net)
    for rate, tax in tax_by_rate.items():
        signed.add((f"tax:rate:{rate_key(rate)}", "tax"), -sign * tax)


def _book_rounding(signed: Signed, rounding: int, sign: int, reversed_rounding: int = 0) -> None:
    """Cash rounding: what the customer paid above the total is a gain, below a loss
    (and the other way round when money is handed back). A void reverses the sale's on
    the sale's own account (``reversed_rounding``), as a reversal does."""
    amount = -sign * rounding  # credit a gain on a sale
    gain = reversed_rounding > 0 if reversed_rounding else amount < 0
    signed.add(("rounding:gain",) if gain else ("rounding:loss",), amount)


def _payment_keys(method: str) -> Candidates:
    return (f"payment:{method}", "payment")


def sale_postings(
    sale: t.Any, categories: t.Mapping[int, int | None], mapping: Mapping, label: str
) -> list[Posting]:
    """The postings of a completed sale (:class:`core.plugins.SaleView`)."""
    signed = Signed()
    payments = [(p.method, p.amount) for p in sale.payments]
    change = sale.change
    if change:
        # The change is handed back in cash (the Z report counts it so); without a cash
        # payment, from the last method that took more than was due.
        index = next((i for i, (m, _a) in enumerate(payments) if m == "cash"), None)
        if index is None:
            index = max(range(len(payments)), key=lambda i: (payments[i][1], i))
        method, amount = payments[index]
        payments[index] = (method, amount - change)
    for method, amount in payments:
        signed.add(_payment_keys(method), amount)
    booked = [
        Booked(
            revenue_keys(line.kind, categories.get(line.product_id), line.tax_rate, mapping),
            line.tax_rate,
            line.net,
            line.tax,
            discount_excluding_tax(line.discount, line.tax_rate, sale.prices_include_tax)
            if line.kind == "product"
            else 0,
        )
        for line in sale.lines
    ]
    taxes = {row.rate: row.tax for row in sale.taxes}
    _book_lines(signed, booked, taxes, 1)
    _book_rounding(signed, sale.rounding, 1)
    return signed.postings(mapping, label)


def refund_postings(
    refund: t.Any, sale: t.Any, categories: t.Mapping[int, int | None], mapping: Mapping, label: str
) -> list[Posting]:
    """The postings of a refund or a void (:class:`core.plugins.RefundView`): the sale's
    walk reversed, for the lines and money given back."""
    signed = Signed()
    for payment in refund.payments:
        signed.add(_payment_keys(payment.method), -payment.amount)
    sold = {line.id: line for line in sale.lines}
    booked = []
    for back in refund.lines:
        line = sold[back.sale_line_id]
        discount = 0
        if line.kind == "product" and line.quantity:
            share = Decimal(line.discount) * back.quantity / line.quantity
            discount = discount_excluding_tax(
                int(share.to_integral_value(ROUND_HALF_UP)),
                line.tax_rate,
                sale.prices_include_tax,
            )
        booked.append(
            Booked(
                revenue_keys(line.kind, categories.get(line.product_id), back.tax_rate, mapping),
                back.tax_rate,
                back.net,
                back.tax,
                discount,
            )
        )
    _book_lines(signed, booked, None, -1)
    rounding = sum(p.amount for p in refund.payments) - refund.total
    _book_rounding(signed, rounding, -1, sale.rounding if refund.kind == "void" else 0)
    return signed.postings(mapping, label)


def cash_postings(kind: str, amount: int, mapping: Mapping, label: str) -> list[Posting]:
    """A float put in, cash in or out, or the closing's difference (``amount`` signed:
    positive when the drawer gains cash)."""
    signed = Signed()
    signed.add(("payment:cash", "payment"), amount)
    if kind == "closing":
        signed.add(("cash_over",) if amount > 0 else ("cash_short",), -amount)
    else:
        signed.add(("transfer",), -amount)
    return signed.postings(mapping, label)
