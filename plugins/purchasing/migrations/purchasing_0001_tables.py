"""purchasing tables: suppliers, their products, reorder points, purchase orders

Revision ID: purchasing_0001
Revises:

"""

import sqlalchemy as sa
from alembic import op

import core.plugins

revision = "purchasing_0001"
down_revision = None
branch_labels = ("purchasing",)
depends_on = "core_till_counter"


def upgrade():
    op.create_table(
        "purchasing_supplier",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("address", sa.String(length=500), nullable=False),
        sa.Column("vat_number", sa.String(length=40), nullable=False),
        sa.Column("lead_time_days", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchasing_supplier")),
        sa.UniqueConstraint("name", name=op.f("uq_purchasing_supplier_name")),
    )
    op.create_table(
        "purchasing_order",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.String(length=1000), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", core.plugins.UTCDateTime(timezone=True), nullable=True),
        sa.Column("received_at", core.plugins.UTCDateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", core.plugins.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"], ["location.id"], name=op.f("fk_purchasing_order_location_id_location")
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"],
            ["purchasing_supplier.id"],
            name=op.f("fk_purchasing_order_supplier_id_purchasing_supplier"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchasing_order")),
    )
    with op.batch_alter_table("purchasing_order", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_purchasing_order_status"), ["status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_purchasing_order_supplier_id"), ["supplier_id"], unique=False
        )

    op.create_table(
        "purchasing_order_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("supplier_reference", sa.String(length=64), nullable=False),
        sa.Column("quantity", sa.Numeric(precision=14, scale=3), nullable=False),
        sa.Column("received_quantity", sa.Numeric(precision=14, scale=3), nullable=False),
        sa.Column("unit_cost", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "received_quantity <= quantity", name=op.f("ck_purchasing_order_line_not_above_ordered")
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["purchasing_order.id"],
            name=op.f("fk_purchasing_order_line_order_id_purchasing_order"),
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["product.id"], name=op.f("fk_purchasing_order_line_product_id_product")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchasing_order_line")),
    )
    with op.batch_alter_table("purchasing_order_line", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_purchasing_order_line_order_id"), ["order_id"], unique=False
        )

    op.create_table(
        "purchasing_reorder_point",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("reorder_point", sa.Numeric(precision=14, scale=3), nullable=False),
        sa.Column("reorder_quantity", sa.Numeric(precision=14, scale=3), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_purchasing_reorder_point_location_id_location"),
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["product.id"],
            name=op.f("fk_purchasing_reorder_point_product_id_product"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchasing_reorder_point")),
        sa.UniqueConstraint(
            "product_id",
            "location_id",
            name=op.f("uq_purchasing_reorder_point_product_id_location_id"),
        ),
    )
    with op.batch_alter_table("purchasing_reorder_point", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_purchasing_reorder_point_location_id"), ["location_id"], unique=False
        )

    op.create_table(
        "purchasing_supplier_product",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("pack_size", sa.Numeric(precision=14, scale=3), nullable=False),
        sa.Column("cost", sa.BigInteger(), nullable=True),
        sa.Column("preferred", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["product.id"],
            name=op.f("fk_purchasing_supplier_product_product_id_product"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"],
            ["purchasing_supplier.id"],
            name=op.f("fk_purchasing_supplier_product_supplier_id_purchasing_supplier"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchasing_supplier_product")),
        sa.UniqueConstraint(
            "supplier_id",
            "product_id",
            name=op.f("uq_purchasing_supplier_product_supplier_id_product_id"),
        ),
    )
    with op.batch_alter_table("purchasing_supplier_product", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_purchasing_supplier_product_product_id"), ["product_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("purchasing_supplier_product", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_purchasing_supplier_product_product_id"))

    op.drop_table("purchasing_supplier_product")
    with op.batch_alter_table("purchasing_reorder_point", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_purchasing_reorder_point_location_id"))

    op.drop_table("purchasing_reorder_point")
    with op.batch_alter_table("purchasing_order_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_purchasing_order_line_order_id"))

    op.drop_table("purchasing_order_line")
    with op.batch_alter_table("purchasing_order", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_purchasing_order_supplier_id"))
        batch_op.drop_index(batch_op.f("ix_purchasing_order_status"))

    op.drop_table("purchasing_order")
    op.drop_table("purchasing_supplier")
