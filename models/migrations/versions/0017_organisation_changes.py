"""a changing organisation: unit changes (rename, merge, split, close) with their effective
days, the days units opened and closed, members' moves, role changes and leaving

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "unit_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("targets", sa.JSON(), nullable=False),
        sa.Column("old_name", sa.String(length=200), nullable=False),
        sa.Column("new_name", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["members.id"], name=op.f("fk_unit_changes_actor_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_changes")),
    )
    with op.batch_alter_table("unit_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_unit_changes_effective_on"), ["effective_on"], unique=False
        )

    op.create_table(
        "member_moves",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("from_unit_id", sa.Integer(), nullable=True),
        sa.Column("to_unit_id", sa.Integer(), nullable=True),
        sa.Column("old_role", sa.String(length=16), nullable=False),
        sa.Column("new_role", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("unit_change_id", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["members.id"], name=op.f("fk_member_moves_actor_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["from_unit_id"], ["units.id"], name=op.f("fk_member_moves_from_unit_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_member_moves_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["to_unit_id"], ["units.id"], name=op.f("fk_member_moves_to_unit_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["unit_change_id"],
            ["unit_changes.id"],
            name=op.f("fk_member_moves_unit_change_id_unit_changes"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_moves")),
    )
    with op.batch_alter_table("member_moves", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_member_moves_member_id"), ["member_id"], unique=False)

    # New columns are nullable or carry a server default, so rows already there migrate as
    # "open since the start" and "still working here" on SQLite and PostgreSQL alike.
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.add_column(sa.Column("opened_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("closed_on", sa.Date(), nullable=True))
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("left_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("left_reason", sa.String(length=32), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("left_reason")
        batch_op.drop_column("left_on")
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.drop_column("closed_on")
        batch_op.drop_column("opened_on")
    with op.batch_alter_table("member_moves", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_moves_member_id"))
    op.drop_table("member_moves")
    with op.batch_alter_table("unit_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unit_changes_effective_on"))
    op.drop_table("unit_changes")
