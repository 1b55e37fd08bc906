"""PostgreSQL: indexes serving prefix search (LIKE 'abc%') on search terms and SKUs under
any collation (core.catalog.models.postgres_prefix_index); nothing on SQLite

Revision ID: core_pg_prefix_indexes
Revises: core_user_cleanup
"""

from alembic import op

revision = "core_pg_prefix_indexes"
down_revision = "core_user_cleanup"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_product_search_term_prefix", "product_search_term", "term"),
    ("ix_product_sku_prefix", "product", "sku"),
)


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, table, column in INDEXES:
        op.create_index(name, table, [column], postgresql_ops={column: "varchar_pattern_ops"})


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, table, _column in INDEXES:
        op.drop_index(name, table_name=table)
