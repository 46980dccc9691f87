"""Initiatives per month of a year: submitted by the month they were submitted, recognised by
the month of their recognition (the ``state_changes`` row into ``recognized``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import InitiativeState
from models import Initiative, StateChange

INITIATIVE = "initiative"


async def monthly(session: AsyncSession, year: int, zone: ZoneInfo) -> tuple[list[int], list[int]]:
    """Per month of ``year`` (organisation time): initiatives submitted, and recognised."""
    start = _utc(date(year, 1, 1), zone)
    end = _utc(date(year + 1, 1, 1), zone)
    sent = await session.scalars(
        select(Initiative.submitted_at).where(
            Initiative.state != InitiativeState.DRAFT.value,
            Initiative.submitted_at >= start,
            Initiative.submitted_at < end,
        )
    )
    done = await session.scalars(
        select(StateChange.at).where(
            StateChange.entity == INITIATIVE,
            StateChange.to_state == InitiativeState.RECOGNIZED.value,
            StateChange.at >= start,
            StateChange.at < end,
        )
    )
    return _by_month(sent.all(), zone), _by_month(done.all(), zone)


def _utc(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), zone).astimezone(UTC)


def _by_month(moments: Sequence[datetime], zone: ZoneInfo) -> list[int]:
    # SQLite hands back naive datetimes; they are stored in UTC.
    local = [(m if m.tzinfo else m.replace(tzinfo=UTC)).astimezone(zone) for m in moments]
    counts = Counter(moment.month for moment in local)
    return [counts.get(month, 0) for month in range(1, 13)]
