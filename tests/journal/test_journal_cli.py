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


def test_init_creates_the_journal_keys_and_starts_the_anchor_log(empty_database_url, tmp_path):
    """``comptoir init`` leaves an instance whose journal verifies: both keys (the private
    one readable by the owner only), the public key, and an anchor log."""
    import os

    from click.testing import CliRunner

    from core.cli import main
    from core.testing.fixtures import TEST_HASH_METHOD

    instance = tmp_path / "instance"
    env = {
        "COMPTOIR_INSTANCE": str(instance),
        "COMPTOIR_DATABASE_URL": empty_database_url,
        "COMPTOIR_PASSWORD_HASH_METHOD": TEST_HASH_METHOD,
    }

    def run(*args):
        return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)

    assert run("init").exit_code == 0
    for name, mode in [
        ("journal.key", 0o600),
        ("journal-signing.pem", 0o600),
        ("journal.anchors", 0o600),
    ]:
        assert oct(os.stat(instance / name).st_mode & 0o777) == oct(mode), name
    assert (instance / "journal-signing.pub").read_text().startswith("-----BEGIN PUBLIC KEY")
    result = run("journal", "verify")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("journal intact: 0 entries")


def test_init_starts_an_anchor_log_from_the_heads_of_an_older_instance(app, day, cli_runner):
    """An instance from before the anchor log: verify says the log is missing; ``init``
    starts it from the database's heads, and verify passes from then on."""
    from pathlib import Path

    from core.journal.anchors import anchor_path

    anchor_path(app.instance_path).unlink()
    before = cli_runner("journal", "verify")
    assert before.exit_code == 1 and "no anchor log" in before.stderr
    assert cli_runner("init").exit_code == 0
    lines = anchor_path(app.instance_path).read_text().splitlines()
    assert len(lines) == 1 and '"s": 7' in lines[0]
    assert Path(app.instance_path, "journal-signing.pub").exists()
    after = cli_runner("journal", "verify")
    assert after.exit_code == 0, after.output


def test_verify_counts_the_signed_closings(app, day, cli_runner):
    assert cli_runner("journal", "keygen").exit_code == 0
    closed = cli_runner("journal", "close", "year", "2020")
    assert closed.exit_code == 0, closed.output
    assert closed.stdout.startswith("closed year 2020 as closing #1: 0 sale(s)")
    result = cli_runner("journal", "verify")
    assert result.exit_code == 0, result.output
    assert "; 1 signed closing(s) (R1 at #7)" in result.stdout
