"""What the inbox's timed notices have done: each role's last digest, and the units told that
a reporting period closes soon."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class InboxDigest(Base):
    """The members of ``role`` have had their digest of every slot up to ``slot_at``."""

    __tablename__ = "inbox_digests"

    role: Mapped[str] = mapped_column(String(16), primary_key=True)
    slot_at: Mapped[datetime]


class PeriodClosingNotice(Base):
    """The heads of ``unit_id`` were told at ``told_at`` that ``period_id`` closes soon, on
    ``deadline`` (a deadline moved later arms the notice again)."""

    __tablename__ = "period_closing_notices"

    # A period deleted while nothing was sent to it takes its notices with it.
    period_id: Mapped[int] = mapped_column(
        ForeignKey("reporting_periods.id", ondelete="CASCADE"), primary_key=True
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    deadline: Mapped[date] = mapped_column(primary_key=True)
    told_at: Mapped[datetime]
