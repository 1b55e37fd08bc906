"""Simulated device twins at the far end of a real serial line (a pseudo-terminal pair)
or of a TCP connection, answering as the real devices do: a pole display that keeps
what it is sent, scales speaking the Toledo 8217 and A&D protocols, a serial scanner,
and a network printer answering ``DLE EOT`` status requests."""

from __future__ import annotations

import os
import select
import socket
import threading
import tty
from decimal import Decimal

from device_servers import TcpPeer

from hardware.printer_status import PrinterStatus, status_bytes


class PtyTwin:
    """A device on a pseudo-terminal: the driver opens :attr:`port` (the terminal's
    device path) as its serial port; the twin reads the other end in a thread and
    answers through :meth:`respond`."""

    def __init__(self) -> None:
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)
        self.port = os.ttyname(self._slave)
        self.received = bytearray()
        self._changed = threading.Condition()
        self._stop = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop:
            ready, _, _ = select.select([self._master], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(self._master, 1024)
            except OSError:
                return
            with self._changed:
                self.received += data
                self._changed.notify_all()
            answer = self.respond(data)
            if answer:
                os.write(self._master, answer)

    def respond(self, data: bytes) -> bytes | None:
        """What the device answers to ``data`` (the bytes just read)."""
        return None

    def send(self, data: bytes) -> None:
        """Bytes the device sends on its own (a scanner's codes)."""
        os.write(self._master, data)

    def wait_for(self, count: int) -> bytes:
        """The bytes received, once there are ``count`` (at most 5 s of waiting, a
        guard against a hang rather than a measure)."""
        with self._changed:
            self._changed.wait_for(lambda: len(self.received) >= count, timeout=5)
            return bytes(self.received)

    def close(self) -> None:
        self._stop = True
        self._thread.join(timeout=5)
        os.close(self._master)
        os.close(self._slave)


class ToledoScaleTwin(PtyTwin):
    """A scale speaking the Mettler Toledo 8217 protocol: ``W`` -> ``STX 01.234 CR``,
    or ``STX ? status CR`` (bit 0 motion, bit 1 over capacity, bit 2 under zero)."""

    def __init__(self) -> None:
        self.kilograms = Decimal("0")
        self.motion = False
        self.overload = False
        self.silent = False
        super().__init__()

    def respond(self, data: bytes) -> bytes | None:
        if self.silent or b"W" not in data:
            return None
        status = (1 if self.motion else 0) | (2 if self.overload else 0)
        status |= 4 if self.kilograms < 0 else 0
        if status:
            return b"\x02?" + bytes([0x30 | status]) + b"\r"
        return b"\x02" + f"{self.kilograms:06.3f}".encode("ascii") + b"\r"


class AndScaleTwin(PtyTwin):
    """A scale in A&D's standard format: ``Q CR LF`` -> ``ST,+0001.234kg CR LF``."""

    def __init__(self, answer: bytes) -> None:
        self.answer = answer
        super().__init__()

    def respond(self, data: bytes) -> bytes | None:
        return self.answer if data.endswith(b"Q\r\n") else None


class NetworkPrinterTwin(TcpPeer):
    """A network printer (raw TCP) that keeps the job bytes and answers each
    ``DLE EOT n`` with the status byte of its :attr:`state`."""

    def __init__(self) -> None:
        self.state = PrinterStatus()
        self.received = bytearray()
        super().__init__(self._converse)

    def _converse(self, connection: socket.socket) -> None:
        while chunk := connection.recv(4096):
            self.received += chunk
            answers = status_bytes(self.state)
            at = chunk.find(b"\x10\x04")
            while at >= 0 and at + 2 < len(chunk):
                connection.sendall(bytes([answers[chunk[at + 2]]]))
                at = chunk.find(b"\x10\x04", at + 3)
