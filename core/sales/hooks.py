"""The sales engine's registrations: its API, the cash and card methods, the journal kinds
of sales and refunds, and the loaders of its after-commit hooks."""

from ..plugins.info import EventLoader
from ..plugins.markers import hookimpl
from .api import api
from .journal import JOURNAL_KINDS
from .payment_methods import CardMethod, CashMethod
from .records import get_refund, get_sale


@hookimpl(trylast=True)
def pos_register_payment_methods():
    return [CashMethod(), CardMethod()]


@hookimpl
def pos_register_api():
    return [api]


@hookimpl
def pos_register_journal_kinds():
    return list(JOURNAL_KINDS)


@hookimpl
def pos_register_event_loaders():
    return [
        EventLoader("pos_sale_completed", lambda p: {"sale": get_sale(p["sale_id"])}),
        EventLoader("pos_refund_completed", lambda p: {"refund": get_refund(p["refund_id"])}),
    ]
