"""A tip in the books: owed to the staff (a debt), never a sale; the ledger export with
tips still balances for hledger."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from core.testing import refund, sell

pytestmark = pytest.mark.comptoir_plugins("restaurant", "accounting")

#: The French chart's account of the tips owed to the staff.
TIPS_OWED = "428600"


def entry_for(api, kind: str, reference: str) -> dict:
    answer = api.get("/api/v1/accounting/entries")
    assert answer.status_code == 200, answer.get_json()
    (found,) = [e for e in answer.get_json() if e["kind"] == kind and e["reference"] == reference]
    return found


def balances(entry: dict) -> dict[str, int]:
    """Signed amount per account (debit positive), the entry checked balanced."""
    result: dict[str, int] = {}
    for line in entry["lines"]:
        result[line["account"]] = result.get(line["account"], 0) + line["debit"] - line["credit"]
    assert sum(result.values()) == 0, entry
    return result


def test_a_tip_is_booked_as_owed_to_the_staff(shop, cashier_api, manager_api):
    """A 5.00 beer and a 1.00 tip on the card: the card debited 6.00, the tip credited to
    the staff's account with no tax, the sale to the sales at 20 %."""
    sale = sell(
        cashier_api,
        shop.line("BEER"),
        {"tip": {"amount": 100, "paid_by": "card"}, "quantity": 1},
        payments=[{"method": "card", "amount": 600}],
    )
    entry = entry_for(manager_api, "sale", sale["id"])
    booked = balances(entry)
    assert booked["511200"] == 600 and booked[TIPS_OWED] == -100
    assert booked["707100"] + booked["445711"] == -500


def test_a_refunded_tip_is_taken_back_from_the_staff(shop, cashier_api, manager_api):
    sale = sell(
        cashier_api,
        shop.line("BEER"),
        {"tip": {"amount": 100}, "quantity": 1},
        payments=[{"method": "cash", "amount": 600}],
    )
    answer = refund(manager_api, sale, [(1, 1)], [{"method": "cash", "amount": 100}])
    assert answer.status_code == 201, answer.get_json()
    entry = entry_for(manager_api, "refund", answer.get_json()["id"])
    assert balances(entry) == {TIPS_OWED: 100, "530000": -100}


def test_the_ledger_export_with_tips_passes_hledger_check(shop, cashier_api, manager_api, tmp_path):
    sell(
        cashier_api,
        shop.line("STEAK"),
        {"tip": {"amount": 300}, "quantity": 1},
        payments=[{"method": "cash", "amount": 3000}],
    )
    hledger = shutil.which("hledger")
    assert hledger, "hledger is needed: apt-get install -y hledger (.ci/run installs it)"
    response = manager_api.get("/api/v1/accounting/export", query_string={"format": "ledger"})
    assert response.status_code == 200, response.get_json()
    path = tmp_path / "books.journal"
    path.write_bytes(response.data)
    checked = subprocess.run(
        [hledger, "-f", str(path), "check", "accounts", "commodities", "ordereddates"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr + path.read_text()
    assert "428600" in path.read_text()
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
