"""How the organisation changed: units renamed, merged, split and closed, and members moved,
given a new role or gone, each with the day it took effect (DESIGN §3.11)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class UnitChangeKind(StrEnum):
    """What happened to units."""

    RENAME = "rename"
    MERGE = "merge"
    SPLIT = "split"
    CLOSE = "close"


class MemberChangeKind(StrEnum):
    """What happened to a member."""

    MOVE = "move"
    ROLE = "role"
    LEAVE = "leave"


class UnitChange(Base):
    """One change of the unit tree; ``sources`` and ``targets`` are lists of unit ids (a
    rename or a close names the unit in both, or in sources only)."""

    __tablename__ = "unit_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    effective_on: Mapped[date] = mapped_column(index=True)
    sources: Mapped[list[Any]] = mapped_column(JSON)
    targets: Mapped[list[Any]] = mapped_column(JSON)
    # A rename's names, so a board of an earlier period shows the name the unit had then.
    old_name: Mapped[str] = mapped_column(String(200), default="")
    new_name: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime]


class MemberChange(Base):
    """A member moved to another unit, given another role, or gone (retired, transferred out)."""

    __tablename__ = "member_moves"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    effective_on: Mapped[date]
    from_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    to_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    old_role: Mapped[str] = mapped_column(String(16), default="")
    new_role: Mapped[str] = mapped_column(String(16), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    # The unit change that moved the member (a merge or a split), if any.
    unit_change_id: Mapped[int | None] = mapped_column(ForeignKey("unit_changes.id"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime]
