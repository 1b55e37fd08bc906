"""accounting tables

Revision ID: accounting_0001
Revises:

"""

import sqlalchemy as sa
from alembic import op

import core.plugins

revision = "accounting_0001"
down_revision = None
branch_labels = ("accounting",)
depends_on = "core_0001"


def upgrade():
    op.create_table(
        "accounting_account_override",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("account", sa.String(length=20), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("updated_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_accounting_account_override")),
    )
    op.create_table(
        "accounting_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("journal", sa.String(length=8), nullable=False),
        sa.Column("piece", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("register_id", sa.Integer(), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("occurred_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounting_entry")),
        sa.UniqueConstraint("kind", "reference", name=op.f("uq_accounting_entry_kind_reference")),
    )
    with op.batch_alter_table("accounting_entry", schema=None) as batch_op:
        batch_op.create_index("ix_accounting_entry_day", ["day", "id"], unique=False)
    op.create_table(
        "accounting_entry_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=20), nullable=False),
        sa.Column("account_label", sa.String(length=120), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("debit", sa.BigInteger(), nullable=False),
        sa.Column("credit", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["accounting_entry.id"],
            name=op.f("fk_accounting_entry_line_entry_id_accounting_entry"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounting_entry_line")),
    )
    with op.batch_alter_table("accounting_entry_line", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_accounting_entry_line_entry_id"), ["entry_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("accounting_entry_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accounting_entry_line_entry_id"))
    op.drop_table("accounting_entry_line")
    with op.batch_alter_table("accounting_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_accounting_entry_day")
    op.drop_table("accounting_entry")
    op.drop_table("accounting_account_override")
