"""Refusals of bad input are read in the reader's language: marshmallow's own messages
("Missing data for required field.", "Length must be between 1 and 64.") through
core/validation_messages.py, and the messages Comptoir's and the plugins' validators give."""

from __future__ import annotations

import inspect

import pytest
from flask_babel import force_locale
from marshmallow import ValidationError, fields, validate

from core.validation_messages import MARSHMALLOW_MESSAGES, translate_messages

FRENCH = {"Accept-Language": "fr"}


def _marshmallow_defaults() -> set[str]:
    """Every default message of marshmallow's fields, schemas and validators, with the
    parts that are not values filled in as marshmallow fills them."""
    raw = {"Invalid input type.", "Unknown field."}  # the schema's own
    for _name, cls in inspect.getmembers(fields, inspect.isclass):
        raw |= set(getattr(cls, "default_error_messages", {}).values())
    ops = validate.Range
    for _name, cls in inspect.getmembers(validate, inspect.isclass):
        for attribute in dir(cls):
            value = getattr(cls, attribute)
            if attribute.startswith(("message", "default_message")) and isinstance(value, str):
                raw.add(value)
    raw -= {ops.message_gt, ops.message_gte, ops.message_lt, ops.message_lte}
    filled = set()
    for message in raw:
        message = message.replace("{input!r}", "{input}")
        if "_op}" in message:
            filled |= {
                message.format(min_op=low, max_op=high)
                for low in (ops.message_gt, ops.message_gte)
                for high in (ops.message_lt, ops.message_lte)
            }
        elif "{awareness}" in message:
            filled |= {
                message.format(awareness=aware, obj_type=kind)
                for aware in ("aware", "naive")
                for kind in ("datetime", "time")
            }
        elif "{obj_type}" in message:
            filled |= {message.replace("{obj_type}", kind) for kind in ("datetime", "date", "time")}
        else:
            filled.add(message)
    return filled


def test_every_message_marshmallow_writes_is_in_the_catalogs():
    """A marshmallow upgrade with a new default message fails here, not in front of a
    French cashier."""
    missing = _marshmallow_defaults() - set(MARSHMALLOW_MESSAGES)
    assert missing == set()


def test_marshmallow_messages_are_rewritten_with_their_values(app):
    with app.test_request_context(), force_locale("fr"):
        messages = {
            "code": ["Length must be between 1 and 32."],
            "lines": {0: {"quantity": ["Missing data for required field."]}},
            "when": ['"soon" cannot be formatted as a datetime.'],
            "mine": ["déjà traduit"],
        }
        assert translate_messages(messages) == {
            "code": ["La longueur doit être comprise entre 1 et 32."],
            "lines": {0: {"quantity": ["Champ obligatoire manquant."]}},
            "when": ["« soon » ne peut pas être lu comme une date et heure."],
            "mine": ["déjà traduit"],
        }
    with app.test_request_context(), force_locale("ru"):
        assert translate_messages(["Must be greater than or equal to 1."]) == [
            "Должно быть не меньше 1."
        ]


def test_a_french_api_client_sending_a_bad_register_code_reads_french(admin_api):
    response = admin_api.post(
        "/api/v1/registers", json={"code": "caisse n°2", "name": "Terrasse"}, headers=FRENCH
    )
    assert response.status_code == 422
    assert response.json["error"]["fields"]["code"] == ["1 à 32 lettres, chiffres, - ou _"]
    missing = admin_api.post("/api/v1/registers", json={"code": "R9"}, headers=FRENCH)
    assert missing.json["error"]["fields"]["name"] == ["Champ obligatoire manquant."]
    english = admin_api.post("/api/v1/registers", json={"code": "R9"})
    assert english.json["error"]["fields"]["name"] == ["Missing data for required field."]


def test_a_sale_line_refused_in_russian(admin_api):
    """The shop's value types (core/fields.py) speak the reader's language too."""
    body = {"register_id": 1, "lines": [{"product_id": 1, "quantity": "1.2345"}]}
    response = admin_api.post("/api/v1/sales/quote", json=body, headers={"Accept-Language": "ru"})
    assert response.status_code == 422
    assert "не более 3 знаков после запятой" in str(response.json["error"]["fields"])


@pytest.mark.comptoir_plugins("crm", "loyalty", "promotions")
def test_the_plugins_validators_speak_french(app):
    """loyalty's "not zero" and promotions' HH:MM, as their schemas refuse them."""
    from plugins.loyalty.schemas import AdjustSchema
    from plugins.promotions.schemas import HoursSchema

    runtime_app = app.comptoir_host.runtimes.current().app
    with runtime_app.test_request_context(headers=FRENCH):
        with pytest.raises(ValidationError) as zero:
            AdjustSchema().load({"points": 0, "reason": "geste"})
        assert zero.value.messages["points"] == ["pas zéro"]
        with pytest.raises(ValidationError) as hours:
            HoursSchema().load({"start": "9h", "end": "18:00"})
        assert hours.value.messages["start"] == ["une heure au format HH:MM, par ex. 09:30"]
