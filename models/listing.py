"""Public listing before the decision (công khai, ND 98/2023 Art. 46; DESIGN §3.10): the Office
publishes proposed rows with a closing date; members object to a row; the Office answers."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class Listing(Base):
    """A published list; objections are taken until ``closes_on`` (inclusive).

    ``override_reason`` is set when the Office let its rows go to the council before the
    window closed.
    """

    __tablename__ = "listings"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    year: Mapped[int] = mapped_column(index=True)
    published_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    published_at: Mapped[datetime]
    closes_on: Mapped[date]
    override_reason: Mapped[str] = mapped_column(Text, default="")
    overridden_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    overridden_at: Mapped[datetime | None]


class ListingItem(Base):
    """A nomination on a published list."""

    __tablename__ = "listing_items"
    __table_args__ = (UniqueConstraint("listing_id", "nomination_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE"), index=True
    )
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nominations.id"), index=True)


class Objection(Base):
    """A member's objection (ý kiến) to a listed row; the objector is never shown to the
    nominee."""

    __tablename__ = "objections"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id"), index=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nominations.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    text: Mapped[str] = mapped_column(Text)
    filed_at: Mapped[datetime]
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    answered_at: Mapped[datetime | None]
