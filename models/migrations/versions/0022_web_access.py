"""web app: one-time sign-in links and server-side sessions (only their hashes stored)

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def _table(name: str, hash_column: str) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(hash_column, sa.String(length=64), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "used_at" if name == "web_sign_in_links" else "ended_at",
            sa.DateTime(timezone=True),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f(f"fk_{name}_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
        sa.UniqueConstraint(hash_column, name=op.f(f"uq_{name}_{hash_column}")),
    )
    op.create_index(op.f(f"ix_{name}_member_id"), name, ["member_id"], unique=False)


def upgrade() -> None:
    _table("web_sign_in_links", "token_hash")
    _table("web_sessions", "id_hash")


def downgrade() -> None:
    for name in ("web_sessions", "web_sign_in_links"):
        op.drop_index(op.f(f"ix_{name}_member_id"), table_name=name)
        op.drop_table(name)
