"""multistore: a store's own reservation period; NULL keeps the plugin's
``reservation_days`` setting

Revision ID: multistore_0004_reservation_days
Revises: multistore_0003_reservations
"""

import sqlalchemy as sa
from alembic import op

revision = "multistore_0004_reservation_days"
down_revision = "multistore_0003_reservations"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("multistore_store") as batch_op:
        batch_op.add_column(sa.Column("reservation_days", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("multistore_store") as batch_op:
        batch_op.drop_column("reservation_days")
