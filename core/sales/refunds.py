"""Refunds and voids: money and goods given back against a completed sale.

A refund names the original lines and quantities; each line's ``refunded_quantity`` is
raised with a guarded atomic ``UPDATE`` so that two refunds at once can never give back
more than was sold. Amounts are the sold line's amounts pro rata; the last refund of a
line takes what remains, so a line refunded in parts gives back exactly its total.
A void is a refund of everything, in the session the sale was made in.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa

from ..auth.models import User
from ..db import begin_write, db, utcnow
from ..errors import Conflict, Invalid
from ..plugins import outbox
from ..plugins.context import current_runtime
from ..registers.services import current_session, next_receipt_number, require_open_session
from ..stock.services import move_stock_many
from ..stores.settings import current_store
from .journal import append_refund_entry
from .models import Refund, RefundLine, RefundPayment, Sale, SaleLine
from .pricing import round_cash
from .services import get_register, get_sale_or_404


@dataclass
class RefundResult:
    refund: Refund
    created: bool
    deliveries: list[t.Any]


def _share(amount: int, part: Decimal, whole: Decimal) -> int:
    return int((Decimal(amount) * part / whole).to_integral_value(rounding=ROUND_HALF_UP))


def _refunded_so_far(line_ids: list[int]) -> dict[int, tuple[int, int, int]]:
    """Per sale line: (total, net, tax) already given back."""
    rows = db.session.execute(
        sa.select(
            RefundLine.sale_line_id,
            sa.func.sum(RefundLine.total),
            sa.func.sum(RefundLine.net),
            sa.func.sum(RefundLine.tax),
        )
        .where(RefundLine.sale_line_id.in_(line_ids))
        .group_by(RefundLine.sale_line_id)
    )
    return {row[0]: (int(row[1] or 0), int(row[2] or 0), int(row[3] or 0)) for row in rows}


def _refund_lines(sale: Sale, wanted: list[dict[str, t.Any]]) -> list[RefundLine]:
    lines = {line.id: line for line in sale.lines}
    problems: dict[str, list[str]] = {}
    seen: set[int] = set()
    for index, item in enumerate(wanted):
        line = lines.get(item["line_id"])
        if line is None:
            problems[f"lines.{index}.line_id"] = [f"line {item['line_id']} is not in this sale"]
        elif item["line_id"] in seen:
            problems[f"lines.{index}.line_id"] = ["line given twice"]
        elif item["quantity"] > line.quantity - line.refunded_quantity:
            left = line.quantity - line.refunded_quantity
            problems[f"lines.{index}.quantity"] = [
                f"at most {format(left.normalize(), 'f')} of {line.name} can be refunded"
            ]
        seen.add(item["line_id"])
    if problems:
        raise Invalid("refund exceeds what was sold", code="refund_exceeds_sale", fields=problems)
    done = _refunded_so_far([item["line_id"] for item in wanted])
    result = []
    for item in wanted:
        line: SaleLine = lines[item["line_id"]]
        quantity = item["quantity"]
        if quantity == line.quantity - line.refunded_quantity:
            total_done, net_done, tax_done = done.get(line.id, (0, 0, 0))
            total, net, tax = line.total - total_done, line.net - net_done, line.tax - tax_done
        else:
            total = _share(line.total, quantity, line.quantity)
            tax = _share(line.tax, quantity, line.quantity)
            net = total - tax
        result.append(
            RefundLine(
                sale_line_id=line.id,
                quantity=quantity,
                total=total,
                net=net,
                tax=tax,
                tax_rate=line.tax_rate,
            )
        )
    return result


def _check_payments(payments: list[dict[str, t.Any]], total: int) -> int:
    """Money handed back must equal the refund (cash-rounded when it is all cash)."""
    methods = current_runtime().payment_methods
    store = current_store()
    for index, payment in enumerate(payments):
        if payment["method"] not in methods:
            raise Invalid(
                f"unknown payment method {payment['method']!r}",
                code="unknown_method",
                fields={f"payments.{index}.method": [f"one of: {', '.join(sorted(methods))}"]},
            )
    paid = sum(p["amount"] for p in payments)
    # As when selling: the part handed back in cash is cash-rounded, the rest is exact.
    non_cash = sum(p["amount"] for p in payments if not methods[p["method"]].is_cash)
    has_cash = any(methods[p["method"]].is_cash for p in payments)
    due = non_cash + round_cash(total - non_cash, store.cash_rounding) if has_cash else total
    if paid != due or non_cash > total:
        raise Invalid(
            f"money handed back ({paid}) must equal the refund ({due})",
            code="refund_mismatch",
            fields={"payments": [f"must add up to {due}"]},
        )
    return due


def refund_sale(
    sale_id: str, body: dict[str, t.Any], actor: User, kind: str = "refund"
) -> RefundResult:
    existing = db.session.get(Refund, body["id"])
    if existing is not None:
        if existing.sale_id != sale_id:
            raise Conflict("this refund id belongs to another sale", code="id_reused")
        return RefundResult(existing, False, [])
    sale = get_sale_or_404(sale_id)
    register = get_register(body.get("register_id") or sale.register_id)
    lines = _refund_lines(sale, body["lines"])
    total = sum(line.total for line in lines)
    _check_payments(body["payments"], total)

    begin_write()
    try:
        if db.session.get(Refund, body["id"]) is not None:
            db.session.rollback()
            return RefundResult(db.session.get(Refund, body["id"]), False, [])
        session = require_open_session(register.id)
        if kind == "void":
            if sale.cash_session_id != session.id or sale.refunds:
                raise Conflict(
                    "only an untouched sale of the open session can be voided; refund it instead",
                    code="cannot_void",
                )
        for line in lines:
            raised = db.session.execute(
                sa.update(SaleLine)
                .where(
                    SaleLine.id == line.sale_line_id,
                    SaleLine.refunded_quantity + line.quantity <= SaleLine.quantity,
                )
                .values(refunded_quantity=SaleLine.refunded_quantity + line.quantity)
            ).rowcount
            if not raised:  # a concurrent refund took it first
                raise Invalid("refund exceeds what was sold", code="refund_exceeds_sale")
        refund = Refund(
            id=body["id"],
            sale_id=sale.id,
            sale=sale,
            kind=kind,
            register_id=register.id,
            register=register,
            cash_session_id=session.id,
            number=next_receipt_number(register.id),
            user_id=actor.id,
            reason=body.get("reason", ""),
            total=total,
            net_total=sum(line.net for line in lines),
            tax_total=sum(line.tax for line in lines),
            created_at=utcnow(),
        )
        refund.lines = lines
        refund.payments = [
            RefundPayment(method=p["method"], amount=p["amount"], reference=p.get("reference"))
            for p in body["payments"]
        ]
        db.session.add(refund)
        db.session.flush()
        sold = {line.id: line for line in sale.lines}
        # Goods back on the shelf, as a sale takes them: one statement, in product order.
        move_stock_many(
            sorted(
                (sold[line.sale_line_id].product_id, line.quantity)
                for line in lines
                if sold[line.sale_line_id].product_id is not None
            ),
            register.location_id,
            reason=kind,
            user_id=actor.id,
            reference=refund.id,
        )
        methods = current_runtime().payment_methods
        for payment in refund.payments:
            methods[payment.method].reverse(payment, refund)
        store = current_store()
        current_runtime().hooks.call("pos_refund_completing", refund=refund, sale=sale, store=store)
        append_refund_entry(refund)
        deliveries = outbox.emit("pos_refund_completed", {"refund_id": refund.id})
        # Written now, so that a lost race shows here and the deliveries have their ids;
        # the caller commits.
        db.session.flush()
    except sa.exc.IntegrityError:
        db.session.rollback()
        refund = db.session.get(Refund, body["id"])
        if refund is None:
            raise
        return RefundResult(refund, False, [])
    except BaseException:
        db.session.rollback()
        raise
    db.session.expire(sale)
    return RefundResult(refund, True, deliveries)


def void_sale(sale_id: str, body: dict[str, t.Any], actor: User) -> RefundResult:
    """Refund everything of a sale of the open session, with its own payments."""
    sale = get_sale_or_404(sale_id)
    session = current_session(sale.register_id)
    if session is None or session.id != sale.cash_session_id:
        raise Conflict(
            "only a sale of the open session can be voided; refund it instead", code="cannot_void"
        )
    payments = []
    for payment in sale.payments:
        amount = payment.amount - (sale.change if payment.method == "cash" else 0)
        if amount > 0:
            payments.append(
                {"method": payment.method, "amount": amount, "reference": payment.reference}
            )
    refund_body = {
        "id": body["id"],
        "register_id": sale.register_id,
        "lines": [
            {"line_id": line.id, "quantity": line.quantity - line.refunded_quantity}
            for line in sale.lines
            if line.quantity > line.refunded_quantity
        ],
        "payments": payments,
        "reason": body.get("reason", ""),
    }
    if not refund_body["lines"]:
        raise Conflict("nothing left to void", code="cannot_void")
    return refund_sale(sale_id, refund_body, actor, kind="void")
