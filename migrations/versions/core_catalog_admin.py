"""product.reorder_level: the stock at which a product counts as low; indexes of the back
office's product list (low stock, a category in name order)

Revision ID: core_catalog_admin
Revises: core_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "core_catalog_admin"
down_revision = "core_journal_closings"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reorder_level", sa.Numeric(14, 3), nullable=True))
        batch_op.create_index("ix_product_reorder_level", ["reorder_level"], unique=False)
        batch_op.create_index(
            "ix_product_category_name", ["category_id", "search_name", "id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.drop_index("ix_product_category_name")
        batch_op.drop_index("ix_product_reorder_level")
        batch_op.drop_column("reorder_level")
