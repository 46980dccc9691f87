"""A unit's proposal list from its year-end vote (danh sách bình xét, DESIGN §3.10): its rows
are nominations carrying ``list_id`` and the vote share each got at the unit's meeting."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class VoteList(Base):
    """A unit's one list for a year: ``submitted``, ``received`` by the Office, or
    ``returned`` whole with a reason (and then sent again in place).

    The minutes of the meeting are an :class:`~models.workflow.Attachment` of entity
    ``vote_list``.
    """

    __tablename__ = "vote_lists"
    __table_args__ = (UniqueConstraint("year", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    year: Mapped[int] = mapped_column(index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    state: Mapped[str] = mapped_column(String(16), index=True)
    meeting_on: Mapped[date | None]
    attendees: Mapped[int | None]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime]
    submitted_at: Mapped[datetime | None]
    return_reason: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
