"""giftcards tables

Revision ID: giftcards_0001
Revises:

"""

import sqlalchemy as sa
from alembic import op

import core.plugins

revision = "giftcards_0001"
down_revision = None
branch_labels = ("giftcards",)
depends_on = "core_0001"


def upgrade():
    op.create_table(
        "giftcards_card",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("last4", sa.String(length=4), nullable=False),
        sa.Column("balance", sa.BigInteger(), nullable=False),
        sa.Column("initial_amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("expires_at", core.plugins.UTCDateTime(timezone=True), nullable=True),
        sa.Column("sale_id", sa.String(length=36), nullable=True),
        sa.Column("sale_line_id", sa.Integer(), nullable=True),
        sa.Column("created_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("balance >= 0", name=op.f("ck_giftcards_card_balance_not_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_giftcards_card")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_giftcards_card_code_hash")),
    )
    with op.batch_alter_table("giftcards_card", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_giftcards_card_sale_id"), ["sale_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_giftcards_card_status"), ["status"], unique=False)

    op.create_table(
        "giftcards_ledger",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("balance", sa.BigInteger(), nullable=False),
        sa.Column("sale_id", sa.String(length=36), nullable=True),
        sa.Column("refund_id", sa.String(length=36), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("created_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["card_id"],
            ["giftcards_card.id"],
            name=op.f("fk_giftcards_ledger_card_id_giftcards_card"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_giftcards_ledger")),
    )
    with op.batch_alter_table("giftcards_ledger", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_giftcards_ledger_card_id"), ["card_id"], unique=False)


def downgrade():
    with op.batch_alter_table("giftcards_ledger", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_giftcards_ledger_card_id"))
    op.drop_table("giftcards_ledger")
    with op.batch_alter_table("giftcards_card", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_giftcards_card_status"))
        batch_op.drop_index(batch_op.f("ix_giftcards_card_sale_id"))
    op.drop_table("giftcards_card")
