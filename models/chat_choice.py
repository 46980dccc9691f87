"""The numbered choices last shown in a chat of a channel without buttons (Zalo)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class ChatChoices(Base):
    """The buttons of the last message with choices, so a reply "2" presses the second."""

    __tablename__ = "chat_choices"

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    # [[label, packed callback data], ...] in reading order.
    buttons: Mapped[list[Any]]
    updated_at: Mapped[datetime]
