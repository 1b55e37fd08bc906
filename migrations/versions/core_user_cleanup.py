"""user cleanup: drop the user columns nothing reads any more

``session_version`` ended sessions before they were kept server-side (``user_session``);
``failed_pin_attempts`` and ``locked_until`` counted PIN lockouts before ``sign_in_failure``
did. Any lockout they still held is void: the throttle never read them.

Revision ID: core_user_cleanup
Revises: core_security
"""

import sqlalchemy as sa
from alembic import op

import core.db

revision = "core_user_cleanup"
down_revision = "core_security"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("locked_until")
        batch_op.drop_column("failed_pin_attempts")
        batch_op.drop_column("session_version")


def downgrade():
    # Back with the values a fresh user had: version 1, no failures, not locked.
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_version", sa.Integer(), nullable=False, server_default="1")
        )
        batch_op.add_column(
            sa.Column("failed_pin_attempts", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("locked_until", core.db.UTCDateTime(timezone=True), nullable=True)
        )
