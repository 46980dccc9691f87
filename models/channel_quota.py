"""Messages sent per channel and month, against the channel's monthly quota (Zalo)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class ChannelQuota(Base):
    """How many messages went out on a channel in one calendar month."""

    __tablename__ = "channel_quotas"

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # "2026-11"
    sent: Mapped[int] = mapped_column(default=0)
    warned_at: Mapped[datetime | None]
    exhausted_at: Mapped[datetime | None]
