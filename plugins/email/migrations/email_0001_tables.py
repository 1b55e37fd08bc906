"""email tables: messages and the SMTP password

Revision ID: email_0001
Revises:

"""

import sqlalchemy as sa
from alembic import op

import core.plugins

revision = "email_0001"
down_revision = None
branch_labels = ("email",)
depends_on = "core_0001"


def upgrade():
    op.create_table(
        "email_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("sale_id", sa.String(length=36), nullable=True),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("base_url", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", core.plugins.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_message")),
    )
    with op.batch_alter_table("email_message", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_email_message_sale_id"), ["sale_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_email_message_status"), ["status"], unique=False)
    op.create_table(
        "email_smtp_secret",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("password_encrypted", sa.Text(), nullable=False),
        sa.Column("updated_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_smtp_secret")),
    )


def downgrade():
    op.drop_table("email_smtp_secret")
    with op.batch_alter_table("email_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_email_message_status"))
        batch_op.drop_index(batch_op.f("ix_email_message_sale_id"))
    op.drop_table("email_message")
