"""The register's transactional hooks: the opening, each cash movement and the closing
are handed to plugins inside their transaction, and a refusal rolls them back."""

from __future__ import annotations

import pytest
from sample_plugins import drawer

pytestmark = [
    pytest.mark.comptoir_extra_plugins("drawer=sample_plugins.drawer"),
    pytest.mark.comptoir_plugins("drawer"),
]


@pytest.fixture(autouse=True)
def _fresh():
    drawer.SEEN.clear()


def test_opening_movements_and_closing_reach_the_plugin(manager_api):
    assert manager_api.post("/api/v1/registers/1/open", json={"float": 5000}).status_code == 201
    moved = manager_api.post(
        "/api/v1/registers/1/cash", json={"kind": "out", "amount": 700, "reason": "bank"}
    )
    assert moved.status_code == 201, moved.get_json()
    closed = manager_api.post("/api/v1/registers/1/close", json={"counted_cash": 4400})
    assert closed.status_code == 200, closed.get_json()
    assert drawer.SEEN == [
        ("opening", "R1", 5000, "EUR"),
        ("movement", "out", 700, True),
        ("closing", "closed", 4400, 100),
    ]


def test_a_refused_movement_is_not_kept(manager_api):
    manager_api.post("/api/v1/registers/1/open", json={"float": 5000})
    refused = manager_api.post(
        "/api/v1/registers/1/cash", json={"kind": "in", "amount": 700, "reason": "refuse"}
    )
    assert refused.status_code == 422 and "drawer" in refused.get_json()["error"]["message"]
    report = manager_api.get("/api/v1/registers/1/x-report").get_json()
    assert report["expected_cash"] == 5000


def test_a_refused_closing_leaves_the_register_open(manager_api):
    manager_api.post("/api/v1/registers/1/open", json={"float": 5000})
    refused = manager_api.post("/api/v1/registers/1/close", json={"counted_cash": 4987})
    assert refused.status_code == 422, refused.get_json()
    # Still open: the X report answers, and a second count goes through.
    assert manager_api.get("/api/v1/registers/1/x-report").status_code == 200
    again = manager_api.post("/api/v1/registers/1/close", json={"counted_cash": 5000})
    assert again.status_code == 200, again.get_json()
