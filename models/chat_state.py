"""The bot's place in each chat, as the platform last reported it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class ChatState(Base):
    """Whether the bot is in a chat (a group it was added to or removed from; a private chat
    whose person blocked or unblocked it), and the platform's time of that report.

    ``reported_at`` and ``sequence`` (the platform's update number, 0 when it has none) order
    the reports: one older than the row changes nothing. For a private chat the accounts'
    ``blocked`` flag stays the truth the outbox reads (a refused send or a message from the
    person also changes it); the row only orders the platform's reports. For a group the row
    is the truth.
    """

    __tablename__ = "chat_states"

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    present: Mapped[bool]
    title: Mapped[str] = mapped_column(String(128), default="", server_default="")
    reported_at: Mapped[datetime]
    sequence: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
