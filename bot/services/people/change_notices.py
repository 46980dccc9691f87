"""Telling members that their unit or role changed, through the outbox in the transaction of
the change (a member who left is told nothing: they have no address any more)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.dates import day_text
from bot.ports import Channel, Outgoing, Reply
from bot.services.delivery import outbox, reachable
from bot.texts import Texts


async def tell(
    session: AsyncSession,
    texts: Texts,
    member_ids: Iterable[int],
    key: str,
    *,
    now: datetime,
    day: date,
    **params: object,
) -> int:
    """Queue the text ``key`` (with ``day`` and ``params``) to each member's best account;
    return how many were queued."""
    text = texts.t(key, day=day_text(day), **params)
    accounts = await reachable(session, member_ids)
    for channel, chat, member_id in accounts:
        note = Outgoing(Channel(channel), chat, Reply(text))
        outbox.enqueue(session, [note], now=now, member_id=member_id)
    return len(accounts)
