"""The read side of :class:`~bot.services.broadcasts.service.BroadcastService`: the list, one
broadcast with its counts, the delivery report and who a broadcast did not reach.

Each is one read-only session; the sender sees their own broadcasts, the Office every one, and
any other id is "not found".
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.collation import collation_key
from bot.roles import OFFICE
from bot.services.broadcasts.delivery_counts import DeliveryCounts, Undelivered, count_deliveries
from bot.services.broadcasts.records import BroadcastView, view_of
from bot.services.broadcasts.report import (
    BroadcastSummary,
    DeliveryReport,
    delivery_report,
    summaries,
)
from bot.services.common import MemberView
from models import Broadcast, Delivery, DeliveryStatus, Member, Unit

#: The delivery states that mean "not reached": blocked, never started, failed, waiting.
UNDELIVERED = (
    DeliveryStatus.BLOCKED,
    DeliveryStatus.UNREACHABLE,
    DeliveryStatus.FAILED,
    DeliveryStatus.WAITING,
)


async def visible(session: AsyncSession, actor: MemberView, broadcast_id: int) -> Broadcast:
    """The broadcast if ``actor`` may see it (its sender or the Office).

    Raises:
        BroadcastNotFound: No such broadcast, or someone else's.
    """
    row = await session.get(Broadcast, broadcast_id)
    if row is None or (actor.role not in OFFICE and row.sender_id != actor.id):
        raise errors.BroadcastNotFound
    return row


class BroadcastReading:
    """Reading broadcasts; the service that writes them inherits these."""

    _sessions: async_sessionmaker[AsyncSession]

    async def page(
        self, actor: MemberView, *, offset: int, limit: int
    ) -> tuple[list[BroadcastSummary], int]:
        """A page of the broadcasts the person may see, newest first (the Office: all;
        others: their own), and how many there are."""
        async with self._sessions() as session:
            sender = None if actor.role in OFFICE else actor.id
            return await summaries(session, sender, offset=offset, limit=limit)

    async def report(
        self, actor: MemberView, broadcast_id: int, *, search: str = "", offset: int, limit: int
    ) -> DeliveryReport:
        """The delivery report of a broadcast (its sender or the Office): counts by channel
        and state, and a page of the people not reached (pending, failed, blocked, no
        channel, waiting) whose name or unit matches ``search``."""
        async with self._sessions() as session:
            await visible(session, actor, broadcast_id)
            return await delivery_report(
                session, broadcast_id, search=search, offset=offset, limit=limit
            )

    async def counts(self, actor: MemberView, broadcast_id: int) -> DeliveryCounts:
        """A broadcast's delivery counts (its sender or the Office)."""
        async with self._sessions() as session:
            row = await visible(session, actor, broadcast_id)
            return await count_deliveries(session, row.id, row.total)

    async def view(self, actor: MemberView, broadcast_id: int) -> BroadcastView:
        """One broadcast with its counts (its sender or the Office)."""
        async with self._sessions() as session:
            row = await visible(session, actor, broadcast_id)
            return view_of(row, await count_deliveries(session, row.id, row.total))

    async def undelivered(self, actor: MemberView, broadcast_id: int) -> list[Undelivered]:
        """Who the broadcast did not reach (blocked, never started, failed, waiting for the
        person to write to the OA), by unit."""
        async with self._sessions() as session:
            await visible(session, actor, broadcast_id)
            rows = await session.execute(
                select(
                    Member.full_name,
                    Unit.name,
                    Delivery.status,
                    Delivery.last_error,
                    Delivery.outcome,
                )
                .join(Member, Member.id == Delivery.member_id)
                .join(Unit, Unit.id == Member.unit_id)
                .where(
                    Delivery.broadcast_id == broadcast_id,
                    Delivery.status.in_(UNDELIVERED),
                )
            )
            undelivered = [
                Undelivered(name, unit, DeliveryStatus(status), error, outcome)
                for name, unit, status, error, outcome in rows
            ]
        return sorted(
            undelivered,
            key=lambda u: (u.status.value, collation_key(u.unit), collation_key(u.full_name)),
        )

    async def recent(self, actor: MemberView, limit: int = 10) -> list[BroadcastView]:
        """The latest broadcasts the person may see (the Office: all; others: their own)."""
        async with self._sessions() as session:
            query = select(Broadcast).order_by(Broadcast.id.desc()).limit(limit)
            if actor.role not in OFFICE:
                query = query.where(Broadcast.sender_id == actor.id)
            rows = (await session.scalars(query)).all()
            return [view_of(r, await count_deliveries(session, r.id, r.total)) for r in rows]
