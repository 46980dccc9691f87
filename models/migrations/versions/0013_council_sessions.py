"""council sessions: the agenda, the ballots and the tally of a council's votes

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "council_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("council_code", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("opened_by", sa.Integer(), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("members_total", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["opened_by"], ["members.id"], name=op.f("fk_council_sessions_opened_by_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_sessions")),
        sa.UniqueConstraint("code", name=op.f("uq_council_sessions_code")),
    )
    op.create_index(
        op.f("ix_council_sessions_council_code"), "council_sessions", ["council_code"]
    )
    op.create_index(op.f("ix_council_sessions_state"), "council_sessions", ["state"])
    op.create_table(
        "session_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("nomination_id", sa.Integer(), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=True),
        sa.Column("secret", sa.Boolean(), nullable=False),
        sa.Column("agree", sa.Integer(), nullable=False),
        sa.Column("disagree", sa.Integer(), nullable=False),
        sa.Column("result", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["nomination_id"],
            ["nominations.id"],
            name=op.f("fk_session_items_nomination_id_nominations"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["council_sessions.id"],
            name=op.f("fk_session_items_session_id_council_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_items")),
        sa.UniqueConstraint(
            "session_id", "nomination_id", name=op.f("uq_session_items_session_id_nomination_id")
        ),
    )
    op.create_index(op.f("ix_session_items_session_id"), "session_items", ["session_id"])
    op.create_index(op.f("ix_session_items_nomination_id"), "session_items", ["nomination_id"])
    op.create_table(
        "ballots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("choice", sa.String(length=8), nullable=True),
        sa.Column("cast_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["session_items.id"],
            name=op.f("fk_ballots_item_id_session_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_ballots_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ballots")),
        sa.UniqueConstraint("item_id", "member_id", name=op.f("uq_ballots_item_id_member_id")),
    )
    op.create_index(op.f("ix_ballots_member_id"), "ballots", ["member_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_ballots_member_id"), table_name="ballots")
    op.drop_table("ballots")
    op.drop_index(op.f("ix_session_items_nomination_id"), table_name="session_items")
    op.drop_index(op.f("ix_session_items_session_id"), table_name="session_items")
    op.drop_table("session_items")
    op.drop_index(op.f("ix_council_sessions_state"), table_name="council_sessions")
    op.drop_index(op.f("ix_council_sessions_council_code"), table_name="council_sessions")
    op.drop_table("council_sessions")
