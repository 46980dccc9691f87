"""The year's figures for the statistics tables of TT 02/2023/TT-BNV (issue 19 point 4).

The year of an award is the year its decision was signed (the tables count the rewards
*given* in the year, whatever year the achievement was): decisions of kind ``decision``
signed from 1 January to 31 December, items awarded and not cancelled.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config_awards import Award
from bot.domain import NomineeKind, StaffCategory, Track
from bot.roles import OFFICE
from bot.services.common import MemberView, require_role
from bot.services.decisions import Kind, Outcome
from bot.services.statistics.records import (
    AwardedItem,
    Check,
    Subject,
    Unclassified,
    UnknownPerson,
    YearStatistics,
)
from bot.services.statistics.tables import movement_table, province_table, state_table
from models import Decision, DecisionItem, EmulationPeriod, Member, Movement, Nomination, Unit


class StatisticsService:
    """Reads the year's awards and movements into the tables; one transaction per method."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], *, awards: Sequence[Award]
    ) -> None:
        self._sessions = sessions
        self._awards = {award.code: award for award in awards}

    async def year(self, viewer: MemberView | None, year: int) -> YearStatistics:
        """The tables of ``year`` and the check of what is missing.

        Args:
            viewer: The member asking, or ``None`` for the command line.
            year: The year reported.

        Raises:
            NotAllowed: Only the Office and administrators read the statistics.
        """
        if viewer is not None:
            require_role(viewer, OFFICE)
        async with self._sessions() as session:
            items = await self._items(session, year)
            movements = await _movements(session, year)
            active = await _active_unknown(session)
        tables = (movement_table(movements), state_table(items), province_table(items))
        check = Check(
            awarded_unknown=tuple(
                UnknownPerson(i.nominee_name, i.unit_name, i.award_name, i.nomination_code)
                for i in items
                if i.subject is Subject.INDIVIDUAL and i.category is None
            ),
            active_unknown=active,
            unclassified=self._unclassified(items),
        )
        return YearStatistics(year, items, movements, tables, check)

    async def _items(self, session: AsyncSession, year: int) -> tuple[AwardedItem, ...]:
        rows = await session.execute(
            select(
                Nomination.code,
                Nomination.nominee_name,
                Unit.name,
                Nomination.nominee_kind,
                Nomination.nominee_member_id,
                Member.category,
                Nomination.track,
                Nomination.award_code,
                Nomination.award_name,
            )
            .join(DecisionItem, DecisionItem.nomination_id == Nomination.id)
            .join(Decision, Decision.id == DecisionItem.decision_id)
            .join(Unit, Unit.id == Nomination.unit_id)
            .outerjoin(Member, Member.id == Nomination.nominee_member_id)
            .where(
                Decision.kind == Kind.DECISION.value,
                Decision.signed_on.between(date(year, 1, 1), date(year, 12, 31)),
                DecisionItem.outcome == Outcome.AWARDED.value,
                DecisionItem.cancelled_at.is_(None),
            )
            .order_by(Decision.signed_on, Nomination.code)
        )
        return tuple(
            AwardedItem(
                nomination_code=code,
                nominee_name=name,
                unit_name=unit,
                subject=Subject.COLLECTIVE
                if kind == NomineeKind.COLLECTIVE
                else Subject.INDIVIDUAL,
                member_id=member_id,
                category=StaffCategory(category) if category else None,
                track=Track(track),
                award_code=award_code,
                award_name=award_name,
                form=self._form(award_code),
            )
            for code, name, unit, kind, member_id, category, track, award_code, award_name in rows
        )

    def _form(self, code: str) -> str | None:
        award = self._awards.get(code)
        return None if award is None else award.statistics_form

    def _unclassified(self, items: Sequence[AwardedItem]) -> tuple[Unclassified, ...]:
        """Catalogued awards without a classification, and awarded codes no longer in the
        catalogue, with how many of the year's items each left uncounted."""
        awarded = Counter(i.award_code for i in items if i.form is None)
        names = {i.award_code: i.award_name for i in items}
        found = {
            code: Unclassified(code, award.name, awarded.get(code, 0))
            for code, award in self._awards.items()
            if award.statistics_form is None
        }
        for code, count in awarded.items():
            found.setdefault(code, Unclassified(code, names[code], count))
        return tuple(found.values())


async def _movements(session: AsyncSession, year: int) -> int | None:
    """How many movements the periods covering ``year`` name; ``None``: no period does."""
    periods = select(EmulationPeriod.id).where(
        EmulationPeriod.first_year <= year, EmulationPeriod.last_year >= year
    )
    if not (await session.scalars(periods)).first():
        return None
    count = await session.scalar(
        select(func.count(Movement.id)).where(Movement.period_id.in_(periods))
    )
    return int(count or 0)


async def _active_unknown(session: AsyncSession) -> tuple[UnknownPerson, ...]:
    rows = await session.execute(
        select(Member.full_name, Unit.name)
        .join(Unit, Unit.id == Member.unit_id)
        .where(Member.active.is_(True), Member.category.is_(None))
        .order_by(Unit.name, Member.full_name)
    )
    return tuple(UnknownPerson(name, unit) for name, unit in rows)
