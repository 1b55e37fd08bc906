"""The back office's menu: entries grouped under section headings in a fixed order, each
entry under its own section, a section the user can open nothing of left out whole."""

from __future__ import annotations

import re

import pytest

from core.testing.fixtures import TokenClient, token_for

MENU = re.compile(r'<nav class="menu".*?</nav>', re.S)
HEADING_OR_LINK = re.compile(r'<h2 class="menu-heading"[^>]*>([^<]+)</h2>|<a href="([^"]+)"')


def menu_outline(client) -> list[tuple[str, str]]:
    """``[(heading, href)]`` in the menu's order; entries above the first heading have ""."""
    page = client.get("/admin/").get_data(as_text=True)
    heading, outline = "", []
    for title, href in HEADING_OR_LINK.findall(MENU.search(page).group(0)):
        if title:
            heading = title.strip()
        else:
            outline.append((heading, href))
    return outline


def test_sections_come_in_their_order_with_their_entries(admin_api):
    outline = menu_outline(admin_api)
    section_of = dict((href, heading) for heading, href in outline)
    assert section_of["/admin/"] == ""
    assert section_of["/admin/reports/"] == "Sales"
    assert section_of["/admin/catalog/products"] == "Catalog"
    assert section_of["/admin/stock/"] == "Stock"
    assert section_of["/admin/users/"] == "Staff"
    assert section_of["/admin/plugins"] == "Settings"
    headings = list(dict.fromkeys(heading for heading, _ in outline))
    assert headings == ["", "Sales", "Catalog", "Stock", "Staff", "Settings"]


@pytest.mark.comptoir_plugins("crm", "promotions")
def test_plugins_entries_join_the_core_sections(admin_api):
    outline = menu_outline(admin_api)
    section_of = dict((href, heading) for heading, href in outline)
    assert section_of["/crm/"] == "Customers"
    assert section_of["/promotions/"] == "Catalog"
    catalog = [href for heading, href in outline if heading == "Catalog"]
    assert catalog.index("/admin/catalog/products") < catalog.index("/promotions/")
    headings = list(dict.fromkeys(heading for heading, _ in outline))
    assert headings.index("Customers") == headings.index("Stock") + 1


def test_a_section_with_nothing_to_open_has_no_heading(app, admin_api):
    made = admin_api.post(
        "/api/v1/roles",
        json={"name": "buyer", "title": "Buyer", "permissions": ["admin.access", "catalog.view"]},
    )
    assert made.status_code == 201, made.get_json()
    assert (
        admin_api.post("/api/v1/users", json={"username": "buyer", "roles": ["buyer"]}).status_code
        == 201
    )
    buyer = TokenClient(app, token_for(app, "buyer"), "buyer")
    headings = list(dict.fromkeys(heading for heading, _ in menu_outline(buyer)))
    assert headings == ["", "Catalog"]
