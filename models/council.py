"""Who sits on each council of ``[[councils]]``: the emulation council that votes on awards, the
initiative council that evaluates initiatives (DESIGN §3.10)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class CouncilSeat(Base):
    """A member's seat on a council; ``position`` is ``chair``, ``vice_chair`` or ``member``.

    A vote's share is counted over *all* the council's seats of active members, so the seats
    are the council's roll as the Office keeps it (``/hoidong``).
    """

    __tablename__ = "council_seats"
    __table_args__ = (UniqueConstraint("council_code", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_code: Mapped[str] = mapped_column(String(32), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    position: Mapped[str] = mapped_column(String(16))
    added_at: Mapped[datetime]
    added_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
