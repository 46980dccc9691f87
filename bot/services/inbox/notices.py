"""Telling people of their work (DESIGN §3.6: through the outbox, in the quiet hours' and the
calendar's time): one short message per person for the items that arrived since they were last
told, a digest of what still waits on their role's schedule, and a warning to the heads of a
unit that has not sent its report when a period closes soon."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime, exists, func, insert, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.config_schedules import InboxSettings, SendCalendarSettings
from bot.ports import Reply
from bot.roles import Role
from bot.services.delivery import OutboxService
from bot.services.inbox import closing, digests
from bot.services.inbox.arrivals import read_arrivals
from bot.services.inbox.queries import last_change
from bot.services.inbox.registry import WAITING, Entity, Waiting
from bot.services.inbox.sending import tell, with_inbox_button
from bot.services.inbox.service import Inbox
from bot.texts import Texts
from models import InboxNotice, Member

#: The most arrivals one notice names; the rest are counted.
NAMED = 5
#: Arrivals younger than this wait for the next run, so an item whose transaction was still
#: committing while the run read is told next time rather than never.
SETTLE = timedelta(seconds=30)
#: A period is not said to close soon on the day it opened: its arrival was just told.
CLOSING_AFTER_OPENING = timedelta(days=1)


class InboxNoticeService:
    """Tells members of newly waiting work; each public method is one transaction."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        texts: Texts,
        outbox: OutboxService,
        *,
        settings: InboxSettings,
        calendar: SendCalendarSettings,
        zone: ZoneInfo,
        grace: timedelta,
        waiting: tuple[Waiting, ...] = WAITING,
    ) -> None:
        """Build the service.

        Args:
            settings: ``[inbox]``: the digests' schedules and the days before a deadline.
            calendar: ``[calendar]``: the days off, which have no daily digest.
            zone: The organisation's time zone.
            grace: A digest slot missed by longer than this is skipped.
            waiting: What waits for whom (the registry).
        """
        self._sessions = sessions
        self._clock = clock
        self._texts = texts
        self._outbox = outbox
        self._waiting = waiting
        self._arrivals = tuple(w for w in waiting if w.notify)
        self._closing_days = settings.closing_days
        self._zone = zone
        self._digest_times = digests.DigestTimes(
            settings.digest, zone, grace, lambda day: _day_off(calendar, day)
        )

    async def tell_arrivals(self) -> int:
        """Tell every active member, in one message each, of the items that started waiting
        for them since they were last told (not those they moved there themselves); return
        how many members were told.

        A member seen for the first time is told of nothing older than now (their menu's count
        and ``/viecchoxuly`` show what waited before).
        """
        now = self._clock.now()
        until = now - SETTLE
        replies: dict[int, Reply] = {}
        async with self._sessions.begin() as session:
            oldest = await session.scalar(select(func.min(InboxNotice.told_until)))
            if oldest is not None and await self._anything_after(session, oldest):
                for role in await _roles(session):
                    found = await read_arrivals(
                        session, role, self._arrivals, until=until, shown=NAMED
                    )
                    replies |= {m: self._notice(arrived) for m, arrived in found.items()}
                await session.execute(update(InboxNotice).values(told_until=until))
            await _mark_newcomers(session, until)
            told = await tell(session, replies, now)
        if told:
            self._outbox.notify()
        return told

    async def send_digests(self) -> int:
        """Send each member of a role whose digest slot is due (once per slot) a digest of
        what still waits for them, when anything does; return how many members were told."""
        now = self._clock.now()
        replies: dict[int, Reply] = {}
        async with self._sessions.begin() as session:
            for role in await digests.due_roles(session, self._digest_times, now):
                found = await digests.read_digests(session, role, self._waiting)
                for member_id, digest in found.items():
                    text = digests.digest_text(self._texts, digest, now)
                    replies[member_id] = with_inbox_button(self._texts, text)
            told = await tell(session, replies, now)
        if told:
            self._outbox.notify()
        return told

    async def tell_closing(self) -> int:
        """Tell the heads of each unit that has not sent its report for a period closing within
        ``[inbox] closing_days`` (once per period and unit); return how many were told."""
        if not self._closing_days:
            return 0
        now = self._clock.now()
        today = now.astimezone(self._zone).date()
        roles = {role for w in self._waiting if w.entity is Entity.PERIOD for role in w.roles}
        async with self._sessions.begin() as session:
            found = await closing.closing_soon(
                session,
                roles,
                today=today,
                days=self._closing_days,
                opened_before=now - CLOSING_AFTER_OPENING,
            )
            claimed = await closing.claim(session, found, now)
            texts = closing.closing_texts(self._texts, claimed, today)
            replies = {m: with_inbox_button(self._texts, text) for m, text in texts.items()}
            told = await tell(session, replies, now)
        if told:
            self._outbox.notify()
        return told

    async def _anything_after(self, session: AsyncSession, mark: datetime) -> bool:
        latest = await session.scalar(last_change(self._arrivals))
        return latest is not None and latest > mark

    def _notice(self, arrived: Inbox) -> Reply:
        t = self._texts.t
        lines = [
            t("inbox.arrived_line", task=t(f"inbox.task.{item.task}"), label=item.label)
            for item in arrived.items
        ]
        if arrived.total > len(arrived.items):
            lines.append(t("inbox.arrived_more", count=arrived.total - len(arrived.items)))
        text = t("inbox.arrived", count=arrived.total) + "\n" + "\n".join(lines)
        return with_inbox_button(self._texts, text)


def _day_off(calendar: SendCalendarSettings, day: date) -> bool:
    return day.weekday() in calendar.weekend_numbers or day in calendar.holidays


async def _roles(session: AsyncSession) -> list[Role]:
    """The roles active members have."""
    found = await session.scalars(select(Member.role).where(Member.active.is_(True)).distinct())
    return sorted(Role(role) for role in found)


async def _mark_newcomers(session: AsyncSession, now: datetime) -> None:
    """Active members without a mark yet are told of nothing older than ``now``."""
    unmarked = select(Member.id, literal(now, DateTime(timezone=True))).where(
        Member.active.is_(True), ~exists().where(InboxNotice.member_id == Member.id)
    )
    await session.execute(insert(InboxNotice).from_select(["member_id", "told_until"], unmarked))
