"""A real SMTP server on localhost for each test, and a small shop."""

from __future__ import annotations

import pytest
from email_testing import SmtpServer

from core.testing import Item, make_shop


@pytest.fixture
def smtp():
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def shop(manager_api):
    return make_shop(manager_api, [Item("BOOK", 3000), Item("PEN", 250)])
