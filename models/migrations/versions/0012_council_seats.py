"""council seats: who sits on each council of [[councils]]

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "council_seats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("council_code", sa.String(length=32), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.String(length=16), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["added_by"], ["members.id"], name=op.f("fk_council_seats_added_by_members")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_council_seats_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_seats")),
        sa.UniqueConstraint(
            "council_code", "member_id", name=op.f("uq_council_seats_council_code_member_id")
        ),
    )
    op.create_index(op.f("ix_council_seats_council_code"), "council_seats", ["council_code"])
    op.create_index(op.f("ix_council_seats_member_id"), "council_seats", ["member_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_council_seats_member_id"), table_name="council_seats")
    op.drop_index(op.f("ix_council_seats_council_code"), table_name="council_seats")
    op.drop_table("council_seats")
