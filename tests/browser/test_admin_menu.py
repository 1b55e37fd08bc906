"""With every bundled plugin on, the back office's menu is long: at each screen size every
entry can be reached (the menu scrolls by itself, the page stays put) and opened by touch,
and the entries stand under their section headings."""

from __future__ import annotations

import pytest
from bundled import BUNDLED

from core.testing.browser import running_server

from .backoffice import SIZES, back_office
from .conftest import screenshot

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def every_plugin_server(tmp_path_factory):
    with running_server(
        tmp_path_factory.mktemp("every-plugin"), setup=[("plugins", "enable", *BUNDLED)]
    ) as server:
        yield server


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_menu_entry_is_reachable_by_touch(browser, every_plugin_server, size):
    page = back_office(browser, every_plugin_server, size)
    page.goto("/admin/catalog/products")
    menu = page.locator("nav.menu")
    headings = menu.locator(".menu-heading").all_inner_texts()
    assert [h.strip().lower() for h in headings[:3]] == ["sales", "catalog", "stock"]
    assert headings[-1].strip().lower() == "settings"
    last = menu.get_by_role("link", name="Plugins", exact=True)
    last.scroll_into_view_if_needed()
    box = last.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= size[1], box
    assert box["height"] >= 36, "touch-sized"
    assert page.evaluate("window.scrollY") == 0, "the menu scrolled, not the page"
    screenshot(page, f"admin-menu-end-{size[0]}x{size[1]}")
    last.click()
    page.wait_for_url("**/admin/plugins")
    current = page.locator("nav.menu a.active")
    assert current.inner_text().strip() == "Plugins"
    # The new page opens with its own entry in view, low as it is in the menu.
    box = current.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= size[1], box
    assert page.evaluate("window.scrollY") == 0
    page.context.close()
