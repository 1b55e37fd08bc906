"""``/api/v1/promotions``: list, create, read, change and delete promotions."""

from __future__ import annotations

from flask_babel import gettext as _
from marshmallow import ValidationError

from core.plugins import ApiBlueprint, NotFound, db

from . import services
from .models import Promotion
from .schemas import (
    PromotionInSchema,
    PromotionOutSchema,
    PromotionQuerySchema,
    api_state,
    check_promotion,
)

api = ApiBlueprint("promotions_api", __name__, tag="promotions")


class PromotionPatchSchema(PromotionInSchema):
    """Some fields of a promotion; the result must still be a valid promotion."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("partial", True)
        super().__init__(*args, **kwargs)


def _get(promotion_id: int) -> Promotion:
    promotion = db.session.get(Promotion, promotion_id)
    if promotion is None:
        raise NotFound(_("no promotion %(id)s", id=promotion_id))
    return promotion


@api.endpoint(
    "/promotions",
    permission="promotions.view",
    query=PromotionQuerySchema,
    response=PromotionOutSchema,
    many=True,
)
def list_promotions(query):
    """Every promotion, the latest starting first; ``?active=true`` for the switched-on ones."""
    return services.list_promotions(query.get("active"))


@api.endpoint(
    "/promotions",
    methods=["POST"],
    permission="promotions.edit",
    body=PromotionInSchema,
    response=PromotionOutSchema,
    status=201,
)
def create_promotion(body):
    """Add a promotion (see the ``value`` rules of each ``kind``)."""
    values = check_promotion(body)
    return services.create_promotion(values)


@api.endpoint(
    "/promotions/<int:promotion_id>", permission="promotions.view", response=PromotionOutSchema
)
def get_promotion(promotion_id: int):
    """One promotion, with how often it was used."""
    return _get(promotion_id)


@api.endpoint(
    "/promotions/<int:promotion_id>",
    methods=["PATCH"],
    permission="promotions.edit",
    body=PromotionPatchSchema,
    response=PromotionOutSchema,
)
def change_promotion(promotion_id: int, body):
    """Change some fields of a promotion; the result is checked as a whole."""
    promotion = _get(promotion_id)
    merged = {**api_state(promotion), **body}
    if "kind" in body and "value" not in body and body["kind"] != promotion.kind:
        raise ValidationError({"value": [_("give the value of the new kind")]})
    values = check_promotion(merged)
    return services.update_promotion(promotion, values)


@api.endpoint(
    "/promotions/<int:promotion_id>", methods=["DELETE"], permission="promotions.edit", status=204
)
def delete_promotion(promotion_id: int):
    """Delete a promotion. Sales made with it keep its name and what it saved."""
    services.delete_promotion(_get(promotion_id))
    return "", 204
