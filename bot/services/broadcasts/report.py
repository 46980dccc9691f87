"""The web app's views of broadcasts: a page of the list with audiences and counts, and the
delivery report — counts by channel and state, and who has not received it, searchable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.collation import collation_key, without_accents
from bot.services.broadcasts.audiences import Audience
from bot.services.broadcasts.delivery_counts import DeliveryCounts, count_deliveries
from models import Broadcast, Delivery, DeliveryStatus, Member, Unit

#: The states that mean "has received it" or "is not to receive it" (the member left).
REACHED = (DeliveryStatus.SENT.value, DeliveryStatus.SKIPPED.value)


@dataclass(frozen=True, slots=True)
class BroadcastSummary:
    """A broadcast as a row of the web list."""

    id: int
    state: str
    urgent: bool
    starts_at: datetime
    preview: str
    audience: Audience
    sender: str
    from_reminder: bool
    counts: DeliveryCounts

    @property
    def pending(self) -> int:
        """Deliveries not settled yet (still to be sent or retried)."""
        return max(self.counts.total - self.counts.settled, 0)


@dataclass(frozen=True, slots=True)
class NotReached:
    """A recipient the broadcast has not reached (yet), and where it stands."""

    member_id: int
    full_name: str
    unit: str
    status: str
    channel: str
    error: str
    outcome: str


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    """What became of a broadcast's deliveries.

    Attributes:
        by_channel: ``(channel, status, count)`` for every channel and state present.
        people: The page of the people not reached that match the search.
        matching: How many not reached match the search (all pages).
        not_reached: How many were not reached in all.
    """

    by_channel: tuple[tuple[str, str, int], ...]
    people: tuple[NotReached, ...]
    matching: int
    not_reached: int


def folded(text: str) -> str:
    """``text`` for searching: no diacritics, no case, single spaces."""
    return " ".join(without_accents(text).casefold().split())


async def summaries(
    session: AsyncSession, sender_id: int | None, *, offset: int, limit: int
) -> tuple[list[BroadcastSummary], int]:
    """A page of broadcasts, newest first (only ``sender_id``'s when given), and how many."""
    query = select(Broadcast, Member.full_name).outerjoin(Member, Member.id == Broadcast.sender_id)
    total_query = select(func.count()).select_from(Broadcast)
    if sender_id is not None:
        query = query.where(Broadcast.sender_id == sender_id)
        total_query = total_query.where(Broadcast.sender_id == sender_id)
    total = int(await session.scalar(total_query) or 0)
    rows = (
        await session.execute(query.order_by(Broadcast.id.desc()).offset(offset).limit(limit))
    ).all()
    found = [
        BroadcastSummary(
            id=row.id,
            state=row.state,
            urgent=row.urgent,
            starts_at=row.starts_at,
            preview=row.text[:120],
            audience=Audience.from_json(row.audience),
            sender=name or "",
            from_reminder=row.reminder_id is not None,
            counts=await count_deliveries(session, row.id, row.total),
        )
        for row, name in rows
    ]
    return found, total


async def delivery_report(
    session: AsyncSession, broadcast_id: int, *, search: str, offset: int, limit: int
) -> DeliveryReport:
    """The report of one broadcast (the caller checked the person may see it)."""
    by_channel = (
        await session.execute(
            select(Delivery.channel, Delivery.status, func.count())
            .where(Delivery.broadcast_id == broadcast_id)
            .group_by(Delivery.channel, Delivery.status)
            .order_by(Delivery.channel, Delivery.status)
        )
    ).all()
    rows = (
        await session.execute(
            select(
                Member.id,
                Member.full_name,
                Unit.name,
                Delivery.status,
                Delivery.channel,
                Delivery.last_error,
                Delivery.outcome,
            )
            .join(Member, Member.id == Delivery.member_id)
            .join(Unit, Unit.id == Member.unit_id)
            .where(Delivery.broadcast_id == broadcast_id, Delivery.status.not_in(REACHED))
        )
    ).all()
    people = [NotReached(*row) for row in rows]
    wanted = folded(search)
    # Searching in Python: the list is one broadcast's missed recipients, and folding
    # Vietnamese diacritics the same way on every database is simplest here.
    matching = [p for p in people if not wanted or wanted in _haystack(p)]
    matching.sort(key=lambda p: (collation_key(p.unit), collation_key(p.full_name), p.member_id))
    return DeliveryReport(
        by_channel=tuple((str(c), str(s), int(n)) for c, s, n in by_channel),
        people=tuple(matching[offset : offset + limit]),
        matching=len(matching),
        not_reached=len(people),
    )


def _haystack(person: NotReached) -> str:
    return folded(f"{person.full_name} {person.unit}")
