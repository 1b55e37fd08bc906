"""The books exported: CSV, the French FEC with its regulated layout, a ledger journal
that hledger accepts, and the formats connector plugins add."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import subprocess
import uuid

import pytest

from core.testing import refund, sell
from plugins.accounting.exports import FEC_COLUMNS

pytestmark = pytest.mark.comptoir_plugins("accounting")


@pytest.fixture
def books(shop, cashier_api, manager_api):
    """A day of trading: a sale in cash with change, one by card, a refund, a void, cash
    taken out, and the closing 2.00 over."""
    first = sell(
        cashier_api,
        shop.line("COFFEE", 3),
        shop.line("CROISSANT"),
        payments=[{"method": "cash", "amount": 2000}],
    )
    sell(
        cashier_api,
        shop.line("TEA", 2, discount_percent="5"),
        payments=[{"method": "card", "amount": 760}],
    )
    voided = sell(cashier_api, shop.line("TEA"), payments=[{"method": "cash", "amount": 400}])
    answer = refund(manager_api, first, [(0, 1)], [{"method": "cash", "amount": 250}])
    assert answer.status_code == 201, answer.get_json()
    answer = manager_api.post(f"/api/v1/sales/{voided['id']}/void", json={"id": str(uuid.uuid4())})
    assert answer.status_code == 201, answer.get_json()
    answer = manager_api.post(
        "/api/v1/registers/1/cash", json={"kind": "out", "amount": 1000, "reason": "bank"}
    )
    assert answer.status_code == 201, answer.get_json()
    expected = manager_api.get("/api/v1/registers/1/x-report").get_json()["expected_cash"]
    closed = manager_api.post("/api/v1/registers/1/close", json={"counted_cash": expected + 200})
    assert closed.status_code == 200, closed.get_json()
    return manager_api


def _export(api, **query):
    response = api.get("/api/v1/accounting/export", query_string=query)
    assert response.status_code == 200, response.get_json()
    return response


def _today() -> str:
    return dt.datetime.now(dt.UTC).date().isoformat()


def test_the_csv_export_balances(books):
    response = _export(books, format="csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    kinds = {row["kind"] for row in rows}
    assert kinds == {"float", "sale", "refund", "void", "cash_out", "closing"}
    cents = lambda text: int(text.replace(".", ""))  # noqa: E731
    assert sum(cents(r["debit"]) for r in rows) == sum(cents(r["credit"]) for r in rows) > 0
    assert response.headers["Content-Disposition"].endswith('.csv"')


def _set_siren(api, siren="552100554"):
    answer = api.patch("/api/v1/settings/accounting", json={"siren": siren})
    assert answer.status_code == 200, answer.get_json()


def test_the_fec_needs_the_siren(books):
    answer = books.get("/api/v1/accounting/export", query_string={"format": "fec"})
    assert answer.status_code == 422
    assert answer.get_json()["error"]["code"] == "siren_missing"


@pytest.mark.parametrize("separator, char", [("pipe", "|"), ("tab", "\t")])
def test_the_fec_has_the_regulated_layout(books, admin_api, separator, char):
    """18 columns in the regulated order, dates YYYYMMDD, amounts with a decimal comma,
    entries numbered 1, 2, 3... with no gap, each balanced, and the file named
    <SIREN>FEC<closing date>.txt."""
    _set_siren(admin_api)
    today = dt.datetime.now(dt.UTC).date()
    response = _export(books, format="fec", separator=separator, to=today.isoformat())
    name = re.search(r'filename="([^"]+)"', response.headers["Content-Disposition"])[1]
    assert name == f"552100554FEC{today:%Y%m%d}.txt"
    lines = response.get_data(as_text=True).split("\r\n")
    assert lines[-1] == ""
    header, rows = lines[0].split(char), [line.split(char) for line in lines[1:-1]]
    assert tuple(header) == FEC_COLUMNS and len(FEC_COLUMNS) == 18
    assert all(len(row) == 18 for row in rows)
    column = {name: i for i, name in enumerate(FEC_COLUMNS)}
    numbers, sums = [], {}
    for row in rows:
        assert re.fullmatch(r"\d{8}", row[column["EcritureDate"]])
        assert row[column["EcritureDate"]] == f"{today:%Y%m%d}" == row[column["ValidDate"]]
        for amount in ("Debit", "Credit"):
            assert re.fullmatch(r"\d+,\d{2}", row[column[amount]]), row
        number = int(row[column["EcritureNum"]])
        if not numbers or numbers[-1] != number:
            numbers.append(number)
        cents = [int(row[column[a]].replace(",", "")) for a in ("Debit", "Credit")]
        debit, credit = sums.get(number, (0, 0))
        sums[number] = (debit + cents[0], credit + cents[1])
        assert row[column["JournalCode"]] in ("VT", "CA") and row[column["CompteNum"]]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) == 8
    assert all(debit == credit for debit, credit in sums.values())


def test_the_ledger_export_passes_hledger_check(books, tmp_path):
    """hledger (Debian's package) reads the journal with its accounts and commodity
    declared: parseable, every transaction balanced, dates in order, and the whole
    journal sums to zero."""
    hledger = shutil.which("hledger")
    assert hledger, "hledger is needed: apt-get install -y hledger (.ci/run installs it)"
    path = tmp_path / "books.journal"
    path.write_bytes(_export(books, format="ledger").data)
    checked = subprocess.run(
        [hledger, "-f", str(path), "check", "accounts", "commodities", "ordereddates"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr + path.read_text()
    total = (
        subprocess.run(
            [hledger, "-f", str(path), "balance", "--no-elide", "-O", "csv"],
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    assert total in ('"total","0"', '"Total:","0"'), total


def test_an_unknown_format_or_a_backwards_period_is_refused(books):
    answer = books.get("/api/v1/accounting/export", query_string={"format": "xls"})
    assert answer.status_code == 422 and answer.get_json()["error"]["code"] == "unknown_format"
    answer = books.get(
        "/api/v1/accounting/entries", query_string={"from": "2026-02-01", "to": "2026-01-01"}
    )
    assert answer.status_code == 422 and answer.get_json()["error"]["code"] == "bad_period"
    answer = books.get("/api/v1/accounting/entries", query_string={"from": "yesterday"})
    assert answer.status_code == 422


def test_a_period_without_trading_is_empty(books):
    assert (
        books.get(
            "/api/v1/accounting/entries", query_string={"from": "2001-01-01", "to": "2001-01-31"}
        ).get_json()
        == []
    )


@pytest.mark.comptoir_extra_plugins("connector=accounting_connector_plugin")
@pytest.mark.comptoir_plugins("accounting", "connector")
def test_a_connector_plugin_adds_its_format(books):
    """A connector's format is served by the same endpoint; it cannot take a built-in
    format's code."""
    text = _export(books, format="fixed").get_data(as_text=True)
    assert text.count("\n") >= 7 and "530000" in text
    assert _export(books, format="csv").get_data(as_text=True).startswith("date,entry,")
