"""``comptoir hardware run-jobs``: a register whose devices are attached to the server
has its jobs run by the server itself, once, with the same spool as an agent."""

from __future__ import annotations

import sqlalchemy as sa
from agent_kit import cash_sale, set_devices

from core.db import db
from core.devices.models import DeviceJob


def _write_config(app, printer) -> None:
    from pathlib import Path

    Path(app.instance_path, "comptoir.toml").write_text(
        f'[hardware]\nprinter = "{printer.address}"\ndrawer = "printer"\n'
    )


def test_the_server_prints_the_jobs_of_its_own_registers_once(
    app, manager_api, cashier_api, shop, printer, cli_runner
):
    set_devices(manager_api, printer="direct", drawer=True)
    _write_config(app, printer)
    sale = cash_sale(cashier_api, shop)
    response = cashier_api.post("/api/v1/device-print/receipt", json={"sale_id": sale["id"]})
    assert response.get_json()["printer"] == "direct"
    for _ in range(2):
        result = cli_runner("hardware", "run-jobs", "--once")
        assert result.exit_code == 0, result.output
    assert len(printer.received) == 1 and b"\x1bp\x00" in printer.received[0]
    with app.app_context():
        assert db.session.scalars(sa.select(DeviceJob.status)).all() == ["done"]


def test_a_register_served_by_an_agent_is_left_to_it(
    app, manager_api, cashier_api, shop, printer, cli_runner
):
    set_devices(manager_api, printer="agent")
    _write_config(app, printer)
    sale = cash_sale(cashier_api, shop)
    cashier_api.post("/api/v1/device-print/receipt", json={"sale_id": sale["id"]})
    assert cli_runner("hardware", "run-jobs", "--once").exit_code == 0
    assert printer.received == []


def test_the_server_waits_for_its_printer_that_is_off(
    app, manager_api, cashier_api, shop, printer, cli_runner
):
    set_devices(manager_api, printer="direct")
    _write_config(app, printer)
    printer.off()
    sale = cash_sale(cashier_api, shop)
    cashier_api.post("/api/v1/device-print/receipt", json={"sale_id": sale["id"]})
    assert cli_runner("hardware", "run-jobs", "--once").exit_code == 0
    with app.app_context():
        assert db.session.scalars(sa.select(DeviceJob.status)).all() == ["delivered"]
    printer.on()
    assert cli_runner("hardware", "run-jobs", "--once").exit_code == 0
    assert len(printer.received) == 1
    with app.app_context():
        assert db.session.scalars(sa.select(DeviceJob.status)).all() == ["done"]
