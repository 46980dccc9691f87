"""Telling the Office about a channel: one message to each active Office member.

Used when a channel runs short (its quota, the Zalo OA's tokens): the message goes to one
account of each Office member, off the channel in trouble where they have another.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.ports import Channel, Outgoing, Reply
from bot.roles import OFFICE
from bot.services.delivery.queueing import enqueue
from models import ChannelAccount, Member


async def tell_office(
    session: AsyncSession, text: str, now: datetime, *, avoid: Channel, only_others: bool
) -> int:
    """Queue ``text`` to every active Office member on one account each, preferring an
    account off the ``avoid`` channel (``only_others``: skip members who have none)."""
    rows = await session.execute(
        select(Member.id, Member.preferred_channel, ChannelAccount.channel, ChannelAccount.chat_id)
        .join(ChannelAccount, ChannelAccount.member_id == Member.id)
        .where(
            Member.active.is_(True),
            Member.role.in_([role.value for role in OFFICE]),
            ChannelAccount.blocked.is_(False),
        )
        .order_by(Member.id, ChannelAccount.id)
    )
    best: dict[int, tuple[tuple[bool, bool], str, str]] = {}
    for member_id, preferred, channel, chat_id in rows:
        if only_others and channel == avoid.value:
            continue
        rank = (channel == avoid.value, channel != preferred)
        if member_id not in best or rank < best[member_id][0]:
            best[member_id] = (rank, channel, chat_id)
    reply = Reply(text)
    return sum(
        enqueue(
            session, [Outgoing(Channel(channel), chat_id, reply)], now=now, member_id=member_id
        )
        for member_id, (_, channel, chat_id) in best.items()
    )
