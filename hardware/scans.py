"""Forwarding the codes the register's serial scanner reads to the server, for the till.

A till served from the cloud cannot read a serial port: the agent reads the scanner and
sends each code at once over its outbound channel. Each read gets an id of its own when
it is read, and keeps it through every retry, so a code sent again after a lost answer
is rung up once. Codes wait in memory while the server cannot be reached; the server
drops those older than it keeps them for, so nothing scanned long ago rings up later.
"""

from __future__ import annotations

import logging
import threading
import typing as t
import uuid

from .scanner import BarcodeScanner

__all__ = ["ScanForwarder", "ScanSink"]

log = logging.getLogger("comptoir.hardware")

#: Codes kept while the server is away; the oldest go first beyond this.
MAX_PENDING = 100


class ScanSink(t.Protocol):
    """Where the codes go: :meth:`hardware.channel.ServerChannel.send_scans`."""

    def send_scans(self, codes: list[dict[str, str]], register_code: str | None = None) -> None: ...


class ScanForwarder:
    """Read, send, repeat: one :meth:`step` at a time (``run_forever`` loops).

    ``register_code`` names the register whose scanner this is, for an agent serving
    several; ``None`` for the ``[hardware]`` scanner (the server files its codes under
    the register the agent was paired for).
    """

    def __init__(
        self, scanner: BarcodeScanner, sink: ScanSink, register_code: str | None = None
    ) -> None:
        self.scanner = scanner
        self.sink = sink
        self.register_code = register_code
        #: Read and not yet taken by the server, each with its id: ``{"id", "code"}``.
        self.pending: list[dict[str, str]] = []
        self.stopping = threading.Event()

    def read(self) -> int:
        """Take every code the scanner has ready; how many."""
        count = 0
        while (code := self.scanner.read()) is not None:
            self.pending.append({"id": uuid.uuid4().hex, "code": code})
            count += 1
        del self.pending[:-MAX_PENDING]
        return count

    def send(self) -> int:
        """Send the pending codes; how many the server took. :class:`OSError` when it
        cannot be reached (they stay pending, with their ids)."""
        if not self.pending:
            return 0
        sent = list(self.pending)
        if self.register_code is None:
            self.sink.send_scans(sent)
        else:
            self.sink.send_scans(sent, register_code=self.register_code)
        del self.pending[: len(sent)]
        return len(sent)

    def step(self) -> int:
        self.read()
        return self.send()

    def run_forever(self, pause: float = 2, idle: float = 0.05) -> None:
        """Loop until :attr:`stopping` is set, resting ``idle`` seconds when nothing
        was read; a lost connection is retried after ``pause``."""
        while not self.stopping.is_set():
            try:
                if not self.read() and not self.pending:
                    self.stopping.wait(idle)
                    continue
                self.send()
            except OSError as exc:
                log.warning("scanner codes: %s; trying again in %s s", exc, pause)
                self.stopping.wait(pause)
            except Exception:  # a refused upload must not stop the agent
                log.exception("scanner codes refused by the server")
                self.pending.clear()
                self.stopping.wait(pause)
