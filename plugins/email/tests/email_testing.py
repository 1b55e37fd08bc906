"""Helpers of the email tests: a real SMTP server on localhost (aiosmtpd) that keeps what
it receives, and the plugin's settings pointed at it (a module name of its own: test
folders share sys.path)."""

from __future__ import annotations

import email
import email.message
import email.policy
import socket
import threading

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """What the SMTP server received, parsed; ``refuse`` names addresses it answers with
    a permanent 550 (a bounce)."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.refuse: set[str] = set()
        self._lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(parsed)
        return "250 Message accepted"


class SmtpServer:
    """An aiosmtpd server on 127.0.0.1:``port`` that can be stopped and started again
    (an outage) while its inbox stays."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.inbox = Inbox()
        self._controller: Controller | None = None

    def start(self) -> SmtpServer:
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


def point_at(api, server: SmtpServer) -> None:
    """The email settings aimed at ``server``, without TLS or login (a local relay)."""
    response = api.patch(
        "/api/v1/settings/email",
        json={
            "host": "127.0.0.1",
            "port": server.port,
            "security": "none",
            "from_address": "shop@example.com",
            "timeout_seconds": 5,
        },
    )
    assert response.status_code == 200, response.get_json()


def text_part(message: email.message.EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_part(message: email.message.EmailMessage) -> str:
    return message.get_body(preferencelist=("html",)).get_content()
