"""inbox timed notices: each role's last digest slot, and the units told a period closes soon

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inbox_digests",
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("slot_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("role", name=op.f("pk_inbox_digests")),
    )
    op.create_table(
        "period_closing_notices",
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("told_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["reporting_periods.id"],
            name=op.f("fk_period_closing_notices_period_id_reporting_periods"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_period_closing_notices_unit_id_units")
        ),
        sa.PrimaryKeyConstraint(
            "period_id", "unit_id", "deadline", name=op.f("pk_period_closing_notices")
        ),
    )


def downgrade() -> None:
    op.drop_table("period_closing_notices")
    op.drop_table("inbox_digests")
