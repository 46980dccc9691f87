"""The append-only ledger of scored events behind leaderboards.

Points are not stored: a board multiplies each event's kind by the points in ``config.toml``
and by ``share`` (percent), so changing the points recomputes every board.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class ScoreEvent(Base):
    """Something that earns points: a submitted or recognised initiative, a confirmation …"""

    __tablename__ = "score_events"
    __table_args__ = (Index("ix_score_events_at_kind", "at", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    share: Mapped[int] = mapped_column(default=100)
    entity: Mapped[str] = mapped_column(String(16))
    entity_id: Mapped[int]
    at: Mapped[datetime]
