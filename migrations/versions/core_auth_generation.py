"""auth generation: one row bumped by every change that can refuse a cached API token
(revocation, a user disabled or changed, a role changed), which each worker's token cache
reads at most every PLUGIN_CHECK_INTERVAL

Revision ID: core_auth_generation
Revises: core_agent_registers
"""

import sqlalchemy as sa
from alembic import op

revision = "core_auth_generation"
down_revision = "core_agent_registers"
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        "auth_generation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_generation")),
    )
    op.bulk_insert(table, [{"id": 1, "generation": 0}])


def downgrade():
    op.drop_table("auth_generation")
