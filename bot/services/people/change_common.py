"""What changing units and changing members share: the day's check, the actor, the members of
a unit, and forgetting cached members whose unit or role changed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import errors
from bot.clock import Clock
from bot.services.common import CLI, MemberView, TurnCache, audit
from models import ChannelAccount, Member


def check_day(clock: Clock, zone: ZoneInfo, effective: date) -> None:
    """Refuse a day after today: a change is recorded once it has taken effect (a decision
    dated ahead is entered on its day), so nobody is counted in two places meanwhile.

    Raises:
        EffectiveInFuture: ``effective`` is after today in the organisation's zone.
    """
    today = clock.now().astimezone(zone).date()
    if effective > today:
        raise errors.EffectiveInFuture(day=f"{effective:%d/%m/%Y}")


def actor_of(by: MemberView | None) -> audit.Actor:
    """The audit actor: the member acting in chat, or the command line."""
    return CLI if by is None else audit.Actor(by.full_name, by.id)


async def active_members(session: AsyncSession, unit_id: int) -> list[int]:
    """The ids of the members working in a unit now."""
    rows = await session.scalars(
        select(Member.id).where(Member.unit_id == unit_id, Member.active.is_(True))
    )
    return list(rows)


async def forget_members(session: AsyncSession, cache: TurnCache, ids: Iterable[int]) -> None:
    """Drop the cached view of these members' accounts, so their next message sees the change."""
    wanted = list(ids)
    if not wanted:
        return
    accounts = await session.execute(
        select(ChannelAccount.channel, ChannelAccount.external_id).where(
            ChannelAccount.member_id.in_(wanted)
        )
    )
    for channel, external_id in accounts:
        cache.members.forget((channel, external_id))
