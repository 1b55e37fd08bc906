"""The agent's outbound channel to the Comptoir server: pairing once, then a long poll.

The agent opens every connection itself (HTTPS to the server), so a till served from the
cloud reaches the shop's devices without anything calling into the shop's network:

- ``POST /api/v1/agent/pair`` ``{"name"}`` with ``Authorization: Pairing <code>``, once,
  for the agent's token, kept in the state folder (``agent.json``, its owner's only);
- ``POST /api/v1/agent/poll`` ``{"wait": 25, "status": {...}}``: the heartbeat with each
  device's status, answered with the jobs not answered yet (waiting up to ``wait``
  seconds for one);
- ``POST /api/v1/agent/jobs/<id>/result`` ``{"status": "done"|"failed", "result"}``;
- ``POST /api/v1/agent/scans`` ``{"codes": [{"id", "code"}], "register_code"}``: the
  codes a serial scanner read, for the till of that register (by default the one the
  agent was paired for).

Each job names its register (``register_id``, ``register_code``): one agent may serve
several registers, each with devices of its own (:class:`hardware.jobs.RegisterRouter`).

The token travels as ``Authorization: Agent <token>``.
"""

from __future__ import annotations

import json
import os
import typing as t
import urllib.error
import urllib.request
from pathlib import Path

__all__ = ["AgentState", "ChannelError", "ServerChannel", "pair"]

STATE_FILE = "agent.json"
SPOOL_FILE = "spool.sqlite"


class ChannelError(Exception):
    """The server refused a request (a wrong code, a revoked token): not worth retrying."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class AgentState:
    """What the agent keeps between runs, in its state folder."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / STATE_FILE
        self.spool_path = self.folder / SPOOL_FILE

    def load(self) -> dict[str, t.Any] | None:
        try:
            return json.loads(self.path.read_text())
        except FileNotFoundError:
            return None

    def save(self, values: dict[str, t.Any]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        # The token is a credential: the owner's alone, written whole or not at all.
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as fh:
            json.dump(values, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temporary, self.path)


def _post(
    url: str,
    body: dict[str, t.Any],
    token: str | None = None,
    timeout: float = 40,
    scheme: str = "Agent",
) -> dict[str, t.Any]:
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:
        headers["Authorization"] = f"{scheme} {token}"
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        if exc.code >= 500:
            raise OSError(f"server error {exc.code}") from None
        try:
            error = json.loads(exc.read() or b"{}").get("error", {})
        except ValueError:
            error = {}
        raise ChannelError(
            exc.code, error.get("code", f"http_{exc.code}"), error.get("message", exc.reason)
        ) from None
    except (TimeoutError, urllib.error.URLError, ConnectionError) as exc:
        raise OSError(f"cannot reach the server: {exc}") from None


def pair(server: str, code: str, name: str = "") -> dict[str, t.Any]:
    """Exchange a pairing code for the agent's credentials (``token``, ``local_token``,
    ``register_id``)."""
    answer = _post(
        f"{server.rstrip('/')}/api/v1/agent/pair", {"name": name}, code, scheme="Pairing"
    )
    return {"server": server.rstrip("/"), **answer}


class ServerChannel:
    """A :class:`~hardware.jobs.JobSource` over HTTP(S) to the server."""

    def __init__(self, server: str, token: str) -> None:
        self.server = server.rstrip("/")
        self.token = token

    def fetch(self, wait: float, status: dict[str, t.Any]) -> list[dict[str, t.Any]]:
        answer = _post(
            f"{self.server}/api/v1/agent/poll",
            {"wait": int(wait), "status": status},
            self.token,
            timeout=wait + 15,
        )
        return list(answer.get("jobs") or [])

    def report(self, job_id: str, ok: bool, result: dict[str, t.Any]) -> None:
        _post(
            f"{self.server}/api/v1/agent/jobs/{job_id}/result",
            {"status": "done" if ok else "failed", "result": result},
            self.token,
        )

    def send_scans(self, codes: list[dict[str, str]], register_code: str | None = None) -> None:
        """Hand the codes a scanner read to the server (:mod:`hardware.scans`), for the
        till of ``register_code`` (by default the register the agent was paired for)."""
        body: dict[str, t.Any] = {"codes": codes}
        if register_code is not None:
            body["register_code"] = register_code
        _post(f"{self.server}/api/v1/agent/scans", body, self.token, timeout=15)
