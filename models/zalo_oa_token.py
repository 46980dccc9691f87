"""The Zalo Official Account's OAuth tokens, kept in the database.

Each refresh returns a new single-use refresh token; it is written here, in the same
transaction that retires the old one, before anything uses the new access token, so a crash
between the two cannot lose the OA's connection.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class ZaloOaToken(Base):
    """The current token pair of one Zalo app's Official Account."""

    __tablename__ = "zalo_oa_tokens"

    app_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    access_token: Mapped[str] = mapped_column(Text, default="")
    access_expires_at: Mapped[datetime | None]
    refresh_token: Mapped[str] = mapped_column(Text)
    refresh_expires_at: Mapped[datetime | None]
    refreshed_at: Mapped[datetime]
    # The last refresh that failed, and Zalo's answer; cleared by the next success.
    failed_at: Mapped[datetime | None]
    failure: Mapped[str] = mapped_column(Text, default="", server_default="")
