"""The sales engine's registrations: its API, the cash and card methods, outbox loaders."""

from ..db import db
from ..plugins.markers import hookimpl
from ..plugins.outbox import register_loader
from .api import api
from .models import Refund, Sale
from .payment_methods import CardMethod, CashMethod

register_loader("pos_sale_completed", lambda p: {"sale": db.session.get(Sale, p["sale_id"])})
register_loader(
    "pos_refund_completed", lambda p: {"refund": db.session.get(Refund, p["refund_id"])}
)


@hookimpl(trylast=True)
def pos_register_payment_methods():
    return [CashMethod(), CardMethod()]


@hookimpl
def pos_register_api():
    return [api]
