"""Writing deliveries: in the transaction of the change that causes them, so a message is never
lost between "done" and "sent"."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.ports import Outgoing
from bot.services.delivery.payloads import encode_reply
from models import Delivery, DeliveryStatus


def enqueue(
    session: AsyncSession,
    messages: Iterable[Outgoing],
    *,
    now: datetime,
    member_id: int | None = None,
    broadcast_id: int | None = None,
    quiet: bool = False,
    topic: str | None = None,
) -> int:
    """Add deliveries to the session's transaction; return how many were added.

    ``quiet`` deliveries wait while the calendar says non-urgent messages may not go out;
    ``topic`` lets a report find them again (``"plan:3"``: the notice of plan version 3).
    """
    rows = [
        Delivery(
            channel=message.channel,
            chat_id=message.chat_id,
            member_id=member_id,
            is_group=message.is_group,
            broadcast_id=broadcast_id,
            quiet=quiet,
            topic=topic,
            payload=encode_reply(message.reply),
            status=DeliveryStatus.PENDING,
            not_before=now,
            created_at=now,
        )
        for message in messages
    ]
    session.add_all(rows)
    return len(rows)


async def enqueue_many(
    session: AsyncSession,
    messages: Sequence[tuple[Outgoing, int | None]],
    *,
    now: datetime,
) -> int:
    """:func:`enqueue` for many members at once (a session's results, a list's outcomes):
    one multi-row INSERT of (message, member id) pairs; return how many were added."""
    if not messages:
        return 0
    await session.execute(
        insert(Delivery),
        [
            {
                "channel": message.channel,
                "chat_id": message.chat_id,
                "member_id": member_id,
                "is_group": message.is_group,
                "broadcast_id": None,
                "quiet": False,
                "payload": encode_reply(message.reply),
                "status": DeliveryStatus.PENDING,
                "not_before": now,
                "created_at": now,
            }
            for message, member_id in messages
        ],
    )
    return len(messages)
