"""dialog bookkeeping: the steps asked and the values given at the start, apart from answers

The dialog engine kept ``_trail`` and ``_prefilled`` inside a dialog's answers; they move to
columns of their own, and open drafts keep both.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_states = sa.table(
    "dialog_states",
    sa.column("id", sa.Integer()),
    sa.column("data", sa.JSON()),
    sa.column("trail", sa.JSON()),
    sa.column("prefilled", sa.JSON()),
)


def upgrade() -> None:
    with op.batch_alter_table("dialog_states") as batch:
        batch.add_column(sa.Column("trail", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("prefilled", sa.JSON(), nullable=False, server_default="[]"))
    bind = op.get_bind()
    for row_id, data in bind.execute(sa.select(_states.c.id, _states.c.data)).all():
        answers = dict(data or {})
        trail = answers.pop("_trail", [])
        prefilled = answers.pop("_prefilled", [])
        bind.execute(
            _states.update()
            .where(_states.c.id == row_id)
            .values(data=answers, trail=trail, prefilled=prefilled)
        )


def downgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(_states.c.id, _states.c.data, _states.c.trail, _states.c.prefilled))
    for row_id, data, trail, prefilled in rows.all():
        answers = {**(data or {}), "_trail": trail or [], "_prefilled": prefilled or []}
        bind.execute(_states.update().where(_states.c.id == row_id).values(data=answers))
    with op.batch_alter_table("dialog_states") as batch:
        batch.drop_column("prefilled")
        batch.drop_column("trail")
