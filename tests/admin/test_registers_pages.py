"""The registers pages of the back office: list, create, edit, sessions, X and Z reports."""

from __future__ import annotations

from core.testing import open_register, sale_body

PAGES = (
    "/admin/registers/",
    "/admin/registers/new",
    "/admin/registers/{id}",
    "/admin/registers/{id}/x-report",
    "/admin/cash-sessions/{session}",
    "/admin/cash-sessions/{session}/z-report",
)


def _close(api, register_id: int, counted: int) -> dict:
    response = api.post(f"/api/v1/registers/{register_id}/close", json={"counted_cash": counted})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _codes(api) -> list[str]:
    return sorted(r["code"] for r in api.get("/api/v1/registers").get_json())


def test_a_cashier_gets_403_on_every_registers_page(cashier_pages, manager_api, register_id):
    open_register(manager_api, register_id)
    session = manager_api.get("/api/v1/registers").get_json()[0]["session"]["id"]
    for page in PAGES:
        url = page.format(id=register_id, session=session)
        assert cashier_pages.get(url).status_code == 403, url
    assert cashier_pages.post_form("/admin/registers/new", {"code": "R9"}).status_code == 403
    assert _codes(manager_api) == ["R1"]


def test_the_list_shows_who_opened_each_register(manager_pages, manager_api, register_id):
    open_register(manager_api, register_id)
    page = manager_pages.get("/admin/registers/").get_data(as_text=True)
    assert "R1" in page and "Open since" in page and "X report" in page


def test_creating_a_register_from_the_page(manager_pages, manager_api):
    response = manager_pages.post_form(
        "/admin/registers/new", {"code": "R2", "name": "Terrace", "active": "on"}
    )
    assert response.status_code == 302
    assert _codes(manager_api) == ["R1", "R2"]
    shown = manager_pages.get(response.headers["Location"]).get_data(as_text=True)
    assert "Terrace" in shown and "never been opened" in shown


def test_bad_input_says_why_and_saves_nothing(manager_pages, manager_api):
    for form, message in (
        ({"code": "R 2", "name": "Space"}, "letters, digits"),
        ({"code": "r1", "name": "Copy"}, "already used"),
        ({"code": "R2", "name": ""}, "Name"),
    ):
        response = manager_pages.post_form("/admin/registers/new", form)
        assert response.status_code in (400, 409), form
        page = response.get_data(as_text=True)
        assert "Nothing was saved" in page and message in page, form
        assert f'value="{form["code"]}"' in page  # what was typed stays in the form
    assert _codes(manager_api) == ["R1"]


def test_forms_need_the_csrf_token(manager_pages, manager_api, register_id):
    forged = manager_pages.post_forged("/admin/registers/new", {"code": "R2", "name": "Evil"})
    assert forged.status_code == 400
    forged = manager_pages.post_forged(f"/admin/registers/{register_id}", {"name": "Evil"})
    assert forged.status_code == 400
    assert _codes(manager_api) == ["R1"]
    assert manager_api.get("/api/v1/registers").get_json()[0]["name"] == "Register 1"


def test_editing_a_used_register_keeps_its_code(manager_pages, manager_api, register_id):
    """Once opened, the page shows the code read-only, saves the rest, and a forged code
    change is refused with the reason."""
    open_register(manager_api, register_id)
    page = manager_pages.get(f"/admin/registers/{register_id}").get_data(as_text=True)
    assert "Fixed: this register has been used" in page
    saved = manager_pages.post_form(
        f"/admin/registers/{register_id}", {"name": "Front desk", "active": "on"}
    )
    assert saved.status_code == 302
    refused = manager_pages.post_form(
        f"/admin/registers/{register_id}", {"code": "MAIN", "name": "Main", "active": "on"}
    )
    assert refused.status_code == 409
    assert "fixed once the register has been used" in refused.get_data(as_text=True)
    assert manager_api.get("/api/v1/registers").get_json()[0]["name"] == "Front desk"
    assert _codes(manager_api) == ["R1"]


def test_the_x_report_of_an_open_register(manager_pages, shop, cashier_api):
    sold = cashier_api.post("/api/v1/sales", json=sale_body(shop.line("COFFEE", 2)))
    assert sold.status_code == 201
    page = manager_pages.get(f"/admin/registers/{shop.register_id}/x-report")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "X report" in text and "report-print.css" in text and "window.print()" in text
    assert "€5.00" in text  # two coffees


def test_the_x_report_of_a_closed_register_says_so(manager_pages, register_id):
    response = manager_pages.get(f"/admin/registers/{register_id}/x-report")
    assert response.status_code == 302
    assert "is not open" in manager_pages.get(response.headers["Location"]).get_data(as_text=True)


def test_the_z_history_and_a_z_report(manager_pages, manager_api, shop, cashier_api):
    """Each closed session is listed on its register with a link to its Z report, which
    shows the figures kept at closing, over/short included."""
    assert cashier_api.post("/api/v1/sales", json=sale_body(shop.line("TEA"))).status_code == 201
    moved = manager_api.post(
        f"/api/v1/registers/{shop.register_id}/cash",
        json={"kind": "out", "amount": 500, "reason": "Window cleaner"},
    )
    assert moved.status_code == 201
    z = _close(manager_api, shop.register_id, 10000 + 400 - 500 - 100)
    history = manager_pages.get(f"/admin/registers/{shop.register_id}").get_data(as_text=True)
    assert f"/admin/cash-sessions/{z['session_id']}/z-report" in history
    session = manager_pages.get(f"/admin/cash-sessions/{z['session_id']}").get_data(as_text=True)
    assert "Window cleaner" in session and "€5.00" in session
    report = manager_pages.get(f"/admin/cash-sessions/{z['session_id']}/z-report")
    text = report.get_data(as_text=True)
    assert report.status_code == 200 and "Z report" in text
    assert 'data-over-short="-100"' in text and "-€1.00" in text
    assert z["journal"]["head"] in text


def test_an_open_session_has_no_z_report_yet(manager_pages, manager_api, register_id):
    open_register(manager_api, register_id)
    session = manager_api.get("/api/v1/registers").get_json()[0]["session"]["id"]
    response = manager_pages.get(f"/admin/cash-sessions/{session}/z-report")
    assert response.status_code == 302


def test_unknown_ids_are_404(manager_pages):
    for url in ("/admin/registers/987654", "/admin/cash-sessions/987654/z-report"):
        assert manager_pages.get(url).status_code == 404, url
