"""Reply windows of the chats of channels that have one (a Zalo Official Account)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class ReplyWindow(Base):
    """When the person of a chat last wrote, and how many messages went to them since.

    Kept per chat, not per member account: a follower's window opens with their first
    message, before they have joined.
    """

    __tablename__ = "reply_windows"

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_inbound_at: Mapped[datetime]
    sent: Mapped[int] = mapped_column(default=0, server_default="0")
