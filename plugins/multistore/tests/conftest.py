"""Two shops (see multistore_helpers.two_shops)."""

from __future__ import annotations

import pytest
from multistore_helpers import two_shops


@pytest.fixture
def shops(admin_api, api_as):
    return two_shops(admin_api, api_as)
