"""Receipt numbers and cash sessions under concurrency (runs on SQLite and PostgreSQL)."""

from __future__ import annotations

import threading

import sqlalchemy as sa

from core.db import db

THREADS = 8
CALLS = 20


def _run(threads: list[threading.Thread]) -> None:
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_receipt_numbers_are_gapless_under_concurrency(app, register_id):
    """8 tills x 20 numbers on one register, some transactions rolled back on purpose:
    the committed numbers are exactly 1..N, each once."""
    from core.registers.models import Register
    from core.registers.services import next_receipt_number

    committed: list[int] = []
    rolled_back = 0
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def till(index: int) -> None:
        nonlocal rolled_back
        try:
            with app.app_context():
                start.wait()
                for call in range(CALLS):
                    number = next_receipt_number(register_id)
                    if (call + index) % 3 == 0:
                        db.session.rollback()
                        with lock:
                            rolled_back += 1
                    else:
                        db.session.commit()
                        with lock:
                            committed.append(number)
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)

    _run([threading.Thread(target=till, args=(i,)) for i in range(THREADS)])
    assert not errors, errors
    assert rolled_back > 0
    assert sorted(committed) == list(range(1, THREADS * CALLS - rolled_back + 1))
    with app.app_context():
        last = db.session.scalar(
            sa.select(Register.last_receipt_number).where(Register.id == register_id)
        )
    assert last == len(committed)


def test_rolled_back_number_is_given_again(app, register_id):
    """A rollback gives the number back: the next transaction gets the same number."""
    from core.registers.services import next_receipt_number

    with app.app_context():
        assert next_receipt_number(register_id) == 1
        db.session.rollback()
        assert next_receipt_number(register_id) == 1
        db.session.commit()
        assert next_receipt_number(register_id) == 2
        db.session.commit()


def test_concurrent_opens_only_one_wins(app, register_id):
    """Of several tills opening the same register at once, exactly one succeeds; the
    others get ``register_open`` and the journal holds a single opening."""
    from core.auth.models import User
    from core.errors import Conflict
    from core.journal.models import JournalEntry
    from core.journal.services import verify
    from core.registers.models import CashSession
    from core.registers.services import open_session

    opened: list[int] = []
    refused: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def till() -> None:
        try:
            with app.app_context():
                user = db.session.scalar(sa.select(User).where(User.username == "cashier"))
                db.session.commit()
                start.wait()
                try:
                    session = open_session(register_id, 1000, user)
                    db.session.commit()
                    opened.append(session.id)
                except Conflict as exc:
                    db.session.rollback()
                    refused.append(exc.code)
        except BaseException as exc:
            errors.append(exc)

    _run([threading.Thread(target=till) for _ in range(THREADS)])
    assert not errors, errors
    assert len(opened) == 1
    assert refused == ["register_open"] * (THREADS - 1)
    with app.app_context():
        sessions = db.session.scalars(sa.select(CashSession)).all()
        assert [(s.id, s.status) for s in sessions] == [(opened[0], "open")]
        kinds = db.session.scalars(sa.select(JournalEntry.kind)).all()
        assert kinds == ["session_open"]
        assert verify().ok
