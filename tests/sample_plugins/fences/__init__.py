"""A plugin fencing one user in (tests/test_access_scope.py): ``fenced`` may act only on
register 2 and location 2; register 2's receipts carry another shop's name and address;
the reports offer "Both tills" and "Second only" as filters. Register 2 also prices its
own way (tests/sales/test_register_pricing.py): tax added to prices, cash rounded to 0.05,
product 1 at 4.49."""

from core.plugins import AccessScope, PluginInfo, RegisterGroup, StoreSettings, hookimpl

plugin_info = PluginInfo(name="fences", title="Fences")


@hookimpl
def pos_access_scope(user):
    if user.username != "fenced":
        return None
    return AccessScope(register_ids=frozenset({2}), location_ids=frozenset({2}))


@hookimpl
def pos_store_of_register(register_id, store):
    if register_id != 2:
        return None
    return StoreSettings.from_values(
        {
            **store.values,
            "name": "Fenced shop",
            "address": "2 Fence Road",
            "tax_id": "NL0002",
            "prices_include_tax": False,
            "cash_rounding": 5,
        }
    )


#: Register 2's own prices, by product id.
FENCED_PRICES = {1: 449}


@hookimpl
def pos_shelf_prices(register_id, product_ids):
    if register_id != 2:
        return None
    return {
        product_id: price
        for product_id, price in FENCED_PRICES.items()
        if product_ids is None or product_id in product_ids
    }


@hookimpl
def pos_report_register_groups(user):
    return [RegisterGroup("Both tills", (1, 2)), RegisterGroup("Second only", (2,))]
