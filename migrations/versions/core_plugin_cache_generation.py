"""plugin cache generation: one row per shared cache (core.plugins.SharedCache), bumped by
the transaction that changes what the cache holds and read by each worker with the plugin
generation, at most every PLUGIN_CHECK_INTERVAL

Revision ID: core_plugin_cache_generation
Revises: core_auth_generation
"""

import sqlalchemy as sa
from alembic import op

revision = "core_plugin_cache_generation"
down_revision = "core_auth_generation"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "plugin_cache_generation",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_plugin_cache_generation")),
    )


def downgrade():
    op.drop_table("plugin_cache_generation")
