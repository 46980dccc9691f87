"""Telling people when work starts waiting for them: one short message per person for all the
items that arrived since they were last told (DESIGN §3.6: through the outbox, in the quiet
hours' and the calendar's time)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.callbacks import MenuAction
from bot.clock import Clock
from bot.ports import Button, Channel, Outgoing, Reply
from bot.services.common import MemberView
from bot.services.delivery import OutboxService, enqueue, reachable
from bot.services.inbox.queries import last_change
from bot.services.inbox.registry import WAITING, Waiting
from bot.services.inbox.service import Inbox, read
from bot.services.people import member_view
from bot.texts import Texts
from models import InboxNotice, Member, Unit

#: The most arrivals one notice names; the rest are counted.
NAMED = 5
#: Arrivals younger than this wait for the next run, so an item whose transaction was still
#: committing while the run read is told next time rather than never.
SETTLE = timedelta(seconds=30)


class InboxNoticeService:
    """Tells members of newly waiting work; each public method is one transaction."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        texts: Texts,
        outbox: OutboxService,
        waiting: tuple[Waiting, ...] = WAITING,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._texts = texts
        self._outbox = outbox
        self._waiting = tuple(w for w in waiting if w.notify)

    async def tell_arrivals(self) -> int:
        """Tell every active member, in one message each, of the items that started waiting
        for them since they were last told (not those they moved there themselves); return
        how many members were told.

        A member seen for the first time is told of nothing older than now (their menu's count
        and ``/viecchoxuly`` show what waited before).
        """
        now = self._clock.now()
        until = now - SETTLE
        told = 0
        async with self._sessions.begin() as session:
            members, marks = await _members_and_marks(session)
            if marks and not await self._anything_after(session, min(marks.values())):
                members_to_tell: list[MemberView] = []
            else:
                members_to_tell = members
            for member in members_to_tell:
                since = marks.get(member.id)
                if since is None:
                    continue
                arrived = await read(
                    session,
                    member,
                    self._waiting,
                    shown=NAMED,
                    after=since,
                    until=until,
                    others_moved=True,
                )
                if arrived.items and await self._tell(session, member, arrived, now):
                    told += 1
            await _mark(session, members, marks, until)
        if told:
            self._outbox.notify()
        return told

    async def _anything_after(self, session: AsyncSession, mark: datetime) -> bool:
        latest = await session.scalar(last_change(self._waiting))
        return latest is not None and latest > mark

    async def _tell(
        self, session: AsyncSession, member: MemberView, arrived: Inbox, now: datetime
    ) -> bool:
        accounts = await reachable(session, [member.id])
        reply = self._notice(arrived)
        for channel, chat_id, member_id in accounts:
            outgoing = Outgoing(Channel(channel), chat_id, reply)
            enqueue(session, [outgoing], now=now, member_id=member_id, quiet=True)
        return bool(accounts)

    def _notice(self, arrived: Inbox) -> Reply:
        t = self._texts.t
        lines = [
            t("inbox.arrived_line", task=t(f"inbox.task.{item.task}"), label=item.label)
            for item in arrived.items
        ]
        if arrived.total > len(arrived.items):
            lines.append(t("inbox.arrived_more", count=arrived.total - len(arrived.items)))
        text = t("inbox.arrived", count=arrived.total) + "\n" + "\n".join(lines)
        button = Button(t("inbox.open_button"), MenuAction("viecchoxuly").pack())
        return Reply(text, buttons=((button,),))


async def _members_and_marks(
    session: AsyncSession,
) -> tuple[list[MemberView], dict[int, datetime]]:
    rows = await session.execute(
        select(Member, Unit).join(Unit, Unit.id == Member.unit_id).where(Member.active)
    )
    members = [member_view(member, unit) for member, unit in rows.all()]
    marks = await session.execute(select(InboxNotice.member_id, InboxNotice.told_until))
    return members, {member_id: told for member_id, told in marks.all()}  # noqa: C416


async def _mark(
    session: AsyncSession, members: list[MemberView], marks: dict[int, datetime], now: datetime
) -> None:
    """Everything up to ``now`` has been told, to everyone."""
    await session.execute(
        update(InboxNotice).where(InboxNotice.member_id.in_(list(marks))).values(told_until=now)
    )
    session.add_all(
        InboxNotice(member_id=m.id, told_until=now) for m in members if m.id not in marks
    )
