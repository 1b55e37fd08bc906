"""timeclock tables

Revision ID: timeclock_0001
Revises:

"""

import sqlalchemy as sa
from alembic import op

import core.plugins

revision = "timeclock_0001"
down_revision = None
branch_labels = ("timeclock",)
depends_on = "core_0001"


def upgrade():
    op.create_table(
        "timeclock_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("started_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ended_at", core.plugins.UTCDateTime(timezone=True), nullable=True),
        sa.Column("open_user_id", sa.Integer(), nullable=True),
        sa.Column("recorded_start_at", core.plugins.UTCDateTime(timezone=True), nullable=True),
        sa.Column("recorded_end_at", core.plugins.UTCDateTime(timezone=True), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("voided", sa.Boolean(), nullable=False),
        sa.Column("created_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_timeclock_entry")),
        sa.UniqueConstraint("open_user_id", name=op.f("uq_timeclock_entry_open_user_id")),
    )
    with op.batch_alter_table("timeclock_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_timeclock_entry_started_at"), ["started_at"], unique=False
        )
        batch_op.create_index(
            "ix_timeclock_entry_user_started", ["user_id", "started_at"], unique=False
        )

    op.create_table(
        "timeclock_break",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("started_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ended_at", core.plugins.UTCDateTime(timezone=True), nullable=True),
        sa.Column("open_entry_id", sa.Integer(), nullable=True),
        sa.Column("recorded_start_at", core.plugins.UTCDateTime(timezone=True), nullable=True),
        sa.Column("recorded_end_at", core.plugins.UTCDateTime(timezone=True), nullable=True),
        sa.Column("voided", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["timeclock_entry.id"],
            name=op.f("fk_timeclock_break_entry_id_timeclock_entry"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_timeclock_break")),
        sa.UniqueConstraint("open_entry_id", name=op.f("uq_timeclock_break_open_entry_id")),
    )
    with op.batch_alter_table("timeclock_break", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_timeclock_break_entry_id"), ["entry_id"], unique=False)

    op.create_table(
        "timeclock_correction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("break_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["break_id"],
            ["timeclock_break.id"],
            name=op.f("fk_timeclock_correction_break_id_timeclock_break"),
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["timeclock_entry.id"],
            name=op.f("fk_timeclock_correction_entry_id_timeclock_entry"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_timeclock_correction")),
    )
    with op.batch_alter_table("timeclock_correction", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_timeclock_correction_entry_id"), ["entry_id"], unique=False
        )

    op.create_table(
        "timeclock_shift",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ends_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_timeclock_shift_ends_after_start")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_timeclock_shift")),
    )
    with op.batch_alter_table("timeclock_shift", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_timeclock_shift_starts_at"), ["starts_at"], unique=False)
        batch_op.create_index(
            "ix_timeclock_shift_user_starts", ["user_id", "starts_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("timeclock_shift", schema=None) as batch_op:
        batch_op.drop_index("ix_timeclock_shift_user_starts")
        batch_op.drop_index(batch_op.f("ix_timeclock_shift_starts_at"))
    op.drop_table("timeclock_shift")
    with op.batch_alter_table("timeclock_correction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_timeclock_correction_entry_id"))
    op.drop_table("timeclock_correction")
    with op.batch_alter_table("timeclock_break", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_timeclock_break_entry_id"))
    op.drop_table("timeclock_break")
    with op.batch_alter_table("timeclock_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_timeclock_entry_user_started")
        batch_op.drop_index(batch_op.f("ix_timeclock_entry_started_at"))
    op.drop_table("timeclock_entry")
