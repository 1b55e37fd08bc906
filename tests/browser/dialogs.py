"""Steps a cashier takes in the till's dialogs (till.dialog, till.confirm, till.choose)."""

from __future__ import annotations

import typing as t

DIALOG = "#till-dialog"


def touch(locator: t.Any) -> None:
    """Click a control the way a finger does, after checking it is a touch target (at
    least 48 x 48 CSS pixels) and on screen."""
    locator.wait_for(state="visible")
    box = locator.bounding_box()
    assert box["width"] >= 48 and box["height"] >= 48, box
    viewport = locator.page.viewport_size
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], box
    locator.click()


def dialog(page: t.Any) -> t.Any:
    """The open dialog of a plugin action."""
    found = page.locator(f"{DIALOG}[open]")
    found.wait_for(state="visible")
    return found


def button(page: t.Any, name: str) -> t.Any:
    return dialog(page).get_by_role("button", name=name, exact=True)


def field(page: t.Any, label: str) -> t.Any:
    return dialog(page).get_by_label(label, exact=True)


def closed(page: t.Any) -> None:
    page.locator(f"{DIALOG}[open]").wait_for(state="detached")
