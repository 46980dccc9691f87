"""How far behind the outbox is, for the health endpoint and the metrics (one query)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from models import Delivery, DeliveryStatus


@dataclass(frozen=True, slots=True)
class Backlog:
    """Deliveries waiting or being sent, and the oldest one already due.

    Attributes:
        queued: Per channel name, the deliveries pending (due or not) or being sent.
        oldest_due: When the oldest pending delivery became due, ignoring the ones held for
            quiet hours unless ``quiet_ok``; ``None`` when nothing is due.
    """

    queued: dict[str, int]
    oldest_due: datetime | None


class OutboxBacklog:
    """Reads the outbox's backlog; read-only, cheap (the ``status, not_before`` index)."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        """Read through ``sessions``; ``clock`` says which deliveries are due."""
        self._sessions = sessions
        self._clock = clock

    async def read(self, *, quiet_ok: bool = True) -> Backlog:
        """Count the queue per channel and find its oldest due delivery.

        ``quiet_ok`` false leaves out what quiet hours hold back, which is late on purpose.
        """
        waiting = Delivery.status.in_((DeliveryStatus.PENDING, DeliveryStatus.SENDING))
        due = and_(
            Delivery.status == DeliveryStatus.PENDING, Delivery.not_before <= self._clock.now()
        )
        if not quiet_ok:
            due = and_(due, Delivery.quiet.is_(False))
        query = (
            select(
                Delivery.channel,
                func.count(),
                func.min(case((due, Delivery.not_before))),
            )
            .where(waiting)
            .group_by(Delivery.channel)
        )
        async with self._sessions() as session:
            rows = (await session.execute(query)).all()
        oldest = [row[2] for row in rows if row[2] is not None]
        return Backlog({str(row[0]): int(row[1]) for row in rows}, min(oldest, default=None))
