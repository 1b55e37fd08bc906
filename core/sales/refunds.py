"""Refunds and voids: money and goods given back against a completed sale.

A refund names the original lines and quantities; each line's ``refunded_quantity`` is
raised with a guarded atomic ``UPDATE`` so that two refunds at once can never give back
more than was sold. Amounts are the sold line's amounts pro rata; the last refund of a
line takes what remains, so a line refunded in parts gives back exactly its total.
A void is a refund of everything, in the session the sale was made in.

Lines a plugin added for another line (a deposit for its bottles, a surcharge for one
line) are refunded with that line, in the same proportion, and never on their own. Credit
lines (money the sale gave back) are not refunded; a void reverses them with the rest.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from ..audit.services import record as audit
from ..auth.models import User
from ..db import begin_write, db, utcnow
from ..errors import Conflict, Invalid
from ..formatting import current_locale, format_number
from ..plugins import outbox
from ..plugins.context import current_runtime, register_store
from ..registers.services import current_session, next_receipt_number, require_open_session
from ..stock.services import move_stock_many
from .journal import append_refund_entry
from .models import Refund, RefundLine, RefundPayment, Sale, SaleLine
from .payment_methods import kept_fields
from .pricing import round_cash
from .records import refund_view, save_plugin_data
from .services import get_register, get_sale_or_404
from .tenders import carry_out, resolve, settle_refund

THOUSANDTH = Decimal("0.001")


@dataclass
class RefundResult:
    refund: Refund
    created: bool


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


def _linked_quantity(parent: SaleLine, quantity: Decimal, linked: SaleLine) -> Decimal:
    """How much of ``linked`` (added for ``parent``) goes back with ``quantity`` of it:
    in proportion, and all that is left with the parent's last part."""
    left = linked.quantity - linked.refunded_quantity
    if quantity == parent.quantity - parent.refunded_quantity:
        return left
    share = (linked.quantity * quantity / parent.quantity).quantize(THOUSANDTH, ROUND_HALF_UP)
    return min(share, left)


def _wanted_with_linked(
    sale: Sale, wanted: list[dict[str, t.Any]], *, void: bool
) -> list[tuple[SaleLine, Decimal]]:
    """The lines asked for, checked, followed by the lines added for them."""
    lines = {line.id: line for line in sale.lines}
    by_position = {line.position: line for line in sale.lines}
    problems: dict[str, list[str]] = {}
    seen: set[int] = set()
    for index, item in enumerate(wanted):
        line = lines.get(item["line_id"])
        where = f"lines.{index}"
        if line is None:
            problems[f"{where}.line_id"] = [
                _("line %(id)s is not in this sale", id=item["line_id"])
            ]
        elif item["line_id"] in seen:
            problems[f"{where}.line_id"] = [_("line given twice")]
        elif line.for_line is not None and not void:
            parent = by_position.get(line.for_line)
            problems[f"{where}.line_id"] = [
                _("%(line)s is refunded with %(parent)s", line=line.name, parent=parent.name)
                if parent
                else _("%(line)s is refunded with its line", line=line.name)
            ]
        elif line.total < 0 and not void:
            problems[f"{where}.line_id"] = [
                _(
                    "%(line)s gave money back: it is not refunded (void the sale instead)",
                    line=line.name,
                )
            ]
        elif item["quantity"] > line.quantity - line.refunded_quantity:
            left = line.quantity - line.refunded_quantity
            problems[f"{where}.quantity"] = [
                _(
                    "at most %(quantity)s of %(line)s can be refunded",
                    quantity=format_number(left.normalize(), current_locale()),
                    line=line.name,
                )
            ]
        seen.add(item["line_id"])
    if problems:
        raise Invalid(
            _("refund exceeds what was sold"), code="refund_exceeds_sale", fields=problems
        )
    chosen = [(lines[item["line_id"]], item["quantity"]) for item in wanted]
    if void:
        return chosen
    for parent, quantity in list(chosen):
        for linked in sale.lines:
            if linked.for_line == parent.position:
                share = _linked_quantity(parent, quantity, linked)
                if share > 0:
                    chosen.append((linked, share))
    return chosen


def _refund_lines(sale: Sale, wanted: list[dict[str, t.Any]], *, void: bool) -> list[RefundLine]:
    chosen = _wanted_with_linked(sale, wanted, void=void)
    done = _refunded_so_far([line.id for line, _ in chosen])
    result = []
    for line, quantity in chosen:
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


def refund_sale(
    sale_id: str,
    body: dict[str, t.Any],
    actor: User,
    kind: str = "refund",
    *,
    approver: User | None = None,
) -> RefundResult:
    """Refund ``body``'s lines for ``actor``; ``approver``: the manager who approved it
    (core.auth.approvals), kept on the refund, its journal entry and its audit entry."""
    existing = db.session.get(Refund, body["id"])
    if existing is not None:
        if existing.sale_id != sale_id:
            raise Conflict(_("this refund id belongs to another sale"), code="id_reused")
        return RefundResult(existing, False)
    sale = get_sale_or_404(sale_id)
    register = get_register(body.get("register_id") or sale.register_id)
    lines = _refund_lines(sale, body["lines"], void=kind == "void")
    total = sum(line.total for line in lines)
    store = register_store(register.id)
    settled = settle_refund(resolve(body["payments"], store, selling=False), total, store)

    begin_write()
    try:
        if db.session.get(Refund, body["id"]) is not None:
            db.session.rollback()
            return RefundResult(db.session.get(Refund, body["id"]), False)
        session = require_open_session(register.id)
        if kind == "void":
            if sale.cash_session_id != session.id or sale.refunds:
                raise Conflict(
                    _(
                        "only an untouched sale of the open session can be voided; "
                        "refund it instead"
                    ),
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
                raise Invalid(_("refund exceeds what was sold"), code="refund_exceeds_sale")
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
            approved_by=approver.id if approver is not None else None,
            reason=body.get("reason", ""),
            total=total,
            net_total=sum(line.net for line in lines),
            tax_total=sum(line.tax for line in lines),
            created_at=utcnow(),
        )
        refund.lines = lines
        refund.payments = [
            RefundPayment(
                method=method.code,
                amount=tender.amount,
                fields=kept_fields(method.refund_fields, tender.fields),
                data={},
            )
            for method, tender in settled.tenders
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
        carry_out(settled.tenders, refund.payments, "reverse", lambda: refund_view(refund))
        append_refund_entry(refund)
        hooks = current_runtime().hooks
        if hooks.has("pos_refund_completing"):
            view = refund_view(refund)
            hooks.call("pos_refund_completing", refund=view, sale=view.sale, store=store)
            save_plugin_data(refund.payments, view.payments)
        outbox.emit("pos_refund_completed", {"refund_id": refund.id})
        details = {"refund": refund.id, "total": refund.total}
        if approver is not None:
            details["approved_by"] = approver.username
        audit(f"sales.{kind}", f"sale:{sale.id}", details)
        # Written now, so that a lost race shows here and the deliveries have their ids;
        # the caller commits.
        db.session.flush()
    except sa.exc.IntegrityError:
        db.session.rollback()
        refund = db.session.get(Refund, body["id"])
        if refund is None:
            raise
        return RefundResult(refund, False)
    except BaseException:
        db.session.rollback()
        raise
    db.session.expire(sale)
    return RefundResult(refund, True)


def quote_refund(sale_id: str, wanted: list[dict[str, t.Any]]) -> dict[str, t.Any]:
    """What refunding ``wanted`` would give back, without writing: each line (the lines
    added for them included) and the total, exact and as cash-rounded."""
    sale = get_sale_or_404(sale_id)
    lines = _refund_lines(sale, wanted, void=False)
    total = sum(line.total for line in lines)
    return {
        "lines": lines,
        "total": total,
        "cash_total": round_cash(total, register_store(sale.register_id).cash_rounding),
    }


def void_sale(
    sale_id: str, body: dict[str, t.Any], actor: User, *, approver: User | None = None
) -> RefundResult:
    """Refund everything of a sale of the open session, with its own payments.

    Idempotent on the void's ``id``, like a refund: a till that lost the answer and sends
    the same void again gets the void that was made (the checks below would refuse it,
    the sale being voided now)."""
    existing = db.session.get(Refund, body["id"])
    if existing is not None and existing.sale_id == sale_id and existing.kind == "void":
        return RefundResult(existing, False)
    sale = get_sale_or_404(sale_id)
    session = current_session(sale.register_id)
    if session is None or session.id != sale.cash_session_id:
        raise Conflict(
            _("only a sale of the open session can be voided; refund it instead"),
            code="cannot_void",
        )
    if sale.refunds:
        # Said now: the payments below are the whole sale's, and a partly refunded sale
        # would be refused for handing back more than is left (422 refund_mismatch).
        raise Conflict(
            _("only an untouched sale of the open session can be voided; refund it instead"),
            code="cannot_void",
        )
    # The sale's own payments, less the change it handed back on a method that gives it.
    methods = current_runtime().payment_methods
    payments = []
    change = sale.change
    for payment in reversed(sale.payments):
        amount = payment.amount
        method = methods.get(payment.method)
        if change and method is not None and method.gives_change and amount > 0:
            taken = min(change, amount)
            amount, change = amount - taken, change - taken
        if amount:
            payments.append({"method": payment.method, "amount": amount, "field_values": {}})
    payments.reverse()
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
        raise Conflict(_("nothing left to void"), code="cannot_void")
    return refund_sale(sale_id, refund_body, actor, kind="void", approver=approver)
