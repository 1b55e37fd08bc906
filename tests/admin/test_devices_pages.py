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
