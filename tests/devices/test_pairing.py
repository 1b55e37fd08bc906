"""Pairing a hardware agent: a one-time code from the back office for the agent's
token; codes expire, work once and wrong ones are throttled."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from agent_kit import pairing_code

from core.db import db
from core.devices.models import DeviceAgent, PairingCode
from core.devices.pairing import MAX_FAILURES, digest


def _pair(client, code: str, address: str = "10.0.0.5"):
    return client.post(
        "/api/v1/agent/pair",
        json={"name": "shop-pc"},
        headers={"Authorization": f"Pairing {code}"},
        environ_base={"REMOTE_ADDR": address},
    )


def test_a_good_code_gives_a_token_kept_hashed(app, client, manager_api):
    """The code shown in the back office pairs the agent with its register; the server
    keeps only the token's hash."""
    code = pairing_code(manager_api)
    response = _pair(client, code)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["register_id"] == 1 and len(body["token"]) >= 40
    with app.app_context():
        agent = db.session.scalar(sa.select(DeviceAgent))
        assert agent.token_hash == digest(body["token"])
        assert body["token"] not in str(agent.__dict__)
    poll = client.post(
        "/api/v1/agent/poll", json={"wait": 0}, headers={"Authorization": f"Agent {body['token']}"}
    )
    assert poll.status_code == 200 and poll.get_json()["jobs"] == []


def test_a_code_is_typed_with_or_without_dash_and_case(client, manager_api):
    code = pairing_code(manager_api)
    assert _pair(client, code.replace("-", " ").lower()).status_code == 201


def test_a_used_code_is_refused(client, manager_api):
    code = pairing_code(manager_api)
    assert _pair(client, code).status_code == 201
    again = _pair(client, code)
    assert again.status_code == 403
    assert again.get_json()["error"]["code"] == "code_used"


def test_an_expired_code_is_refused(app, client, manager_api):
    code = pairing_code(manager_api)
    with app.app_context():
        row = db.session.scalar(sa.select(PairingCode))
        row.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        db.session.commit()
    response = _pair(client, code)
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "code_expired"
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(DeviceAgent.id))) == 0


def test_a_wrong_code_is_refused(client, manager_api):
    pairing_code(manager_api)
    response = _pair(client, "AAAA-AAAA")
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "bad_code"


def test_wrong_codes_are_throttled_per_address(client, manager_api):
    """After MAX_FAILURES wrong codes an address is refused even the right code (429);
    another address is not."""
    code = pairing_code(manager_api)
    for _ in range(MAX_FAILURES):
        assert _pair(client, "AAAA-AAAA").status_code == 403
    refused = _pair(client, code)
    assert refused.status_code == 429
    assert _pair(client, code, address="10.0.0.6").status_code == 201


def test_a_malformed_code_is_a_clear_4xx(client):
    for code in ("ABC", "x" * 40, ""):
        assert 400 <= _pair(client, code).status_code < 500
    response = client.post(
        "/api/v1/agent/pair", json={"name": 12}, headers={"Authorization": "Pairing ABCD"}
    )
    assert response.status_code == 422


def test_only_a_paired_token_polls(client):
    for headers in ({"Authorization": "Agent not-a-token"}, {"Authorization": "Bearer x"}):
        response = client.post("/api/v1/agent/poll", json={"wait": 0}, headers=headers)
        assert response.status_code == 403
        assert response.get_json()["error"]["code"] == "bad_agent_token"
    # Without credentials at all it is refused before (no session: no CSRF token).
    assert client.post("/api/v1/agent/poll", json={"wait": 0}).status_code == 400


def test_a_cashier_cannot_show_a_pairing_code(cashier_api):
    assert cashier_api.post("/api/v1/registers/1/pairing-code").status_code == 403


def test_pairing_again_retires_the_previous_agent(client, manager_api):
    """One agent per register: two would both be handed its jobs and print them twice."""
    first = _pair(client, pairing_code(manager_api)).get_json()["token"]
    second = _pair(client, pairing_code(manager_api)).get_json()["token"]
    for token, status in ((first, 403), (second, 200)):
        response = client.post(
            "/api/v1/agent/poll", json={"wait": 0}, headers={"Authorization": f"Agent {token}"}
        )
        assert response.status_code == status
