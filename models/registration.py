"""Registration of the year's targets (đăng ký thi đua, DESIGN §3.10): the Office opens it
with a deadline; each unit's head registers the unit's collective title and its members'
individual titles."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class RegistrationRound(Base):
    """The year's registration, opened by the Office; one a year."""

    __tablename__ = "registration_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    deadline: Mapped[date]
    opened_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    opened_at: Mapped[datetime]


class UnitRegistration(Base):
    """A unit's registration for a year, as its head last sent it."""

    __tablename__ = "unit_registrations"
    __table_args__ = (UniqueConstraint("year", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    registered_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    registered_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(default=1)


class RegisteredTarget(Base):
    """One title registered: for a member, or for the unit itself (``member_id`` empty)."""

    __tablename__ = "registered_targets"
    __table_args__ = (Index("ix_registered_targets_member", "year", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("unit_registrations.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int]
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    award_code: Mapped[str] = mapped_column(String(32))
