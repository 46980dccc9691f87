"""Plan versions, their sections, and members' confirmations (phổ biến, quán triệt)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class Plan(Base):
    """One published version of a period's plan; the highest version is the current one.

    Versions are numbered across periods, so a button naming a version names one plan.
    """

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(unique=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id"), index=True)
    title: Mapped[str] = mapped_column(String(400))
    file_name: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(Text)
    digest: Mapped[str] = mapped_column(String(64), index=True)
    published_at: Mapped[datetime]
    published_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))


class PlanSection(Base):
    """A section of a plan version, in reading order (the preamble has number "")."""

    __tablename__ = "plan_sections"
    __table_args__ = (UniqueConstraint("plan_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    position: Mapped[int]
    number: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    items: Mapped[int] = mapped_column(default=0)


class Acknowledgement(Base):
    """A member's "Tôi đã đọc và cam kết thực hiện" for one plan version."""

    __tablename__ = "acknowledgements"
    __table_args__ = (UniqueConstraint("plan_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    confirmed_at: Mapped[datetime]
