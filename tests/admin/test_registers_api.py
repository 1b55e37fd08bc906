"""``POST /api/v1/registers`` and ``PATCH /api/v1/registers/<id>``: creating registers,
renaming them, and a code that is fixed once the register has been used."""

from __future__ import annotations

from core.testing import open_register


def _registers(api) -> dict[str, dict]:
    return {r["code"]: r for r in api.get("/api/v1/registers").get_json()}


def test_a_manager_creates_a_register(manager_api):
    """201 with the register, closed, selling from the default location."""
    response = manager_api.post("/api/v1/registers", json={"code": "R2", "name": "Terrace"})
    assert response.status_code == 201, response.get_json()
    made = response.get_json()
    assert (made["code"], made["name"], made["active"], made["is_open"]) == (
        "R2",
        "Terrace",
        True,
        False,
    )
    assert made["location_id"] == _registers(manager_api)["R1"]["location_id"]
    assert "R2" in _registers(manager_api)


def test_a_new_register_can_be_opened_and_sold_from(manager_api):
    made = manager_api.post("/api/v1/registers", json={"code": "R2", "name": "Terrace"})
    open_register(manager_api, made.get_json()["id"])
    assert _registers(manager_api)["R2"]["is_open"] is True


def test_a_taken_code_is_a_409_whatever_its_case(manager_api):
    response = manager_api.post("/api/v1/registers", json={"code": "r1", "name": "Copy"})
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "duplicate"
    assert sorted(_registers(manager_api)) == ["R1"]


def test_bad_input_is_a_422_and_creates_nothing(manager_api):
    for body in (
        {"code": "R 2", "name": "Space"},
        {"code": "", "name": "Empty"},
        {"code": "R2", "name": "   "},
        {"code": "R2"},
        {"code": "R2", "name": "X", "location_id": 987654},
        {"code": "R2", "name": "X", "location_id": True},
        {"code": "R2", "name": "X", "till": "yes"},
    ):
        response = manager_api.post("/api/v1/registers", json=body)
        assert response.status_code == 422, (body, response.get_json())
    assert sorted(_registers(manager_api)) == ["R1"]


def test_a_cashier_cannot_create_or_change_registers(cashier_api, register_id):
    assert (
        cashier_api.post("/api/v1/registers", json={"code": "R2", "name": "X"}).status_code == 403
    )
    assert (
        cashier_api.patch(f"/api/v1/registers/{register_id}", json={"name": "X"}).status_code == 403
    )


def test_rename_move_and_deactivate(manager_api, register_id):
    response = manager_api.patch(
        f"/api/v1/registers/{register_id}", json={"name": "Front desk", "active": False}
    )
    assert response.status_code == 200, response.get_json()
    assert (response.get_json()["name"], response.get_json()["active"]) == ("Front desk", False)
    refused = manager_api.post(f"/api/v1/registers/{register_id}/open", json={"float": 0})
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "register_inactive"


def test_the_code_of_an_unused_register_may_change(manager_api):
    made = manager_api.post("/api/v1/registers", json={"code": "R2", "name": "Terrace"})
    register_id = made.get_json()["id"]
    response = manager_api.patch(f"/api/v1/registers/{register_id}", json={"code": "TERRACE"})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["code"] == "TERRACE"


def test_the_code_is_fixed_once_the_register_was_opened(manager_api, register_id):
    """The code is part of every journal entry: once used, a change is a 409
    ``code_fixed`` and nothing changes (not even the other fields sent along)."""
    open_register(manager_api, register_id)
    response = manager_api.patch(
        f"/api/v1/registers/{register_id}", json={"code": "MAIN", "name": "Main"}
    )
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "code_fixed" and "code" in error["fields"]
    assert (_registers(manager_api)["R1"]["name"]) == "Register 1"
    same = manager_api.patch(f"/api/v1/registers/{register_id}", json={"code": "R1"})
    assert same.status_code == 200


def test_unknown_register_is_a_404(manager_api):
    assert manager_api.patch("/api/v1/registers/987654", json={"name": "X"}).status_code == 404


def test_the_endpoints_are_in_the_openapi_document(manager_api):
    paths = manager_api.get("/api/v1/openapi.json").get_json()["paths"]
    assert "post" in paths["/api/v1/registers"]
    assert "patch" in paths["/api/v1/registers/{register_id}"]


def test_a_null_location_moves_the_register_to_the_default_one(manager_api, register_id):
    """``location_id: null`` means the shop's default location, as on creation (it was a
    500 when the fuzzer sent it)."""
    response = manager_api.patch(f"/api/v1/registers/{register_id}", json={"location_id": None})
    assert response.status_code == 200, response.get_json()
    opened = manager_api.post(f"/api/v1/registers/{register_id}/open", json={"float": 0})
    assert opened.status_code in (200, 201), opened.get_json()
