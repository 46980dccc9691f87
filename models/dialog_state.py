"""Where each person is in a dialog, so a dialog survives restarts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class DialogState(Base):
    """The current dialog of one person in one chat."""

    __tablename__ = "dialog_states"
    __table_args__ = (UniqueConstraint("channel", "chat_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(String(64))
    dialog: Mapped[str] = mapped_column(String(32))
    step: Mapped[int]
    nonce: Mapped[str] = mapped_column(String(16))
    data: Mapped[dict[str, Any]]
    # The dialog engine's bookkeeping, apart from the answers: the steps asked so far (for
    # /quaylai) and the answers given when the dialog started.
    trail: Mapped[list[int]] = mapped_column(JSON, default=list, server_default="[]")
    prefilled: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    updated_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)
    # Set by the use case that finished the dialog, in its own transaction: what was saved
    # (a text key, its params and when), so a press repeated after a crash is told, not redone.
    outcome: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
