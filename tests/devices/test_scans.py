"""A serial scanner at a cloud-served till: the agent reads each code and forwards it at
once over its outbound channel; the register's till takes the fresh codes it has not
seen. A retried upload scans once, an old code never rings up."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from agent_kit import pairing_code, set_devices
from device_twins import PtyTwin

from core.db import db, utcnow
from core.devices.models import ScannedCode
from hardware.channel import ServerChannel, pair
from hardware.scanner import SerialScanner, SimulatedScanner
from hardware.scans import ScanForwarder


def _channel(served, manager_api, register_id: int = 1) -> ServerChannel:
    credentials = pair(served.url, pairing_code(manager_api, register_id), "till-pc")
    return ServerChannel(credentials["server"], credentials["token"])


def _scans(api, after=None, register_id: int = 1):
    query = "" if after is None else f"?after={after}"
    response = api.get(f"/api/v1/registers/{register_id}/scans{query}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_a_code_read_by_the_serial_scanner_reaches_the_till(served, manager_api, cashier_api):
    """A code sent by the scanner on a real serial line (a pseudo-terminal, with the
    scanner's prefix and CR LF) is forwarded by the agent and handed to the register's
    till, once."""
    set_devices(manager_api, printer="agent", scanner=True)
    cursor = _scans(cashier_api)["last"]
    device = PtyTwin()
    scanner = SerialScanner(device.port, timeout=0.5, prefix="]E0")
    forwarder = ScanForwarder(scanner, _channel(served, manager_api))
    device.send(b"]E03017620422003\r\n")
    assert forwarder.step() == 1
    found = _scans(cashier_api, cursor)
    assert [scan["code"] for scan in found["scans"]] == ["3017620422003"]
    assert _scans(cashier_api, found["last"])["scans"] == []
    scanner.close()


def test_a_retried_upload_scans_once(served, manager_api, cashier_api):
    """The server took the codes but the answer was lost: the agent sends them again
    with the same ids, and the till still sees each code once."""
    set_devices(manager_api, printer="agent", scanner=True)
    cursor = _scans(cashier_api)["last"]
    channel = _channel(served, manager_api)
    scanner = SimulatedScanner()
    forwarder = ScanForwarder(scanner, channel)
    scanner.feed("3017620422003", "4006381333931")
    forwarder.read()
    sent = list(forwarder.pending)
    channel.send_scans(sent)  # taken by the server, answer lost: still pending
    assert forwarder.send() == 2
    codes = [scan["code"] for scan in _scans(cashier_api, cursor)["scans"]]
    assert codes == ["3017620422003", "4006381333931"]


def test_codes_wait_for_the_server_and_keep_their_ids(manager_api):
    """While the server cannot be reached the codes stay pending with their ids."""
    scanner = SimulatedScanner()
    forwarder = ScanForwarder(scanner, ServerChannel("http://127.0.0.1:9", "token"))
    scanner.feed("3017620422003")
    with pytest.raises(OSError):
        forwarder.step()
    pending = list(forwarder.pending)
    assert [item["code"] for item in pending] == ["3017620422003"]
    with pytest.raises(OSError):
        forwarder.step()
    assert forwarder.pending == pending


def test_an_old_code_never_rings_up(app, served, manager_api, cashier_api):
    """A code read five minutes ago is not handed to the till, and is dropped."""
    set_devices(manager_api, printer="agent", scanner=True)
    channel = _channel(served, manager_api)
    channel.send_scans([{"id": "a1", "code": "3017620422003"}])
    with app.app_context():
        db.session.execute(
            sa.update(ScannedCode).values(scanned_at=utcnow() - dt.timedelta(minutes=5))
        )
        db.session.commit()
    assert _scans(cashier_api, 0)["scans"] == []
    channel.send_scans([{"id": "b2", "code": "4006381333931"}])
    assert [scan["code"] for scan in _scans(cashier_api, 0)["scans"]] == ["4006381333931"]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(ScannedCode.id))) == 1


def test_a_till_just_opened_gets_only_the_cursor(served, manager_api, cashier_api):
    """Without ``after`` no code is handed out (what was scanned before the till looked
    is not rung up), only the cursor for the next ask."""
    set_devices(manager_api, printer="agent", scanner=True)
    _channel(served, manager_api).send_scans([{"id": "a1", "code": "3017620422003"}])
    first = _scans(cashier_api)
    assert first["scans"] == [] and first["last"] >= 1
    assert _scans(cashier_api, first["last"])["scans"] == []


def test_only_a_paired_agent_sends_codes(client, cashier_api):
    """A wrong token or a user's token: 403; no credentials at all: refused before
    (no session, no CSRF token); nothing kept."""
    body = {"codes": [{"id": "a1", "code": "3017620422003"}]}
    assert client.post("/api/v1/agent/scans", json=body).status_code == 400
    wrong = {"Authorization": "Agent not-a-token"}
    refused = client.post("/api/v1/agent/scans", json=body, headers=wrong)
    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "bad_agent_token"
    assert cashier_api.post("/api/v1/agent/scans", json=body).status_code == 403
    assert _scans(cashier_api, 0)["scans"] == []


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"codes": "3017620422003"},
        {"codes": [{"code": "3017620422003"}]},
        {"codes": [{"id": "a1", "code": ""}]},
        {"codes": [{"id": "a1", "code": "9" * 129}]},
        {"codes": [{"id": "a1", "code": "1"}] * 101},
    ],
)
def test_bad_codes_are_a_clear_4xx(served, manager_api, cashier_api, body):
    """A malformed upload is refused with a 422 and keeps nothing."""
    import json
    import urllib.error
    import urllib.request

    channel = _channel(served, manager_api)
    request = urllib.request.Request(
        f"{served.url}/api/v1/agent/scans",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Agent {channel.token}"},
        method="POST",
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 422
    assert _scans(cashier_api, 0)["scans"] == []


def test_the_scans_need_till_use(roleless_api, cashier_api):
    """Reading a register's codes takes ``till.use``; an unknown register is a 404, a
    bad cursor a 422."""
    assert roleless_api.get("/api/v1/registers/1/scans").status_code == 403
    assert cashier_api.get("/api/v1/registers/99/scans").status_code == 404
    assert cashier_api.get("/api/v1/registers/1/scans?after=x").status_code == 422
    assert cashier_api.get("/api/v1/registers/1/scans?after=-1").status_code == 422


def test_an_agent_feeds_its_own_register_only(served, manager_api, admin_api, cashier_api):
    """Codes go to the register the agent is paired with, never another's till."""
    second = admin_api.post("/api/v1/registers", json={"code": "R2", "name": "Second"})
    assert second.status_code == 201, second.get_json()
    second_id = second.get_json()["id"]
    _channel(served, manager_api, second_id).send_scans([{"id": "a1", "code": "3017620422003"}])
    assert _scans(cashier_api, 0)["scans"] == []
    codes = [scan["code"] for scan in _scans(cashier_api, 0, second_id)["scans"]]
    assert codes == ["3017620422003"]


def test_the_same_upload_sent_twice_at_once_is_kept_once(served, manager_api, cashier_api):
    """An upload and its retry racing on two connections (run on PostgreSQL too): the
    till sees each code once."""
    import threading

    channel = _channel(served, manager_api)
    codes = [{"id": f"c{n}", "code": f"300000000000{n}"} for n in range(5)]
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def upload() -> None:
        start.wait()
        try:
            channel.send_scans(codes)
        except BaseException as exc:  # reported below, in the test's thread
            failures.append(exc)

    threads = [threading.Thread(target=upload) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    found = [scan["code"] for scan in _scans(cashier_api, 0)["scans"]]
    assert found == [item["code"] for item in codes]
