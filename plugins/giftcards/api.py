"""``/api/v1/gift-cards``: balance and ledger by code, the list, manual credits, stops.

The code is the bearer secret: every lookup by code is rate-limited (unknown codes count,
see :mod:`.ratelimit`), and answers show the last four characters only.
"""

from __future__ import annotations

from flask_babel import gettext as _

from core.plugins import ApiBlueprint, NotFound, Page, Rejected

from . import services
from .models import GiftCard
from .schemas import CardQuerySchema, CreditSchema, GiftCardSchema, LedgerEntrySchema

api = ApiBlueprint("giftcards_api", __name__, tag="gift cards")


def _card(code: str) -> GiftCard:
    card = services.find_card(code)
    if card is None:
        raise NotFound(_("unknown gift card"), code="unknown_gift_card")
    return card


@api.endpoint(
    "/gift-cards",
    permission="giftcards.manage",
    query=CardQuerySchema,
    response=GiftCardSchema,
    many=True,
)
def list_cards(query):
    """Gift cards, newest first, filtered by status; the total is in ``X-Total-Count``."""
    return Page(*services.list_cards(query.get("status"), query["limit"], query["offset"]))


@api.endpoint("/gift-cards/<code>", permission="giftcards.view", response=GiftCardSchema)
def get_card(code: str):
    """A card's balance, status and expiry. Unknown codes count towards the rate limit
    (429 beyond it)."""
    return _card(code)


@api.endpoint(
    "/gift-cards/<code>/ledger", permission="giftcards.view", response=LedgerEntrySchema, many=True
)
def get_ledger(code: str):
    """Every change of a card's balance, oldest first."""
    return services.ledger(_card(code))


@api.endpoint(
    "/gift-cards/<code>/reload",
    methods=["POST"],
    permission="giftcards.manage",
    body=CreditSchema,
    response=GiftCardSchema,
)
def reload_card(code: str, body):
    """Credit a card without a sale (a goodwill gesture, a correction), in the ledger as
    ``adjust`` with the manager's name. A customer paying to reload sells a line
    ``{"gift_card": {"amount": N, "code": "<code>"}}`` instead."""
    card = _card(code)  # an unknown code in the URL is a 404, as for every lookup
    problem = services.usable_problem(card)
    if problem is not None:
        raise Rejected(problem[1], code=problem[0], field="code")
    return services.manual_credit(card, body["amount"], body["note"])


@api.endpoint(
    "/gift-cards/<code>/disable",
    methods=["POST"],
    permission="giftcards.manage",
    response=GiftCardSchema,
)
def disable_card(code: str):
    """Stop a card (lost, stolen): it can no longer pay or be reloaded; its balance is kept."""
    return services.stop(_card(code))
