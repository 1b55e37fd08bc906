"""restaurant: tips per employee (a row per tip line sold or refunded)

Revision ID: restaurant_0004_tips
Revises: restaurant_0003

"""

import sqlalchemy as sa
from alembic import op

import core.plugins

revision = "restaurant_0004_tips"
down_revision = "restaurant_0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "restaurant_tip",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sale_id", sa.String(length=36), nullable=False),
        sa.Column("sale_line_id", sa.Integer(), nullable=False),
        sa.Column("refund_id", sa.String(length=36), nullable=True),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=8), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("register_id", sa.Integer(), nullable=False),
        sa.Column("cash_session_id", sa.Integer(), nullable=True),
        sa.Column("created_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_restaurant_tip")),
    )
    with op.batch_alter_table("restaurant_tip", schema=None) as batch_op:
        for column in ("cash_session_id", "created_at", "employee_id", "sale_id"):
            batch_op.create_index(
                batch_op.f(f"ix_restaurant_tip_{column}"), [column], unique=False
            )


def downgrade():
    with op.batch_alter_table("restaurant_tip", schema=None) as batch_op:
        for column in ("cash_session_id", "created_at", "employee_id", "sale_id"):
            batch_op.drop_index(batch_op.f(f"ix_restaurant_tip_{column}"))
    op.drop_table("restaurant_tip")
