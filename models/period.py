"""Emulation periods (giai đoạn thi đua, e.g. 2021–2025): their years and whether still open."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class EmulationPeriod(Base):
    """A period; exactly one is open (the current one), the others are closed but readable.

    A period is never deleted: its plans, confirmations, initiatives and boards stay readable.
    """

    __tablename__ = "periods"
    __table_args__ = (
        CheckConstraint("first_year <= last_year", name="years_in_order"),
        CheckConstraint("state IN ('open', 'closed')", name="known_state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: ``"2021-2025"``: the first and last year, which also name it on buttons.
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    first_year: Mapped[int]
    last_year: Mapped[int]
    state: Mapped[str] = mapped_column(String(16), default="open")
    opened_at: Mapped[datetime]
    #: ``None`` when the migration or the command line opened it.
    opened_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    closed_at: Mapped[datetime | None]
