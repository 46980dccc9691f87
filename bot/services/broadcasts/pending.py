"""The units that have not yet done what the year asks of them by a milestone's day: register
their targets, send their vote list, send their report.

The year's calendar (``/lichthidua``) counts them and the milestones' reminders reach their
heads, both from here, so a count and a reminder never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import and_, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import ReportState
from bot.roles import Role
from models import Member, Report, ReportingPeriod, Unit, UnitRegistration, VoteList

#: The states of a unit's vote list that mean it was sent (``draft`` and ``returned`` do not).
SENT_LISTS = ("submitted", "received")


class YearTask(StrEnum):
    """What each unit's head does once a year, by a milestone's day."""

    REGISTRATION = "registration"
    VOTE_LIST = "vote_list"
    REPORT = "report"


@dataclass(frozen=True, slots=True)
class PendingUnits:
    """The active units that have not acted, by id in unit order.

    Attributes:
        open: Whether they can still act (a closed reporting period takes no report).
        period: The reporting period counted, for :attr:`YearTask.REPORT`.
    """

    units: tuple[int, ...]
    open: bool = True
    period: str = ""


async def pending_units(session: AsyncSession, task: YearTask, due: date) -> PendingUnits | None:
    """The active units that have not done ``task`` for the milestone on ``due``.

    Registration and vote lists are those of ``due``'s year; a report is the one of the latest
    reporting period whose deadline falls in that year on or before ``due``. ``None`` when
    there is nothing to count: no such period.
    """
    query = select(Unit.id).where(Unit.active.is_(True)).order_by(Unit.id)
    if task is YearTask.REGISTRATION:
        done = exists().where(
            UnitRegistration.year == due.year, UnitRegistration.unit_id == Unit.id
        )
        return PendingUnits(tuple(await session.scalars(query.where(~done))))
    if task is YearTask.VOTE_LIST:
        done = exists().where(
            VoteList.year == due.year, VoteList.unit_id == Unit.id, VoteList.state.in_(SENT_LISTS)
        )
        return PendingUnits(tuple(await session.scalars(query.where(~done))))
    period = await session.scalar(
        select(ReportingPeriod)
        .where(ReportingPeriod.deadline >= date(due.year, 1, 1), ReportingPeriod.deadline <= due)
        .order_by(ReportingPeriod.deadline.desc(), ReportingPeriod.id.desc())
        .limit(1)
    )
    if period is None:
        return None
    done = exists().where(
        Report.period_id == period.id,
        Report.unit_id == Unit.id,
        Report.state != ReportState.RETURNED.value,
    )
    units = tuple(await session.scalars(query.where(~done)))
    return PendingUnits(units, open=period.open, period=period.name)


async def pending_heads(session: AsyncSession, task: YearTask, due: date) -> Any:
    """A condition on :class:`Member`: the heads of the units that have not done ``task`` and
    still can (nobody when nothing is counted)."""
    pending = await pending_units(session, task, due)
    units = pending.units if pending is not None and pending.open else ()
    return and_(Member.role == Role.UNIT_HEAD.value, Member.unit_id.in_(units))
