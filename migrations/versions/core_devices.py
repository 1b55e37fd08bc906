"""devices: registers' devices, named printers, paired hardware agents, pairing codes,
device jobs and "no sale" records

Revision ID: core_devices
Revises: core_till_counter
"""

import sqlalchemy as sa
from alembic import op

import core.db

revision = "core_devices"
down_revision = "core_till_counter"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "register_devices",
        sa.Column("register_id", sa.Integer(), nullable=False),
        sa.Column("printer", sa.String(length=16), nullable=False),
        sa.Column("paper_mm", sa.Integer(), nullable=False),
        sa.Column("number_code", sa.String(length=16), nullable=False),
        sa.Column("drawer", sa.Boolean(), nullable=False),
        sa.Column("display", sa.Boolean(), nullable=False),
        sa.Column("scale", sa.Boolean(), nullable=False),
        sa.Column("scanner", sa.Boolean(), nullable=False),
        sa.Column("status", sa.JSON(), nullable=False),
        sa.Column("status_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["register_id"], ["register.id"], name=op.f("fk_register_devices_register_id_register")
        ),
        sa.PrimaryKeyConstraint("register_id", name=op.f("pk_register_devices")),
    )
    op.create_table(
        "named_printer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("register_id", sa.Integer(), nullable=False),
        sa.Column("paper_mm", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["register_id"], ["register.id"], name=op.f("fk_named_printer_register_id_register")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_named_printer")),
        sa.UniqueConstraint("name", name=op.f("uq_named_printer_name")),
    )
    op.create_table(
        "device_agent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("register_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("local_token", sa.String(length=64), nullable=False),
        sa.Column("paired_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["register_id"], ["register.id"], name=op.f("fk_device_agent_register_id_register")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_device_agent")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_device_agent_token_hash")),
    )
    op.create_index(op.f("ix_device_agent_register_id"), "device_agent", ["register_id"])
    op.create_table(
        "pairing_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("register_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"], ["user.id"], name=op.f("fk_pairing_code_created_by_user")
        ),
        sa.ForeignKeyConstraint(
            ["register_id"], ["register.id"], name=op.f("fk_pairing_code_register_id_register")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pairing_code")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_pairing_code_code_hash")),
    )
    op.create_table(
        "pairing_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pairing_failure")),
    )
    op.create_index(op.f("ix_pairing_failure_address"), "pairing_failure", ["address"])
    op.create_table(
        "device_job",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("register_id", sa.Integer(), nullable=False),
        sa.Column("target", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("done_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["register_id"], ["register.id"], name=op.f("fk_device_job_register_id_register")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_device_job")),
        sa.UniqueConstraint("key", name=op.f("uq_device_job_key")),
    )
    op.create_index(
        "ix_device_job_register_status", "device_job", ["register_id", "status"], unique=False
    )
    op.create_table(
        "no_sale",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("register_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["register_id"], ["register.id"], name=op.f("fk_no_sale_register_id_register")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_no_sale_user_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_no_sale")),
    )


def downgrade():
    op.drop_table("no_sale")
    op.drop_index("ix_device_job_register_status", table_name="device_job")
    op.drop_table("device_job")
    op.drop_index(op.f("ix_pairing_failure_address"), table_name="pairing_failure")
    op.drop_table("pairing_failure")
    op.drop_table("pairing_code")
    op.drop_index(op.f("ix_device_agent_register_id"), table_name="device_agent")
    op.drop_table("device_agent")
    op.drop_table("named_printer")
    op.drop_table("register_devices")
