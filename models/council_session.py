"""A council's sessions (phiên họp): the agenda, the ballots and the tally (DESIGN §3.10).

A vote, once cast, is final. A secret ballot keeps *that* a member voted (``Ballot.choice``
is ``NULL``) and the tally on the item, never who voted what; an open ballot keeps the choice.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class CouncilSession(Base):
    """A session of one council; ``state`` is ``open`` or ``closed``."""

    __tablename__ = "council_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    council_code: Mapped[str] = mapped_column(String(32), index=True)
    title: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(16), index=True)
    opened_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    opened_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    #: The council's active seats when the session closed: the denominator of every share.
    members_total: Mapped[int | None]
    version: Mapped[int] = mapped_column(default=1)


class SessionItem(Base):
    """A nomination on a session's agenda, with its rule as it stood and its tally.

    ``result`` is ``""`` while open, then ``passed``, ``failed`` (threshold or quorum not
    reached) or ``unruled`` (no threshold configured: the Office concludes).
    """

    __tablename__ = "session_items"
    __table_args__ = (UniqueConstraint("session_id", "nomination_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("council_sessions.id", ondelete="CASCADE"), index=True
    )
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nominations.id"), index=True)
    threshold: Mapped[float | None] = mapped_column(Float)
    secret: Mapped[bool]
    agree: Mapped[int] = mapped_column(default=0)
    disagree: Mapped[int] = mapped_column(default=0)
    result: Mapped[str] = mapped_column(String(16), default="")


class Ballot(Base):
    """That a member voted on an item (and, for an open ballot, how)."""

    __tablename__ = "ballots"
    __table_args__ = (UniqueConstraint("item_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("session_items.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    choice: Mapped[str | None] = mapped_column(String(8))
    cast_at: Mapped[datetime]
