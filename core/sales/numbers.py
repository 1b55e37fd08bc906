"""A receipt number chosen by the till itself (the register owns its sequence, so it
can keep numbering while offline); the server only checks continuity."""

from __future__ import annotations

import sqlalchemy as sa

from ..api.errors import Conflict
from ..db import db
from ..journal.services import note_register_counters
from ..registers.models import Register


def claim_receipt_number(register_id: int, number: int) -> int:
    """Take ``number`` as the register's next receipt number, inside the caller's
    transaction, or refuse with a 409 that says which number is expected."""
    claimed = db.session.execute(
        sa.update(Register)
        .where(Register.id == register_id, Register.last_receipt_number == number - 1)
        .values(last_receipt_number=number)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not claimed:
        expected = db.session.scalar(
            sa.select(Register.last_receipt_number).where(Register.id == register_id)
        )
        raise Conflict(
            f"receipt number {number} is out of sequence; expected {expected + 1}",
            code="number_out_of_sequence",
            fields={"number": [f"expected {expected + 1}"]},
        )
    note_register_counters(register_id, last_receipt_number=number)
    return number
