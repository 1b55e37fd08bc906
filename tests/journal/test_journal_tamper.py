"""``verify`` catches and names every kind of tampering done directly in the database."""

from __future__ import annotations

import copy

import sqlalchemy as sa
from sqlalchemy.orm.attributes import flag_modified

from core.db import db


def _first(result):
    assert not result.ok
    problem = result.problems[0]
    return (problem.register_code, problem.sequence, problem.kind, problem.code)


def test_an_untouched_journal_verifies(day, verified):
    """A day of sessions, cash movements, a sale and a refund verifies intact."""
    result = verified()
    assert result.ok, result.problems
    assert (result.checked, result.unchecked, result.registers) == (day["entries"], 0, 1)


def test_the_day_journals_every_kind(app, day, entry):
    """Every sale, refund, cash movement, opening and closing has its entry, in order."""
    with app.app_context():
        kinds = [entry(n).kind for n in range(1, day["entries"] + 1)]
    assert kinds == [
        "session_open",
        "cash_in",
        "sale",
        "cash_out",
        "refund",
        "session_close",
        "session_open",
    ]


def test_changed_payload_is_caught(app, day, entry, verified):
    """Changing an entry's payload breaks its hash: the entry is named as changed."""
    with app.app_context():
        target = entry(2)
        target.payload = {**target.payload, "amount": 50}
        flag_modified(target, "payload")
        db.session.commit()
    assert _first(verified()) == ("R1", 2, "cash_in", "changed")


def test_payload_changed_to_a_float_is_caught(app, day, entry, verified):
    """A payload no append could have written (a float amount) is reported, not a crash."""
    with app.app_context():
        target = entry(2)
        target.payload = {**target.payload, "amount": 500.5}
        flag_modified(target, "payload")
        db.session.commit()
    assert _first(verified()) == ("R1", 2, "cash_in", "changed")


def test_changed_kind_or_reference_is_caught(app, day, entry, verified):
    """Every stored field is part of the hash, not only the payload."""
    with app.app_context():
        entry(4).kind = "cash_in"
        db.session.commit()
    assert _first(verified()) == ("R1", 4, "cash_in", "changed")


def test_removed_entry_is_caught(app, day, entry, verified):
    """Deleting an entry leaves a gap in the sequence: the missing entry is named."""
    with app.app_context():
        db.session.delete(entry(3))
        db.session.commit()
    result = verified()
    assert _first(result) == ("R1", 3, "", "removed")
    assert "entry 3 missing" in result.problems[0].reason


def test_cut_off_tail_is_caught(app, day, entry, verified):
    """Deleting the last entries (and nothing else) is caught against the register's
    head."""
    with app.app_context():
        db.session.delete(entry(7))
        db.session.commit()
    result = verified()
    assert _first(result) == ("R1", 7, "", "truncated")
    assert "cut off" in result.problems[0].reason


def test_tail_cut_off_with_the_head_reset_is_caught_by_the_z_report(
    app, day, entry, register_id, verified
):
    """Cutting the tail and moving the register's head back hides the cut from the chain,
    not from the head printed on the stored Z report."""
    from core.journal.models import JournalEntry
    from core.registers.models import Register

    with app.app_context():
        fourth = entry(4).hash
        db.session.execute(sa.delete(JournalEntry).where(JournalEntry.sequence > 4))
        register = db.session.get(Register, register_id)
        register.journal_sequence, register.journal_head = 4, fourth
        db.session.commit()
    result = verified()
    # The anchor log outside the database names the cut first...
    assert _first(result) == ("R1", 5, "", "anchor_cut")
    # ...and, without it, the Z report's printed head would.
    printed = [p for p in result.problems if p.code == "truncated"]
    assert [(p.sequence, "printed head #6" in p.reason) for p in printed] == [(5, True)]


def test_z_report_head_must_match_the_entry(app, day, entry, verified):
    """The hash printed on the Z report is that of the closing entry."""
    from core.registers.models import CashSession

    with app.app_context():
        session = db.session.scalars(sa.select(CashSession).order_by(CashSession.id)).first()
        report = copy.deepcopy(session.z_report)
        report["journal"]["head"] = "f" * 64
        session.z_report = report
        flag_modified(session, "z_report")
        db.session.commit()
    assert _first(verified()) == ("R1", 6, "", "z_report_head")


def _forge(app, register_id, entry, sequence, payload, *, move_head, key=b"not the key"):
    """Append an entry as someone with database access but without the key would."""
    from core.journal.chain import entry_hash, sign
    from core.journal.models import JournalEntry
    from core.registers.models import Register

    with app.app_context():
        previous = entry(sequence - 1)
        digest = entry_hash(previous.hash, "R1", sequence, "cash_in", "R1/Mforged", payload)
        db.session.add(
            JournalEntry(
                register_id=register_id,
                sequence=sequence,
                kind="cash_in",
                reference="R1/Mforged",
                payload=payload,
                previous_hash=previous.hash,
                hash=digest,
                signature=sign(key, digest),
            )
        )
        if move_head:
            register = db.session.get(Register, register_id)
            register.journal_sequence, register.journal_head = sequence, digest
        db.session.commit()


def test_inserted_entry_beyond_the_head_is_caught(app, day, entry, register_id, verified):
    """An entry added after the register's head is named as inserted."""
    _forge(app, register_id, entry, day["entries"] + 1, {"amount": 1}, move_head=False)
    assert _first(verified()) == ("R1", 8, "cash_in", "inserted")


def test_inserted_entry_with_a_moved_head_has_a_bad_signature(
    app, day, entry, register_id, verified
):
    """Even with a correct hash and the register's head moved, an entry not signed with the
    instance's key is caught."""
    _forge(app, register_id, entry, day["entries"] + 1, {"amount": 1}, move_head=True)
    result = verified()
    assert _first(result) == ("R1", 8, "cash_in", "bad_signature")


def test_changed_and_rehashed_entry_has_a_bad_signature(app, day, entry, verified):
    """Recomputing the hash of a changed entry is not enough without the key."""
    from core.journal.chain import entry_hash

    with app.app_context():
        target = entry(2)
        payload = {**target.payload, "amount": 50}
        target.payload = payload
        target.hash = entry_hash(
            target.previous_hash, "R1", 2, target.kind, target.reference, payload
        )
        flag_modified(target, "payload")
        db.session.commit()
    result = verified()
    assert _first(result) == ("R1", 2, "cash_in", "bad_signature")
    # The next entry still points at the original hash.
    assert (result.problems[1].sequence, result.problems[1].code) == (3, "chain_broken")


def test_a_chain_rebuilt_without_the_key_is_caught(app, day, entry, register_id, verified):
    """Rewriting every entry from a changed one on, head included, still fails: the
    signatures need the key, which is not in the database."""
    from core.journal.chain import entry_hash, sign
    from core.registers.models import Register

    with app.app_context():
        previous = entry(1).hash
        for sequence in range(2, day["entries"] + 1):
            target = entry(sequence)
            if sequence == 2:
                target.payload = {**target.payload, "amount": 50}
                flag_modified(target, "payload")
            target.previous_hash = previous
            target.hash = entry_hash(
                previous, "R1", sequence, target.kind, target.reference, target.payload
            )
            target.signature = sign(b"guessed", target.hash)
            previous = target.hash
        register = db.session.get(Register, register_id)
        register.journal_head = previous
        db.session.commit()
    result = verified()
    bad = [(p.sequence, p.code) for p in result.problems if p.code == "bad_signature"]
    assert bad == [(n, "bad_signature") for n in range(2, day["entries"] + 1)]
    # The closing entry's new hash is not the one printed on the Z report either.
    assert (6, "z_report_head") in [(p.sequence, p.code) for p in result.problems]


def test_a_lost_key_fails_every_signature(app, day, verified):
    """Another instance's key does not verify this journal: the key is part of the proof."""
    from pathlib import Path

    key = Path(app.instance_path) / "journal.key"
    key.write_text("11" * 32)
    result = verified()
    assert [p.code for p in result.problems] == ["bad_signature"] * day["entries"]


def test_changed_cash_movement_is_caught(app, day, verified):
    """A cash movement's amount changed after the fact: its entry names the record."""
    from core.registers.models import CashMovement

    with app.app_context():
        movement = db.session.scalars(
            sa.select(CashMovement).where(CashMovement.kind == "in")
        ).one()
        movement.amount = 50
        db.session.commit()
    result = verified()
    assert _first(result) == ("R1", 2, "cash_in", "record_changed")
    assert "amount" in result.problems[0].reason


def test_removed_cash_movement_is_caught(app, day, verified):
    """A cash movement deleted from the records leaves its entry without a record."""
    from core.registers.models import CashMovement

    with app.app_context():
        db.session.execute(sa.delete(CashMovement).where(CashMovement.kind == "out"))
        db.session.commit()
    result = verified()
    assert _first(result) == ("R1", 4, "cash_out", "record_missing")


def test_changed_opening_float_is_caught(app, day, verified):
    """The float of a session is journaled at opening."""
    from core.registers.models import CashSession

    with app.app_context():
        session = db.session.scalars(sa.select(CashSession).order_by(CashSession.id)).first()
        session.opening_float = 9000
        db.session.commit()
    result = verified()
    assert _first(result) == ("R1", 1, "session_open", "record_changed")


def test_changed_z_report_is_caught(app, day, verified):
    """The stored Z report must still say what was closed."""
    from core.registers.models import CashSession

    with app.app_context():
        session = db.session.scalars(sa.select(CashSession).order_by(CashSession.id)).first()
        report = copy.deepcopy(session.z_report)
        report["sales_total"] += 100
        session.z_report = report
        flag_modified(session, "z_report")
        db.session.commit()
    result = verified()
    assert _first(result) == ("R1", 6, "session_close", "record_changed")
    assert "stored_z_report" in result.problems[0].reason


def test_changed_counted_cash_is_caught(app, day, verified):
    """The counted cash of a closed session is journaled at closing."""
    from core.registers.models import CashSession

    with app.app_context():
        session = db.session.scalars(sa.select(CashSession).order_by(CashSession.id)).first()
        session.counted_cash = 10300
        db.session.commit()
    assert _first(verified()) == ("R1", 6, "session_close", "record_changed")


def test_changed_sale_line_total_is_caught(app, day, verified):
    """A sale's stored line total changed after the fact: the sale's entry names it."""
    from core.sales.models import SaleLine

    with app.app_context():
        line = db.session.scalars(
            sa.select(SaleLine)
            .where(SaleLine.sale_id == day["sale"]["id"])
            .order_by(SaleLine.position)
        ).first()
        line.total -= 100
        db.session.commit()
    result = verified()
    assert _first(result) == ("R1", 3, "sale", "record_changed")
    assert result.problems[0].reference == day["sale"]["id"]


def test_changed_payment_amount_is_caught(app, day, verified):
    """A sale's payment changed after the fact: caught at the sale's entry."""
    from core.sales.models import Payment

    with app.app_context():
        payment = db.session.scalars(
            sa.select(Payment).where(Payment.sale_id == day["sale"]["id"])
        ).one()
        payment.amount = 700
        db.session.commit()
    result = verified()
    assert _first(result) == ("R1", 3, "sale", "record_changed")
    assert "payments" in result.problems[0].reason


def test_changed_sale_total_breaks_the_sale_and_the_closing(app, day, verified):
    """A sale's total changed after closing disagrees with both the sale's entry and the
    closing's figures, which are recomputed from the records."""
    from core.sales.models import Sale

    with app.app_context():
        sale = db.session.get(Sale, day["sale"]["id"])
        sale.total += 1000
        db.session.commit()
    codes = [(p.sequence, p.code) for p in verified().problems]
    assert codes == [(3, "record_changed"), (6, "record_changed")]


def test_unjournaled_sale_slipped_into_a_closed_session_is_caught(app, day, verified):
    """A sale row inserted without its journal entry changes the closed session's figures:
    the closing entry names it."""
    import uuid

    from core.registers.models import CashSession
    from core.sales.models import Sale

    with app.app_context():
        original = db.session.get(Sale, day["sale"]["id"])
        closed = db.session.scalars(sa.select(CashSession).order_by(CashSession.id)).first()
        db.session.add(
            Sale(
                id=str(uuid.uuid4()),
                register_id=original.register_id,
                cash_session_id=closed.id,
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
    assert _first(result) == ("R1", 6, "session_close", "record_changed")
    assert "sales_total" in result.problems[0].reason


def test_problems_name_register_sequence_kind_and_reference(app, day, verified):
    """A problem says where it is and why, in words."""
    from core.registers.models import CashMovement

    with app.app_context():
        movement = db.session.scalars(
            sa.select(CashMovement).where(CashMovement.kind == "in")
        ).one()
        movement.reason = "changed"
        db.session.commit()
    problem = verified().problems[0]
    text = problem.describe()
    assert text.startswith("register R1, sequence 2, kind cash_in, reference R1/M")
    assert "business record changed" in text and "reason" in text


def test_verify_one_register(app, day, entry, register_id, verified):
    """``verify(register_id)`` checks that register's chain only."""
    from core.registers.models import Register

    with app.app_context():
        location = db.session.get(Register, register_id).location_id
        other = Register(code="R2", name="Register 2", location_id=location)
        db.session.add(other)
        db.session.commit()
        other_id = other.id
        db.session.delete(entry(3))
        db.session.commit()
    assert verified(other_id).ok
    assert (verified(other_id).checked, verified(other_id).registers) == (0, 1)
    assert not verified(register_id).ok


def test_a_copy_with_other_database_ids_verifies_but_for_product_ids(app, day, tmp_path, verified):
    """Payloads and references hold business identifiers (register and location codes,
    session references, user names), except a line's product, which has none but its id:
    the same data under other database ids verifies with the same key, but for the sale
    whose lines now name other product ids."""
    import core.models  # noqa: F401  - every table in the metadata
    from core.db import Model
    from core.registers.models import Register
    from core.testing.fixtures import make_test_app

    source = app.config["SQLALCHEMY_DATABASE_URI"]
    target = _empty_database(source, tmp_path)
    try:
        _copy_with_shifted_ids(app, target, Model.metadata, shift=1000)
        copy_app = make_test_app(target, app.instance_path)
        try:
            from core.journal.services import verify

            with copy_app.app_context():
                ids = db.session.scalars(sa.select(Register.id)).all()
                result = verify()
            assert ids == [1001]
            found = [(p.sequence, p.code, p.reason) for p in result.problems]
            assert found == [
                (
                    3,
                    "record_changed",
                    "business record changed since it was journaled (lines differ)",
                )
            ]
            assert result.checked == day["entries"]
        finally:
            copy_app.close()
    finally:
        _drop_database(target)


def _empty_database(source: str, tmp_path) -> str:
    url = sa.make_url(source)
    if url.get_backend_name() == "sqlite":
        return f"sqlite:///{tmp_path / 'copy.db'}"
    name = f"{url.database}_copy"
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def _drop_database(target: str) -> None:
    url = sa.make_url(target)
    if url.get_backend_name() == "sqlite":
        return
    admin = url.set(database="postgres")
    engine = sa.create_engine(admin, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')
    engine.dispose()


def _copy_with_shifted_ids(app, target: str, metadata: sa.MetaData, shift: int) -> None:
    """Copy every table, adding ``shift`` to every integer id and to what refers to it."""
    source_engine = app.engine
    target_engine = sa.create_engine(target, poolclass=sa.NullPool)
    # Plugin models imported by other tests are in the metadata, not in this database.
    present = set(sa.inspect(source_engine).get_table_names())
    tables = [table for table in metadata.sorted_tables if table.name in present]
    metadata.create_all(target_engine, tables=tables)
    shifted = {
        (table.name, column.name)
        for table in tables
        for column in table.primary_key.columns
        if isinstance(column.type, sa.Integer)
    }
    with source_engine.connect() as read, target_engine.begin() as write:
        for table in tables:
            moved = {
                column.name
                for column in table.columns
                if (table.name, column.name) in shifted
                or any(
                    (fk.column.table.name, fk.column.name) in shifted for fk in column.foreign_keys
                )
            }
            rows = [dict(row._mapping) for row in read.execute(sa.select(table))]
            for row in rows:
                for name in moved:
                    if row[name] is not None:
                        row[name] += shift
            if rows:
                write.execute(table.insert(), rows)
    target_engine.dispose()
