"""loyalty: accounts and ledger

Revision ID: loyalty_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

import core.plugins

revision = "loyalty_0001"
down_revision = None
branch_labels = ("loyalty",)
depends_on = ("core_0001", "crm_0001")


def upgrade():
    op.create_table(
        "loyalty_account",
        sa.Column("customer_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("points", sa.BigInteger(), nullable=False),
        sa.Column("lifetime_points", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "lifetime_points >= 0", name=op.f("ck_loyalty_account_lifetime_not_negative")
        ),
        sa.CheckConstraint("points >= 0", name=op.f("ck_loyalty_account_points_not_negative")),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["crm_customer.id"],
            name=op.f("fk_loyalty_account_customer_id_crm_customer"),
        ),
        sa.PrimaryKeyConstraint("customer_id", name=op.f("pk_loyalty_account")),
    )
    op.create_table(
        "loyalty_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("points", sa.BigInteger(), nullable=False),
        sa.Column("requested", sa.BigInteger(), nullable=False),
        sa.Column("balance_after", sa.BigInteger(), nullable=False),
        sa.Column("sale_id", sa.String(length=36), nullable=True),
        sa.Column("refund_id", sa.String(length=36), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["crm_customer.id"],
            name=op.f("fk_loyalty_entry_customer_id_crm_customer"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loyalty_entry")),
    )
    with op.batch_alter_table("loyalty_entry", schema=None) as batch_op:
        batch_op.create_index("ix_loyalty_entry_customer", ["customer_id", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_loyalty_entry_refund_id"), ["refund_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_loyalty_entry_sale_id"), ["sale_id"], unique=False)


def downgrade():
    with op.batch_alter_table("loyalty_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_loyalty_entry_sale_id"))
        batch_op.drop_index(batch_op.f("ix_loyalty_entry_refund_id"))
        batch_op.drop_index("ix_loyalty_entry_customer")

    op.drop_table("loyalty_entry")
    op.drop_table("loyalty_account")
