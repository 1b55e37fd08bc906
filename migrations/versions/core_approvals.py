"""approvals: the manager who approved a cashier's refund, void or closing with their PIN

Revision ID: core_approvals
Revises: core_security
"""

import sqlalchemy as sa
from alembic import op

revision = "core_approvals"
down_revision = "core_security"
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


def downgrade():
    with op.batch_alter_table("cash_session", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_cash_session_close_approved_by_user"), type_="foreignkey"
        )
        batch_op.drop_column("close_approved_by")
    with op.batch_alter_table("refund", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_refund_approved_by_user"), type_="foreignkey")
        batch_op.drop_column("approved_by")
