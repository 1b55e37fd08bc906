"""The local hardware agent: a tiny HTTP service through which a browser till served from
the cloud reaches the devices of the shop PC it runs on (``comptoir hardware serve``).

Endpoints (JSON in and out)::

    GET  /status          the agent and each device's status
    POST /print           {"escpos": "<base64 bytes>"} or {"receipt": {...}} (a neutral
                          receipt document, laid out by the agent)
    POST /drawer/open     kick the cash drawer
    POST /display         {"lines": ["line 1", "line 2"]}
    GET  /scale/weight    {"weight": "1.234", "unit": "kg", "stable": true}
    GET  /scanner/next    {"code": "3017620422003"} or {"code": null}

Who may call it: a web page is only answered when its ``Origin`` is in the allowed list
(so no other site the cashier opens can pop the drawer), and then either the shared token
(``X-Agent-Token``) is required, or, without a token, only this machine (loopback) may
call. Errors are ``{"error": {"code", "message"}}`` with a 4xx or 5xx status.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import ipaddress
import json
import logging
import threading
import typing as t

from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.serving import BaseWSGIServer, make_server
from werkzeug.wrappers import Request, Response

from .display import fit_lines
from .printer import PrinterError
from .registry import Devices
from .scale import ScaleError

__all__ = ["AgentError", "HardwareAgent", "is_loopback", "make_agent_server"]

log = logging.getLogger("comptoir.hardware")

#: A receipt, even with a logo, is far below this.
MAX_BODY_BYTES = 1024 * 1024
TOKEN_HEADER = "X-Agent-Token"

#: Lays out a neutral receipt document (a dict) as ESC/POS bytes.
ReceiptRenderer = t.Callable[[dict[str, t.Any]], bytes]


class AgentError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def is_loopback(address: str | None) -> bool:
    try:
        return ipaddress.ip_address(address or "").is_loopback
    except ValueError:
        return False


class HardwareAgent:
    """The agent's WSGI application, around one set of devices."""

    def __init__(
        self,
        devices: Devices,
        *,
        token: str | None = None,
        allowed_origins: t.Iterable[str] = (),
        render_receipt: ReceiptRenderer | None = None,
    ) -> None:
        self.devices = devices
        self.token = token or None
        self.allowed_origins = {origin.rstrip("/") for origin in allowed_origins if origin}
        self.render_receipt = render_receipt
        # Devices are serial lines and sockets: one request at a time talks to them.
        self._lock = threading.Lock()
        self._routes = Map(
            [
                Rule("/status", endpoint="status", methods=["GET"]),
                Rule("/print", endpoint="print", methods=["POST"]),
                Rule("/drawer/open", endpoint="drawer_open", methods=["POST"]),
                Rule("/display", endpoint="display", methods=["POST"]),
                Rule("/scale/weight", endpoint="scale_weight", methods=["GET"]),
                Rule("/scanner/next", endpoint="scanner_next", methods=["GET"]),
            ]
        )

    def __call__(self, environ: dict, start_response: t.Callable) -> t.Iterable[bytes]:
        request = Request(environ)
        request.max_content_length = MAX_BODY_BYTES
        response = self._respond(request)
        origin = request.headers.get("Origin")
        if origin and origin.rstrip("/") in self.allowed_origins:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Allow-Headers"] = f"Content-Type, {TOKEN_HEADER}"
            response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            # Chrome's private network access: a public page may call this local agent.
            response.headers["Access-Control-Allow-Private-Network"] = "true"
        response.headers["Vary"] = "Origin"
        return response(environ, start_response)

    def _respond(self, request: Request) -> Response:
        try:
            self._check_origin(request)
            if request.method == "OPTIONS":
                return Response(status=204)
            self._check_caller(request)
            adapter = self._routes.bind_to_environ(request.environ)
            endpoint, _values = adapter.match()
            payload = getattr(self, f"_{endpoint}")(request)
            return _json(payload)
        except AgentError as exc:
            return _json({"error": {"code": exc.code, "message": exc.message}}, exc.status)
        except HTTPException as exc:
            code = (exc.name or "error").lower().replace(" ", "_")
            return _json({"error": {"code": code, "message": exc.description}}, exc.code or 500)
        except Exception:
            log.exception("hardware agent: %s %s failed", request.method, request.path)
            return _json({"error": {"code": "internal_error", "message": "agent failure"}}, 500)

    def _check_origin(self, request: Request) -> None:
        origin = request.headers.get("Origin")
        if origin and origin.rstrip("/") not in self.allowed_origins:
            raise AgentError(403, "origin_not_allowed", f"origin {origin} is not allowed")

    def _check_caller(self, request: Request) -> None:
        if self.token is not None:
            given = request.headers.get(TOKEN_HEADER, "")
            if not hmac.compare_digest(given.encode(), self.token.encode()):
                raise AgentError(401, "bad_token", f"send the agent's token in {TOKEN_HEADER}")
        elif not is_loopback(request.remote_addr):
            raise AgentError(403, "not_local", "without a token only this machine may call")

    # -- endpoints --------------------------------------------------------------------------

    def _status(self, _request: Request) -> dict[str, t.Any]:
        with self._lock:
            return {"agent": "comptoir-hardware", "devices": self.devices.status()}

    def _print(self, request: Request) -> dict[str, t.Any]:
        body = _json_body(request)
        if "escpos" in body:
            if not isinstance(body["escpos"], str):
                raise AgentError(422, "invalid", "escpos: base64 text expected")
            try:
                data = base64.b64decode(body["escpos"], validate=True)
            except (binascii.Error, ValueError):
                raise AgentError(422, "invalid", "escpos: not valid base64") from None
        elif "receipt" in body:
            if self.render_receipt is None:
                raise AgentError(422, "invalid", "this agent cannot lay out receipts")
            if not isinstance(body["receipt"], dict):
                raise AgentError(422, "invalid", "receipt: an object expected")
            try:
                data = self.render_receipt(body["receipt"])
            except (KeyError, TypeError, ValueError) as exc:
                raise AgentError(422, "invalid", f"receipt: {exc}") from None
        else:
            raise AgentError(422, "invalid", "send 'escpos' (base64) or 'receipt'")
        printer = self._device("printer")
        with self._lock:
            try:
                printer.write(data)
            except PrinterError as exc:
                raise AgentError(502, "printer_error", str(exc)) from None
        return {"printed": len(data)}

    def _drawer_open(self, _request: Request) -> dict[str, t.Any]:
        drawer = self._device("drawer")
        with self._lock:
            try:
                drawer.open()
            except PrinterError as exc:
                raise AgentError(502, "printer_error", str(exc)) from None
        return {"opened": True}

    def _display(self, request: Request) -> dict[str, t.Any]:
        lines = _json_body(request).get("lines")
        if not isinstance(lines, list) or not all(isinstance(line, str) for line in lines):
            raise AgentError(422, "invalid", "lines: a list of at most two strings expected")
        try:
            fitted = fit_lines(lines)
        except ValueError as exc:
            raise AgentError(422, "invalid", f"lines: {exc}") from None
        display = self._device("display")
        with self._lock:
            display.show(lines)
        return {"lines": list(fitted)}

    def _scale_weight(self, _request: Request) -> dict[str, t.Any]:
        scale = self._device("scale")
        with self._lock:
            try:
                return scale.weigh().as_dict()
            except ScaleError as exc:
                raise AgentError(503, "scale_error", str(exc)) from None

    def _scanner_next(self, _request: Request) -> dict[str, t.Any]:
        scanner = self._device("scanner")
        with self._lock:
            return {"code": scanner.read()}

    def _device(self, name: str) -> t.Any:
        device = getattr(self.devices, name)
        if device is None:
            raise AgentError(503, "no_device", f"no {name} is configured")
        return device


def _json(payload: t.Any, status: int = 200) -> Response:
    return Response(json.dumps(payload), status=status, mimetype="application/json")


def _json_body(request: Request) -> dict[str, t.Any]:
    if request.mimetype != "application/json":
        raise AgentError(415, "unsupported_media_type", "send JSON (application/json)")
    try:
        body = json.loads(request.get_data() or b"null")
    except ValueError:
        raise AgentError(400, "bad_json", "malformed JSON") from None
    if not isinstance(body, dict):
        raise AgentError(400, "bad_json", "the body must be a JSON object")
    return body


def make_agent_server(agent: HardwareAgent, host: str, port: int) -> BaseWSGIServer:
    """A threaded HTTP server for ``agent`` (werkzeug's, enough for one till's calls)."""
    return make_server(host, port, agent, threaded=True)
