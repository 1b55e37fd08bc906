"""The Devices pages of the back office: every register's devices, and one register's
printer and devices, pairing code, named printers, recent jobs, test print and retry."""

from __future__ import annotations

import re

import sqlalchemy as sa

from core.db import db
from core.devices.models import DeviceJob, NamedPrinter, RegisterDevices


def test_a_cashier_gets_403_on_the_devices_pages(cashier_pages, register_id):
    for url in ("/admin/devices/", f"/admin/devices/{register_id}"):
        assert cashier_pages.get(url).status_code == 403, url
    response = cashier_pages.post_form(f"/admin/devices/{register_id}/test-print")
    assert response.status_code == 403


def test_the_page_links_to_the_receipt_preview(manager_pages, register_id):
    page = manager_pages.get(f"/admin/devices/{register_id}").get_data(as_text=True)
    assert f"/admin/receipts/preview?register={register_id}" in page
    assert "No agent is paired with this register." in page


def test_saving_the_devices(app, manager_pages, register_id):
    response = manager_pages.post_form(
        f"/admin/devices/{register_id}",
        {"printer": "agent", "paper_mm": "58", "number_code": "barcode", "drawer": "on"},
    )
    assert response.status_code == 302
    with app.app_context():
        row = db.session.get(RegisterDevices, register_id)
        assert (row.printer, row.paper_mm, row.number_code, row.drawer, row.scale) == (
            "agent",
            58,
            "barcode",
            True,
            False,
        )


def test_a_bad_setting_changes_nothing(app, manager_pages, register_id):
    response = manager_pages.post_form(
        f"/admin/devices/{register_id}", {"printer": "laser", "paper_mm": "wide"}
    )
    assert response.status_code == 302
    page = manager_pages.get(f"/admin/devices/{register_id}").get_data(as_text=True)
    assert "printer: one of" in page
    with app.app_context():
        assert db.session.get(RegisterDevices, register_id) is None


def test_the_pairing_code_is_shown_once(manager_pages, register_id):
    page = manager_pages.post_form(f"/admin/devices/{register_id}/pair").get_data(as_text=True)
    code = re.search(r'id="pairing-code"[^>]*>([A-Z0-9-]+)<', page).group(1)
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    assert f"--pair {code}" in page


def test_test_print_and_retry(app, manager_pages, register_id):
    response = manager_pages.post_form(f"/admin/devices/{register_id}/test-print")
    assert response.status_code == 302
    with app.app_context():
        job = db.session.scalar(sa.select(DeviceJob))
        assert (job.kind, job.status) == ("print", "queued")
        job.status = "failed"
        job.result = {"error": "paper jam"}
        db.session.commit()
        job_id = job.id
    page = manager_pages.get(f"/admin/devices/{register_id}").get_data(as_text=True)
    assert "paper jam" in page and f"/retry/{job_id}" in page
    manager_pages.post_form(f"/admin/devices/{register_id}/retry/{job_id}")
    with app.app_context():
        states = sorted(db.session.scalars(sa.select(DeviceJob.status)))
        assert states == ["failed", "queued"]


def test_named_printers_are_added_and_removed(app, manager_pages, register_id):
    manager_pages.post_form(
        f"/admin/devices/{register_id}/printers", {"name": "kitchen", "paper_mm": "80"}
    )
    again = manager_pages.post_form(
        f"/admin/devices/{register_id}/printers", {"name": "kitchen", "paper_mm": "80"}
    )
    assert again.status_code == 302
    with app.app_context():
        printers = db.session.scalars(sa.select(NamedPrinter)).all()
        assert [p.name for p in printers] == ["kitchen"]
        printer_id = printers[0].id
    manager_pages.post_form(f"/admin/devices/{register_id}/printers/{printer_id}/delete")
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(NamedPrinter.id))) == 0


def _pair(client, code: str) -> dict:
    response = client.post(
        "/api/v1/agent/pair", json={"name": "shop-pc"}, headers={"Authorization": f"Pairing {code}"}
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _second_register(admin_api) -> int:
    response = admin_api.post("/api/v1/registers", json={"code": "R2", "name": "Second"})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def test_a_pairing_code_can_name_more_registers(admin_api, client, manager_pages, register_id):
    """One shop PC driving two tills' devices: the agent paired with the code serves the
    registers ticked on the page, and each register's page says so."""
    second = _second_register(admin_api)
    page = manager_pages.post_form(
        f"/admin/devices/{register_id}/pair", {"also": str(second)}
    ).get_data(as_text=True)
    code = re.search(r'id="pairing-code"[^>]*>([A-Z0-9-]+)<', page).group(1)
    paired = _pair(client, code)
    assert sorted(register["id"] for register in paired["registers"]) == sorted(
        [register_id, second]
    )
    page = manager_pages.get(f"/admin/devices/{second}").get_data(as_text=True)
    assert "shop-pc" in page and "Offline" not in page.split('id="status"')[0]


def test_a_register_is_moved_to_another_agent_from_its_page(
    admin_api, client, manager_pages, register_id
):
    second = _second_register(admin_api)
    first = _pair(
        client,
        re.search(
            r'id="pairing-code"[^>]*>([A-Z0-9-]+)<',
            manager_pages.post_form(f"/admin/devices/{register_id}/pair").get_data(as_text=True),
        ).group(1),
    )
    page = manager_pages.get(f"/admin/devices/{second}").get_data(as_text=True)
    assert f'<option value="{first["agent_id"]}"' in page
    response = manager_pages.post_form(
        f"/admin/devices/{second}/agent", {"agent_id": str(first["agent_id"])}
    )
    assert response.status_code == 302
    page = manager_pages.get(f"/admin/devices/{second}").get_data(as_text=True)
    assert "The register is served by the chosen agent." in page
    assert re.search(r"Serves the registers [^<]*R2", page)
    # A wrong agent is refused and changes nothing.
    assert (
        manager_pages.post_form(f"/admin/devices/{second}/agent", {"agent_id": "x"}).status_code
        == 400
    )
    refused = manager_pages.post_form(f"/admin/devices/{second}/agent", {"agent_id": "9999"})
    assert refused.status_code == 302
    assert "no paired agent 9999" in manager_pages.get(f"/admin/devices/{second}").get_data(
        as_text=True
    )
