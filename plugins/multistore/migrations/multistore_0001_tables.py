"""multistore: stores, their locations and users, store prices, transfers

Revision ID: multistore_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

import core.plugins

revision = "multistore_0001"
down_revision = None
branch_labels = ("multistore",)
depends_on = "core_0001"


def upgrade():
    op.create_table(
        "multistore_store",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("address", sa.String(length=500), nullable=False),
        sa.Column("tax_id", sa.String(length=64), nullable=False),
        sa.Column("company_number", sa.String(length=64), nullable=False),
        sa.Column("receipt_header", sa.String(length=2000), nullable=False),
        sa.Column("receipt_footer", sa.String(length=2000), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("created_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"], ["location.id"], name=op.f("fk_multistore_store_location_id_location")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_multistore_store")),
        sa.UniqueConstraint("code", name=op.f("uq_multistore_store_code")),
        sa.UniqueConstraint("location_id", name=op.f("uq_multistore_store_location_id")),
    )
    op.create_table(
        "multistore_store_location",
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_multistore_store_location_location_id_location"),
        ),
        sa.ForeignKeyConstraint(
            ["store_id"],
            ["multistore_store.id"],
            name=op.f("fk_multistore_store_location_store_id_multistore_store"),
        ),
        sa.PrimaryKeyConstraint("location_id", name=op.f("pk_multistore_store_location")),
    )
    op.create_index(
        op.f("ix_multistore_store_location_store_id"),
        "multistore_store_location",
        ["store_id"],
        unique=False,
    )
    op.create_table(
        "multistore_store_user",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"],
            ["multistore_store.id"],
            name=op.f("fk_multistore_store_user_store_id_multistore_store"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_multistore_store_user_user_id_user")
        ),
        sa.PrimaryKeyConstraint("user_id", "store_id", name=op.f("pk_multistore_store_user")),
    )
    op.create_table(
        "multistore_price",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("price", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("price >= 0", name=op.f("ck_multistore_price_price_not_negative")),
        sa.ForeignKeyConstraint(
            ["product_id"], ["product.id"], name=op.f("fk_multistore_price_product_id_product")
        ),
        sa.ForeignKeyConstraint(
            ["store_id"],
            ["multistore_store.id"],
            name=op.f("fk_multistore_price_store_id_multistore_store"),
        ),
        sa.PrimaryKeyConstraint("store_id", "product_id", name=op.f("pk_multistore_price")),
    )
    op.create_table(
        "multistore_transfer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("from_store_id", sa.Integer(), nullable=False),
        sa.Column("to_store_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent_by", sa.Integer(), nullable=True),
        sa.Column("sent_at", core.plugins.UTCDateTime(timezone=True), nullable=True),
        sa.Column("received_by", sa.Integer(), nullable=True),
        sa.Column("received_at", core.plugins.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"], ["user.id"], name=op.f("fk_multistore_transfer_created_by_user")
        ),
        sa.ForeignKeyConstraint(
            ["from_store_id"],
            ["multistore_store.id"],
            name=op.f("fk_multistore_transfer_from_store_id_multistore_store"),
        ),
        sa.ForeignKeyConstraint(
            ["received_by"], ["user.id"], name=op.f("fk_multistore_transfer_received_by_user")
        ),
        sa.ForeignKeyConstraint(
            ["sent_by"], ["user.id"], name=op.f("fk_multistore_transfer_sent_by_user")
        ),
        sa.ForeignKeyConstraint(
            ["to_store_id"],
            ["multistore_store.id"],
            name=op.f("fk_multistore_transfer_to_store_id_multistore_store"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_multistore_transfer")),
    )
    for column in ("from_store_id", "status", "to_store_id"):
        op.create_index(
            op.f(f"ix_multistore_transfer_{column}"), "multistore_transfer", [column], unique=False
        )
    op.create_table(
        "multistore_transfer_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("transfer_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Numeric(precision=14, scale=3), nullable=False),
        sa.Column("received", sa.Numeric(precision=14, scale=3), nullable=True),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["product.id"],
            name=op.f("fk_multistore_transfer_line_product_id_product"),
        ),
        sa.ForeignKeyConstraint(
            ["transfer_id"],
            ["multistore_transfer.id"],
            name=op.f("fk_multistore_transfer_line_transfer_id_multistore_transfer"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_multistore_transfer_line")),
        sa.UniqueConstraint(
            "transfer_id", "product_id", name=op.f("uq_multistore_transfer_line_transfer_id_product_id")
        ),
    )
    op.create_index(
        op.f("ix_multistore_transfer_line_transfer_id"),
        "multistore_transfer_line",
        ["transfer_id"],
        unique=False,
    )


def downgrade():
    op.drop_index(
        op.f("ix_multistore_transfer_line_transfer_id"), table_name="multistore_transfer_line"
    )
    op.drop_table("multistore_transfer_line")
    for column in ("from_store_id", "status", "to_store_id"):
        op.drop_index(op.f(f"ix_multistore_transfer_{column}"), table_name="multistore_transfer")
    op.drop_table("multistore_transfer")
    op.drop_table("multistore_price")
    op.drop_table("multistore_store_user")
    op.drop_index(
        op.f("ix_multistore_store_location_store_id"), table_name="multistore_store_location"
    )
    op.drop_table("multistore_store_location")
    op.drop_table("multistore_store")
