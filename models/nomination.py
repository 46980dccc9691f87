"""Nominations of outstanding individuals and collectives (đề nghị khen thưởng)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class Nomination(Base):
    """A proposal to reward a nominee; ``nominee_key`` finds duplicates in a year."""

    __tablename__ = "nominations"
    __table_args__ = (
        Index("ix_nominations_duplicate", "year", "award_code", "nominee_key"),
        # The web desk's queue order: its pages walk this index instead of sorting the table.
        Index("ix_nominations_queue_order", "updated_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    year: Mapped[int] = mapped_column(index=True)
    track: Mapped[str] = mapped_column(String(16), index=True)
    movement_id: Mapped[int | None] = mapped_column(ForeignKey("movements.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    nominator_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), index=True)
    nominee_kind: Mapped[str] = mapped_column(String(16))
    nominee_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    nominee_name: Mapped[str] = mapped_column(String(200))
    nominee_key: Mapped[str] = mapped_column(String(240))
    award_code: Mapped[str] = mapped_column(String(32))
    award_name: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    # A row of a unit's vote list, with the share of the meeting that voted for it (0-1).
    list_id: Mapped[int | None] = mapped_column(ForeignKey("vote_lists.id"), index=True)
    vote_share: Mapped[float | None]
    # What a title that needs one of several achievements rests on: "initiative", "excellent"
    # or "research" (config_awards.Eligibility.requires_one_of).
    basis: Mapped[str | None] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16), index=True)
    version: Mapped[int] = mapped_column(default=1)
    submitted_at: Mapped[datetime] = mapped_column(index=True)
    updated_at: Mapped[datetime]


class NominationInitiative(Base):
    """A recognised initiative cited as evidence of a nomination."""

    __tablename__ = "nomination_initiatives"
    __table_args__ = (UniqueConstraint("nomination_id", "initiative_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nominations.id"), index=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id"))
