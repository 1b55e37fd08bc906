"""``/api/v1/sales``: quote, complete, read, list, refund, void; parked sales; methods."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_login import current_user

from ..api.blueprint import ApiBlueprint, json_body
from ..paging import Page
from ..plugins.context import current_runtime, register_store
from ..plugins.scope import scoped_registers
from ..registers.services import get_register
from ..stores.settings import current_store
from .cart import build_cart
from .models import Refund
from .parking import list_parked, park, resume
from .quote import price, quote_payload
from .refunds import quote_refund, refund_sale, void_sale
from .schemas import (
    ParkedOutSchema,
    ParkInSchema,
    PaymentMethodOutSchema,
    QuoteInSchema,
    QuoteOutSchema,
    RefundInSchema,
    RefundOutSchema,
    RefundQuoteInSchema,
    RefundQuoteOutSchema,
    SaleInSchema,
    SaleOutSchema,
    SalesQuerySchema,
    ShelfPriceOutSchema,
    VoidInSchema,
)
from .services import check_discounts, complete_sale, find_sales, get_sale_or_404
from .shelf_prices import shelf_prices

api = ApiBlueprint("sales_api", __name__, tag="sales")


def _actor():
    return current_user._get_current_object()


@api.endpoint(
    "/sales/quote",
    methods=["POST"],
    permission="sales.sell",
    body=QuoteInSchema,
    response=QuoteOutSchema,
)
def quote(body):
    """Price a cart without saving anything (what the till shows before payment)."""
    store = register_store(body["register_id"])
    cart = build_cart(body)
    priced = price(cart, store)
    check_discounts(cart, priced, store, _actor(), body.get("approval"))
    return quote_payload(cart, priced, store)


@api.endpoint(
    "/sales",
    methods=["POST"],
    permission="sales.sell",
    body=SaleInSchema,
    response=SaleOutSchema,
    status=201,
)
def create_sale(body):
    """Complete a sale in one request.

    Idempotent on the client's ``id``: posting the same id again answers 200 with the sale
    that was made, and never sells twice.
    """
    completed = complete_sale(body, _actor())
    return completed.sale, (201 if completed.created else 200)


@api.endpoint(
    "/registers/<int:register_id>/shelf-prices",
    permission="sales.sell",
    response=ShelfPriceOutSchema,
    many=True,
)
def register_shelf_prices(register_id):
    """The products the register sells at a price of their own, not the catalog's (its
    shop's prices, with several shops): the till syncs them with its catalog and prices
    offline as the server does. 404 for no such register."""
    get_register(register_id)
    prices = shelf_prices(register_id, None)
    return [{"product_id": key, "price": prices[key]} for key in sorted(prices)]


@api.endpoint(
    "/sales", permission="sales.view", query=SalesQuerySchema, response=SaleOutSchema, many=True
)
def list_sales(query):
    """Completed sales, newest first; filter by time, register, user, customer or receipt
    number (``R1-000042``). The total count is in ``X-Total-Count``."""
    return Page(*find_sales({**query, "register_ids": scoped_registers()}))


@api.endpoint("/sales/<uuid:sale_id>", permission="sales.view", response=SaleOutSchema)
def get_sale(sale_id):
    """One sale with its lines, payments, taxes, refunds and receipt number."""
    return get_sale_or_404(str(sale_id))


@api.endpoint(
    "/sales/<uuid:sale_id>/refund",
    methods=["POST"],
    permission="sales.refund",
    body=RefundInSchema,
    response=RefundOutSchema,
    status=201,
    approvable="till.use",
)
def refund(sale_id, body, approver):
    """Refund some or all lines of a completed sale; never more than was sold.

    Amounts are positive (money handed back). Idempotent on the refund's ``id``. A
    cashier without ``sales.refund`` gives a manager's ``approval`` (their id and PIN):
    the refund is the cashier's, recorded as approved by the manager.
    """
    result = refund_sale(str(sale_id), body, _actor(), approver=approver)
    return result.refund, (201 if result.created else 200)


@api.endpoint(
    "/sales/<uuid:sale_id>/refund/quote",
    methods=["POST"],
    permission="sales.refund",
    body=RefundQuoteInSchema,
    response=RefundQuoteOutSchema,
)
def refund_quote(sale_id, body):
    """What a refund of these lines would give back, without writing anything: the lines
    added for them (a deposit with its bottles) included, and the total to hand back."""
    return quote_refund(str(sale_id), body["lines"])


@api.endpoint(
    "/sales/<uuid:sale_id>/void",
    methods=["POST"],
    permission="sales.void",
    body=VoidInSchema,
    response=RefundOutSchema,
    status=201,
    approvable="till.use",
)
def void(sale_id, body, approver):
    """Cancel a sale of the open session entirely (its payments are given back).

    A cashier without ``sales.void`` gives a manager's ``approval`` (their id and PIN):
    the void is the cashier's, recorded as approved by the manager.
    """
    result = void_sale(str(sale_id), body, _actor(), approver=approver)
    return result.refund, (201 if result.created else 200)


@api.endpoint("/refunds/<uuid:refund_id>", permission="sales.view", response=RefundOutSchema)
def get_refund(refund_id):
    """One refund or void."""
    from ..db import db
    from ..errors import NotFound

    found = db.session.get(Refund, str(refund_id))
    if found is None:
        raise NotFound(_("no such refund"))
    return found


@api.endpoint(
    "/parked-sales",
    methods=["POST"],
    permission="sales.sell",
    body=ParkInSchema,
    response=ParkedOutSchema,
    status=201,
)
def park_sale(body):
    """Put a cart aside; any register of the store can resume it."""
    return park(body, json_body(), _actor())


@api.endpoint("/parked-sales", permission="sales.sell", response=ParkedOutSchema, many=True)
def parked_sales():
    """Parked carts, oldest first (those of the user's store's registers)."""
    return list_parked(scoped_registers())


@api.endpoint(
    "/parked-sales/<uuid:parked_id>/resume",
    methods=["POST"],
    permission="sales.sell",
    response=ParkedOutSchema,
)
def resume_sale(parked_id):
    """Take a parked cart back (it is removed from the list; 404 if already resumed)."""
    return resume(str(parked_id))


@api.endpoint(
    "/payment-methods", permission="sales.sell", response=PaymentMethodOutSchema, many=True
)
def payment_methods():
    """The payment methods the till may offer."""
    store = current_store()
    return [
        m.describe() for m in current_runtime().payment_methods.values() if m.is_available(store)
    ]
