"""Telling the heads of a unit that has not sent its report that the period closes soon.

Each period and unit is told once per deadline: the unit's row in ``period_closing_notices``
is claimed (an insert that skips rows already there, so a second process claims nothing) in the
transaction that queues the notices, so a restart never tells it again. A deadline moved later
arms the notice again for the new one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import exists, select, true
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.dates import day_text
from bot.domain import ReportState
from bot.roles import Role
from bot.services.common import is_postgres
from bot.texts import Texts
from models import Member, PeriodClosingNotice, Report, ReportingPeriod, Unit


@dataclass(frozen=True, slots=True)
class Closing:
    """A period that closes soon, for one member whose unit has not sent its report."""

    member_id: int
    unit_id: int
    unit: str
    period_id: int
    period: str
    deadline: date


async def closing_soon(
    session: AsyncSession,
    roles: Collection[Role],
    *,
    today: date,
    days: int,
    opened_before: datetime,
) -> list[Closing]:
    """Members of ``roles`` whose unit has not sent (or must send again) its report for an
    open period due within ``days`` days and opened before ``opened_before``, where the unit
    has not been told yet; in one query."""
    sent = exists().where(
        Report.period_id == ReportingPeriod.id,
        Report.unit_id == Member.unit_id,
        Report.state != ReportState.RETURNED.value,
    )
    told = exists().where(
        PeriodClosingNotice.period_id == ReportingPeriod.id,
        PeriodClosingNotice.unit_id == Member.unit_id,
        PeriodClosingNotice.deadline == ReportingPeriod.deadline,
    )
    statement = (
        select(
            Member.id,
            Member.unit_id,
            Unit.name,
            ReportingPeriod.id,
            ReportingPeriod.name,
            ReportingPeriod.deadline,
        )
        .join(Unit, Unit.id == Member.unit_id)
        .join(ReportingPeriod, true())
        .where(
            ReportingPeriod.open.is_(True),
            ReportingPeriod.deadline.between(today, today + timedelta(days=days)),
            ReportingPeriod.opened_at <= opened_before,
            Member.active.is_(True),
            Unit.active.is_(True),
            Member.role.in_([role.value for role in roles]),
            ~sent,
            ~told,
        )
        .order_by(ReportingPeriod.deadline, ReportingPeriod.id, Member.id)
    )
    return [Closing(*row) for row in (await session.execute(statement)).all()]


async def claim(
    session: AsyncSession, closings: Sequence[Closing], now: datetime
) -> list[Closing]:
    """The closings whose period, unit and deadline this call marked as told (none that
    were marked already)."""
    keys = {(c.period_id, c.unit_id, c.deadline) for c in closings}
    if not keys:
        return []
    insert = pg_insert if is_postgres(session) else sqlite_insert
    rows = [
        {"period_id": period, "unit_id": unit, "deadline": deadline, "told_at": now}
        for period, unit, deadline in sorted(keys)
    ]
    notice = PeriodClosingNotice
    statement = (
        insert(notice)
        .values(rows)
        .on_conflict_do_nothing()
        .returning(notice.period_id, notice.unit_id, notice.deadline)
    )
    won = {tuple(row) for row in (await session.execute(statement)).all()}
    return [c for c in closings if (c.period_id, c.unit_id, c.deadline) in won]


def closing_texts(texts: Texts, closings: Sequence[Closing], today: date) -> dict[int, str]:
    """Each member's notice of the periods closing soon for their unit."""
    by_member: defaultdict[int, list[Closing]] = defaultdict(list)
    for item in closings:
        by_member[item.member_id].append(item)
    return {member: _text(texts, items, today) for member, items in by_member.items()}


def _text(texts: Texts, closings: Sequence[Closing], today: date) -> str:
    t = texts.t
    lines = [t("inbox.closing.title", unit=closings[0].unit)]
    for item in closings:
        left = (item.deadline - today).days
        lines.append(
            t(
                "inbox.closing.line",
                period=item.period,
                deadline=day_text(item.deadline),
                left=t("inbox.closing.left_days", days=left)
                if left
                else t("inbox.closing.left_today"),
            )
        )
    return "\n".join(lines)
