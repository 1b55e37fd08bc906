"""purchasing: the receipts booked, by their client's id (a retried receive is
recognised)

Revision ID: purchasing_0002_receipts
Revises: purchasing_0001
"""

import sqlalchemy as sa
from alembic import op

import core.plugins

revision = "purchasing_0002_receipts"
down_revision = "purchasing_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "purchasing_receipt",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["purchasing_order.id"],
            name=op.f("fk_purchasing_receipt_order_id_purchasing_order"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchasing_receipt")),
    )
    op.create_index(
        op.f("ix_purchasing_receipt_order_id"), "purchasing_receipt", ["order_id"], unique=False
    )


def downgrade():
    op.drop_index(op.f("ix_purchasing_receipt_order_id"), table_name="purchasing_receipt")
    op.drop_table("purchasing_receipt")
