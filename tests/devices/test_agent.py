"""The local hardware agent, over a real socket."""

from __future__ import annotations

import base64
import datetime as dt
import http.client
import json
import threading
from decimal import Decimal

import pytest
from werkzeug.test import Client

from core.receipts.document import ReceiptDocument, ReceiptItem, ReceiptPayment, ReceiptTax
from core.receipts.render import render_escpos_dict
from hardware import open_devices
from hardware.agent import HardwareAgent, make_agent_server

TILL = "https://shop.example.com"


@pytest.fixture
def devices():
    return open_devices({})


def _serve(agent):
    server = make_agent_server(agent, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


@pytest.fixture
def agent_url(devices):
    """An agent without token (localhost only) that the till's origin may call."""
    agent = HardwareAgent(devices, allowed_origins=[TILL], render_receipt=render_escpos_dict)
    server, thread = _serve(agent)
    yield server.server_port
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def call(port, method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        payload = json.dumps(body).encode() if body is not None else None
        all_headers = {"Content-Type": "application/json"} if payload is not None else {}
        all_headers.update(headers or {})
        connection.request(method, path, body=payload, headers=all_headers)
        response = connection.getresponse()
        raw = response.read()
        data = json.loads(raw) if raw else None
        return response.status, data, dict(response.getheaders())
    finally:
        connection.close()


def _document() -> ReceiptDocument:
    return ReceiptDocument(
        kind="sale",
        currency="EUR",
        locale="fr",
        shop_name="Chez Comptoir",
        number=7,
        register="R1",
        issued_at=dt.datetime(2024, 3, 5, 14, 7, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        cashier="Camille",
        total=250,
        subtotal=250,
        tax_total=42,
        items=(ReceiptItem("Coffee", "1", 250, 250, 250),),
        taxes=(ReceiptTax(str(Decimal("20")), 208, 42, 250),),
        payments=(ReceiptPayment("cash", "Cash", 300),),
        change=50,
        footer=("Merci !",),
    )


def test_status_lists_devices(agent_url):
    """GET /status names each device's driver."""
    status, body, _ = call(agent_url, "GET", "/status")
    assert status == 200
    assert body["agent"] == "comptoir-hardware"
    assert {name: device["kind"] for name, device in body["devices"].items()} == {
        "printer": "simulated",
        "drawer": "simulated",
        "display": "simulated",
        "scanner": "simulated",
        "scale": "simulated",
    }


def test_print_escpos_bytes(agent_url, devices):
    """POST /print with base64 bytes sends exactly those bytes to the printer."""
    job = b"\x1b@Hello\n\x1dV\x00"
    status, body, _ = call(agent_url, "POST", "/print", {"escpos": base64.b64encode(job).decode()})
    assert (status, body) == (200, {"printed": len(job)})
    assert devices.printer.jobs == [job]


def test_print_neutral_receipt(agent_url, devices):
    """POST /print with a neutral receipt lays it out as ESC/POS on the agent, without any
    database (the default theme's template), in the document's locale."""
    document = _document()
    status, _body, _ = call(agent_url, "POST", "/print", {"receipt": document.to_dict()})
    assert status == 200
    (job,) = devices.printer.jobs
    assert job.startswith(b"\x1b@") and job.endswith(b"\x1dVA\x00")
    assert b"Ticket R1-000007" in job  # the document is French
    assert b"Merci !" in job
    assert "2,50 €".encode("cp1252") in job


def test_receipt_document_round_trips(app):
    """A document sent as JSON renders to the same bytes as the original."""
    from core.receipts.render import render_escpos

    document = _document()
    assert ReceiptDocument.from_dict(json.loads(json.dumps(document.to_dict()))) == document
    assert render_escpos_dict(document.to_dict()) == render_escpos(document)


@pytest.mark.parametrize(
    "body",
    [
        {"escpos": "not base64!"},
        {"escpos": 12},
        {"receipt": {"kind": "sale"}},
        {"receipt": "text"},
        {"nothing": True},
    ],
)
def test_bad_print_requests_are_422(agent_url, devices, body):
    """Bad bytes or a malformed document are refused; nothing is printed."""
    status, answer, _ = call(agent_url, "POST", "/print", body)
    assert status == 422
    assert answer["error"]["code"] == "invalid"
    assert devices.printer.jobs == []


def test_non_json_body_is_415(agent_url):
    """Bodies must be JSON."""
    connection = http.client.HTTPConnection("127.0.0.1", agent_url, timeout=10)
    connection.request("POST", "/print", body=b"x", headers={"Content-Type": "text/plain"})
    assert connection.getresponse().status == 415
    connection.close()


def test_open_drawer(agent_url, devices):
    """POST /drawer/open opens the drawer."""
    status, body, _ = call(agent_url, "POST", "/drawer/open")
    assert (status, body) == (200, {"opened": True})
    assert len(devices.drawer.openings) == 1


def test_display_lines(agent_url, devices):
    """POST /display shows two lines; more than two is a 422."""
    status, body, _ = call(agent_url, "POST", "/display", {"lines": ["Total", "9,15 €"]})
    assert status == 200
    assert body["lines"] == ["Total               ", "9,15 €              "]
    assert devices.display.lines == ("Total               ", "9,15 €              ")
    status, _, _ = call(agent_url, "POST", "/display", {"lines": ["a", "b", "c"]})
    assert status == 422
    status, _, _ = call(agent_url, "POST", "/display", {"lines": "Total"})
    assert status == 422


def test_scale_weight(agent_url, devices):
    """GET /scale/weight gives a stable weight in kg; a moving one is a 503 to ask
    again."""
    devices.scale.set("0.455")
    status, body, _ = call(agent_url, "GET", "/scale/weight")
    assert (status, body) == (200, {"weight": "0.455", "unit": "kg", "stable": True})
    devices.scale.set("0.455", stable=False)
    status, body, _ = call(agent_url, "GET", "/scale/weight")
    assert (status, body["error"]["code"]) == (503, "scale_error")


def test_scanner_next(agent_url, devices):
    """GET /scanner/next gives the next scanned code, or null."""
    devices.scanner.feed("3017620422003")
    assert call(agent_url, "GET", "/scanner/next")[1] == {"code": "3017620422003"}
    assert call(agent_url, "GET", "/scanner/next")[1] == {"code": None}


def test_missing_device_is_503():
    """A device configured as ``none`` answers 503."""
    agent = HardwareAgent(open_devices({"scale": "none"}))
    server, thread = _serve(agent)
    try:
        status, body, _ = call(server.server_port, "GET", "/scale/weight")
        assert status == 503 and body["error"]["code"] == "no_device"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_unknown_path_is_404(agent_url):
    """Unknown paths are 404 in the JSON error shape."""
    status, body, _ = call(agent_url, "GET", "/nothing")
    assert status == 404 and "error" in body


def test_foreign_origin_is_refused(agent_url, devices):
    """A page from another origin may not drive the devices: 403, drawer shut."""
    status, body, headers = call(
        agent_url, "POST", "/drawer/open", headers={"Origin": "https://evil.example"}
    )
    assert status == 403 and body["error"]["code"] == "origin_not_allowed"
    assert "Access-Control-Allow-Origin" not in headers
    assert devices.drawer.openings == []


def test_allowed_origin_gets_cors_headers(agent_url):
    """The till's origin gets CORS headers, on the preflight and on the call."""
    status, _, headers = call(
        agent_url,
        "OPTIONS",
        "/print",
        headers={"Origin": TILL, "Access-Control-Request-Method": "POST"},
    )
    assert status == 204
    assert headers["Access-Control-Allow-Origin"] == TILL
    assert "X-Agent-Token" in headers["Access-Control-Allow-Headers"]
    status, _, headers = call(agent_url, "GET", "/status", headers={"Origin": TILL})
    assert status == 200 and headers["Access-Control-Allow-Origin"] == TILL


def test_token_is_required_when_set(devices):
    """With a token, calls without the right X-Agent-Token are 401."""
    agent = HardwareAgent(devices, token="s3cret")
    server, thread = _serve(agent)
    port = server.server_port
    try:
        assert call(port, "POST", "/drawer/open")[0] == 401
        assert call(port, "POST", "/drawer/open", headers={"X-Agent-Token": "wrong"})[0] == 401
        assert devices.drawer.openings == []
        assert call(port, "POST", "/drawer/open", headers={"X-Agent-Token": "s3cret"})[0] == 200
        assert len(devices.drawer.openings) == 1
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_without_token_only_localhost_may_call(devices):
    """Without a token, a caller from another machine is refused."""
    agent = HardwareAgent(devices)
    client = Client(agent)
    remote = client.post("/drawer/open", environ_overrides={"REMOTE_ADDR": "192.168.1.20"})
    assert remote.status_code == 403
    assert remote.json["error"]["code"] == "not_local"
    local = client.post("/drawer/open", environ_overrides={"REMOTE_ADDR": "127.0.0.1"})
    assert local.status_code == 200
