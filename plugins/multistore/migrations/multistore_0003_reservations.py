"""multistore: reservations (goods a shop keeps for a customer)

Revision ID: multistore_0003_reservations
Revises: multistore_0002_pricing
"""

import sqlalchemy as sa
from alembic import op

import core.plugins

revision = "multistore_0003_reservations"
down_revision = "multistore_0002_pricing"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "multistore_reservation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Numeric(precision=14, scale=3), nullable=False),
        sa.Column("customer_name", sa.String(length=200), nullable=False),
        sa.Column("customer_phone", sa.String(length=40), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("expires_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_by", sa.Integer(), nullable=True),
        sa.Column("closed_at", core.plugins.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "quantity > 0", name=op.f("ck_multistore_reservation_quantity_positive")
        ),
        sa.ForeignKeyConstraint(
            ["closed_by"], ["user.id"], name=op.f("fk_multistore_reservation_closed_by_user")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["user.id"], name=op.f("fk_multistore_reservation_created_by_user")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["product.id"],
            name=op.f("fk_multistore_reservation_product_id_product"),
        ),
        sa.ForeignKeyConstraint(
            ["store_id"],
            ["multistore_store.id"],
            name=op.f("fk_multistore_reservation_store_id_multistore_store"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_multistore_reservation")),
    )
    op.create_index(
        "ix_multistore_reservation_holding",
        "multistore_reservation",
        ["store_id", "product_id", "status"],
        unique=False,
    )


def downgrade():
    op.drop_index("ix_multistore_reservation_holding", table_name="multistore_reservation")
    op.drop_table("multistore_reservation")
