"""webhooks tables: subscriptions and their delivery log

Revision ID: webhooks_0001
Revises:

"""

import sqlalchemy as sa
from alembic import op

import core.plugins

revision = "webhooks_0001"
down_revision = None
branch_labels = ("webhooks",)
depends_on = "core_0001"


def upgrade():
    op.create_table(
        "webhooks_subscription",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("events", sa.JSON(), nullable=False),
        sa.Column("secret_encrypted", sa.Text(), nullable=False),
        sa.Column("secret_hint", sa.String(length=4), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhooks_subscription")),
    )
    op.create_table(
        "webhooks_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("event", sa.String(length=64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("response_status", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("resent_event_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", core.plugins.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["webhooks_subscription.id"],
            name=op.f("fk_webhooks_delivery_subscription_id_webhooks_subscription"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhooks_delivery")),
        sa.UniqueConstraint("subscription_id", "event_id", name="uq_webhooks_delivery_event"),
    )
    with op.batch_alter_table("webhooks_delivery", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_webhooks_delivery_subscription_id"), ["subscription_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("webhooks_delivery", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_webhooks_delivery_subscription_id"))
    op.drop_table("webhooks_delivery")
    op.drop_table("webhooks_subscription")
