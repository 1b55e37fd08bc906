"""The till drives the shop's devices through the paired agent: a cash sale prints its
receipt on the (simulated) printer with the drawer pulse; a manager opens the drawer
without a sale; the bar shows the devices' problems."""

from __future__ import annotations

import os
import subprocess
import sys
import typing as t

import pytest

from .backoffice import SIZES, back_office, no_horizontal_scroll, shot
from .conftest import ARTIFACTS
from .till import (
    PENNE,
    SPREAD,
    free_port,
    open_till,
    pay_cash,
    scan,
    set_register_devices,
    until_agent,
)

pytestmark = pytest.mark.browser

#: ESC @ (initialise), ESC p 0 (the drawer pulse on pin 2), GS V 65 0 (feed to the
#: cutter, then cut).
INIT, PULSE, CUT = b"\x1b@", b"\x1bp\x00", b"\x1dVA\x00"


@pytest.fixture
def agent(till_server: t.Any, tmp_path: t.Any) -> t.Iterator[tuple[t.Any, t.Any]]:
    """R1 set to print through an agent, and the real agent paired with it, printing to
    a simulated printer that appends to a file (the drawer kicked through the printer)."""
    register = till_server.register()
    set_register_devices(till_server, register["id"], printer="agent", drawer=True)
    status, code, _ = till_server.api("POST", f"/registers/{register['id']}/pairing-code")
    assert status == 201, code
    output = tmp_path / "printer.bin"
    (tmp_path / "comptoir.toml").write_text(
        f'[hardware]\nprinter = "simulated:{output}"\ndrawer = "printer"\n'
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "core.cli", "hardware", "serve", "--port", str(free_port())]
        + ["--server", till_server.url, "--pair", code["code"], "--wait", "2"],
        env={**os.environ, "COMPTOIR_INSTANCE": str(tmp_path)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        until_agent(lambda: (tmp_path / "agent" / "agent.json").exists(), process, "pairing")
        yield process, output
    finally:
        process.terminate()
        process.wait(timeout=10)
        # The session's other tests print with the browser, as the demo shop does.
        set_register_devices(till_server, register["id"], printer="browser", drawer=False)


def test_a_cash_sale_prints_through_the_agent_and_opens_the_drawer(page, till_server, agent):
    process, output = agent
    open_till(page, till_server)
    scan(page, SPREAD[0])
    scan(page, PENNE[0])
    pay_cash(page, "10")
    page.locator("#receipt-note").filter(has_text="printer").wait_for()
    until_agent(lambda: output.exists() and CUT in output.read_bytes(), process, "the receipt")
    data = output.read_bytes()
    assert data.startswith(INIT) and data.count(CUT) == 1
    assert PULSE in data and data.index(PULSE) < data.index(CUT)
    # The receipt's total (6.18) is on the paper.
    assert b"6,18" in data or b"6.18" in data
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "till-devices-receipt.png"))


def test_a_manager_opens_the_drawer_without_a_sale(page, till_server, agent):
    process, output = agent
    before = output.read_bytes() if output.exists() else b""
    open_till(page, till_server, name="Manager", pin="1111")
    page.locator('#menu button[data-go="register"]').click()
    page.locator("#btn-no-sale").click()
    page.locator("#message").filter(has_text="Drawer opened").wait_for()
    until_agent(
        lambda: output.exists() and output.read_bytes().count(PULSE) > before.count(PULSE),
        process,
        "the drawer pulse",
    )
    assert CUT not in output.read_bytes()[len(before) :]  # a kick, no paper


def test_a_cashier_has_no_no_sale_button(page, till_server, agent):
    open_till(page, till_server)
    page.locator('#menu button[data-go="register"]').click()
    page.locator("#btn-xreport").wait_for()
    assert page.locator("#btn-no-sale").is_hidden()


def test_the_bar_shows_an_agent_that_went_offline(page, till_server, agent, browser):
    process, _output = agent
    process.terminate()
    process.wait(timeout=10)
    register = till_server.register()
    # The agent is shown offline once it has not polled for a minute: back-date its
    # last poll as a minute going by would.
    status, devices, _ = till_server.api("GET", f"/registers/{register['id']}/devices")
    assert status == 200 and devices["online"] is True
    _age_agents(till_server)
    open_till(page, till_server)
    page.locator("#devices").filter(has_text="offline").wait_for()
    for size in SIZES:
        page.set_viewport_size({"width": size[0], "height": size[1]})
        page.screenshot(path=str(ARTIFACTS / f"till-devices-status-{size[0]}x{size[1]}.png"))
    for size in SIZES:
        admin = back_office(browser, till_server, size)
        admin.goto(f"/admin/devices/{register['id']}")
        admin.locator("#jobs").wait_for()
        assert admin.locator("[data-agent-online=false]").count() >= 1
        shot(admin, "devices", size)
        admin.context.close()


def _age_agents(server: t.Any) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(server.env["COMPTOIR_DATABASE_URL"])
    with engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE device_agent SET last_seen = :moment"),
            {"moment": "2000-01-01 00:00:00.000000"},
        )
    engine.dispose()


def test_the_back_office_gives_a_second_register_to_the_agent(till_server, agent, browser):
    """One shop PC for two tills: on the other register's Devices page the manager picks
    the agent; both registers' pages then say it serves them, at every screen size."""
    _process, _output = agent
    status, registers, _ = till_server.api("GET", "/registers")
    assert status == 200
    other = next((r for r in registers if r["code"] == "R2"), None)
    if other is None:
        status, other, _ = till_server.api("POST", "/registers", {"code": "R2", "name": "Till 2"})
        assert status == 201, other
    status, devices, _ = till_server.api(
        "GET", f"/registers/{till_server.register()['id']}/devices"
    )
    assert status == 200, devices
    first = back_office(browser, till_server, SIZES[0])
    first.goto(f"/admin/devices/{other['id']}")
    first.locator("#serve-form select").select_option(str(devices["agents"][0]["id"]))
    first.locator("#serve").click()
    first.locator(".flash").filter(has_text="served by the chosen agent").wait_for()
    first.context.close()
    for size in SIZES:
        admin = back_office(browser, till_server, size)
        for register_id in (till_server.register()["id"], other["id"]):
            admin.goto(f"/admin/devices/{register_id}")
            served = admin.locator("[data-agent-registers]").inner_text()
            assert "R1" in served and other["code"] in served
            assert no_horizontal_scroll(admin)
        shot(admin, "devices-two-registers", size)
        admin.goto("/admin/devices/")
        shot(admin, "devices-index", size)
        admin.context.close()
