"""nominations, their cited initiatives, reporting periods and unit reports

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('nominations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('track', sa.String(length=16), nullable=False),
    sa.Column('movement_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('nominator_id', sa.Integer(), nullable=True),
    sa.Column('nominee_kind', sa.String(length=16), nullable=False),
    sa.Column('nominee_member_id', sa.Integer(), nullable=True),
    sa.Column('nominee_name', sa.String(length=200), nullable=False),
    sa.Column('nominee_key', sa.String(length=240), nullable=False),
    sa.Column('award_code', sa.String(length=32), nullable=False),
    sa.Column('award_name', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('announced_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['movement_id'], ['movements.id'], name=op.f('fk_nominations_movement_id_movements')),
    sa.ForeignKeyConstraint(['nominator_id'], ['members.id'], name=op.f('fk_nominations_nominator_id_members')),
    sa.ForeignKeyConstraint(['nominee_member_id'], ['members.id'], name=op.f('fk_nominations_nominee_member_id_members')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_nominations_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nominations')),
    sa.UniqueConstraint('code', name=op.f('uq_nominations_code'))
    )
    with op.batch_alter_table('nominations', schema=None) as batch_op:
        batch_op.create_index('ix_nominations_duplicate', ['year', 'award_code', 'nominee_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_nominations_nominator_id'), ['nominator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_nominations_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_nominations_submitted_at'), ['submitted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_nominations_track'), ['track'], unique=False)
        batch_op.create_index(batch_op.f('ix_nominations_unit_id'), ['unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_nominations_year'), ['year'], unique=False)

    op.create_table('reporting_periods',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('open', sa.Boolean(), nullable=False),
    sa.Column('opened_by', sa.Integer(), nullable=True),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['opened_by'], ['members.id'], name=op.f('fk_reporting_periods_opened_by_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reporting_periods'))
    )
    op.create_table('nomination_initiatives',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('initiative_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['initiative_id'], ['initiatives.id'], name=op.f('fk_nomination_initiatives_initiative_id_initiatives')),
    sa.ForeignKeyConstraint(['nomination_id'], ['nominations.id'], name=op.f('fk_nomination_initiatives_nomination_id_nominations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nomination_initiatives')),
    sa.UniqueConstraint('nomination_id', 'initiative_id', name=op.f('uq_nomination_initiatives_nomination_id_initiative_id'))
    )
    with op.batch_alter_table('nomination_initiatives', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nomination_initiatives_nomination_id'), ['nomination_id'], unique=False)

    op.create_table('reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('submitted_by', sa.Integer(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('results', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['period_id'], ['reporting_periods.id'], name=op.f('fk_reports_period_id_reporting_periods')),
    sa.ForeignKeyConstraint(['submitted_by'], ['members.id'], name=op.f('fk_reports_submitted_by_members')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_reports_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reports')),
    sa.UniqueConstraint('period_id', 'unit_id', name=op.f('uq_reports_period_id_unit_id'))
    )
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reports_period_id'), ['period_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reports_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_reports_unit_id'), ['unit_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reports_unit_id'))
        batch_op.drop_index(batch_op.f('ix_reports_state'))
        batch_op.drop_index(batch_op.f('ix_reports_period_id'))

    op.drop_table('reports')
    with op.batch_alter_table('nomination_initiatives', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nomination_initiatives_nomination_id'))

    op.drop_table('nomination_initiatives')
    op.drop_table('reporting_periods')
    with op.batch_alter_table('nominations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nominations_year'))
        batch_op.drop_index(batch_op.f('ix_nominations_unit_id'))
        batch_op.drop_index(batch_op.f('ix_nominations_track'))
        batch_op.drop_index(batch_op.f('ix_nominations_submitted_at'))
        batch_op.drop_index(batch_op.f('ix_nominations_state'))
        batch_op.drop_index(batch_op.f('ix_nominations_nominator_id'))
        batch_op.drop_index('ix_nominations_duplicate')

    op.drop_table('nominations')
