"""multistore: a store's own pricing settings (prices with or without tax, tax rounding,
cash rounding); NULL keeps the shop-wide setting

Revision ID: multistore_0002_pricing
Revises: multistore_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "multistore_0002_pricing"
down_revision = "multistore_0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("multistore_store") as batch_op:
        batch_op.add_column(sa.Column("prices_include_tax", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("tax_rounding", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("cash_rounding", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("multistore_store") as batch_op:
        batch_op.drop_column("cash_rounding")
        batch_op.drop_column("tax_rounding")
        batch_op.drop_column("prices_include_tax")
