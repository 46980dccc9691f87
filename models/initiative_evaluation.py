"""The initiative council's evaluation of the statutory conditions, member by member."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class ConditionMark(Base):
    """One seated member's "đạt" / "không đạt" on one condition of one initiative.

    The condition's label and kind are copied, so an evaluation reads as it was made even
    after ``[initiatives] conditions`` changes. A member evaluating again replaces their marks.
    """

    __tablename__ = "initiative_condition_marks"
    __table_args__ = (UniqueConstraint("initiative_id", "member_id", "condition_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    council_code: Mapped[str] = mapped_column(String(32))
    condition_code: Mapped[str] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(default=0)
    met: Mapped[bool]
    comment: Mapped[str] = mapped_column(Text, default="")
    marked_at: Mapped[datetime]
