"""golf: courses, blocked times, slots, bookings, players, rates, memberships and rain checks

Revision ID: golf_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

import core.plugins

revision = "golf_0001"
down_revision = None
branch_labels = ("golf",)
depends_on = "core_0001"


def upgrade():
    op.create_table(
        "golf_course",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("holes", sa.Integer(), nullable=False),
        sa.Column("interval_minutes", sa.Integer(), nullable=False),
        sa.Column("first_tee", sa.Time(), nullable=False),
        sa.Column("last_tee", sa.Time(), nullable=False),
        sa.Column("created_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "interval_minutes BETWEEN 4 AND 60", name=op.f("ck_golf_course_interval_range")
        ),
        sa.CheckConstraint("first_tee <= last_tee", name=op.f("ck_golf_course_first_before_last")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_golf_course")),
        sa.UniqueConstraint("name", name=op.f("uq_golf_course_name")),
    )
    op.create_table(
        "golf_block",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("start", sa.Time(), nullable=False),
        sa.Column("end", sa.Time(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"], ["golf_course.id"], name=op.f("fk_golf_block_course_id_golf_course")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_golf_block")),
    )
    op.create_index(op.f("ix_golf_block_course_id"), "golf_block", ["course_id"], unique=False)
    op.create_table(
        "golf_slot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("tee_time", sa.Time(), nullable=False),
        sa.Column("players", sa.Integer(), nullable=False),
        sa.CheckConstraint("players BETWEEN 0 AND 4", name=op.f("ck_golf_slot_players_range")),
        sa.ForeignKeyConstraint(
            ["course_id"], ["golf_course.id"], name=op.f("fk_golf_slot_course_id_golf_course")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_golf_slot")),
        sa.UniqueConstraint(
            "course_id", "day", "tee_time", name=op.f("uq_golf_slot_course_id_day_tee_time")
        ),
    )
    op.create_table(
        "golf_booking",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slot_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=False),
        sa.Column("created_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["slot_id"], ["golf_slot.id"], name=op.f("fk_golf_booking_slot_id_golf_slot")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_golf_booking")),
    )
    op.create_index(op.f("ix_golf_booking_slot_id"), "golf_booking", ["slot_id"], unique=False)
    op.create_index(op.f("ix_golf_booking_status"), "golf_booking", ["status"], unique=False)
    op.create_table(
        "golf_player",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("sale_id", sa.String(length=36), nullable=True),
        sa.Column("green_fee", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["golf_booking.id"],
            name=op.f("fk_golf_player_booking_id_golf_booking"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_golf_player")),
        sa.UniqueConstraint("booking_id", "position", name=op.f("uq_golf_player_booking_id_position")),
    )
    op.create_index(op.f("ix_golf_player_customer_id"), "golf_player", ["customer_id"], unique=False)
    op.create_index(op.f("ix_golf_player_sale_id"), "golf_player", ["sale_id"], unique=False)
    op.create_table(
        "golf_rate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("player_kind", sa.String(length=8), nullable=False),
        sa.Column("weekdays", sa.String(length=7), nullable=False),
        sa.Column("start", sa.Time(), nullable=False),
        sa.Column("end", sa.Time(), nullable=False),
        sa.Column("price", sa.BigInteger(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"], ["golf_course.id"], name=op.f("fk_golf_rate_course_id_golf_course")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_golf_rate")),
    )
    op.create_index(op.f("ix_golf_rate_course_id"), "golf_rate", ["course_id"], unique=False)
    op.create_table(
        "golf_membership_category",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("price", sa.BigInteger(), nullable=False),
        sa.Column("included_rounds", sa.Integer(), nullable=False),
        sa.Column("discount_percent", sa.Numeric(precision=6, scale=3), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_golf_membership_category")),
        sa.UniqueConstraint("name", name=op.f("uq_golf_membership_category_name")),
    )
    op.create_table(
        "golf_membership",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("season_start", sa.Date(), nullable=False),
        sa.Column("season_end", sa.Date(), nullable=False),
        sa.Column("rounds_used", sa.Integer(), nullable=False),
        sa.Column("sale_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "rounds_used >= 0", name=op.f("ck_golf_membership_rounds_used_positive")
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["golf_membership_category.id"],
            name=op.f("fk_golf_membership_category_id_golf_membership_category"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_golf_membership")),
    )
    op.create_index(
        op.f("ix_golf_membership_customer_id"), "golf_membership", ["customer_id"], unique=False
    )
    op.create_table(
        "golf_rain_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("player_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("sale_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["player_id"], ["golf_player.id"], name=op.f("fk_golf_rain_check_player_id_golf_player")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_golf_rain_check")),
        sa.UniqueConstraint("code", name=op.f("uq_golf_rain_check_code")),
        sa.UniqueConstraint("player_id", name=op.f("uq_golf_rain_check_player_id")),
    )


def downgrade():
    op.drop_table("golf_rain_check")
    op.drop_index(op.f("ix_golf_membership_customer_id"), table_name="golf_membership")
    op.drop_table("golf_membership")
    op.drop_table("golf_membership_category")
    op.drop_index(op.f("ix_golf_rate_course_id"), table_name="golf_rate")
    op.drop_table("golf_rate")
    op.drop_index(op.f("ix_golf_player_sale_id"), table_name="golf_player")
    op.drop_index(op.f("ix_golf_player_customer_id"), table_name="golf_player")
    op.drop_table("golf_player")
    op.drop_index(op.f("ix_golf_booking_status"), table_name="golf_booking")
    op.drop_index(op.f("ix_golf_booking_slot_id"), table_name="golf_booking")
    op.drop_table("golf_booking")
    op.drop_table("golf_slot")
    op.drop_index(op.f("ix_golf_block_course_id"), table_name="golf_block")
    op.drop_table("golf_block")
    op.drop_table("golf_course")
