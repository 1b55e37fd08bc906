"""What the agent's tests share: the app served on a real localhost port, a printer on
a fixed TCP port that can be switched off and on, pairing through the API."""

from __future__ import annotations

import socket
import threading
import time
import typing as t

import pytest
from device_servers import RawPrinterPeer  # noqa: F401  - re-exported for the tests
from werkzeug.serving import make_server

from hardware.printer_status import DLE_EOT, PrinterStatus, status_bytes


class ServedApp:
    """The test app behind werkzeug's threaded server on 127.0.0.1 (a real HTTP
    server: the agent reaches it as it would reach the cloud)."""

    def __init__(self, app: t.Any) -> None:
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


#: What a ready printer answers to each real-time status request ``DLE EOT n``.
READY = status_bytes(PrinterStatus())


def _status_requests(chunk: bytes) -> list[int]:
    """The ``n`` of each ``DLE EOT n`` in ``chunk``."""
    found, at = [], chunk.find(DLE_EOT)
    while 0 <= at < len(chunk) - 2:
        if chunk[at + 2] in READY:
            found.append(chunk[at + 2])
        at = chunk.find(DLE_EOT, at + 3)
    return found


class SwitchablePrinter:
    """A raw-TCP printer on a port of its own: ``off()`` stops listening (a printer
    switched off: connections are refused), ``on()`` listens again on the same port."""

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.received: list[bytes] = []
        self._socket: socket.socket | None = None
        self._thread: threading.Thread | None = None

    @property
    def address(self) -> str:
        return f"network:127.0.0.1:{self.port}"

    def on(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", self.port))
        self._thread = threading.Thread(target=self._serve, args=(self._socket,), daemon=True)
        self._thread.start()

    def _serve(self, listener: socket.socket) -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            with connection:
                chunks = []
                try:
                    while chunk := connection.recv(4096):
                        chunks.append(chunk)
                        # A real printer answers each real-time status request (DLE EOT n)
                        # at once; this one is ready: online, paper present, cover shut.
                        for n in _status_requests(chunk):
                            connection.sendall(bytes([READY[n]]))
                except ConnectionResetError:
                    # An agent killed before reading a status answer resets the
                    # connection: a printer keeps what it got and waits for the next.
                    pass
                printed = b"".join(chunks)
                for n in READY:
                    printed = printed.replace(DLE_EOT + bytes([n]), b"")
                if printed:
                    self.received.append(printed)

    def off(self) -> None:
        if self._socket is not None:
            try:
                self._socket.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self._socket.close()
            self._thread.join(timeout=5)
            self._socket = None


@pytest.fixture
def served(app):
    served = ServedApp(app)
    yield served
    served.close()


@pytest.fixture
def printer():
    printer = SwitchablePrinter()
    printer.on()
    yield printer
    printer.off()


def pairing_code(manager_api, register_id: int = 1) -> str:
    response = manager_api.post(f"/api/v1/registers/{register_id}/pairing-code")
    assert response.status_code == 201, response.get_json()
    return response.get_json()["code"]


def set_devices(manager_api, register_id: int = 1, **values: t.Any) -> dict:
    response = manager_api.patch(f"/api/v1/registers/{register_id}/devices", json=values)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def cash_sale(api, shop, amount: int = 500) -> dict:
    import uuid

    response = api.post(
        "/api/v1/sales",
        json={
            "id": str(uuid.uuid4()),
            "register_id": 1,
            "lines": [shop.line("COFFEE", 1)],
            "payments": [{"method": "cash", "amount": amount}],
        },
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()


#: Generous: the machine may be shared; every wait ends as soon as its condition holds.
AGENT_DEADLINE = 60


def until_agent(condition: t.Callable[[], bool], process: t.Any, what: str) -> None:
    """Wait for ``condition`` while the agent subprocess runs: its stderr if it stops,
    a failure naming ``what`` after the deadline."""
    end = time.monotonic() + AGENT_DEADLINE
    while time.monotonic() < end:
        if condition():
            return
        if process.poll() is not None:
            raise AssertionError(f"the agent stopped: {process.stderr.read().decode()}")
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")
