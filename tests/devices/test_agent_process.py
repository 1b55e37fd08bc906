"""``comptoir hardware serve --server URL``: the real agent process, paired once, taking
jobs from the app served on localhost, printing on a network printer, restarted."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys

import pytest
from agent_kit import cash_sale, pairing_code, set_devices, until_agent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start(tmp_path, url: str, port: int, printer, *extra: str):
    (tmp_path / "comptoir.toml").write_text(
        f'[hardware]\nprinter = "{printer.address}"\ndrawer = "printer"\n'
    )
    env = {**os.environ, "COMPTOIR_INSTANCE": str(tmp_path)}
    command = [sys.executable, "-m", "core.cli", "hardware", "serve", "--port", str(port)]
    return subprocess.Popen(
        [*command, "--server", url, "--wait", "1", *extra],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _local(port: int, headers: dict[str, str]):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/status", headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), json.loads(response.read())
    finally:
        connection.close()


def _job_states(manager_api) -> list[str]:
    return [job["status"] for job in manager_api.get("/api/v1/registers/1/jobs").get_json()]


@pytest.fixture
def agent_home(tmp_path):
    home = tmp_path / "agent-pc"
    home.mkdir()
    return home


def test_the_agent_pairs_prints_and_survives_a_restart(
    served,
    manager_api,
    cashier_api,
    shop,
    printer,
    agent_home,
):
    set_devices(manager_api, printer="agent", drawer=True)
    port = _free_port()
    process = _start(agent_home, served.url, port, printer, "--pair", pairing_code(manager_api))
    try:
        until_agent(lambda: (agent_home / "agent" / "agent.json").exists(), process, "pairing")
        assert oct((agent_home / "agent" / "agent.json").stat().st_mode & 0o777) == "0o600"
        sale = cash_sale(cashier_api, shop)
        response = cashier_api.post("/api/v1/device-print/receipt", json={"sale_id": sale["id"]})
        assert response.status_code == 200
        until_agent(lambda: _job_states(manager_api) == ["done"], process, "the receipt")
        # The printer keeps the bytes once the agent closes the connection, which may be
        # a moment after the agent reported the job done.
        until_agent(lambda: len(printer.received) >= 1, process, "the printer's copy")
        assert len(printer.received) == 1 and b"\x1bp\x00" in printer.received[0]

        # The localhost answer serves the paired server's tills only.
        credentials = json.loads((agent_home / "agent" / "agent.json").read_text())
        until_agent(lambda: _ready(port), process, "the localhost answer")
        status, _h, _b = _local(port, {"Origin": "https://evil.example"})
        assert status == 403
        status, _h, _b = _local(port, {"Origin": served.url})
        assert status == 401
        status, headers, body = _local(
            port, {"Origin": served.url, "X-Agent-Token": credentials["local_token"]}
        )
        assert status == 200 and headers["Access-Control-Allow-Origin"] == served.url
        assert body["devices"]["printer"]["kind"] == "network"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    # Restarted without a code: the token in its state folder is enough.
    assert manager_api.post("/api/v1/registers/1/test-print").status_code == 201
    process = _start(agent_home, served.url, port, printer)
    try:
        until_agent(lambda: _job_states(manager_api) == ["done", "done"], process, "the test print")
        until_agent(lambda: len(printer.received) >= 2, process, "the printer's copy")
        assert len(printer.received) == 2
    finally:
        process.terminate()
        process.wait(timeout=10)


def _ready(port: int) -> bool:
    try:
        _local(port, {})
        return True
    except OSError:
        return False


def test_an_unpaired_agent_says_how_to_pair(agent_home, printer):
    process = _start(agent_home, "http://127.0.0.1:9", _free_port(), printer)
    _out, err = process.communicate(timeout=60)
    assert process.returncode != 0
    assert b"--pair CODE" in err and b"Traceback" not in err


def test_a_wrong_code_is_refused_without_a_traceback(
    served,
    manager_api,
    agent_home,
    printer,
):
    process = _start(agent_home, served.url, _free_port(), printer, "--pair", "AAAA-AAAA")
    _out, err = process.communicate(timeout=60)
    assert process.returncode != 0
    assert b"wrong" in err and b"Traceback" not in err
    assert not (agent_home / "agent" / "agent.json").exists()
