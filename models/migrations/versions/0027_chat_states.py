"""chat_states: the bot's place in each chat as the platform reports it (my_chat_member)

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chat_states",
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("chat_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.Column("title", sa.String(length=128), server_default="", nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sequence", sa.BigInteger(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("channel", "chat_id", name=op.f("pk_chat_states")),
    )
    # The outbox looks up the accounts of the chats it is about to send to, by chat.
    op.create_index("ix_channel_accounts_chat", "channel_accounts", ["channel", "chat_id"])


def downgrade() -> None:
    op.drop_index("ix_channel_accounts_chat", table_name="channel_accounts")
    op.drop_table("chat_states")
