"""journal closings: signed daily, monthly and yearly closings

Revision ID: core_journal_closings
Revises: core_0001
"""

import sqlalchemy as sa
from alembic import op

import core.db

revision = 'core_journal_closings'
down_revision = 'core_0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('journal_closing',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('period', sa.String(length=10), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('previous_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('signature', sa.String(length=128), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_journal_closing')),
    sa.UniqueConstraint('kind', 'period', name=op.f('uq_journal_closing_kind_period')),
    sa.UniqueConstraint('sequence', name=op.f('uq_journal_closing_sequence'))
    )


def downgrade():
    op.drop_table('journal_closing')
