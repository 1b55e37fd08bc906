"""till counter: the manager who approved a cashier's refund, void or closing with their
PIN; the catalog sync cursor's index (updated_at, id)

Revision ID: core_till_counter
Revises: core_pg_prefix_indexes
"""

import sqlalchemy as sa
from alembic import op

revision = "core_till_counter"
down_revision = "core_pg_prefix_indexes"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("refund", schema=None) as batch_op:
        batch_op.add_column(sa.Column("approved_by", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_refund_approved_by_user"), "user", ["approved_by"], ["id"]
        )
    with op.batch_alter_table("cash_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("close_approved_by", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_cash_session_close_approved_by_user"),
            "user",
            ["close_approved_by"],
            ["id"],
        )
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.drop_index("ix_product_updated_at")
        batch_op.create_index("ix_product_updated_at_id", ["updated_at", "id"], unique=False)


def downgrade():
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.drop_index("ix_product_updated_at_id")
        batch_op.create_index("ix_product_updated_at", ["updated_at"], unique=False)
    with op.batch_alter_table("cash_session", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_cash_session_close_approved_by_user"), type_="foreignkey"
        )
        batch_op.drop_column("close_approved_by")
    with op.batch_alter_table("refund", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_refund_approved_by_user"), type_="foreignkey")
        batch_op.drop_column("approved_by")
