"""Back-office pages: the customer list with its search, and one customer's file."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from core.plugins import require

from . import services
from .schemas import plugin_fields

pages = Blueprint("crm", __name__, url_prefix="/crm")

PAGE_SIZE = 50
MAX_PAGE = 10**6


@pages.route("/")
@require("crm.view")
def index():
    q = request.args.get("q", "")[:200]
    try:
        page = min(max(1, int(request.args.get("page", "1"))), MAX_PAGE)
    except ValueError:
        page = 1
    customers, total = services.search_customers(
        q or None, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    return render_template(
        "crm/index.html",
        customers=customers,
        total=total,
        q=q,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
    )


@pages.route("/<int:customer_id>")
@require("crm.view")
def detail(customer_id: int):
    customer = services.get_customer(customer_id)
    if customer is None:
        abort(404)
    sales, count = services.purchase_history(customer_id, limit=100)
    return render_template(
        "crm/detail.html",
        customer=customer,
        totals=services.lifetime_totals(customer_id),
        sales=sales,
        sales_count=count,
        extra=plugin_fields(customer),
    )
