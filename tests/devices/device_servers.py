"""Small TCP peers standing in for devices on the network or behind a serial server:
a raw-TCP printer (port 9100 style) and a scale answering the ``W`` request."""

from __future__ import annotations

import socket
import threading


class TcpPeer:
    """Accepts connections on 127.0.0.1 in a thread and hands each to ``handle``."""

    def __init__(self, handle) -> None:
        self._handle = handle
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.port = self._socket.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self._socket.accept()
            except OSError:
                return
            with connection:
                self._handle(connection)

    def close(self) -> None:
        # shutdown() wakes the thread blocked in accept(); close() alone would not.
        try:
            self._socket.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._socket.close()
        self._thread.join(timeout=5)


class RawPrinterPeer(TcpPeer):
    """Keeps what each connection sent, until the client closed it."""

    def __init__(self) -> None:
        self.received: list[bytes] = []
        self.done = threading.Event()
        super().__init__(self._receive)

    def _receive(self, connection: socket.socket) -> None:
        chunks = []
        while chunk := connection.recv(4096):
            chunks.append(chunk)
        self.received.append(b"".join(chunks))
        self.done.set()


class ScalePeer(TcpPeer):
    """Answers each ``W`` CR with ``answer`` (bytes), or stays silent for ``None``."""

    def __init__(self, answer: bytes | None) -> None:
        self.answer = answer
        self.requests: list[bytes] = []
        super().__init__(self._converse)

    def _converse(self, connection: socket.socket) -> None:
        buffer = b""
        while chunk := connection.recv(64):
            buffer += chunk
            while b"\r" in buffer:
                request, buffer = buffer.split(b"\r", 1)
                self.requests.append(request + b"\r")
                if self.answer is not None:
                    connection.sendall(self.answer)
