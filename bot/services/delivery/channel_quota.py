"""Monthly message quotas of the channels that have one (Zalo's free plan: 3,000 a month).

Every message the bot sends on such a channel is counted in the ``channel_quotas`` row of the
organisation's local month, by one atomic statement, so several processes count together.
The outbox worker asks :meth:`ChannelQuotaService.has_room` before each send (answered from a
short-lived in-process cache) and holds the channel's deliveries back until next month once the
quota is used up. The Office is told once a month when most of the quota is used, and once when
it is gone; a conditional UPDATE of ``warned_at`` / ``exhausted_at`` makes sure only one
process tells them. A channel whose plan also limits people per bot has those warnings checked
with each count (:mod:`bot.services.delivery.channel_users`): a new member is always sent a
message on the channel they joined on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any, Protocol

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.dates import day_text
from bot.ports import Channel
from bot.services.common import Doorbell, insert_ignoring_duplicates, is_postgres
from bot.services.delivery.channel_users import UserLimits, UsersCheck, users_notice
from bot.services.delivery.office_notice import tell_office
from bot.texts import Texts
from models import ChannelQuota, Delivery, DeliveryStatus

#: How long a process trusts what it last read of a quota (other processes count too).
CACHE_SECONDS = 10.0
#: The Zalo OA counts only its proactive messages: what running out means differs.
_WARNINGS = {Channel.ZALO_OA: "reply_window.quota_warning"}


class QuotaLimits(Protocol):
    """The quota settings of one channel (``bot.config_zalo.ZaloOutbox`` has them)."""

    @property
    def monthly_quota(self) -> int:
        """Messages allowed a month; 0 means no quota."""
        ...

    @property
    def warn_ratio(self) -> float:
        """The share of the quota at which the Office is warned."""
        ...


@dataclass(frozen=True, slots=True)
class QuotaUsage:
    """What one channel has used of its quota in one month."""

    channel: Channel
    month: str
    sent: int
    quota: int
    warned: bool
    exhausted: bool

    @property
    def remaining(self) -> int | None:
        """Messages that may still be sent this month (``None``: no quota)."""
        if self.exhausted:
            return 0
        return None if self.quota == 0 else max(0, self.quota - self.sent)


class ChannelQuotaService(Doorbell):
    """Counts messages per channel and month; implements :class:`bot.ports.SendCounter`.

    Rings its doorbell after queueing a message to the Office, so the outbox worker wakes.
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        texts: Texts,
        *,
        zone: tzinfo,
        quotas: Mapping[Channel, QuotaLimits],
        users: Mapping[Channel, UserLimits] | None = None,
        cache_seconds: float = CACHE_SECONDS,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._texts = texts
        self._zone = zone
        self._quotas = dict(quotas)
        self._users = dict(users or {})
        # Channels whose users warnings were both given: not checked again by this process.
        self._users_settled: set[Channel] = set()
        self._fresh = timedelta(seconds=cache_seconds)
        self._cache: dict[Channel, tuple[QuotaUsage, datetime]] = {}
        super().__init__()

    def month(self) -> str:
        """The organisation's current month, as ``"YYYY-MM"``."""
        return self._local(self._clock.now()).strftime("%Y-%m")

    def next_month(self) -> datetime:
        """The first instant of the organisation's next month (UTC)."""
        local = self._local(self._clock.now())
        year, month = local.year + local.month // 12, local.month % 12 + 1
        return datetime(year, month, 1, tzinfo=self._zone).astimezone(UTC)

    async def usage(self, channel: Channel) -> QuotaUsage:
        """This month's usage of ``channel`` (from the cache when recent enough)."""
        now = self._clock.now()
        month = self._local(now).strftime("%Y-%m")
        cached = self._cache.get(channel)
        if cached is not None and cached[0].month == month and now - cached[1] < self._fresh:
            return cached[0]
        async with self._sessions() as session:
            row = (
                await session.execute(
                    select(
                        ChannelQuota.sent, ChannelQuota.warned_at, ChannelQuota.exhausted_at
                    ).where(ChannelQuota.channel == channel.value, ChannelQuota.month == month)
                )
            ).first()
        usage = self._usage(channel, month, row)
        self._cache[channel] = (usage, now)
        return usage

    async def remaining(self, channel: Channel) -> int | None:
        """Messages ``channel`` may still send this month (``None``: it has no quota)."""
        if channel not in self._quotas:
            return None
        return (await self.usage(channel)).remaining

    async def has_room(self, channel: Channel) -> bool:
        """Whether a message may go out on ``channel`` this month (always, without a quota)."""
        left = await self.remaining(channel)
        return left is None or left > 0

    async def spent(self, channel: Channel) -> bool:
        """Whether this month's count, read afresh (others count too), reached the quota."""
        self._cache.pop(channel, None)
        return channel in self._quotas and (await self.usage(channel)).remaining == 0

    async def count_sent(self, channel: Channel, messages: int) -> None:
        """Record ``messages`` more messages sent on ``channel`` this month; warn the Office
        the first time the month's usage reaches the warning share of the quota."""
        limits = self._quotas.get(channel)
        if limits is None or messages <= 0:
            return
        now = self._clock.now()
        month = self._local(now).strftime("%Y-%m")
        async with self._sessions.begin() as session:
            usage = self._usage(channel, month, await _add(session, channel, month, messages))
            warned = (
                usage.quota > 0
                and not usage.warned
                and usage.sent >= limits.warn_ratio * usage.quota
                and await _set_once(session, channel, month, ChannelQuota.warned_at, now)
            )
            if warned:
                text = self._texts.t(
                    _WARNINGS.get(channel, "quota.warning"),
                    channel=channel.value.capitalize(),
                    sent=usage.sent,
                    quota=usage.quota,
                    month=self._month_label(month),
                )
                await tell_office(session, text, now, avoid=channel, only_others=False)
                usage = replace(usage, warned=True)
            check = await self._check_users(session, channel, now)
            notice = check.notice if check is not None else None
            if notice is not None:
                await tell_office(session, notice, now, avoid=channel, only_others=False)
        self._cache[channel] = (usage, now)
        if check is not None and check.settled:
            self._users_settled.add(channel)
        if warned or notice is not None:
            self.notify()

    async def _check_users(
        self, session: AsyncSession, channel: Channel, now: datetime
    ) -> UsersCheck | None:
        users = self._users.get(channel)
        if users is None or channel in self._users_settled:
            return None
        return await users_notice(session, channel, users, self._texts, now)

    async def exhausted(self, channel: Channel) -> None:
        """Record that ``channel``'s quota is used up this month (the count reached the quota):
        nothing more is sent on it until next month.
        The first process to record it tells the Office how many messages wait, and until when.
        """
        if (await self.usage(channel)).exhausted:
            return
        now = self._clock.now()
        month = self._local(now).strftime("%Y-%m")
        key = {"channel": channel.value, "month": month, "sent": 0}
        async with self._sessions.begin() as session:
            await insert_ignoring_duplicates(session, ChannelQuota, [key])
            won = await _set_once(session, channel, month, ChannelQuota.exhausted_at, now)
            if won:
                await self._report_exhausted(session, channel, month, now)
        cached = await self.usage(channel)
        self._cache[channel] = (replace(cached, exhausted=True), now)
        if won:
            self.notify()

    async def _report_exhausted(
        self, session: AsyncSession, channel: Channel, month: str, now: datetime
    ) -> None:
        sent = await session.scalar(
            select(ChannelQuota.sent).where(
                ChannelQuota.channel == channel.value, ChannelQuota.month == month
            )
        )
        waiting = await session.scalar(
            select(func.count())
            .select_from(Delivery)
            .where(
                Delivery.channel == channel.value,
                Delivery.status.in_([DeliveryStatus.PENDING, DeliveryStatus.SENDING]),
            )
        )
        limits = self._quotas.get(channel)
        text = self._texts.t(
            "quota.exhausted",
            channel=channel.value.capitalize(),
            sent=sent or 0,
            quota=limits.monthly_quota if limits is not None else 0,
            month=self._month_label(month),
            waiting=waiting or 0,
            resume=day_text(self._local(self.next_month())),
        )
        # A report sent on the exhausted channel itself would only arrive next month.
        await tell_office(session, text, now, avoid=channel, only_others=True)

    def _usage(self, channel: Channel, month: str, row: Sequence[Any] | None) -> QuotaUsage:
        limits = self._quotas.get(channel)
        quota = limits.monthly_quota if limits is not None else 0
        if row is None:
            return QuotaUsage(channel, month, 0, quota, warned=False, exhausted=False)
        sent, warned_at, exhausted_at = row
        return QuotaUsage(
            channel,
            month,
            int(sent),
            quota,
            warned=warned_at is not None,
            exhausted=exhausted_at is not None,
        )

    def _local(self, moment: datetime) -> datetime:
        return moment.astimezone(self._zone)

    @staticmethod
    def _month_label(month: str) -> str:
        year, number = month.split("-")
        return f"{number}/{year}"


async def _add(
    session: AsyncSession, channel: Channel, month: str, messages: int
) -> Sequence[Any]:
    """Add ``messages`` to the month's count in one statement; return the row's new state."""
    insert = pg_insert if is_postgres(session) else sqlite_insert
    statement = insert(ChannelQuota).values(channel=channel.value, month=month, sent=messages)
    statement = statement.on_conflict_do_update(
        index_elements=["channel", "month"],
        set_={"sent": ChannelQuota.sent + statement.excluded.sent},
    )
    returning = statement.returning(
        ChannelQuota.sent, ChannelQuota.warned_at, ChannelQuota.exhausted_at
    )
    return (await session.execute(returning)).one()


async def _set_once(
    session: AsyncSession, channel: Channel, month: str, column: Any, now: datetime
) -> bool:
    """Set a once-a-month flag; True only for the one transaction that set it."""
    won = await session.execute(
        update(ChannelQuota)
        .where(
            ChannelQuota.channel == channel.value,
            ChannelQuota.month == month,
            column.is_(None),
        )
        .values({column: now})
        .returning(ChannelQuota.channel)
        .execution_options(synchronize_session=False)
    )
    return won.first() is not None
