"""A real HTTP receiver on localhost for each test."""

from __future__ import annotations

import pytest
from webhooks_testing import SECRET, Receiver


@pytest.fixture
def receiver():
    server = Receiver(SECRET).start()
    yield server
    server.stop()
