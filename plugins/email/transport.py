"""Talking to the shop's SMTP server (smtplib, with the settings of ``email``).

:func:`send` answers normally when the server took the mail, raises :class:`Bounced` when
it refused the recipient or the message for good (a 5xx answer: retrying would not help),
and lets any other error through (server away, timeout, a 4xx "try later"): the outbox
retries those.
"""

from __future__ import annotations

import email.message
import smtplib
import ssl

from core.plugins import get_settings

from . import secrets


class Bounced(Exception):
    """The server refused the message for good."""


class Unreachable(Exception):
    """The server could not be reached or did not answer (a retry may succeed)."""


def send(mail: email.message.EmailMessage) -> None:
    settings = get_settings("email")
    try:
        _send(mail, settings)
    except OSError as exc:  # refused, unreachable, timed out, TLS failed
        raise Unreachable(f"{settings['host']}:{settings['port']}: {exc}") from exc


def _send(mail: email.message.EmailMessage, settings: dict) -> None:
    host, port, timeout = settings["host"], settings["port"], settings["timeout_seconds"]
    if settings["security"] == "tls":
        client: smtplib.SMTP = smtplib.SMTP_SSL(
            host, port, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        client = smtplib.SMTP(host, port, timeout=timeout)
    with client:
        if settings["security"] == "starttls":
            client.starttls(context=ssl.create_default_context())
        if settings["username"]:
            client.login(settings["username"], secrets.get_password())
        try:
            client.send_message(mail)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _text in exc.recipients.values()]
            if all(code >= 500 for code in codes):
                raise Bounced(_describe(exc.recipients)) from exc
            raise
        except smtplib.SMTPDataError as exc:
            # The message itself refused for good (554 "rejected as spam"...). A refused
            # sender or login is the shop's settings, not the recipient: retried, so a
            # corrected setting still delivers.
            if exc.smtp_code >= 500:
                raise Bounced(f"{exc.smtp_code} {_text(exc.smtp_error)}") from exc
            raise


def _describe(recipients: dict) -> str:
    return "; ".join(
        f"{address}: {code} {_text(text)}" for address, (code, text) in recipients.items()
    )


def _text(value: bytes | str) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)
