"""``/api/v1/customers`` and ``/api/v1/customer-groups``."""

from __future__ import annotations

from decimal import Decimal

from core.plugins import ApiBlueprint, Page

from . import services
from .gdpr import export_customer
from .schemas import (
    CustomerCreateSchema,
    CustomerDetailSchema,
    CustomerPatchSchema,
    CustomerQuerySchema,
    CustomerSaleSchema,
    CustomerSchema,
    GroupInSchema,
    GroupPatchSchema,
    GroupSchema,
    PageQuerySchema,
)

api = ApiBlueprint("crm_api", __name__, tag="crm")


@api.endpoint(
    "/customers",
    permission="crm.view",
    query=CustomerQuerySchema,
    response=CustomerSchema,
    many=True,
)
def list_customers(query):
    """Customers by name; ``?q=`` searches names, e-mails, phone digits and cards,
    ``?barcode=`` finds the card scanned at the till. The total is in ``X-Total-Count``.

    Erased customers are left out unless ``include_erased=true``.
    """
    customers, total = services.search_customers(
        query.get("q"),
        query.get("barcode"),
        group_id=query.get("group_id"),
        include_erased=query["include_erased"],
        limit=query["limit"],
        offset=query["offset"],
    )
    return Page(customers, total)


@api.endpoint(
    "/customers",
    methods=["POST"],
    permission="crm.create",
    body=CustomerCreateSchema,
    response=CustomerDetailSchema,
    status=201,
)
def create_customer(body):
    """Add a customer (at the till or in the back office); a group needs
    ``crm.assign_group``."""
    services.check_group_assignment(body)
    return services.create_customer(body)


@api.endpoint("/customers/<int:customer_id>", permission="crm.view", response=CustomerDetailSchema)
def get_customer(customer_id):
    """One customer, with lifetime totals (sales, money spent, last visit)."""
    return services.get_customer_or_404(customer_id)


@api.endpoint(
    "/customers/<int:customer_id>",
    methods=["PATCH"],
    permission="crm.edit",
    body=CustomerPatchSchema,
    response=CustomerDetailSchema,
)
def update_customer(customer_id, body):
    """Change a customer; giving or withdrawing marketing consent records the date; a
    change of group needs ``crm.assign_group``."""
    customer = services.get_customer_or_404(customer_id)
    services.check_group_assignment(body, customer)
    return services.update_customer(customer, body)


@api.endpoint(
    "/customers/<int:customer_id>",
    methods=["DELETE"],
    permission="crm.erase",
    response=CustomerDetailSchema,
)
def erase_customer(customer_id):
    """Erase a customer's personal data (GDPR); their sales are kept, anonymous."""
    return services.erase_customer(services.get_customer_or_404(customer_id))


@api.endpoint(
    "/customers/<int:customer_id>/sales",
    permission="crm.view",
    query=PageQuerySchema,
    response=CustomerSaleSchema,
    many=True,
)
def customer_sales(customer_id, query):
    """The customer's purchase history, newest first; the total is in ``X-Total-Count``."""
    services.get_customer_or_404(customer_id)
    return services.purchase_history(customer_id, query["limit"], query["offset"])


@api.endpoint("/customers/<int:customer_id>/export", permission="crm.edit")
def export(customer_id):
    """Everything kept about the customer, as JSON (GDPR access request)."""
    return export_customer(services.get_customer_or_404(customer_id))


@api.endpoint("/customer-groups", permission="crm.view", response=GroupSchema, many=True)
def list_groups():
    """Customer groups and their discounts, by name."""
    return services.list_groups()


@api.endpoint(
    "/customer-groups",
    methods=["POST"],
    permission="crm.edit",
    body=GroupInSchema,
    response=GroupSchema,
    status=201,
)
def create_group(body):
    """Add a customer group; its discount applies to its members' catalog lines."""
    return services.create_group(body["name"], body["discount_percent"] or Decimal("0"))


@api.endpoint(
    "/customer-groups/<int:group_id>",
    methods=["PATCH"],
    permission="crm.edit",
    body=GroupPatchSchema,
    response=GroupSchema,
)
def update_group(group_id, body):
    """Rename a group or change its discount."""
    return services.update_group(services.get_group_or_404(group_id), body)
