"""The competent authority's acts on nominations: decisions (quyết định khen thưởng), the
dossiers sent up (tờ trình) and the cancellation of an award (hủy bỏ quyết định)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class Decision(Base):
    """A decision recorded by the Office, or a Tờ trình sending a dossier up.

    ``kind`` is ``decision`` or ``submission``; a higher level's decision answering a
    submission names it in ``submission_id``. The authority's name is copied, so a decision
    reads as it was signed even after the catalogue changes.
    """

    __tablename__ = "decisions"
    __table_args__ = (UniqueConstraint("kind", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    number: Mapped[str] = mapped_column(String(64))
    signed_on: Mapped[date]
    signer: Mapped[str] = mapped_column(String(200), default="")
    authority_code: Mapped[str] = mapped_column(String(32))
    authority_name: Mapped[str] = mapped_column(String(200))
    award_code: Mapped[str] = mapped_column(String(32))
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"), index=True)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    recorded_at: Mapped[datetime]


class DecisionItem(Base):
    """A nomination covered by a decision or a Tờ trình, with what became of it.

    ``outcome`` is ``awarded``, ``not_awarded`` or ``sent_up``; an awarded item later
    cancelled keeps the cancellation's reason and whether the reward is recovered.
    """

    __tablename__ = "decision_items"
    __table_args__ = (
        UniqueConstraint("decision_id", "nomination_id"),
        Index("ix_decision_items_nomination_id", "nomination_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id", ondelete="CASCADE"))
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nominations.id"))
    outcome: Mapped[str] = mapped_column(String(16))
    cancelled_at: Mapped[datetime | None]
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    recovered: Mapped[bool | None]
