"""Moving a register to an agent under ``multistore`` (issue 14): a user of one store may
not hand a register to a shop PC that serves another store's tills, by the API or the
register's Devices page (409, nothing changes); a user of every store may, and moves
within one store stay allowed."""

from __future__ import annotations

import pytest

from plugins.multistore.tests.multistore_helpers import ok, two_shops

pytestmark = pytest.mark.comptoir_plugins("multistore")


def _agent_of(client, admin_api, register_id: int) -> int:
    """A shop PC paired with the register; its agent id."""
    code = ok(admin_api.post(f"/api/v1/registers/{register_id}/pairing-code"), 201)["code"]
    response = client.post(
        "/api/v1/agent/pair", json={"name": "shop-pc"}, headers={"Authorization": f"Pairing {code}"}
    )
    return ok(response, 201)["agent_id"]


def _served(admin_api, register_id: int) -> list[list[str]]:
    devices = ok(admin_api.get(f"/api/v1/registers/{register_id}/devices"), 200)
    return [agent["registers"] for agent in devices["agents"]]


def test_a_store_user_cannot_move_a_register_to_another_stores_agent(admin_api, api_as, client):
    shops = two_shops(admin_api, api_as)
    north_pc = _agent_of(client, admin_api, shops.register_b)
    before = _served(admin_api, 1)

    # The shop's manager works at store A (the first store): the PC serves B's till.
    refused = api_as("manager").put("/api/v1/registers/1/agent", json={"agent_id": north_pc})
    assert refused.status_code == 409, refused.get_json()
    error = refused.get_json()["error"]
    assert error["code"] == "agent_of_other_store"
    assert "another store's registers" in error["message"]
    # B's manager may not pull A's register either (403 before: register 1 is A's).
    assert shops.manager_b.put(
        "/api/v1/registers/1/agent", json={"agent_id": north_pc}
    ).status_code in (403, 409)
    assert _served(admin_api, 1) == before
    assert _served(admin_api, shops.register_b) == [["N1"]]

    # The admin holds every store: the PC may drive both shops' tills.
    ok(admin_api.put("/api/v1/registers/1/agent", json={"agent_id": north_pc}), 200)
    assert sorted(_served(admin_api, 1)[0]) == ["N1", "R1"]


def test_moves_within_the_users_store_stay_allowed(admin_api, api_as, client):
    shops = two_shops(admin_api, api_as)
    north_pc = _agent_of(client, admin_api, shops.register_b)
    second_b = ok(
        admin_api.post(
            "/api/v1/registers",
            json={"code": "N2", "name": "North two", "location_id": shops.location_b},
        ),
        201,
    )
    ok(
        shops.manager_b.put(
            f"/api/v1/registers/{second_b['id']}/agent", json={"agent_id": north_pc}
        ),
        200,
    )
    assert sorted(_served(admin_api, second_b["id"])[0]) == ["N1", "N2"]


def test_the_devices_page_shows_the_refusal_and_changes_nothing(
    admin_api, api_as, client, manager_pages
):
    shops = two_shops(admin_api, api_as)
    north_pc = _agent_of(client, admin_api, shops.register_b)
    response = manager_pages.post_form("/admin/devices/1/agent", {"agent_id": str(north_pc)})
    assert response.status_code == 302
    page = manager_pages.get("/admin/devices/1").get_data(as_text=True)
    assert "this agent serves another store&#39;s registers" in page
    assert _served(admin_api, shops.register_b) == [["N1"]]
    assert all("N1" not in served for served in _served(admin_api, 1))


def test_the_page_offers_only_the_users_stores_agents_and_registers(
    admin_api, api_as, client, manager_pages, admin_pages
):
    shops = two_shops(admin_api, api_as)
    north_pc = _agent_of(client, admin_api, shops.register_b)
    option = f'<option value="{north_pc}"'
    also_b = f'name="also" value="{shops.register_b}"'
    page = manager_pages.get("/admin/devices/1").get_data(as_text=True)
    assert option not in page and also_b not in page
    page = admin_pages.get("/admin/devices/1").get_data(as_text=True)
    assert option in page and also_b in page


def test_a_pairing_code_cannot_take_another_stores_register(
    admin_api, api_as, client, manager_pages
):
    shops = two_shops(admin_api, api_as)
    _agent_of(client, admin_api, shops.register_b)
    response = manager_pages.post_form("/admin/devices/1/pair", {"also": str(shops.register_b)})
    assert response.status_code == 302  # back to the page, with the refusal
    page = manager_pages.get("/admin/devices/1").get_data(as_text=True)
    assert "this belongs to another store" in page and 'id="pairing-code"' not in page
    assert _served(admin_api, shops.register_b) == [["N1"]]


def test_a_store_user_sees_only_the_agents_of_their_store(admin_api, api_as, client):
    shops = two_shops(admin_api, api_as)
    north_pc = _agent_of(client, admin_api, shops.register_b)
    south_pc = _agent_of(client, admin_api, 1)

    def listed(api) -> set[int]:
        return {agent["id"] for agent in ok(api.get("/api/v1/device-agents"), 200)}

    assert listed(admin_api) == {north_pc, south_pc}
    assert listed(shops.manager_b) == {north_pc}
    assert listed(api_as("manager")) == {south_pc}
