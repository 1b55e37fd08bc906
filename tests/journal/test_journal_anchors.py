"""Issue 18, items 1 and 2: tampering that a chain inside the database cannot see.

Each test does what someone with the database alone (not the instance folder) could do,
and checks that ``verify`` names it. Before the anchor log, the v2 payloads and the
check for records without entries, every one of these passed as "intact".
"""

from __future__ import annotations

import copy
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm.attributes import flag_modified

from core.db import db


def _codes(result) -> list[tuple[str, int, str]]:
    return [(p.register_code, p.sequence, p.code) for p in result.problems]


@pytest.fixture
def sell(manager_api, register_id, products):
    """``sell()``: one more cash sale at R1 (its session must be open); its JSON."""

    def run() -> dict:
        response = manager_api.post(
            "/api/v1/sales",
            json={
                "id": str(uuid.uuid4()),
                "register_id": register_id,
                "lines": [{"product_id": products["COFFEE"], "quantity": 1}],
                "payments": [{"method": "cash", "amount": 250}],
            },
        )
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    return run


def _delete_sale(sale_id: str) -> None:
    from core.sales.models import Payment, Sale, SaleLine, SaleTax
    from core.stock.models import StockMovement

    db.session.execute(sa.delete(StockMovement).where(StockMovement.reference == sale_id))
    for model in (Payment, SaleTax, SaleLine):
        db.session.execute(sa.delete(model).where(model.sale_id == sale_id))
    db.session.execute(sa.delete(Sale).where(Sale.id == sale_id))


def _rewind(register_id: int, sequence: int, receipt_number: int) -> None:
    """Cut R1's chain after ``sequence`` and set its counters back, as a careful
    attacker with the database would."""
    from core.journal.models import JournalEntry
    from core.registers.models import Register

    head = db.session.scalar(
        sa.select(JournalEntry.hash).where(
            JournalEntry.register_id == register_id, JournalEntry.sequence == sequence
        )
    )
    db.session.execute(
        sa.delete(JournalEntry).where(
            JournalEntry.register_id == register_id, JournalEntry.sequence > sequence
        )
    )
    register = db.session.get(Register, register_id)
    register.journal_sequence, register.journal_head = sequence, head
    register.last_receipt_number = receipt_number


def test_tail_cut_with_counters_rewound_is_caught(app, day, sell, register_id, verified):
    """The last sale, its lines, payments, stock movements and entry deleted, and the
    register's sequence, head and receipt number set back: the chain in the database is
    whole and signed, but the anchor log outside it recorded head #8."""
    sale = sell()
    assert verified().ok
    with app.app_context():
        _delete_sale(sale["id"])
        _rewind(register_id, 7, sale["number"] - 1)
        db.session.commit()
    result = verified()
    assert _codes(result) == [("R1", 8, "anchor_cut")]
    assert "anchor log recorded head #8" in result.problems[0].reason
    assert "chain ends at #7" in result.problems[0].reason


def test_tail_cut_across_a_closed_session_with_the_z_head_edited_is_caught(
    app, day, register_id, verified
):
    """Cutting back to before the Z report and pointing the stored Z report's head at
    the new end: the anchor log names the cut, and the Z report's head is no longer its
    session's closing entry."""
    from core.journal.models import JournalEntry
    from core.registers.models import CashSession

    with app.app_context():
        fourth = db.session.scalar(sa.select(JournalEntry.hash).where(JournalEntry.sequence == 4))
        _rewind(register_id, 4, 1)
        session = db.session.scalars(sa.select(CashSession).order_by(CashSession.id)).first()
        report = copy.deepcopy(session.z_report)
        report["journal"] = {"sequence": 4, "head": fourth}
        session.z_report = report
        flag_modified(session, "z_report")
        db.session.commit()
    codes = _codes(verified())
    assert codes[0] == ("R1", 4, "z_report_head")
    assert ("R1", 5, "anchor_cut") in codes


def _snapshot(app, tmp_path: Path) -> str:
    """A copy of the whole database, as a backup would hold it."""
    from test_journal_tamper import _copy_with_shifted_ids, _empty_database

    import core.models  # noqa: F401 - every table in the metadata
    from core.db import Model

    target = _empty_database(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path)
    _copy_with_shifted_ids(app, target, Model.metadata, shift=0)
    return target


def _restore(app, snapshot: str) -> None:
    """Put the snapshot's rows back in place of the database's (a restore)."""
    import core.models  # noqa: F401
    from core.db import Model

    app.engine.dispose()
    present = set(sa.inspect(app.engine).get_table_names())
    tables = [t for t in Model.metadata.sorted_tables if t.name in present]
    source = sa.create_engine(snapshot, poolclass=sa.NullPool)
    with source.connect() as read, app.engine.begin() as write:
        for table in reversed(tables):
            write.execute(table.delete())
        for table in tables:
            rows = [dict(row._mapping) for row in read.execute(sa.select(table))]
            if rows:
                write.execute(table.insert(), rows)
    source.dispose()


def test_an_older_copy_put_back_is_reported_as_a_gap(app, day, sell, tmp_path, verified):
    """A backup restored (honestly, after a disk failure, or to erase sales) is not
    "intact": the entries written since the backup are named as missing."""
    from test_journal_tamper import _drop_database

    snapshot = _snapshot(app, tmp_path)
    try:
        sell()
        sell()
        _restore(app, snapshot)
    finally:
        _drop_database(snapshot)
    result = verified()
    assert _codes(result) == [("R1", 8, "anchor_cut")]
    assert result.problems[0].reason.startswith("entries 8 to 9 missing")


def test_an_older_sqlite_file_put_back_is_reported_as_a_gap(app, day, sell, verified):
    """The same with the SQLite file itself copied back over the live one."""
    import sqlite3

    url = sa.make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite":
        pytest.skip("a file copy is SQLite's restore; the row restore above runs on both")
    path = Path(url.database)
    backup = path.with_name("backup.db")
    with sqlite3.connect(path) as live, sqlite3.connect(backup) as copy_:
        live.backup(copy_)
    sell()
    app.engine.dispose()
    # The backup file copied back page by page over the live one (SQLite's own copy,
    # safe while other connections are open).
    with sqlite3.connect(backup) as older, sqlite3.connect(path) as live:
        older.backup(live)
    assert _codes(verified()) == [("R1", 8, "anchor_cut")]


def test_a_restore_then_new_sales_diverges_from_the_anchor_log(app, day, sell, tmp_path, verified):
    """After a restore the tills sell on: the new entries take sequences the anchor log
    knows with other hashes. Reported at the first reused sequence."""
    from test_journal_tamper import _drop_database

    snapshot = _snapshot(app, tmp_path)
    try:
        sell()
        _restore(app, snapshot)
    finally:
        _drop_database(snapshot)
    sell()
    sell()
    codes = _codes(verified())
    assert ("R1", 8, "anchor_diverged") in codes
    assert codes[0] == ("R1", 8, "anchor_diverged")


def test_a_missing_anchor_log_is_reported(app, day, verified):
    """Without the log, a cut at the end cannot be seen: that is said, not hidden."""
    from core.journal.anchors import anchor_path

    anchor_path(app.instance_path).unlink()
    assert [p.code for p in verified().problems] == ["anchor_log_missing"]


def test_the_anchor_log_holds_one_line_per_commit(app, day, sell):
    """Each commit that appended to the journal adds a line with the register's head."""
    import json

    from core.journal.anchors import anchor_path

    lines = anchor_path(app.instance_path).read_text().splitlines()
    before = len(lines)
    sale = sell()
    lines = anchor_path(app.instance_path).read_text().splitlines()
    assert len(lines) == before + 1
    last = json.loads(lines[-1])
    with app.app_context():
        from core.journal.models import JournalEntry

        entry = db.session.scalars(
            sa.select(JournalEntry).where(JournalEntry.reference == sale["id"])
        ).one()
    assert (last["r"], last["s"], last["h"]) == ("R1", entry.sequence, entry.hash)


def test_a_rolled_back_append_anchors_nothing(app, day, register_id):
    """An entry appended in a transaction that rolls back never reaches the log."""
    from core.journal.anchors import anchor_path
    from core.journal.services import append

    before = anchor_path(app.instance_path).read_text()
    with app.app_context():
        append(register_id, "cash_in", "R1/Mrolledback", {"amount": 1})
        db.session.rollback()
    assert anchor_path(app.instance_path).read_text() == before


# -- item 2: every column a fiscal record depends on -------------------------------------


def _sale_row(sale_id):
    from core.sales.models import Sale

    return db.session.get(Sale, sale_id)


def _first_line(sale_id):
    from core.sales.models import SaleLine

    return db.session.scalars(
        sa.select(SaleLine).where(SaleLine.sale_id == sale_id).order_by(SaleLine.position)
    ).first()


def _edit_sale(name: str, value):
    def edit(sale_id):
        setattr(_sale_row(sale_id), name, value)

    return edit


def _edit_line(name: str, value):
    def edit(sale_id):
        setattr(_first_line(sale_id), name, value)

    return edit


def _other_product(sale_id):
    line = _first_line(sale_id)
    from core.catalog.models import Product

    other = db.session.scalar(sa.select(Product.id).where(Product.id != line.product_id))
    line.product_id = other


@pytest.mark.parametrize(
    ("edit", "key"),
    [
        (_edit_sale("customer_id", 42), "customer_id"),
        (_edit_sale("status", "voided"), "status"),
        (_edit_sale("prices_include_tax", False), "prices_include_tax"),
        (_edit_sale("net_total", 1), "net_total"),
        (_edit_sale("paid_total", 1), "paid_total"),
        (_edit_sale("data", {"discount_approved_by": "manager"}), "data"),
        (_other_product, "lines"),
        (_edit_line("barcode", "4006381333931"), "lines"),
        (_edit_line("base", 1), "lines"),
        (_edit_line("net", 1), "lines"),
        (_edit_line("cart_discount", 7), "lines"),
    ],
    ids=[
        "customer_id",
        "status",
        "prices_include_tax",
        "net_total",
        "paid_total",
        "data",
        "line.product_id",
        "line.barcode",
        "line.base",
        "line.net",
        "line.cart_discount",
    ],
)
def test_each_sale_column_is_covered(app, day, verified, edit, key):
    """A sale's customer, status, line product and every other column that matters are
    in its journaled payload: changing one is named on the sale's entry."""
    with app.app_context():
        edit(day["sale"]["id"])
        db.session.commit()
    result = verified()
    assert _codes(result)[0] == ("R1", 3, "record_changed")
    assert key in result.problems[0].reason


@pytest.mark.parametrize(
    ("field", "value"),
    [("over_short", 12345), ("closed_by", "intruder"), ("opened_by", "intruder")],
)
def test_each_z_report_field_is_covered(app, day, verified, field, value):
    """The stored Z report's over/short and who closed and opened it must still say what
    the session's records say."""
    from core.registers.models import CashSession

    with app.app_context():
        session = db.session.scalars(sa.select(CashSession).order_by(CashSession.id)).first()
        report = copy.deepcopy(session.z_report)
        report[field] = value
        session.z_report = report
        flag_modified(session, "z_report")
        db.session.commit()
    result = verified()
    assert _codes(result) == [("R1", 6, "record_changed")]
    assert field in result.problems[0].reason


def test_the_session_closed_by_column_is_covered(app, day, verified):
    """Who closed the session (the column) is journaled at closing."""
    from core.auth.models import User
    from core.registers.models import CashSession

    with app.app_context():
        session = db.session.scalars(sa.select(CashSession).order_by(CashSession.id)).first()
        session.closed_by = db.session.scalar(
            sa.select(User.id).where(User.id != session.closed_by)
        )
        db.session.commit()
    assert _codes(verified())[0] == ("R1", 6, "record_changed")


def test_a_refund_reason_is_covered(app, day, verified):
    from core.sales.models import Refund

    with app.app_context():
        db.session.get(Refund, day["refund"]["id"]).reason = "changed"
        db.session.commit()
    result = verified()
    assert _codes(result)[0] == ("R1", 5, "record_changed")
    assert "reason" in result.problems[0].reason


def test_a_sale_inserted_without_an_entry_is_reported(app, day, verified):
    """A sale row slipped into the open session (whose figures no closing has yet
    journaled) has no entry: named with its register and id."""
    from core.registers.models import CashSession
    from core.sales.models import Sale

    with app.app_context():
        original = _sale_row(day["sale"]["id"])
        open_session = db.session.scalar(
            sa.select(CashSession.id).where(CashSession.status == "open")
        )
        forged = str(uuid.uuid4())
        db.session.add(
            Sale(
                id=forged,
                register_id=original.register_id,
                cash_session_id=open_session,
                location_id=original.location_id,
                number=99,
                user_id=original.user_id,
                currency="EUR",
                prices_include_tax=True,
                subtotal=500,
                discount_total=0,
                net_total=417,
                tax_total=83,
                total=500,
                paid_total=500,
                change=0,
            )
        )
        db.session.commit()
    result = verified()
    assert [(p.register_code, p.kind, p.reference, p.code) for p in result.problems] == [
        ("R1", "sale", forged, "unjournaled")
    ]
    assert "has no journal entry" in result.problems[0].reason


def test_a_cash_movement_inserted_without_an_entry_is_reported(app, day, manager_api, verified):
    from core.registers.models import CashMovement, CashSession

    with app.app_context():
        session = db.session.scalars(
            sa.select(CashSession).where(CashSession.status == "open")
        ).one()
        db.session.add(
            CashMovement(
                cash_session_id=session.id,
                kind="out",
                amount=5000,
                reason="pocket",
                user_id=session.opened_by,
            )
        )
        db.session.commit()
    assert [(p.kind, p.code) for p in verified().problems] == [("cash_out", "unjournaled")]


def test_verify_never_creates_a_key(app, day, verified, cli_runner):
    """With the journal key gone, verify is an error naming the file; no key appears."""
    from core.journal.keys import KEY_FILE, MissingKey

    key = Path(app.instance_path) / KEY_FILE
    key.unlink()
    with pytest.raises(MissingKey):
        verified()
    assert not key.exists()
    result = cli_runner("journal", "verify")
    assert result.exit_code == 1
    assert "no journal key" in result.stderr and "Traceback" not in result.output
    assert not key.exists()


def test_an_unwritable_anchor_log_does_not_fail_the_sale(app, day, sell, caplog):
    """The sale is committed before the anchor line is written: if the line cannot be
    written, the sale still answers 201 and the failure is logged as an error."""
    from core.journal.anchors import anchor_path

    path = anchor_path(app.instance_path)
    kept = path.read_bytes()
    path.unlink()
    path.mkdir()  # unwritable as a file, whoever runs the tests
    try:
        sale = sell()
    finally:
        path.rmdir()
        path.write_bytes(kept)
    assert sale["number"] > 0
    assert any("anchor log not written" in r.getMessage() for r in caplog.records)
