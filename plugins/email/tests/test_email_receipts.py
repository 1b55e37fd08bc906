"""Receipts by e-mail through a real SMTP server on localhost: in the customer's language,
through the outbox, never lost to an outage, never sent twice."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from email_testing import SmtpServer, free_port, html_part, point_at, text_part

from core.plugins import db
from core.testing import outbox_due, sell
from plugins.email.models import EmailMessage

pytestmark = pytest.mark.comptoir_plugins("email")


def ask(api, sale, body):
    """Ask for the receipt by e-mail, as a till does; the answer is closed as a WSGI
    server closes it once sent, which is when the outbox makes its first attempt."""
    response = api.post(f"/api/v1/sales/{sale['id']}/email", json=body)
    response.close()
    return response


def _customer(api, **fields):
    response = api.post("/api/v1/customers", json={"name": "Anne Martin", **fields})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _message(app, message_id: int) -> EmailMessage:
    with app.app_context():
        message = db.session.get(EmailMessage, message_id)
        db.session.expunge(message)
        return message


def test_receipt_arrives_in_the_customers_language(app, shop, smtp, admin_api, cashier_api):
    """A Dutch-speaking customer's receipt arrives, text and HTML, written in Dutch, at
    their address, without the cashier typing it."""
    point_at(admin_api, smtp)
    anne = _customer(cashier_api, email="anne@example.org")
    assert (
        admin_api.patch(f"/api/v1/customers/{anne['id']}", json={"language": "nl"}).status_code
        == 200
    )
    sale = sell(cashier_api, shop.line("BOOK"), customer_id=anne["id"])

    response = ask(cashier_api, sale, {})

    assert response.status_code == 202, response.get_json()
    queued = response.get_json()
    assert (queued["recipient"], queued["language"]) == ("anne@example.org", "nl")
    (mail,) = smtp.inbox.messages
    assert mail["To"] == "anne@example.org"
    assert mail["Content-Language"] == "nl"
    assert mail["Subject"] == f"Uw bon {sale['receipt_number']} van {_store_name(admin_api)}"
    assert "Totaal" in text_part(mail) and "Total " not in text_part(mail)
    assert "Totaal" in html_part(mail) and "<html" in html_part(mail)
    assert _message(app, queued["id"]).status == "sent"


def test_the_address_and_language_given_win(app, shop, smtp, admin_api, cashier_api):
    """The address and language typed at the till are used over the store's."""
    point_at(admin_api, smtp)
    sale = sell(cashier_api, shop.line("PEN"))
    response = ask(cashier_api, sale, {"to": "Paul@Example.org", "language": "fr"})
    assert response.status_code == 202
    (mail,) = smtp.inbox.messages
    assert mail["To"] == "paul@example.org"
    assert mail["Subject"].startswith("Votre ticket")
    assert "Total" in text_part(mail)


def test_without_a_language_the_store_speaks(app, shop, smtp, admin_api, cashier_api):
    point_at(admin_api, smtp)
    sale = sell(cashier_api, shop.line("PEN"))
    ask(cashier_api, sale, {"to": "paul@example.org"})
    (mail,) = smtp.inbox.messages
    assert mail["Content-Language"] == "en"
    assert mail["Subject"].startswith("Your receipt")


def test_an_smtp_outage_delays_the_receipt_but_never_loses_it(
    app, shop, admin_api, cashier_api, cli_runner
):
    """The mail server is down when the receipt is asked for: the sale and the answer are
    not held up, the failure is recorded, and the outbox delivers it once the server is
    back, exactly once however often it runs."""
    server = SmtpServer(free_port())  # not started: the outage
    point_at(admin_api, server)
    sale = sell(cashier_api, shop.line("BOOK"))

    response = ask(cashier_api, sale, {"to": "a@example.org"})

    assert response.status_code == 202
    message_id = response.get_json()["id"]
    failed = _message(app, message_id)
    assert failed.status == "retrying" and failed.attempts == 1
    assert "Connection refused" in failed.last_error
    assert cashier_api.get(f"/api/v1/sales/{sale['id']}").get_json()["status"] == "completed"

    server.start()
    try:
        outbox_due(app)
        assert cli_runner("outbox", "run").exit_code == 0
        outbox_due(app)
        assert cli_runner("outbox", "run").exit_code == 0
        (mail,) = server.inbox.messages
    finally:
        server.stop()
    assert mail["To"] == "a@example.org"
    sent = _message(app, message_id)
    assert (sent.status, sent.attempts, sent.last_error) == ("sent", 2, None)


def test_a_refused_address_is_recorded_as_bounced_and_not_retried(
    app, shop, smtp, admin_api, cashier_api, manager_api
):
    point_at(admin_api, smtp)
    smtp.inbox.refuse.add("gone@example.org")
    sale = sell(cashier_api, shop.line("PEN"))
    response = ask(cashier_api, sale, {"to": "gone@example.org"})
    assert response.status_code == 202
    bounced = _message(app, response.get_json()["id"])
    assert bounced.status == "bounced" and "550" in bounced.last_error
    assert smtp.inbox.messages == []
    listed = manager_api.get("/api/v1/email/messages?status=bounced").get_json()
    assert [m["recipient"] for m in listed] == ["gone@example.org"]


@pytest.mark.parametrize(
    "body, field",
    [({"to": "not-an-address"}, "to"), ({"to": "a@example.org", "language": "de"}, "language")],
)
def test_bad_input_is_a_422_and_queues_nothing(
    app, shop, smtp, admin_api, cashier_api, body, field
):
    point_at(admin_api, smtp)
    sale = sell(cashier_api, shop.line("PEN"))
    response = ask(cashier_api, sale, body)
    assert response.status_code == 422 and field in response.get_json()["error"]["fields"]
    assert _count(app) == 0


def test_no_address_known_is_a_422(app, shop, smtp, admin_api, cashier_api):
    point_at(admin_api, smtp)
    sale = sell(cashier_api, shop.line("PEN"))
    response = ask(cashier_api, sale, {})
    assert response.status_code == 422 and "to" in response.get_json()["error"]["fields"]
    assert _count(app) == 0


def test_an_unknown_sale_is_a_404(cashier_api):
    response = cashier_api.post(
        "/api/v1/sales/00000000-0000-4000-8000-000000000000/email", json={"to": "a@example.org"}
    )
    assert response.status_code == 404


def test_the_smtp_password_is_never_shown_back(app, admin_api, manager_api):
    response = admin_api.put("/api/v1/email/smtp-password", json={"password": "s3cret-pass"})
    assert response.status_code == 200 and response.get_json() == {"password_set": True}
    assert manager_api.put("/api/v1/email/smtp-password", json={"password": "x"}).status_code == 403
    settings = admin_api.get("/api/v1/settings/email").get_data(as_text=True)
    assert "s3cret-pass" not in settings
    with app.app_context():
        stored = db.session.execute(sa.text("SELECT password_encrypted FROM email_smtp_secret"))
        assert "s3cret-pass" not in stored.scalar_one()
        from plugins.email import secrets

        assert secrets.get_password() == "s3cret-pass"


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(EmailMessage))


def _store_name(api) -> str:
    return api.get("/api/v1/settings/store").get_json()["name"]
