"""``comptoir journal verify``: exit 0 when intact, 1 with the first bad record."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db


def test_intact_journal_exits_0_with_a_summary(day, cli_runner):
    """An intact journal gives one line saying how much was checked."""
    result = cli_runner("journal", "verify")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "journal intact: 7 entries on 1 register(s) (R1 at #7)"


def test_tampered_journal_exits_1_naming_the_first_bad_record(app, day, cli_runner):
    """The first bad record (register, sequence, kind, reference, reason) goes to stderr."""
    from core.registers.models import CashMovement

    with app.app_context():
        movement = db.session.scalars(
            sa.select(CashMovement).where(CashMovement.kind == "out")
        ).one()
        reference = f"R1/M{movement.created_at.strftime('%Y%m%dT%H%M%S.%fZ')}"
        movement.amount = 20
        db.session.commit()
    result = cli_runner("journal", "verify")
    assert result.exit_code == 1
    assert result.stdout == ""
    first = result.stderr.splitlines()[0]
    assert first.startswith(
        f"journal NOT intact: register R1, sequence 4, kind cash_out, reference {reference}: "
        "business record changed"
    )
    assert "amount" in first


def test_cut_off_journal_exits_1(app, day, cli_runner):
    """Deleting the last entry is reported as a cut-off chain."""
    from core.journal.models import JournalEntry

    with app.app_context():
        db.session.execute(sa.delete(JournalEntry).where(JournalEntry.sequence == 7))
        db.session.commit()
    result = cli_runner("journal", "verify")
    assert result.exit_code == 1
    assert "register R1, sequence 7" in result.stderr and "cut off" in result.stderr


def test_one_register_can_be_checked(app, day, cli_runner):
    """``--register CODE`` checks that register only."""
    from core.registers.models import Register

    with app.app_context():
        location = db.session.scalar(sa.select(Register.location_id))
        db.session.add(Register(code="R2", name="Register 2", location_id=location))
        db.session.commit()
    result = cli_runner("journal", "verify", "--register", "R2")
    assert result.exit_code == 0, result.output
    assert "0 entries on 1 register(s) (R2 at #0)" in result.stdout


def test_unknown_register_is_a_usage_error(app, cli_runner):
    """A register code that does not exist is an operator's mistake, not tampering."""
    result = cli_runner("journal", "verify", "--register", "NOPE")
    assert result.exit_code == 2
    assert "no register 'NOPE'" in result.stderr
    assert "Traceback" not in result.output
