"""broadcasts, recurring reminders, and deliveries linked to their broadcast

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('audience', sa.JSON(), nullable=False),
    sa.Column('cron', sa.String(length=100), nullable=False),
    sa.Column('urgent', sa.Boolean(), nullable=False),
    sa.Column('paused', sa.Boolean(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_fired_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['members.id'], name=op.f('fk_reminders_created_by_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminders')),
    sa.UniqueConstraint('key', name=op.f('uq_reminders_key'))
    )
    op.create_table('broadcasts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sender_id', sa.Integer(), nullable=True),
    sa.Column('reminder_id', sa.Integer(), nullable=True),
    sa.Column('fire_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('attachment', sa.JSON(), nullable=True),
    sa.Column('audience', sa.JSON(), nullable=False),
    sa.Column('urgent', sa.Boolean(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('send_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('status_channel', sa.String(length=16), nullable=True),
    sa.Column('status_chat_id', sa.String(length=64), nullable=True),
    sa.Column('status_message_id', sa.String(length=64), nullable=True),
    sa.Column('progress_text', sa.Text(), nullable=False),
    sa.Column('progress_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['reminder_id'], ['reminders.id'], name=op.f('fk_broadcasts_reminder_id_reminders')),
    sa.ForeignKeyConstraint(['sender_id'], ['members.id'], name=op.f('fk_broadcasts_sender_id_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_broadcasts')),
    sa.UniqueConstraint('reminder_id', 'fire_at', name=op.f('uq_broadcasts_reminder_id_fire_at'))
    )
    op.create_index('ix_broadcasts_state_starts', 'broadcasts', ['state', 'starts_at'], unique=False)
    with op.batch_alter_table('deliveries') as batch_op:
        batch_op.add_column(sa.Column('broadcast_id', sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column('quiet', sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.create_index('ix_deliveries_broadcast', ['broadcast_id', 'status'], unique=False)
        batch_op.create_foreign_key(
            op.f('fk_deliveries_broadcast_id_broadcasts'), 'broadcasts', ['broadcast_id'], ['id']
        )


def downgrade() -> None:
    with op.batch_alter_table('deliveries') as batch_op:
        batch_op.drop_constraint(op.f('fk_deliveries_broadcast_id_broadcasts'), type_='foreignkey')
        batch_op.drop_index('ix_deliveries_broadcast')
        batch_op.drop_column('quiet')
        batch_op.drop_column('broadcast_id')
    op.drop_index('ix_broadcasts_state_starts', table_name='broadcasts')
    op.drop_table('broadcasts')
    op.drop_table('reminders')
