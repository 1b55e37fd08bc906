"""security: server-side sign-in sessions (with the address signed in from), wrong
sign-in answers (the lockout), the
history of product prices (offline sales are checked against it)

Revision ID: core_security
Revises: core_0001
"""

import sqlalchemy as sa
from alembic import op

import core.db

revision = "core_security"
down_revision = "core_audit_users"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "user_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_user_session_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_session")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_user_session_key_hash")),
    )
    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_user_session_user_id"), ["user_id"], unique=False)

    op.create_table(
        "sign_in_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_key", sa.String(length=160), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_failure")),
    )
    with op.batch_alter_table("sign_in_failure", schema=None) as batch_op:
        batch_op.create_index("ix_sign_in_failure_user_key_at", ["user_key", "at"], unique=False)

    op.create_table(
        "product_price",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("price", sa.BigInteger(), nullable=False),
        sa.Column("tax_rate", sa.Numeric(precision=7, scale=3), nullable=False),
        sa.Column("valid_from", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["product.id"],
            name=op.f("fk_product_price_product_id_product"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_price")),
    )
    with op.batch_alter_table("product_price", schema=None) as batch_op:
        batch_op.create_index(
            "ix_product_price_product_id_valid_from", ["product_id", "valid_from"], unique=False
        )
    # Today's prices are the first versions, valid since each product was created.
    op.execute(
        "INSERT INTO product_price (product_id, price, tax_rate, valid_from) "
        "SELECT product.id, product.price, tax_rate.rate, product.created_at "
        "FROM product JOIN tax_rate ON tax_rate.id = product.tax_rate_id"
    )


def downgrade():
    with op.batch_alter_table("sign_in_failure", schema=None) as batch_op:
        batch_op.drop_index("ix_sign_in_failure_user_key_at")
    op.drop_table("sign_in_failure")
    with op.batch_alter_table("product_price", schema=None) as batch_op:
        batch_op.drop_index("ix_product_price_product_id_valid_from")
    op.drop_table("product_price")
    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_session_user_id"))
    op.drop_table("user_session")
