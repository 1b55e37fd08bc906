"""``core.fields.money_from_text``: the one reader of amounts typed in forms and CSV files
(catalog, settings, plugins), in the currency's own decimals."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from marshmallow import ValidationError

from core.fields import money_from_text, money_text


@pytest.mark.parametrize(
    ("text", "currency", "amount"),
    [
        ("12.50", "EUR", 1250),
        ("12,50", "EUR", 1250),
        (" 12 ", "EUR", 1200),
        ("12.500", "EUR", 1250),  # trailing zeros are not a third decimal
        ("1 234,50", "EUR", 123450),
        ("1\u00a0234,50", "EUR", 123450),  # no-break space
        ("1\u202f234,50", "EUR", 123450),  # narrow no-break space, as French writes it
        ("1234", "JPY", 1234),  # no decimals
        ("1.234", "KWD", 1234),  # three decimals
        ("0", "EUR", 0),
    ],
)
def test_amounts_people_type(app, text, currency, amount):
    with app.test_request_context():
        assert money_from_text(text, currency) == amount


@pytest.mark.parametrize(
    ("text", "currency", "message"),
    [
        ("douze", "EUR", "'douze' is not an amount such as 12.50"),
        ("1,234.50", "EUR", "is not an amount"),  # two kinds of separator: ambiguous
        ("-1", "EUR", "is not an amount"),  # no amount here may be negative
        ("12.", "EUR", "is not an amount"),
        ("", "EUR", "is not an amount"),
        ("12.505", "EUR", "at most 2 decimals"),
        ("12.5", "JPY", "no decimals"),
        ("1000000000.01", "EUR", "must be between 0.00 and 1000000000.00"),
    ],
)
def test_what_is_refused_and_why(app, text, currency, message):
    with app.test_request_context(), pytest.raises(ValidationError) as refused:
        money_from_text(text, currency)
    assert message in " ".join(refused.value.messages)


def test_bounds_and_negatives_where_allowed(app):
    with app.test_request_context():
        assert money_from_text("-2.50", "EUR", minimum=-1000) == -250
        with pytest.raises(ValidationError, match="must be between 0.01 and"):
            money_from_text("0", "EUR", minimum=1)


def test_the_message_speaks_the_readers_language(app):
    with app.test_request_context(), force_locale("fr"), pytest.raises(ValidationError) as refused:
        money_from_text("12.505", "EUR")
    assert refused.value.messages == ["2 décimales au plus"]


def test_money_text_reads_back():
    for amount, currency in ((1250, "EUR"), (-1250, "EUR"), (1234, "JPY"), (1234, "KWD")):
        assert money_text(amount, currency) in ("12.50", "-12.50", "1234", "1.234")
        assert money_text(amount, currency).startswith("-") == (amount < 0)
