"""The real ``comptoir hardware serve --server URL`` process serving two registers, each
with its own network printer: each register's receipt prints on its own printer exactly
once, across a restart of the agent; a register moved to another agent stops going to
the first."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import uuid

import pytest
from agent_kit import SwitchablePrinter, cash_sale, pairing_code, set_devices, until_agent

from core.testing.kit import open_register


def _start(home, url: str, first, second, *extra: str):
    # Register 1's devices in [hardware]; R2's in a table of its own.
    (home / "comptoir.toml").write_text(
        "[hardware]\n"
        f'printer = "{first.address}"\n'
        'drawer = "printer"\n'
        "[hardware.registers.R2]\n"
        f'printer = "{second.address}"\n'
        'drawer = "printer"\n'
        'scanner = "none"\n'
    )
    env = {**os.environ, "COMPTOIR_INSTANCE": str(home)}
    command = [sys.executable, "-m", "core.cli", "hardware", "serve", "--port", "0"]
    return subprocess.Popen(
        [*command, "--server", url, "--wait", "1", *extra],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _states(manager_api, register_id: int) -> list[str]:
    return [
        job["status"] for job in manager_api.get(f"/api/v1/registers/{register_id}/jobs").get_json()
    ]


def _sale_on(api, shop, register_id: int) -> dict:
    response = api.post(
        "/api/v1/sales",
        json={
            "id": str(uuid.uuid4()),
            "register_id": register_id,
            "lines": [shop.line("TEA", 1)],
            "payments": [{"method": "card", "amount": 400}],
        },
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _print_receipt(api, sale: dict) -> None:
    response = api.post("/api/v1/device-print/receipt", json={"sale_id": sale["id"]})
    assert response.status_code == 200, response.get_json()


@pytest.fixture
def second_printer():
    printer = SwitchablePrinter()
    printer.on()
    yield printer
    printer.off()


@pytest.fixture
def two_registers(admin_api, manager_api):
    response = admin_api.post("/api/v1/registers", json={"code": "R2", "name": "Second"})
    assert response.status_code == 201, response.get_json()
    second = response.get_json()["id"]
    open_register(manager_api, second)
    for register_id in (1, second):
        set_devices(manager_api, register_id, printer="agent", drawer=True)
    return second


def test_one_agent_prints_each_registers_receipts_on_its_own_printer(
    served, manager_api, cashier_api, shop, printer, second_printer, two_registers, tmp_path
):
    second = two_registers
    home = tmp_path / "shop-pc"
    home.mkdir()
    process = _start(home, served.url, printer, second_printer, "--pair", pairing_code(manager_api))
    try:
        state = home / "agent" / "agent.json"
        until_agent(state.exists, process, "pairing")
        agent_id = json.loads(state.read_text())["agent_id"]
        response = manager_api.put(f"/api/v1/registers/{second}/agent", json={"agent_id": agent_id})
        assert response.status_code == 200, response.get_json()

        _print_receipt(cashier_api, cash_sale(cashier_api, shop))
        _print_receipt(cashier_api, _sale_on(cashier_api, shop, second))
        until_agent(lambda: _states(manager_api, 1) == ["done"], process, "register 1's receipt")
        until_agent(lambda: _states(manager_api, second) == ["done"], process, "R2's receipt")
        until_agent(lambda: printer.received and second_printer.received, process, "both copies")
        # Register 1 was paid in cash: its printer kicks the drawer; R2's (card) does not.
        assert len(printer.received) == 1 and b"\x1bp\x00" in printer.received[0]
        assert len(second_printer.received) == 1 and b"\x1bp\x00" not in second_printer.received[0]
        assert b"R2" in second_printer.received[0] and b"R2" not in printer.received[0]
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    # Restarted without a code: it still serves both, each on its own printer, once.
    assert manager_api.post(f"/api/v1/registers/{second}/test-print").status_code == 201
    assert manager_api.post("/api/v1/registers/1/test-print").status_code == 201
    process = _start(home, served.url, printer, second_printer)
    try:
        until_agent(
            lambda: _states(manager_api, 1) == ["done", "done"], process, "register 1's page"
        )
        until_agent(lambda: _states(manager_api, second) == ["done", "done"], process, "R2's page")
        until_agent(
            lambda: len(printer.received) >= 2 and len(second_printer.received) >= 2,
            process,
            "both copies",
        )
        assert len(printer.received) == 2 and len(second_printer.received) == 2

        # R2 moves to another agent (a PC of its own, paired now): its jobs stop going
        # to this one. The other agent takes R2's job; then register 1's next job
        # reaches this agent's printer while R2's printer got nothing more.
        from hardware.channel import ServerChannel, pair

        credentials = pair(served.url, pairing_code(manager_api, second), "r2-pc")
        other = ServerChannel(credentials["server"], credentials["token"])
        moved = manager_api.post(f"/api/v1/registers/{second}/test-print").get_json()["id"]
        assert [job["id"] for job in other.fetch(5, {})] == [moved]
        other.report(moved, True, {"bytes": 0})
        assert manager_api.post("/api/v1/registers/1/test-print").status_code == 201
        until_agent(lambda: _states(manager_api, 1) == ["done"] * 3, process, "register 1's page")
        until_agent(lambda: len(printer.received) >= 3, process, "register 1's copy")
        assert len(printer.received) == 3 and len(second_printer.received) == 2
    finally:
        process.terminate()
        process.wait(timeout=10)
