"""Test support for Comptoir and its plugins.

The pytest plugin (:mod:`core.testing.fixtures`, loaded wherever Comptoir is installed)
gives the fixtures: ``app``, ``client``, ``admin_api``/``manager_api``/``cashier_api``,
``api_as``, ``cli_runner``, ``shop``... The kit below is what tests call; see "Testing" in
``docs/plugins/writing-a-plugin.md``.
"""

from .browser import sign_in_till
from .fixtures import PASSWORDS, PINS
from .kit import (
    Item,
    Shop,
    at_once,
    make_shop,
    offline_sale_body,
    open_register,
    refund,
    sale_body,
    sales_count,
    sell,
)
from .migrations import assert_migrations_match_models
from .outbox import outbox_deliveries, outbox_due

__all__ = [
    "PASSWORDS",
    "PINS",
    "assert_migrations_match_models",
    "Item",
    "Shop",
    "at_once",
    "make_shop",
    "offline_sale_body",
    "open_register",
    "outbox_deliveries",
    "outbox_due",
    "refund",
    "sale_body",
    "sales_count",
    "sell",
    "sign_in_till",
]
