"""agent registers: one hardware agent may serve several registers (a register belongs
to at most one agent); a job remembers the agent it was handed to; a pairing code may
name more registers. Every paired agent keeps its one register.

Revision ID: core_agent_registers
Revises: core_scanned_codes
"""

import sqlalchemy as sa
from alembic import op

import core.db

revision = "core_agent_registers"
down_revision = "core_scanned_codes"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "agent_register",
        sa.Column("register_id", sa.Integer(), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=False),
        sa.Column("since", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agent_id"], ["device_agent.id"], name=op.f("fk_agent_register_agent_id_device_agent")
        ),
        sa.ForeignKeyConstraint(
            ["register_id"], ["register.id"], name=op.f("fk_agent_register_register_id_register")
        ),
        sa.PrimaryKeyConstraint("register_id", name=op.f("pk_agent_register")),
    )
    with op.batch_alter_table("agent_register", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agent_register_agent_id"), ["agent_id"])
    with op.batch_alter_table("device_job", schema=None) as batch_op:
        batch_op.add_column(sa.Column("agent_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_device_job_agent_id_device_agent"), "device_agent", ["agent_id"], ["id"]
        )
    with op.batch_alter_table("pairing_code", schema=None) as batch_op:
        batch_op.add_column(sa.Column("more_registers", sa.JSON(), nullable=True))
    # Existing pairings keep working: each live agent serves the register it was paired
    # for (pairing retired the one before, so a register has one live agent at most; the
    # newest wins should there be more).
    op.execute(
        """
        INSERT INTO agent_register (register_id, agent_id, since)
        SELECT a.register_id, MAX(a.id), MAX(a.paired_at)
        FROM device_agent a
        WHERE a.revoked = false
        GROUP BY a.register_id
        """
    )


def downgrade():
    with op.batch_alter_table("pairing_code", schema=None) as batch_op:
        batch_op.drop_column("more_registers")
    with op.batch_alter_table("device_job", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_device_job_agent_id_device_agent"), type_="foreignkey"
        )
        batch_op.drop_column("agent_id")
    with op.batch_alter_table("agent_register", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agent_register_agent_id"))
    op.drop_table("agent_register")
