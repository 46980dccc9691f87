"""People per bot on a channel whose plan limits them (Zalo's free plan: 50 per bot).

The figure is the operator's plan, not something the bot can see Zalo enforce, so nobody is
turned away: a person joining beyond it is let in, and the Office is told. The Office is
warned once when the channel's accounts reach the warning share of the figure, and once when
they reach the figure itself. Which warnings were given is kept in the channel's
``channel_quotas`` row of month ``"users"`` (beside the monthly rows ``"YYYY-MM"``): its
``warned_at`` and ``exhausted_at`` are the two warnings, its ``sent`` the figure they were
given for — a new plan (a changed figure) starts the warnings over.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, Protocol

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.ports import Channel
from bot.services.common import insert_ignoring_duplicates
from bot.texts import Texts
from models import ChannelAccount, ChannelQuota

#: The ``channel_quotas.month`` of the row that remembers the users warnings.
USERS_ROW: Final = "users"


@dataclass(frozen=True, slots=True)
class UsersCheck:
    """What one check found: the Office's notice, if any, and whether both warnings have
    been given for the plan's figure (nothing more to check until the figure changes)."""

    notice: str | None
    settled: bool


class UserLimits(Protocol):
    """The people-per-bot figure of one channel (``bot.config_zalo.ZaloOutbox`` has it)."""

    @property
    def users_per_bot(self) -> int:
        """People the plan allows per bot; 0 means no figure."""
        ...

    @property
    def warn_ratio(self) -> float:
        """The share of the figure at which the Office is warned."""
        ...


async def users_notice(
    session: AsyncSession, channel: Channel, limits: UserLimits, texts: Texts, now: datetime
) -> UsersCheck:
    """Check ``channel``'s accounts against the plan's figure: the Office's notice when they
    first reach the warning share, or the whole, of it."""
    limit = limits.users_per_bot
    if limit <= 0:
        return UsersCheck(None, settled=True)
    warned, reached = await _flags(session, channel, limit)
    if reached:
        return UsersCheck(None, settled=True)
    users = await _accounts(session, channel)
    if users >= limit:
        won = await _set_once(session, channel, ChannelQuota.exhausted_at, now)
        await _set_once(session, channel, ChannelQuota.warned_at, now)  # no warning after it
        notice = texts.t("zalo_plan.users_reached", users=users, limit=limit)
        return UsersCheck(notice if won else None, settled=True)
    warn = users >= limits.warn_ratio * limit and not warned
    if warn and await _set_once(session, channel, ChannelQuota.warned_at, now):
        notice = texts.t("zalo_plan.users_warning", users=users, limit=limit)
        return UsersCheck(notice, settled=False)
    return UsersCheck(None, settled=False)


async def _accounts(session: AsyncSession, channel: Channel) -> int:
    """The people the bot knows on ``channel``: every account, whether or not its member is
    still active (Zalo counts who used the bot, not who the Office keeps)."""
    count = await session.scalar(
        select(func.count())
        .select_from(ChannelAccount)
        .where(ChannelAccount.channel == channel.value)
    )
    return int(count or 0)


async def _flags(session: AsyncSession, channel: Channel, limit: int) -> tuple[bool, bool]:
    """Which warnings were given for the plan's figure ``limit`` (none after a change)."""
    key = {"channel": channel.value, "month": USERS_ROW, "sent": limit}
    await insert_ignoring_duplicates(session, ChannelQuota, [key])
    plan, warned_at, reached_at = (
        await session.execute(
            select(ChannelQuota.sent, ChannelQuota.warned_at, ChannelQuota.exhausted_at).where(
                ChannelQuota.channel == channel.value, ChannelQuota.month == USERS_ROW
            )
        )
    ).one()
    if plan == limit:
        return warned_at is not None, reached_at is not None
    await session.execute(
        update(ChannelQuota)
        .where(ChannelQuota.channel == channel.value, ChannelQuota.month == USERS_ROW)
        .values(sent=limit, warned_at=None, exhausted_at=None)
        .execution_options(synchronize_session=False)
    )
    return False, False


async def _set_once(session: AsyncSession, channel: Channel, column: Any, now: datetime) -> bool:
    """Set one warning's time; True only for the one transaction that set it."""
    won = await session.execute(
        update(ChannelQuota)
        .where(
            ChannelQuota.channel == channel.value,
            ChannelQuota.month == USERS_ROW,
            column.is_(None),
        )
        .values({column: now})
        .returning(ChannelQuota.channel)
        .execution_options(synchronize_session=False)
    )
    return won.first() is not None
