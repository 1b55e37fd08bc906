"""``/api/v1/suppliers``, ``/api/v1/purchase-orders``, ``/api/v1/reorder-points`` and
``/api/v1/reorder-suggestions``."""

from __future__ import annotations

from flask import Response

from core.plugins import ApiBlueprint, Page, get_settings

from . import documents
from .schemas import (
    CreateOrdersSchema,
    LocationQuerySchema,
    OrderInSchema,
    OrderLineInSchema,
    OrderLinePatchSchema,
    OrderQuerySchema,
    OrderSchema,
    ProductSuppliersQuerySchema,
    ReceiveSchema,
    ReorderPointInSchema,
    ReorderPointSchema,
    SuggestionQuerySchema,
    SupplierGroupSchema,
    SupplierPatchSchema,
    SupplierProductInSchema,
    SupplierProductSchema,
    SupplierQuerySchema,
    SupplierSchema,
)
from .services import order_lines, orders, reorder, suppliers
from .services.common import default_location_id

api = ApiBlueprint("purchasing_api", __name__, tag="purchasing")


# -- suppliers ------------------------------------------------------------------------------


@api.endpoint(
    "/suppliers",
    permission="purchasing.view",
    query=SupplierQuerySchema,
    response=SupplierSchema,
    many=True,
)
def list_suppliers(query):
    """Suppliers by name (the inactive ones with ``include_inactive=true``)."""
    return suppliers.list_suppliers(include_inactive=query["include_inactive"])


@api.endpoint(
    "/suppliers",
    methods=["POST"],
    permission="purchasing.manage",
    body=SupplierSchema,
    response=SupplierSchema,
    status=201,
)
def create_supplier(body):
    """Add a supplier; names are unique (409 ``supplier_name_taken``)."""
    return suppliers.create_supplier(body)


@api.endpoint("/suppliers/<int:supplier_id>", permission="purchasing.view", response=SupplierSchema)
def get_supplier(supplier_id):
    """One supplier."""
    return suppliers.get_supplier(supplier_id)


@api.endpoint(
    "/suppliers/<int:supplier_id>",
    methods=["PATCH"],
    permission="purchasing.manage",
    body=SupplierPatchSchema,
    response=SupplierSchema,
)
def update_supplier(supplier_id, body):
    """Change a supplier; ``active: false`` stops ordering from it (its orders stay)."""
    return suppliers.update_supplier(supplier_id, body)


@api.endpoint(
    "/suppliers/<int:supplier_id>/products",
    permission="purchasing.view",
    response=SupplierProductSchema,
    many=True,
)
def list_supplier_products(supplier_id):
    """What a supplier sells: references, pack sizes and costs per product."""
    suppliers.get_supplier(supplier_id)
    return suppliers.supplier_products(supplier_id=supplier_id)


@api.endpoint(
    "/suppliers/<int:supplier_id>/products",
    methods=["PUT"],
    permission="purchasing.manage",
    body=SupplierProductInSchema,
    response=SupplierProductSchema,
)
def set_supplier_product(supplier_id, body):
    """Add or change what a supplier sells of a product. ``preferred: true`` makes it
    the product's one preferred supplier."""
    if body.get("pack_size") is None:
        body.pop("pack_size", None)
    return suppliers.set_supplier_product(supplier_id, body)


@api.endpoint(
    "/suppliers/<int:supplier_id>/products/<int:product_id>",
    methods=["DELETE"],
    permission="purchasing.manage",
)
def remove_supplier_product(supplier_id, product_id):
    """The supplier no longer sells this product."""
    suppliers.remove_supplier_product(supplier_id, product_id)
    return {"supplier_id": supplier_id, "product_id": product_id, "outcome": "deleted"}


@api.endpoint(
    "/product-suppliers",
    permission="purchasing.view",
    query=ProductSuppliersQuerySchema,
    response=SupplierProductSchema,
    many=True,
)
def product_suppliers(query):
    """Every supplier's offer, of one product (``product_id``) or of all."""
    product_id = query.get("product_id")
    return suppliers.supplier_products(product_ids=[product_id] if product_id else None)


# -- purchase orders ------------------------------------------------------------------------


@api.endpoint(
    "/purchase-orders",
    permission="purchasing.view",
    query=OrderQuerySchema,
    response=OrderSchema,
    many=True,
)
def list_orders(query):
    """Purchase orders, newest first, by status or supplier; the total is in
    ``X-Total-Count``."""
    return Page(
        *orders.list_orders(
            status=query.get("status"),
            supplier_id=query.get("supplier_id"),
            limit=query["limit"],
            offset=query["offset"],
        )
    )


@api.endpoint(
    "/purchase-orders",
    methods=["POST"],
    permission="purchasing.manage",
    body=OrderInSchema,
    response=OrderSchema,
    status=201,
)
def create_order(body):
    """Draft a purchase order to one supplier, delivered to one stock location. A line's
    ``unit_cost`` defaults to the supplier's cost, else the product's."""
    return orders.create_order(body)


@api.endpoint("/purchase-orders/<int:order_id>", permission="purchasing.view", response=OrderSchema)
def get_order(order_id):
    """One purchase order, with its lines and what was received of each."""
    return orders.get_order(order_id)


@api.endpoint(
    "/purchase-orders/<int:order_id>/lines",
    methods=["POST"],
    permission="purchasing.manage",
    body=OrderLineInSchema,
    response=OrderSchema,
    status=201,
)
def add_order_line(order_id, body):
    """Add a product to a draft (its cost as when drafting, unless ``unit_cost`` is
    given). 409 ``purchase_order_status`` once the order is sent, ``duplicate`` when the
    product is on the order already."""
    return order_lines.add_line(order_id, body)


@api.endpoint(
    "/purchase-orders/<int:order_id>/lines/<int:line_id>",
    methods=["PATCH"],
    permission="purchasing.manage",
    body=OrderLinePatchSchema,
    response=OrderSchema,
)
def change_order_line(order_id, line_id, body):
    """Change a draft line's ``quantity`` or ``unit_cost``. 409 ``purchase_order_status``
    once the order is sent."""
    return order_lines.change_line(order_id, line_id, body)


@api.endpoint(
    "/purchase-orders/<int:order_id>/lines/<int:line_id>",
    methods=["DELETE"],
    permission="purchasing.manage",
    response=OrderSchema,
)
def remove_order_line(order_id, line_id):
    """Take a line off a draft. 409 ``purchase_order_status`` once the order is sent,
    ``last_line`` for its only line (cancel the order instead)."""
    return order_lines.remove_line(order_id, line_id)


@api.endpoint(
    "/purchase-orders/<int:order_id>/send",
    methods=["POST"],
    permission="purchasing.manage",
    response=OrderSchema,
)
def send_order(order_id):
    """Mark a draft as sent to the supplier (409 for any other status)."""
    return orders.send_order(order_id)


@api.endpoint(
    "/purchase-orders/<int:order_id>/cancel",
    methods=["POST"],
    permission="purchasing.manage",
    response=OrderSchema,
)
def cancel_order(order_id):
    """Cancel an open order; goods received stay in stock."""
    return orders.cancel_order(order_id)


@api.endpoint(
    "/purchase-orders/<int:order_id>/receive",
    methods=["POST"],
    permission="purchasing.receive",
    body=ReceiveSchema,
    response=OrderSchema,
)
def receive_order(order_id, body):
    """Book goods received: stock in (reason ``receipt``, reference ``PO-<id>``), the
    products' cost updated. More than is still expected of a line is a 409
    ``above_ordered`` and nothing is booked. Give the delivery an ``id`` (a UUID of
    the client's): a retry with it is answered as the first was, nothing booked twice."""
    return orders.receive_order(order_id, body["lines"], body["note"], body["id"])


@api.endpoint(
    "/purchase-orders/<int:order_id>/pdf",
    permission="purchasing.view",
    binary="application/pdf",
)
def order_pdf(order_id):
    """The order as a PDF for the supplier."""
    order = orders.get_order(order_id)
    return Response(
        documents.order_pdf(order),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{order.reference}.pdf"'},
    )


@api.endpoint(
    "/purchase-orders/<int:order_id>/csv",
    permission="purchasing.view",
    binary="text/csv",
)
def order_csv(order_id):
    """The order's lines as CSV for the supplier's system."""
    order = orders.get_order(order_id)
    return Response(
        documents.order_csv(order),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{order.reference}.csv"'},
    )


# -- reordering -----------------------------------------------------------------------------


@api.endpoint(
    "/reorder-points",
    permission="purchasing.view",
    query=LocationQuerySchema,
    response=ReorderPointSchema,
    many=True,
)
def list_reorder_points(query):
    """Reorder points and quantities, of one location or all."""
    return reorder.reorder_points(query.get("location_id"))


@api.endpoint(
    "/reorder-points",
    methods=["PUT"],
    permission="purchasing.manage",
    body=ReorderPointInSchema,
    response=ReorderPointSchema,
)
def set_reorder_point(body):
    """Set a product's reorder point and quantity at a stock location."""
    return reorder.set_reorder_point(body)


@api.endpoint(
    "/reorder-points/<int:location_id>/<int:product_id>",
    methods=["DELETE"],
    permission="purchasing.manage",
)
def remove_reorder_point(location_id, product_id):
    """Stop reordering a product at a location (404 when it has no reorder point there)."""
    reorder.remove_reorder_point(product_id, location_id)
    return {"location_id": location_id, "product_id": product_id, "outcome": "deleted"}


@api.endpoint(
    "/reorder-suggestions",
    permission="purchasing.view",
    query=SuggestionQuerySchema,
    response=SupplierGroupSchema,
    many=True,
)
def reorder_suggestions(query):
    """What to reorder at a location (the default one unless ``location_id``), grouped
    by supplier, fast sellers first: sales velocity over ``days`` (the setting by
    default), rounded up to whole packs, counting what is already on order."""
    location_id = query.get("location_id") or default_location_id()
    days = query.get("days") or get_settings("purchasing")["velocity_days"]
    return reorder.by_supplier(reorder.suggestions(location_id, days))


@api.endpoint(
    "/reorder-suggestions/orders",
    methods=["POST"],
    permission="purchasing.manage",
    body=CreateOrdersSchema,
    response=OrderSchema,
    many=True,
    status=201,
)
def create_suggested_orders(body):
    """Draft one purchase order per supplier from the suggestions (of ``supplier_ids``,
    or every supplier)."""
    location_id = body.get("location_id") or default_location_id()
    days = body.get("days") or get_settings("purchasing")["velocity_days"]
    return reorder.create_orders(location_id, days, body.get("supplier_ids"))
