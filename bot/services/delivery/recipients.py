"""Choosing the one chat account a member is sent to.

A member may have an account on several channels (Telegram, the Zalo Bot Platform, the Zalo
Official Account, after ``/lienket``).
Every notice goes to exactly one of them: the member's preferred channel when that account
is fine, else the first fine account in :data:`CHANNEL_PREFERENCE` order. A blocked account
is chosen only when all of the member's accounts are blocked (so callers can report it).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.ports import Channel
from models import ChannelAccount, Member

#: Channels in the order a member's account is preferred when they chose none.
CHANNEL_PREFERENCE = (Channel.TELEGRAM, Channel.ZALO_OA, Channel.ZALO, Channel.CONSOLE)
#: Members per IN list: under every database's parameter limit.
CHUNK = 5000
_KNOWN = frozenset(channel.value for channel in Channel)


@dataclass(frozen=True, slots=True)
class Address:
    """The account a member is sent to."""

    member_id: int
    channel: Channel
    chat_id: str
    blocked: bool


def preference(channel: str, preferred: str | None = None) -> int:
    """Rank of a channel for a member who prefers ``preferred`` (lower is better)."""
    if preferred is not None and channel == preferred:
        return -1
    try:
        return CHANNEL_PREFERENCE.index(Channel(channel))
    except ValueError:
        return len(CHANNEL_PREFERENCE)


async def addresses(
    session: AsyncSession, member_ids: Iterable[int], *, excluding: Collection[Channel] = ()
) -> dict[int, Address]:
    """Return each member's best account (blocked only when all are); members with none are
    left out. ``excluding``: channels not to choose (a message the channel may not send now)."""
    wanted = sorted(set(member_ids))
    skipped = {channel.value for channel in excluding}
    best: dict[int, tuple[tuple[bool, int, int], Address]] = {}
    for start in range(0, len(wanted), CHUNK):
        rows = await session.execute(
            select(
                ChannelAccount.id,
                ChannelAccount.member_id,
                ChannelAccount.channel,
                ChannelAccount.chat_id,
                ChannelAccount.blocked,
                Member.preferred_channel,
            )
            .join(Member, Member.id == ChannelAccount.member_id)
            .where(
                ChannelAccount.member_id.in_(wanted[start : start + CHUNK]),
                # A member who left gets nothing from the day they left (DESIGN §3.11).
                Member.left_on.is_(None),
            )
        )
        for account_id, member_id, channel, chat_id, blocked, preferred in rows:
            if channel not in _KNOWN or channel in skipped:
                continue
            key = (bool(blocked), preference(channel, preferred), account_id)
            if member_id not in best or key < best[member_id][0]:
                address = Address(member_id, Channel(channel), chat_id, bool(blocked))
                best[member_id] = (key, address)
    return {member_id: address for member_id, (_, address) in best.items()}


async def reachable(
    session: AsyncSession, member_ids: Iterable[int]
) -> list[tuple[str, str, int]]:
    """``(channel, chat_id, member_id)``: one non-blocked account per member, in the order the
    members were given (each member once; unreachable members left out)."""
    ordered = list(dict.fromkeys(member_ids))
    found = await addresses(session, ordered)
    return [
        (found[m].channel.value, found[m].chat_id, m)
        for m in ordered
        if m in found and not found[m].blocked
    ]
