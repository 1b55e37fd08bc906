"""crm: the language a customer reads (for what the shop sends them)

Revision ID: crm_0002
Revises: crm_0001

"""

import sqlalchemy as sa
from alembic import op

revision = "crm_0002"
down_revision = "crm_0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("crm_customer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=8), nullable=True))


def downgrade():
    with op.batch_alter_table("crm_customer", schema=None) as batch_op:
        batch_op.drop_column("language")
