"""Device jobs from the server to the agent: queued once, spooled before they run, run
once, across a lost answer, an agent restart and a printer that was off."""

from __future__ import annotations

import sqlalchemy as sa
from agent_kit import cash_sale, pairing_code, set_devices

from core.db import db
from core.devices.models import DeviceJob
from hardware import open_devices
from hardware.channel import ServerChannel, pair
from hardware.jobs import JobRunner, JobWorker
from hardware.spool import Spool

PULSE = b"\x1bp\x00"


def _agent(served, manager_api):
    return pair(served.url, pairing_code(manager_api), "till-pc")


def _worker(credentials, printer, state):
    devices = open_devices({"printer": printer.address, "drawer": "printer"})
    return JobWorker(
        ServerChannel(credentials["server"], credentials["token"]),
        Spool(state / "spool.sqlite"),
        JobRunner(devices),
    )


def _jobs(app):
    with app.app_context():
        return [
            (job.kind, job.status, job.attempts)
            for job in db.session.scalars(sa.select(DeviceJob).order_by(DeviceJob.created_at))
        ]


def _print(cashier_api, sale):
    response = cashier_api.post("/api/v1/device-print/receipt", json={"sale_id": sale["id"]})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_a_cash_sale_prints_and_kicks_the_drawer_once(
    app,
    served,
    manager_api,
    cashier_api,
    shop,
    printer,
    tmp_path,
):
    """The receipt goes to the register's printer with the drawer pulse, and asking
    again (a retried request) queues nothing more."""
    set_devices(manager_api, printer="agent", drawer=True)
    worker = _worker(_agent(served, manager_api), printer, tmp_path)
    sale = cash_sale(cashier_api, shop)
    first = _print(cashier_api, sale)
    again = _print(cashier_api, sale)
    assert first["printer"] == "agent" and first["job"]["id"] == again["job"]["id"]
    worker.step()
    worker.step()
    assert len(printer.received) == 1
    data = printer.received[0]
    assert data.startswith(b"\x1b@") and PULSE in data and data.endswith(b"\x1dVA\x00")
    assert _jobs(app) == [("print", "done", 1)]


def test_a_browser_register_queues_nothing(app, manager_api, cashier_api, shop):
    """Where the register prints with the browser, the till opens its print window."""
    answer = _print(cashier_api, cash_sale(cashier_api, shop))
    assert answer == {"printer": "browser", "job": None}
    assert _jobs(app) == []


def test_a_job_redelivered_after_a_restart_is_not_run_again(
    app,
    served,
    manager_api,
    cashier_api,
    shop,
    printer,
    tmp_path,
):
    """The agent received and printed the job, then stopped before answering: the
    server hands the job out again, and the restarted agent answers it from its spool
    without printing twice."""
    set_devices(manager_api, printer="agent")
    credentials = _agent(served, manager_api)
    _print(cashier_api, cash_sale(cashier_api, shop))
    before = _worker(credentials, printer, tmp_path)
    assert before.receive() == 1
    assert before.run_waiting() == 1
    before.spool.close()  # killed here: no answer sent
    assert _jobs(app) == [("print", "delivered", 1)]
    after = _worker(credentials, printer, tmp_path)
    assert after.receive() == 0  # handed out again, known to the spool
    assert after.run_waiting() == 0
    assert after.report_finished() == 1
    assert len(printer.received) == 1
    assert _jobs(app) == [("print", "done", 2)]


def test_a_job_received_then_the_agent_restarted_runs_once(
    app,
    served,
    manager_api,
    cashier_api,
    shop,
    printer,
    tmp_path,
):
    """Killed after spooling and before printing: the restarted agent prints it once."""
    set_devices(manager_api, printer="agent")
    credentials = _agent(served, manager_api)
    _print(cashier_api, cash_sale(cashier_api, shop))
    before = _worker(credentials, printer, tmp_path)
    assert before.receive() == 1
    before.spool.close()
    after = _worker(credentials, printer, tmp_path)
    after.step()
    after.step()
    assert len(printer.received) == 1
    assert _jobs(app) == [("print", "done", 2)]


def test_a_job_for_a_printer_that_is_off_waits_and_prints_once_back(
    app,
    served,
    manager_api,
    cashier_api,
    shop,
    printer,
    tmp_path,
):
    """Printer off: the job stays in the spool and on the server, the heartbeat says
    the printer is offline; switched on, it prints once."""
    set_devices(manager_api, printer="agent")
    worker = _worker(_agent(served, manager_api), printer, tmp_path)
    printer.off()
    _print(cashier_api, cash_sale(cashier_api, shop))
    worker.step()
    worker.step()
    assert printer.received == []
    assert _jobs(app)[0][1] == "delivered"
    worker.step()  # the heartbeat after a failure reports it
    devices = manager_api.get("/api/v1/registers/1/devices").get_json()
    assert devices["status"]["printer"]["online"] is False
    printer.on()
    worker.step()
    worker.step()
    assert len(printer.received) == 1
    assert _jobs(app)[0][1] == "done"
    worker.step()
    devices = manager_api.get("/api/v1/registers/1/devices").get_json()
    assert devices["status"]["printer"]["online"] is True


def test_a_job_interrupted_while_printing_is_failed_not_run_again(
    app,
    served,
    manager_api,
    cashier_api,
    shop,
    printer,
    tmp_path,
):
    """Killed while the bytes were going out, the paper may carry the receipt: the job
    is reported failed (the back office can retry it), never printed again on its own."""
    set_devices(manager_api, printer="agent")
    credentials = _agent(served, manager_api)
    _print(cashier_api, cash_sale(cashier_api, shop))
    before = _worker(credentials, printer, tmp_path)
    before.receive()
    job = before.spool.waiting()[0]
    assert before.spool.start(job["id"])  # and killed before it finished
    before.spool.close()
    after = _worker(credentials, printer, tmp_path)
    after.step()
    assert printer.received == []
    assert _jobs(app) == [("print", "failed", 2)]
    retried = manager_api.post(f"/api/v1/device-jobs/{job['id']}/retry")
    assert retried.status_code == 201
    after.step()
    after.step()
    assert len(printer.received) == 1


def test_jobs_of_another_register_are_not_handed_out(
    app,
    served,
    manager_api,
    cashier_api,
    shop,
    printer,
    tmp_path,
):
    response = manager_api.post("/api/v1/registers", json={"code": "R2", "name": "Two"})
    assert response.status_code == 201
    other = response.get_json()["id"]
    set_devices(manager_api, printer="agent")
    set_devices(manager_api, register_id=other, printer="agent")
    worker = _worker(_agent(served, manager_api), printer, tmp_path)
    assert manager_api.post(f"/api/v1/registers/{other}/test-print").status_code == 201
    worker.step()
    assert printer.received == []


def test_print_ticket_queues_once_per_key_on_a_named_printer(app, manager_api):
    """A plugin's ticket (core.plugins.print_ticket) is laid out from sections and
    queued once per key."""
    from core.devices.services import add_named_printer
    from core.plugins import ReceiptRow, ReceiptSection, print_ticket

    with app.app_context():
        add_named_printer(1, "kitchen", 58)
        db.session.commit()
        sections = [ReceiptSection("Table 12", (ReceiptRow("2 x", "Steak frites"),))]
        first = print_ticket("kitchen", sections, title="Order 41", key="order:41")
        db.session.commit()
        second = print_ticket("kitchen", sections, title="Order 41", key="order:41")
        db.session.commit()
        assert first == second
        assert db.session.get(DeviceJob, first).target == "printer:kitchen"
        assert db.session.scalar(sa.select(sa.func.count(DeviceJob.id))) == 1


def test_a_named_printer_job_goes_to_the_agents_named_printer(
    app,
    served,
    manager_api,
    printer,
    tmp_path,
):
    from core.devices.services import add_named_printer
    from core.plugins import ReceiptRow, ReceiptSection, print_ticket

    credentials = _agent(served, manager_api)
    with app.app_context():
        add_named_printer(1, "kitchen")
        print_ticket(
            "kitchen",
            [ReceiptSection("Table 12", (ReceiptRow("2 x", "Steak frites"),))],
            title="Order 41",
            key="order:41",
        )
        db.session.commit()
    devices = open_devices({"printer": "none", "drawer": "none"})
    worker = JobWorker(
        ServerChannel(credentials["server"], credentials["token"]),
        Spool(tmp_path / "spool.sqlite"),
        JobRunner(devices, {"kitchen": open_devices({"printer": printer.address}).printer}),
    )
    worker.step()
    assert len(printer.received) == 1 and b"Steak frites" in printer.received[0]
    assert _jobs(app) == [("print", "done", 1)]
