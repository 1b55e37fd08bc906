"""user cleanup: drop the user columns nothing reads any more

``session_version`` ended sessions before they were kept server-side (``user_session``).

Revision ID: core_user_cleanup
Revises: core_security
"""

import sqlalchemy as sa
from alembic import op

revision = "core_user_cleanup"
down_revision = "core_security"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("session_version")


def downgrade():
    # Back with the value a fresh user had.
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_version", sa.Integer(), nullable=False, server_default="1")
        )
