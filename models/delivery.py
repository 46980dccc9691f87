"""The outbox: one row per message to send to someone other than the person answered."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class DeliveryStatus(StrEnum):
    """Where a delivery is in its life."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    BLOCKED = "blocked"  # 403: the person blocked the bot (or did so before)
    UNREACHABLE = "unreachable"  # never started the bot, or has no chat account
    FAILED = "failed"
    SKIPPED = "skipped"  # the member left before it was sent (``last_error`` says why)
    # Held until the person writes again: the channel may not send outside its reply window
    # (Zalo OA) and the member has no other channel (``outcome`` says which rule held it).
    WAITING = "waiting"


class DeliveryOutcome(StrEnum):
    """What a platform's refusal meant, for the delivery report (Zalo OA error codes)."""

    NOT_FOLLOWING = "not_following"  # -213: the person does not follow the OA
    INACTIVE = "inactive"  # -230: the person has not interacted for 7 days
    OUT_OF_WINDOW = "out_of_window"  # -305: more than 48 hours since the person's message
    OUT_OF_QUOTA = "out_of_quota"  # -311 / -211: the window's or the OA's quota is used up
    RATE_LIMITED = "rate_limited"  # -32: too many requests


class Delivery(Base):
    """A message waiting to be sent, being sent, or done."""

    __tablename__ = "deliveries"
    __table_args__ = (
        Index("ix_deliveries_due", "status", "not_before"),
        Index("ix_deliveries_broadcast", "broadcast_id", "status"),
        Index("ix_deliveries_message", "channel", "message_id"),
        Index("ix_deliveries_topic", "topic"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    is_group: Mapped[bool] = mapped_column(default=False)
    broadcast_id: Mapped[int | None] = mapped_column(ForeignKey("broadcasts.id"))
    # Held back during quiet hours, weekends and holidays (non-urgent broadcasts).
    quiet: Mapped[bool] = mapped_column(default=False)
    payload: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(16), default=DeliveryStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    not_before: Mapped[datetime]
    claimed_until: Mapped[datetime | None]
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    # The platform's id of the (last) message sent, so its read receipts find the delivery.
    message_id: Mapped[str] = mapped_column(String(64), default="", server_default="")
    # Why the platform refused or held it (a DeliveryOutcome value), empty when it did not.
    outcome: Mapped[str] = mapped_column(String(32), default="", server_default="")
    # Read evidence from channels that report it (Zalo OA): received by the device, seen.
    received_at: Mapped[datetime | None]
    seen_at: Mapped[datetime | None]
    # What the message is about, for reports that look for it ("plan:3": a plan's notice).
    topic: Mapped[str | None] = mapped_column(String(32))
    # The channel the delivery was first addressed to, when it went by another one.
    rerouted_from: Mapped[str] = mapped_column(String(16), default="", server_default="")
