"""initiatives: an accent-free search text (code, title, authors) for the web app's queue, and
an index on the queue's order

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from alembic import op


revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def _fold(text: str) -> str:
    # The same folding as bot.services.initiatives.fold, copied: a migration must not change
    # when the application's code does.
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def upgrade() -> None:
    with op.batch_alter_table("initiatives", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_text", sa.Text(), server_default="", nullable=False))
        batch_op.create_index("ix_initiatives_queue_order", ["updated_at", "id"], unique=False)
    bind = op.get_bind()
    items = bind.execute(sa.text("SELECT id, code, title FROM initiatives")).all()
    names: dict[int, list[str]] = {}
    for item_id, name in bind.execute(
        sa.text("SELECT initiative_id, name FROM initiative_authors ORDER BY position")
    ):
        names.setdefault(item_id, []).append(name)
    for item_id, code, title in items:
        text = _fold(" ".join([code, title, *names.get(item_id, [])]))
        bind.execute(
            sa.text("UPDATE initiatives SET search_text = :text WHERE id = :id"),
            {"text": text, "id": item_id},
        )


def downgrade() -> None:
    with op.batch_alter_table("initiatives", schema=None) as batch_op:
        batch_op.drop_index("ix_initiatives_queue_order")
        batch_op.drop_column("search_text")
