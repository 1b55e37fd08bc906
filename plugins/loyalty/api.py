"""``/api/v1/customers/<id>/loyalty``: a customer's points and their ledger."""

from __future__ import annotations

from core.plugins import ApiBlueprint

from . import services
from .schemas import AccountSchema, AdjustSchema, EntrySchema, LedgerQuerySchema

api = ApiBlueprint("loyalty_api", __name__, tag="loyalty")


@api.endpoint(
    "/customers/<int:customer_id>/loyalty",
    permission="loyalty.view",
    query=LedgerQuerySchema,
    response=AccountSchema,
)
def account(customer_id, query):
    """A customer's points balance, tier and ledger (newest first)."""
    return services.account_summary(customer_id, query["limit"], query["offset"])


@api.endpoint(
    "/customers/<int:customer_id>/loyalty/adjustments",
    methods=["POST"],
    permission="loyalty.adjust",
    body=AdjustSchema,
    response=EntrySchema,
    status=201,
)
def adjust(customer_id, body):
    """Add points (a gift, a correction) or take some back (never below zero)."""
    return services.adjust(customer_id, body["points"], body["reason"])
