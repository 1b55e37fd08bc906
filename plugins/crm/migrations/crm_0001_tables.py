"""crm: customers, groups and consents

Revision ID: crm_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

import core.plugins

revision = "crm_0001"
down_revision = None
branch_labels = ("crm",)
depends_on = "core_0001"


def upgrade():
    op.create_table(
        "crm_customer_group",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("discount_percent", sa.Numeric(precision=6, scale=3), nullable=False),
        sa.Column("created_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crm_customer_group")),
        sa.UniqueConstraint("name", name=op.f("uq_crm_customer_group_name")),
    )
    op.create_table(
        "crm_customer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("phone_digits", sa.String(length=40), nullable=True),
        sa.Column("address", sa.String(length=500), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("marketing_consent", sa.Boolean(), nullable=False),
        sa.Column("consent_changed_at", core.plugins.UTCDateTime(timezone=True), nullable=True),
        sa.Column("card_barcode", sa.String(length=64), nullable=True),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("created_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.Column("erased_at", core.plugins.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["crm_customer_group.id"],
            name=op.f("fk_crm_customer_group_id_crm_customer_group"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crm_customer")),
        sa.UniqueConstraint("card_barcode", name=op.f("uq_crm_customer_card_barcode")),
    )
    with op.batch_alter_table("crm_customer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_crm_customer_email"), ["email"], unique=False)
        batch_op.create_index(batch_op.f("ix_crm_customer_group_id"), ["group_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_crm_customer_phone_digits"), ["phone_digits"], unique=False
        )

    op.create_table(
        "crm_consent_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("given", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["crm_customer.id"],
            name=op.f("fk_crm_consent_event_customer_id_crm_customer"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crm_consent_event")),
    )
    with op.batch_alter_table("crm_consent_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_crm_consent_event_customer_id"), ["customer_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("crm_consent_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_crm_consent_event_customer_id"))

    op.drop_table("crm_consent_event")
    with op.batch_alter_table("crm_customer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_crm_customer_phone_digits"))
        batch_op.drop_index(batch_op.f("ix_crm_customer_group_id"))
        batch_op.drop_index(batch_op.f("ix_crm_customer_email"))

    op.drop_table("crm_customer")
    op.drop_table("crm_customer_group")
