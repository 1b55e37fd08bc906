"""scanned codes: the codes a register's serial scanner read, forwarded by its agent for
the till, kept a short while

Revision ID: core_scanned_codes
Revises: core_devices
"""

import sqlalchemy as sa
from alembic import op

import core.db

revision = "core_scanned_codes"
down_revision = "core_devices"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "scanned_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("register_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("code", sa.String(length=128), nullable=False),
        sa.Column("scanned_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["register_id"], ["register.id"], name=op.f("fk_scanned_code_register_id_register")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scanned_code")),
        sa.UniqueConstraint("register_id", "client_id", name="uq_scanned_code_register_id"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("scanned_code", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scanned_code_register_id"), ["register_id"])
        batch_op.create_index(batch_op.f("ix_scanned_code_scanned_at"), ["scanned_at"])


def downgrade():
    with op.batch_alter_table("scanned_code", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scanned_code_scanned_at"))
        batch_op.drop_index(batch_op.f("ix_scanned_code_register_id"))
    op.drop_table("scanned_code")
