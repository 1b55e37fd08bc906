"""promotions tables

Revision ID: promotions_0001
Revises:

"""

import sqlalchemy as sa
from alembic import op

import core.plugins

revision = "promotions_0001"
down_revision = None
branch_labels = ("promotions",)
depends_on = "core_0001"


def upgrade():
    op.create_table(
        "promotions_promotion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("percent", sa.Numeric(precision=7, scale=3), nullable=True),
        sa.Column("amount", sa.BigInteger(), nullable=True),
        sa.Column("product_ids", sa.JSON(), nullable=False),
        sa.Column("category_ids", sa.JSON(), nullable=False),
        sa.Column("coupon_code", sa.String(length=64), nullable=True),
        sa.Column("starts_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ends_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.Column("days", sa.JSON(), nullable=True),
        sa.Column("hour_start", sa.String(length=5), nullable=True),
        sa.Column("hour_end", sa.String(length=5), nullable=True),
        sa.Column("buy_quantity", sa.Integer(), nullable=True),
        sa.Column("get_quantity", sa.Integer(), nullable=True),
        sa.Column("max_uses", sa.Integer(), nullable=True),
        sa.Column("max_uses_per_customer", sa.Integer(), nullable=True),
        sa.Column("uses", sa.Integer(), nullable=False),
        sa.Column("stackable", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_promotions_promotion")),
        sa.UniqueConstraint("coupon_code", name=op.f("uq_promotions_promotion_coupon_code")),
    )
    with op.batch_alter_table("promotions_promotion", schema=None) as batch_op:
        batch_op.create_index(
            "ix_promotions_promotion_window", ["active", "starts_at", "ends_at"], unique=False
        )

    op.create_table(
        "promotions_customer_use",
        sa.Column("promotion_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("uses", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["promotion_id"],
            ["promotions_promotion.id"],
            name=op.f("fk_promotions_customer_use_promotion_id_promotions_promotion"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "promotion_id", "customer_id", name=op.f("pk_promotions_customer_use")
        ),
    )


def downgrade():
    op.drop_table("promotions_customer_use")
    with op.batch_alter_table("promotions_promotion", schema=None) as batch_op:
        batch_op.drop_index("ix_promotions_promotion_window")
    op.drop_table("promotions_promotion")
