"""golf: a rain check given as store credit names its gift card

Revision ID: golf_0003
Revises: golf_0002
"""

import sqlalchemy as sa
from alembic import op

revision = "golf_0003"
down_revision = "golf_0002"
branch_labels = None
depends_on = None


def upgrade():
    # No foreign key: gift cards are optional, their table may not exist.
    with op.batch_alter_table("golf_rain_check", schema=None) as batch_op:
        batch_op.add_column(sa.Column("giftcard_id", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("golf_rain_check", schema=None) as batch_op:
        batch_op.drop_column("giftcard_id")
