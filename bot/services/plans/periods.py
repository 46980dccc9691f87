"""Emulation periods (giai đoạn thi đua): which one is open, the past ones, opening a new one.

A period is data: its years, its plan versions and its movements. Exactly one is open; opening
a new one closes it in the same transaction as the new period's first plan is published (see
:meth:`PlanService.publish`), so members are never left with a period that has no plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.services.common import audit
from models import EmulationPeriod, Plan

OPEN, CLOSED = "open", "closed"

#: The longest period accepted: plans are five-year plans; ten leaves room for a typo to show.
MAX_YEARS = 10

_YEARS = re.compile(r"((?:19|20)\d\d)\s*[-–—]\s*((?:19|20)\d\d)")


@dataclass(frozen=True, slots=True)
class PeriodView:
    """A period and the last plan version published for it (``None``: none yet).

    Attributes:
        code: ``"2021-2025"``, also the period's key on buttons and on the command line.
    """

    id: int
    code: str
    name: str
    first_year: int
    last_year: int
    open: bool
    opened_at: datetime
    closed_at: datetime | None
    plan_version: int | None

    @property
    def years(self) -> tuple[int, int]:
        """The first and last year."""
        return self.first_year, self.last_year


def parse_years(text: str) -> tuple[int, int]:
    """The years of ``"2026-2030"`` (an en dash or spaces are fine).

    Raises:
        BadPeriodYears: Not two years, reversed, or longer than :data:`MAX_YEARS`.
    """
    found = _YEARS.fullmatch(text.strip())
    if found is None:
        raise errors.BadPeriodYears(years=MAX_YEARS)
    first, last = int(found.group(1)), int(found.group(2))
    if not first <= last < first + MAX_YEARS:
        raise errors.BadPeriodYears(years=MAX_YEARS)
    return first, last


def title_years(title: str) -> tuple[int, int] | None:
    """The years a plan title names ("… Kế hoạch 05 năm (2021-2025) …"), if it names any."""
    found = _YEARS.search(title)
    if found is None:
        return None
    first, last = int(found.group(1)), int(found.group(2))
    return (first, last) if first <= last else None


def code_of(years: tuple[int, int]) -> str:
    """A period's code: ``"2026-2030"``."""
    return f"{years[0]}-{years[1]}"


class PeriodService:
    """Reading the periods; each public method is one transaction."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def periods(self) -> tuple[PeriodView, ...]:
        """Every period, the newest first."""
        async with self._sessions.begin() as session:
            return await views(session)

    async def current(self) -> PeriodView:
        """The open period.

        Raises:
            PeriodNotFound: No period was ever opened (the migration opens 2021–2025).
        """
        found = next((p for p in await self.periods() if p.open), None)
        if found is None:
            raise errors.EmulationPeriodNotFound(code="")
        return found

    async def find(self, code: str) -> PeriodView | None:
        """The period of ``code``, or ``None``."""
        return next((p for p in await self.periods() if p.code == code), None)


async def views(session: AsyncSession) -> tuple[PeriodView, ...]:
    """Every period with its last plan version, the newest first (one grouped query)."""
    last = (
        select(Plan.period_id, func.max(Plan.version).label("version"))
        .group_by(Plan.period_id)
        .subquery()
    )
    rows = await session.execute(
        select(EmulationPeriod, last.c.version)
        .outerjoin(last, last.c.period_id == EmulationPeriod.id)
        .order_by(EmulationPeriod.first_year.desc(), EmulationPeriod.id.desc())
    )
    return tuple(
        PeriodView(
            p.id,
            p.code,
            p.name,
            p.first_year,
            p.last_year,
            p.state == OPEN,
            p.opened_at,
            p.closed_at,
            version,
        )
        for p, version in rows
    )


async def open_row(session: AsyncSession) -> EmulationPeriod:
    """The open period's row (the newest if, against the rules, several are open)."""
    row = await session.scalar(
        select(EmulationPeriod)
        .where(EmulationPeriod.state == OPEN)
        .order_by(EmulationPeriod.first_year.desc())
        .limit(1)
    )
    if row is None:
        raise errors.EmulationPeriodNotFound(code="")
    return row


async def check_new(session: AsyncSession, years: tuple[int, int]) -> None:
    """Refuse a new period that is not after every period opened before.

    Raises:
        PeriodOverlaps: It begins in or before the last year of an existing period.
    """
    latest = await session.scalar(
        select(EmulationPeriod).order_by(EmulationPeriod.last_year.desc()).limit(1)
    )
    if latest is not None and years[0] <= latest.last_year:
        raise errors.PeriodOverlaps(code=code_of(years), last=latest.code)


async def open_new(
    session: AsyncSession,
    years: tuple[int, int],
    *,
    name: str,
    now: datetime,
    actor: audit.Actor,
) -> EmulationPeriod:
    """Close the open period and open the one of ``years`` (inside the caller's transaction).

    Raises:
        PeriodOverlaps: See :func:`check_new`.
        PeriodOpenedMeanwhile: Another transaction opened a period since this one began.
    """
    # Closing first takes the open period's row lock: an Office member opening a period at the
    # same time waits here, then sees this period in ``check_new`` and is refused.
    closed = (
        await session.scalars(
            update(EmulationPeriod)
            .where(EmulationPeriod.state == OPEN)
            .values(state=CLOSED, closed_at=now)
            .returning(EmulationPeriod.code)
        )
    ).all()
    if not closed:
        meanwhile = await session.scalar(
            select(EmulationPeriod.code).where(EmulationPeriod.state == OPEN)
        )
        if meanwhile is not None:
            raise errors.PeriodOpenedMeanwhile(code=meanwhile)
    await check_new(session, years)
    for code in closed:
        audit.record(
            session, at=now, actor=actor, action="period.close", entity="period", entity_id=code
        )
    code = code_of(years)
    row = EmulationPeriod(
        code=code,
        name=name[:200],
        first_year=years[0],
        last_year=years[1],
        state=OPEN,
        opened_at=now,
        opened_by=actor.member_id,
    )
    session.add(row)
    await session.flush()
    audit.record(
        session,
        at=now,
        actor=actor,
        action="period.open",
        entity="period",
        entity_id=code,
        after={"first_year": years[0], "last_year": years[1]},
    )
    return row
