"""restaurant tables: rooms, tables, modifiers, orders and their lines, tickets

Revision ID: restaurant_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

import core.plugins

revision = 'restaurant_0001'
down_revision = None
branch_labels = ('restaurant',)
depends_on = 'core_devices'


def upgrade():
    op.create_table('restaurant_modifier',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('price', sa.BigInteger(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_restaurant_modifier')),
    sa.UniqueConstraint('name', name=op.f('uq_restaurant_modifier_name'))
    )
    op.create_table('restaurant_room',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_restaurant_room')),
    sa.UniqueConstraint('name', name=op.f('uq_restaurant_room_name'))
    )
    op.create_table('restaurant_table',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=20), nullable=False),
    sa.Column('seats', sa.Integer(), nullable=False),
    sa.Column('shape', sa.String(length=16), nullable=False),
    sa.Column('x', sa.Integer(), nullable=False),
    sa.Column('y', sa.Integer(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['room_id'], ['restaurant_room.id'], name=op.f('fk_restaurant_table_room_id_restaurant_room')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_restaurant_table')),
    sa.UniqueConstraint('room_id', 'name', name=op.f('uq_restaurant_table_room_id_name'))
    )
    with op.batch_alter_table('restaurant_table', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_restaurant_table_room_id'), ['room_id'], unique=False)

    op.create_table('restaurant_order',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('table_id', sa.Integer(), nullable=False),
    sa.Column('open_table_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('covers', sa.Integer(), nullable=False),
    sa.Column('opened_by', sa.Integer(), nullable=True),
    sa.Column('opened_at', core.plugins.UTCDateTime(timezone=True), nullable=False),
    sa.Column('bill_requested_at', core.plugins.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_at', core.plugins.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['table_id'], ['restaurant_table.id'], name=op.f('fk_restaurant_order_table_id_restaurant_table')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_restaurant_order')),
    sa.UniqueConstraint('open_table_id', name=op.f('uq_restaurant_order_open_table_id'))
    )
    with op.batch_alter_table('restaurant_order', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_restaurant_order_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_restaurant_order_table_id'), ['table_id'], unique=False)

    op.create_table('restaurant_order_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('quantity', sa.Numeric(precision=12, scale=3), nullable=False),
    sa.Column('sent_quantity', sa.Numeric(precision=12, scale=3), nullable=False),
    sa.Column('seat', sa.Integer(), nullable=False),
    sa.Column('course', sa.Integer(), nullable=False),
    sa.Column('modifiers', sa.JSON(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('station', sa.String(length=16), nullable=False),
    sa.Column('added_by', sa.Integer(), nullable=True),
    sa.Column('created_at', core.plugins.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sale_id', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['order_id'], ['restaurant_order.id'], name=op.f('fk_restaurant_order_line_order_id_restaurant_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_restaurant_order_line'))
    )
    with op.batch_alter_table('restaurant_order_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_restaurant_order_line_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_restaurant_order_line_sale_id'), ['sale_id'], unique=False)

    op.create_table('restaurant_order_sale',
    sa.Column('sale_id', sa.String(length=36), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('total', sa.BigInteger(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', core.plugins.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['restaurant_order.id'], name=op.f('fk_restaurant_order_sale_order_id_restaurant_order')),
    sa.PrimaryKeyConstraint('sale_id', name=op.f('pk_restaurant_order_sale'))
    )
    with op.batch_alter_table('restaurant_order_sale', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_restaurant_order_sale_order_id'), ['order_id'], unique=False)

    op.create_table('restaurant_ticket',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('table_name', sa.String(length=20), nullable=False),
    sa.Column('station', sa.String(length=16), nullable=False),
    sa.Column('course', sa.Integer(), nullable=False),
    sa.Column('rows', sa.JSON(), nullable=False),
    sa.Column('job_id', sa.String(length=64), nullable=True),
    sa.Column('created_at', core.plugins.UTCDateTime(timezone=True), nullable=False),
    sa.Column('done_at', core.plugins.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['order_id'], ['restaurant_order.id'], name=op.f('fk_restaurant_ticket_order_id_restaurant_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_restaurant_ticket'))
    )
    with op.batch_alter_table('restaurant_ticket', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_restaurant_ticket_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_restaurant_ticket_order_id'), ['order_id'], unique=False)



def downgrade():
    with op.batch_alter_table('restaurant_ticket', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_restaurant_ticket_order_id'))
        batch_op.drop_index(batch_op.f('ix_restaurant_ticket_created_at'))

    op.drop_table('restaurant_ticket')
    with op.batch_alter_table('restaurant_order_sale', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_restaurant_order_sale_order_id'))

    op.drop_table('restaurant_order_sale')
    with op.batch_alter_table('restaurant_order_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_restaurant_order_line_sale_id'))
        batch_op.drop_index(batch_op.f('ix_restaurant_order_line_order_id'))

    op.drop_table('restaurant_order_line')
    with op.batch_alter_table('restaurant_order', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_restaurant_order_table_id'))
        batch_op.drop_index(batch_op.f('ix_restaurant_order_status'))

    op.drop_table('restaurant_order')
    with op.batch_alter_table('restaurant_table', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_restaurant_table_room_id'))

    op.drop_table('restaurant_table')
    op.drop_table('restaurant_room')
    op.drop_table('restaurant_modifier')
