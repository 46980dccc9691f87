"""Claiming due deliveries: each share of a batch by one UPDATE … RETURNING, so two workers
never claim the same row (SQLite runs it under its write lock, PostgreSQL skips rows another
worker has locked)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.ports import Channel, Reply
from bot.services.common import is_postgres
from bot.services.delivery.payloads import decode_reply
from models import Delivery, DeliveryStatus


@dataclass(frozen=True, slots=True)
class Claimed:
    """A delivery claimed for sending."""

    id: int
    channel: Channel
    chat_id: str
    is_group: bool
    reply: Reply
    attempts: int


async def claim_group(
    session: AsyncSession, due: Any, group: int | None, limit: int, until: datetime
) -> list[Claimed]:
    """Claim up to ``limit`` due deliveries of one broadcast (``None``: of none) until
    ``until``, by one UPDATE … RETURNING."""
    mine = Delivery.broadcast_id.is_(None) if group is None else Delivery.broadcast_id == group
    ids = select(Delivery.id).where(due, mine).order_by(Delivery.id).limit(limit)
    if is_postgres(session):
        ids = ids.with_for_update(skip_locked=True)
    rows = await session.execute(
        update(Delivery)
        .where(Delivery.id.in_(ids.scalar_subquery()))
        .values(
            status=DeliveryStatus.SENDING,
            claimed_until=until,
            attempts=Delivery.attempts + 1,
        )
        .returning(
            Delivery.id,
            Delivery.channel,
            Delivery.chat_id,
            Delivery.is_group,
            Delivery.payload,
            Delivery.attempts,
        )
        .execution_options(synchronize_session=False)
    )
    claimed = [
        Claimed(
            id=row.id,
            channel=Channel(row.channel),
            chat_id=row.chat_id,
            is_group=row.is_group,
            reply=decode_reply(row.payload),
            attempts=row.attempts,
        )
        for row in rows
    ]
    return sorted(claimed, key=lambda c: c.id)
