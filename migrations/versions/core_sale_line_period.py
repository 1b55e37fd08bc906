"""sale line period: each sale line carries its sale's register and completion time, and
an index on that time (on PostgreSQL, covering what the reports sum), so that a report
of a period reads its lines alone instead of joining every line to its sale

Existing lines are filled in from their sale. On PostgreSQL the update rewrites every
line: run ``VACUUM ANALYZE sale_line`` afterwards (or let autovacuum get there) so that
the reports' index-only scans need not visit the table.

Revision ID: core_sale_line_period
Revises: core_plugin_cache_generation
"""

import sqlalchemy as sa
from alembic import op

import core.db

revision = "core_sale_line_period"
down_revision = "core_plugin_cache_generation"
branch_labels = None
depends_on = None

#: What the reports read of a line besides its time (core.sales.models.SaleLine).
COVERED = (
    "register_id",
    "kind",
    "product_id",
    "sku",
    "name",
    "first_of_product",
    "quantity",
    "total",
    "net",
    "tax",
    "discount",
)


def upgrade():
    with op.batch_alter_table("sale_line", schema=None) as batch_op:
        batch_op.add_column(sa.Column("register_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("completed_at", core.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("first_of_product", sa.Boolean(), nullable=True))
    # A sale's first line of a product and SKU (by position; no product: the SKU alone)
    # counts the sale in a report by product.
    if op.get_bind().dialect.name == "postgresql":
        # One pass over the lines and one rewrite of the table, not one per column.
        op.execute(
            "UPDATE sale_line SET register_id = l.register_id, completed_at = l.completed_at,"
            " first_of_product = l.first FROM (SELECT sale_line.id, sale.register_id,"
            " sale.completed_at, row_number() OVER (PARTITION BY sale_line.sale_id,"
            " sale_line.product_id, sale_line.sku ORDER BY sale_line.position) = 1 AS first"
            " FROM sale_line JOIN sale ON sale.id = sale_line.sale_id) AS l"
            " WHERE l.id = sale_line.id"
        )
    else:
        op.execute(
            "UPDATE sale_line SET"
            " register_id = (SELECT register_id FROM sale WHERE sale.id = sale_line.sale_id),"
            " completed_at = (SELECT completed_at FROM sale WHERE sale.id = sale_line.sale_id),"
            " first_of_product = NOT EXISTS (SELECT 1 FROM sale_line AS o"
            " WHERE o.sale_id = sale_line.sale_id AND o.sku = sale_line.sku"
            " AND (o.product_id = sale_line.product_id"
            " OR (o.product_id IS NULL AND sale_line.product_id IS NULL))"
            " AND o.position < sale_line.position)"
        )
    with op.batch_alter_table("sale_line", schema=None) as batch_op:
        batch_op.alter_column("register_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("first_of_product", existing_type=sa.Boolean(), nullable=False)
        batch_op.alter_column(
            "completed_at", existing_type=core.db.UTCDateTime(timezone=True), nullable=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_sale_line_register_id_register"), "register", ["register_id"], ["id"]
        )
        batch_op.create_index(
            "ix_sale_line_completed_at", ["completed_at"], postgresql_include=list(COVERED)
        )


def downgrade():
    with op.batch_alter_table("sale_line", schema=None) as batch_op:
        batch_op.drop_index("ix_sale_line_completed_at")
        batch_op.drop_constraint(
            batch_op.f("fk_sale_line_register_id_register"), type_="foreignkey"
        )
        batch_op.drop_column("first_of_product")
        batch_op.drop_column("completed_at")
        batch_op.drop_column("register_id")
