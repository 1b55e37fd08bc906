"""tips: the tips table

Revision ID: tips_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

import core.plugins

revision = "tips_0001"
down_revision = None
branch_labels = ("tips",)
depends_on = "core_0001"


def upgrade():
    op.create_table(
        "tips_tip",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("created_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_tips_tip_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tips_tip")),
    )
    with op.batch_alter_table("tips_tip", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tips_tip_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("tips_tip", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tips_tip_user_id"))
    op.drop_table("tips_tip")
