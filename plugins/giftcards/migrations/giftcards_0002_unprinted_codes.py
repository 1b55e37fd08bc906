"""giftcards: codes kept only until the buyer's receipt prints them

Revision ID: giftcards_0002
Revises: giftcards_0001

"""

import sqlalchemy as sa
from alembic import op

import core.plugins

revision = "giftcards_0002"
down_revision = "giftcards_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "giftcards_unprinted_code",
        sa.Column("sale_line_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("created_at", core.plugins.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["card_id"],
            ["giftcards_card.id"],
            name=op.f("fk_giftcards_unprinted_code_card_id_giftcards_card"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("sale_line_id", name=op.f("pk_giftcards_unprinted_code")),
    )
    # Codes sold before this revision sat in their sale lines, readable by every cashier:
    # removed (the buyers have their receipts; the cards keep working by their codes).
    bind = op.get_bind()
    sale_line = sa.table(
        "sale_line", sa.column("id", sa.Integer), sa.column("kind"), sa.column("data", sa.JSON)
    )
    rows = bind.execute(
        sa.select(sale_line.c.id, sale_line.c.data).where(sale_line.c.kind == "gift_card")
    ).all()
    for line_id, data in rows:
        if isinstance(data, dict) and "code" in data:
            kept = {key: value for key, value in data.items() if key != "code"}
            bind.execute(sa.update(sale_line).where(sale_line.c.id == line_id).values(data=kept))


def downgrade():
    op.drop_table("giftcards_unprinted_code")
