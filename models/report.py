"""Annual unit reports (báo cáo kết quả thi đua) and the periods they answer."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class ReportingPeriod(Base):
    """A period the Office opened for reports, with its deadline (inclusive, local date)."""

    __tablename__ = "reporting_periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    deadline: Mapped[date]
    open: Mapped[bool] = mapped_column(default=True)
    opened_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    opened_at: Mapped[datetime]


class Report(Base):
    """One unit's report for one period; ``late`` is fixed when it is first submitted."""

    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("period_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("reporting_periods.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    submitted_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    summary: Mapped[str] = mapped_column(Text)
    results: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), index=True)
    late: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(default=1)
    submitted_at: Mapped[datetime]
    updated_at: Mapped[datetime]
