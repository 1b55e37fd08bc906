"""restaurant: an order's service charge and take-away flags

Revision ID: restaurant_0002
Revises: restaurant_0001

"""

import sqlalchemy as sa
from alembic import op

revision = "restaurant_0002"
down_revision = "restaurant_0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("restaurant_order", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("service_charge", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("take_away", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade():
    with op.batch_alter_table("restaurant_order", schema=None) as batch_op:
        batch_op.drop_column("take_away")
        batch_op.drop_column("service_charge")
