"""Broadcasts (thông báo) and recurring reminders (nhắc việc)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class BroadcastState(StrEnum):
    """Where a broadcast is in its life."""

    SCHEDULED = "scheduled"
    SENDING = "sending"
    DONE = "done"
    CANCELLED = "cancelled"


class Broadcast(Base):
    """One message to an audience; its deliveries are outbox rows pointing back to it.

    The audience is resolved when sending starts, so "those who have not acted yet" means
    at sending time. A reminder's firing is a broadcast too, unique per scheduled time.
    """

    __tablename__ = "broadcasts"
    __table_args__ = (
        UniqueConstraint("reminder_id", "fire_at"),
        # A confirmation form's one-time key: posting the same form again queues nothing more.
        UniqueConstraint("sender_id", "once_key"),
        Index("ix_broadcasts_state_starts", "state", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sender_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    reminder_id: Mapped[int | None] = mapped_column(ForeignKey("reminders.id"))
    fire_at: Mapped[datetime | None]
    text: Mapped[str] = mapped_column(Text)
    attachment: Mapped[dict[str, Any] | None]
    audience: Mapped[dict[str, Any]]
    urgent: Mapped[bool] = mapped_column(default=False)
    state: Mapped[str] = mapped_column(String(16), default=BroadcastState.SCHEDULED)
    send_at: Mapped[datetime]
    starts_at: Mapped[datetime]
    total: Mapped[int] = mapped_column(default=0)
    status_channel: Mapped[str | None] = mapped_column(String(16))
    status_chat_id: Mapped[str | None] = mapped_column(String(64))
    status_message_id: Mapped[str | None] = mapped_column(String(64))
    progress_text: Mapped[str] = mapped_column(Text, default="")
    progress_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    #: The one-time key of the web confirmation that queued it (``None``: chat, reminders).
    once_key: Mapped[str | None] = mapped_column(String(64))


class Reminder(Base):
    """A recurring reminder: a cron schedule, an audience and a text.

    ``key`` names reminders that come from ``config.toml``; they are kept (soft-deleted) so a
    deleted default is not created again at the next start. ``last_fired_at`` is the scheduled
    time of the last firing, which is how a restart neither repeats nor loses one.
    """

    __tablename__ = "reminders"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str | None] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    audience: Mapped[dict[str, Any]]
    cron: Mapped[str] = mapped_column(String(100))
    urgent: Mapped[bool] = mapped_column(default=False)
    paused: Mapped[bool] = mapped_column(default=False)
    deleted: Mapped[bool] = mapped_column(default=False)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    last_fired_at: Mapped[datetime | None]
