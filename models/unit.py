"""Units of the organisation: the Sở's offices, district culture units, enterprises."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class Unit(Base):
    """An organisational unit (Đơn vị, phòng)."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    district: Mapped[str] = mapped_column(String(100), default="")
    active: Mapped[bool] = mapped_column(default=True)
    # The day a unit made by a merge or a split began (None: it was there from the start) and
    # the day it stopped existing (merged, split or closed); boards of a period use them.
    opened_on: Mapped[date | None]
    closed_on: Mapped[date | None]
    created_at: Mapped[datetime]
