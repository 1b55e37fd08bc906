"""golf: 10th-tee starts (a slot per tee), the rate a green fee was charged by, categories
taken off sale

Revision ID: golf_0002
Revises: golf_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "golf_0002"
down_revision = "golf_0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("golf_course", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "tenth_tee_starts", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )
    with op.batch_alter_table("golf_slot", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tee", sa.Integer(), server_default="1", nullable=False))
        batch_op.drop_constraint("uq_golf_slot_course_id_day_tee_time", type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_golf_slot_course_id_day_tee_time_tee"),
            ["course_id", "day", "tee_time", "tee"],
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_golf_slot_first_or_tenth_tee"), "tee IN (1, 10)"
        )
    with op.batch_alter_table("golf_player", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rate_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_golf_player_rate_id"), ["rate_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_golf_player_rate_id_golf_rate"), "golf_rate", ["rate_id"], ["id"]
        )
    with op.batch_alter_table("golf_membership_category", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table("golf_membership_category", schema=None) as batch_op:
        batch_op.drop_column("active")
    with op.batch_alter_table("golf_player", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_golf_player_rate_id_golf_rate"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_golf_player_rate_id"))
        batch_op.drop_column("rate_id")
    with op.batch_alter_table("golf_slot", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_golf_slot_first_or_tenth_tee"), type_="check")
        batch_op.drop_constraint(batch_op.f("uq_golf_slot_course_id_day_tee_time_tee"), type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_golf_slot_course_id_day_tee_time"), ["course_id", "day", "tee_time"]
        )
        batch_op.drop_column("tee")
    with op.batch_alter_table("golf_course", schema=None) as batch_op:
        batch_op.drop_column("tenth_tee_starts")
