"""A product sold by weight at a till whose scale is driven by the paired agent: the
till reads the weight through the server and the agent (the real ``comptoir hardware
serve`` process), sells what a stable reading says, and refuses a moving one.

The agent's simulated scale takes its load from a control file (``scale =
"simulated:FILE"``), which the test writes as a person would put goods on the plate.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import typing as t
import uuid

import pytest

from core.catalog.gtin import with_check_digit

from .conftest import screenshot
from .till import open_till, set_register_devices, until_agent

pytestmark = pytest.mark.browser

VIEWPORTS = [(1024, 768), (1280, 800), (1920, 1080)]
SIZES = pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")


def _scan(page: t.Any, barcode: str) -> None:
    """Type a barcode into the scan field as a keyboard-wedge scanner does, then Enter."""
    page.locator("#scan").fill(barcode)
    page.keyboard.press("Enter")


class Scale:
    """The agent's simulated scale, loaded through its control file."""

    def __init__(self, control: t.Any) -> None:
        self.control = control

    def load(self, weight: str, stable: bool = True) -> None:
        temporary = self.control.with_suffix(".tmp")
        temporary.write_text(json.dumps({"weight": weight, "stable": stable}))
        os.replace(temporary, self.control)  # never read half written


@pytest.fixture(scope="module")
def scale(till_server: t.Any, tmp_path_factory: t.Any) -> t.Iterator[Scale]:
    """R1 with a scale, and the real agent paired with it, its scale simulated."""
    register = till_server.register()
    set_register_devices(till_server, register["id"], scale=True)
    status, code, _ = till_server.api("POST", f"/registers/{register['id']}/pairing-code")
    assert status == 201, code
    home = tmp_path_factory.mktemp("scale-pc")
    control = home / "scale.json"
    (home / "comptoir.toml").write_text(
        f'[hardware]\nprinter = "none"\nscale = "simulated:{control}"\n'
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "core.cli", "hardware", "serve", "--port", "0"]
        + ["--server", till_server.url, "--pair", code["code"], "--wait", "2"],
        env={**os.environ, "COMPTOIR_INSTANCE": str(home)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        until_agent(lambda: (home / "agent" / "agent.json").exists(), process, "pairing")
        yield Scale(control)
    finally:
        process.terminate()
        process.wait(timeout=10)
        # The session's other tests sell without a scale, as the demo shop does.
        set_register_devices(till_server, register["id"], scale=False)


@pytest.fixture(scope="module")
def cheese(till_server: t.Any) -> str:
    """A product sold by weight at 18.90 per kg; its barcode."""
    barcode = with_check_digit(f"3{uuid.uuid4().int % 10**11:011d}")
    status, product, _ = till_server.api(
        "POST",
        "/products",
        {
            "sku": f"CHEESE-{barcode}",
            "name": "Comté by weight",
            "price": 1890,
            "tax_rate": "5.5",
            "sold_by": "weight",
            "barcodes": [barcode],
        },
    )
    assert status == 201, product
    return barcode


@SIZES
def test_the_weight_read_from_the_scale_makes_the_line(page, till_server, scale, cheese, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    scale.load("0.432")
    open_till(page, till_server)
    page.wait_for_function("document.body.dataset.synced")
    _scan(page, cheese)
    line = page.locator("#cart-lines tr").first
    line.filter(has_text="0.432 kg").wait_for()
    # 0.432 kg at 18.90 per kg: 8.1648, rounded to 8.16.
    assert "8.16" in line.inner_text()
    assert page.locator("#cart-lines tr").count() == 1
    screenshot(page, f"till-scale-weighed-{size[0]}x{size[1]}")


def test_a_moving_weight_is_refused_and_adds_nothing(page, till_server, scale, cheese):
    page.set_viewport_size({"width": 1280, "height": 800})
    scale.load("0.432", stable=False)
    open_till(page, till_server)
    page.wait_for_function("document.body.dataset.synced")
    _scan(page, cheese)
    page.locator("#message").filter(has_text="still moving").wait_for()
    assert page.locator("#cart-lines tr").count() == 0
    screenshot(page, "till-scale-moving-1280x800")
