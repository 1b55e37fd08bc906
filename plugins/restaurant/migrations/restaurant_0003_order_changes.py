"""restaurant: the history of each order's changes, for devices that were offline

Revision ID: restaurant_0003
Revises: restaurant_0002

"""

import sqlalchemy as sa
from alembic import op

import core.plugins

revision = "restaurant_0003"
down_revision = "restaurant_0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "restaurant_order_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("request_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["restaurant_order.id"],
            name=op.f("fk_restaurant_order_change_order_id_restaurant_order"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_restaurant_order_change")),
    )
    with op.batch_alter_table("restaurant_order_change", schema=None) as batch_op:
        batch_op.create_index(
            "ix_restaurant_order_change_order_version", ["order_id", "version"], unique=False
        )


def downgrade():
    with op.batch_alter_table("restaurant_order_change", schema=None) as batch_op:
        batch_op.drop_index("ix_restaurant_order_change_order_version")
    op.drop_table("restaurant_order_change")
