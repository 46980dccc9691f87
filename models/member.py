"""Members (cán bộ) and the chat accounts they use."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class Member(Base):
    """A person taking part in the movement."""

    __tablename__ = "members"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    full_name: Mapped[str] = mapped_column(String(100))
    position: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[str] = mapped_column(String(16), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    # The channel deliveries go to when the member has accounts on several (None: default order).
    preferred_channel: Mapped[str | None] = mapped_column(String(16))
    # The day the person entered service (ngày tuyển dụng); eligibility counts months from it.
    service_start: Mapped[date | None]
    # The day the person left the organisation (retired, transferred out, …) and why; from that
    # day they receive nothing and count in no audience, coverage or per-member board.
    left_on: Mapped[date | None]
    left_reason: Mapped[str] = mapped_column(String(32), default="", server_default="")
    # Leader or front-line worker (bot.domain.StaffCategory): the yearly statistics split
    # awards by it and the plan asks to favour those working directly; None: not recorded.
    category: Mapped[str | None] = mapped_column(String(24))
    created_at: Mapped[datetime]


class Discipline(Base):
    """A disciplinary measure (kỷ luật) a member received in a year; ``level`` is one of
    :data:`bot.config_awards.DISCIPLINE_LEVELS`."""

    __tablename__ = "disciplines"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    year: Mapped[int]
    level: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(String(300), default="")
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    recorded_at: Mapped[datetime]


class ChannelAccount(Base):
    """A member's account on one channel; ids are text because Zalo ids are strings."""

    __tablename__ = "channel_accounts"
    __table_args__ = (
        UniqueConstraint("channel", "external_id"),
        Index("ix_channel_accounts_chat", "channel", "chat_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(64))
    chat_id: Mapped[str] = mapped_column(String(64))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    blocked: Mapped[bool] = mapped_column(default=False)
    blocked_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
