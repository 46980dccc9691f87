"""inbox notices: how far each member has been told of work that started waiting for them

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inbox_notices",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("told_until", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_inbox_notices_member_id_members")
        ),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_inbox_notices")),
    )


def downgrade() -> None:
    op.drop_table("inbox_notices")
