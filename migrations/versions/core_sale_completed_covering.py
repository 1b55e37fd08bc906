"""PostgreSQL: the sales' time index covers what the reports sum of a sale (its register,
total, net, tax, discount and rounding), so that a period's sales are read from the
index alone; nothing on SQLite

Rebuilt in the migration's transaction, which holds back sales meanwhile: about two
seconds for a million sales on a two-core machine (docs/operators).

Revision ID: core_sale_completed_covering
Revises: core_pg_term_covering
"""

from alembic import op

revision = "core_sale_completed_covering"
down_revision = "core_pg_term_covering"
branch_labels = None
depends_on = None

NAME, TABLE = "ix_sale_completed_at", "sale"
COVERED = ["register_id", "total", "net_total", "tax_total", "discount_total", "rounding"]


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index(NAME, table_name=TABLE)
    op.create_index(NAME, TABLE, ["completed_at"], postgresql_include=COVERED)


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index(NAME, table_name=TABLE)
    op.create_index(NAME, TABLE, ["completed_at"])
