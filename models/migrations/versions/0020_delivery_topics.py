"""deliveries: the topic of a message (a plan's notice) and the channel it was rerouted from

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("topic", sa.String(length=32), nullable=True))
        batch_op.add_column(
            sa.Column("rerouted_from", sa.String(length=16), server_default="", nullable=False)
        )
        batch_op.create_index("ix_deliveries_topic", ["topic"])


def downgrade() -> None:
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_index("ix_deliveries_topic")
        batch_op.drop_column("rerouted_from")
        batch_op.drop_column("topic")
