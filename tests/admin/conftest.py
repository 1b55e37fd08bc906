"""Back-office page tests: browsers signed in by password."""

from __future__ import annotations

import typing as t

import pytest
from backoffice_client import Browser


@pytest.fixture
def browse(app) -> t.Callable[..., Browser]:
    """``browse("manager")``: a browser signed in as that user."""
    return lambda username, password=None: Browser(app, username, password)
